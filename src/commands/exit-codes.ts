import { exitClassOf } from '../diagnostics/codes.js';
import type { Diagnostic, ExitClass } from '../diagnostics/types.js';
import type { FileStatus } from '../results.js';

/** The one place exit codes are defined (README, "Exit codes"; `qovery-deploy --help`). */
export const EXIT = {
  ok: 0,
  invalid: 1,
  changes: 2,
  failed: 3,
  timeout: 4,
  api: 5,
  /** Interrupted by SIGINT (128 + 2); SIGTERM gives 143. */
  interrupted: 130,
  terminated: 143,
} as const;

const BY_CLASS: Record<ExitClass, number> = { invalid: EXIT.invalid, failed: EXIT.failed, timeout: EXIT.timeout, api: EXIT.api };

/** When several files end differently, the most severe code wins: an interrupt, then 5, 4, 3, 1, then 2, then 0. */
const SEVERITY = [EXIT.terminated, EXIT.interrupted, EXIT.api, EXIT.timeout, EXIT.failed, EXIT.invalid, EXIT.changes, EXIT.ok];

/** The most severe of several exit codes. */
export function mostSevere(codes: readonly number[]): number {
  for (const code of SEVERITY) if (codes.includes(code)) return code;
  return codes.length > 0 ? Math.max(...codes) : EXIT.ok;
}

/** The exit code for a set of error diagnostics (0 when there are none). */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return EXIT.ok;
  return mostSevere(errors.map((d) => BY_CLASS[exitClassOf(d.code)]));
}

/** The exit code of each way a file's plan or apply can end: a new status fails to compile until it has one. */
const BY_STATUS: Record<FileStatus, number> = {
  invalid: EXIT.invalid,
  'api-error': EXIT.api,
  failed: EXIT.failed,
  timeout: EXIT.timeout,
  interrupted: EXIT.interrupted,
  'no-changes': EXIT.ok,
  'dry-run': EXIT.ok,
  submitted: EXIT.ok,
  deployed: EXIT.ok,
};

/** The exit code of one file's plan or apply, from how it ended. */
export function exitForStatus(status: FileStatus): number {
  return BY_STATUS[status];
}
