import type { Diagnostic } from '../../diagnostics/types.js';
import type { AppliedFile, PlannedFile } from '../../results.js';
import type { Reporters } from '../reporter.js';
import { applyGithub, planGithub } from './github.js';
import { applyJson, planJson } from './json.js';
import { applyText, planText } from './text.js';

/** One applied file, as apply reports it: with `--dry-run`, its report also shows the bodies. */
export interface ApplyFileReport {
  applied: AppliedFile;
  dryRun: boolean;
}

/** What ends a plan or apply run, whatever its format. */
export interface RunEnd {
  command: 'plan' | 'apply';
  files: readonly (PlannedFile | AppliedFile)[];
  /** Exit code of each file, in order. */
  codes: readonly number[];
  /** Problems of the run as a whole (not of one file). */
  problems: readonly Diagnostic[];
  /** Where `plan --out` saved the plan. */
  planFile?: string;
  /** The run's exit code. */
  exitCode: number;
}

/** `plan`'s output formats. */
export const PLAN_REPORTERS: Reporters<RunEnd, PlannedFile> = { text: planText, json: planJson, github: planGithub };

/** `apply`'s output formats. */
export const APPLY_REPORTERS: Reporters<RunEnd, ApplyFileReport> = { text: applyText, json: applyJson, github: applyGithub };
