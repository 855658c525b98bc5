import type { Diagnostic } from './types.js';

/**
 * An expected failure carrying its diagnostics. Library entry points throw it; the CLI prints the
 * diagnostics (never a stack trace) and maps their codes to an exit code.
 */
export class QoveryDeployError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join('; ') || 'qovery-deploy failed');
    this.name = 'QoveryDeployError';
    this.diagnostics = diagnostics;
  }
}

/** True for errors that qovery-deploy raised on purpose (as opposed to bugs). */
export function isQoveryDeployError(error: unknown): error is QoveryDeployError {
  return error instanceof QoveryDeployError;
}

/** The diagnostics an expected failure carries; a bug stays a bug (rethrown). */
export function diagnosticsOf(error: unknown): Diagnostic[] {
  if (isQoveryDeployError(error)) return [...error.diagnostics];
  throw error;
}

/** Orders diagnostics as they appear in the file: by line, then column (those without a position first). */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  const la = a.range?.start.line ?? 0;
  const lb = b.range?.start.line ?? 0;
  return la - lb || (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0);
}
