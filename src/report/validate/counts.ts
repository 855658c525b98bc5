import type { Diagnostic } from '../../diagnostics/types.js';
import type { FileReport } from '../../results.js';

/** The errors of one file (warnings do not fail it). */
export const errorsOf = (r: FileReport): Diagnostic[] => r.diagnostics.filter((d) => d.severity === 'error');

/** `1 error`, `2 errors`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `3 files: 2 valid, 1 invalid`. */
export function fileCounts(reports: readonly FileReport[]): { invalid: number; line: string } {
  const invalid = reports.filter((r) => errorsOf(r).length > 0).length;
  return { invalid, line: `${plural(reports.length, 'file')}: ${reports.length - invalid} valid, ${invalid} invalid` };
}
