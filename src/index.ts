/**
 * qovery-deploy as a library: every pipeline stage of DESIGN.md §1 is usable on its own.
 * `load → validate → resolve → compile → plan → apply → wait → report`.
 */
export { loadManifest, parseManifest, readManifestFile, MAX_MANIFEST_BYTES, type LoadedManifest, type LoadOptions } from './load/index.js';
export { validateManifest, checkRevision, type ValidateOptions } from './validate/index.js';
export { validateFiles, type FileReport, type ValidateFilesOptions } from './workflows/validate-files.js';
export { catalogue, diagnostic, exitClassOf, QoveryDeployError, isQoveryDeployError } from './diagnostics/index.js';
export type { Diagnostic, DiagnosticCode, ExitClass, Position, Range, Severity } from './diagnostics/index.js';
export { createRedactor } from './report/redact.js';
export { main, type CliIO } from './cli.js';
export * from './types.js';
