import type { Diagnostic } from '../../diagnostics/types.js';
import type { Reporters } from '../reporter.js';
import { failureGithub } from './github.js';
import { failureJson } from './json.js';
import { failureText } from './text.js';

/**
 * A run that stopped before it had anything else to report: a bad flag, no token, a refused URL,
 * an unreadable saved plan, a manifest that status or render could not use.
 */
export interface FailureReport {
  /** The command that failed (`validate`, `plan`…); undefined when none was recognised. */
  command: string | undefined;
  diagnostics: readonly Diagnostic[];
  exitCode: number;
  /** The manifest the problems are about, when there is one (render, status). */
  file?: string;
  /** The source of `file`, for excerpts in text. */
  source?: string;
}

/** The formats of a failure, whatever the command. */
export const FAILURE_REPORTERS: Reporters<FailureReport> = { text: failureText, json: failureJson, github: failureGithub };
