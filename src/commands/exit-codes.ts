import { exitClassOf } from '../diagnostics/codes.js';
import type { Diagnostic, ExitClass } from '../diagnostics/types.js';

/** The one place exit codes are defined (README, "Exit codes"; `qovery-deploy --help`). */
export const EXIT = {
  ok: 0,
  invalid: 1,
  changes: 2,
  failed: 3,
  timeout: 4,
  api: 5,
} as const;

const BY_CLASS: Record<ExitClass, number> = { invalid: EXIT.invalid, failed: EXIT.failed, timeout: EXIT.timeout, api: EXIT.api };

/** When several files end differently, the most severe code wins: 5, 4, 3, 1, then 2, then 0. */
const SEVERITY = [EXIT.api, EXIT.timeout, EXIT.failed, EXIT.invalid, EXIT.changes, EXIT.ok];

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

/** The exit code of one file's plan or apply, from how it ended. */
export function exitForStatus(status: string): number {
  switch (status) {
    case 'invalid':
      return EXIT.invalid;
    case 'api-error':
      return EXIT.api;
    case 'failed':
      return EXIT.failed;
    case 'timeout':
      return EXIT.timeout;
    default:
      return EXIT.ok;
  }
}
