export type { Diagnostic, ExitClass, Position, Range, Severity } from './types.js';
export { catalogue, diagnostic, exitClassOf, type DiagnosticCode } from './codes.js';
export { QoveryDeployError, isQoveryDeployError, diagnosticsOf, byPosition } from './error.js';
