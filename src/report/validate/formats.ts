import type { FileReport } from '../../results.js';
import type { Reporters } from '../reporter.js';
import { validateGithub } from './github.js';
import { validateJson } from './json.js';
import { validateText } from './text.js';

/** What `validate` reports: every file checked, and the run's exit code. */
export interface ValidateReport {
  files: readonly FileReport[];
  exitCode: number;
}

/** `validate`'s output formats. */
export const VALIDATE_REPORTERS: Reporters<ValidateReport> = { text: validateText, json: validateJson, github: validateGithub };
