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
