/**
 * qovery-deploy as a library: every pipeline stage is usable on its own (README, "As a library").
 * `load → validate → resolve → compile → plan → apply → wait → report`.
 */
export { loadManifest, parseManifest, readManifestFile, MAX_MANIFEST_BYTES, type LoadedManifest, type LoadOptions } from './load/load-manifest.js';
export { validateManifest, checkRevision, type ValidateOptions } from './validate/validate-manifest.js';
export { resolveManifest, resolveManifests, resolveGitRefs, type NameLookup, type ResolveOptions } from './resolve/resolve-manifest.js';
export { compileRequests, type CompileOptions } from './compile/compile-requests.js';
export { planDeployment, type Plan, type PlanAction, type PlanEntry, type PlanOptions } from './plan/plan-deployment.js';
export { parseSavedPlans, serializeSavedPlans, fingerprintOf, liveChanges, type SavedPlan } from './plan/saved.js';
export { applyPlan, findAdoptableRequest, findLanding, type ApplyOptions, type ApplyResult, type Submission } from './apply/apply-plan.js';
export { waitForRequest, classifyState, type ServiceOutcome, type WaitOptions, type WaitTarget } from './wait/wait-for-request.js';
export { QoveryClient, type ClientOptions, type PostOutcome } from './qovery/client.js';
export { apiEndpointFrom, checkApiUrl, authorizationFor } from './qovery/endpoint.js';
export { readLiveState, type LiveState, type LiveService, type LiveStatus } from './qovery/live-state.js';
export { apiNameLookup } from './qovery/names.js';
export { validateFiles, type FileReport, type ValidateFilesOptions } from './workflows/validate-files.js';
export { planFile, type DeployContext, type PlannedFile } from './workflows/plan-file.js';
export { applyFile, applySavedPlan, type AppliedFile, type ApplyFileOptions } from './workflows/apply-file.js';
export { buildInitManifest } from './workflows/init-manifest.js';
export { catalogue, diagnostic, exitClassOf, QoveryDeployError, isQoveryDeployError } from './diagnostics/index.js';
export type { Diagnostic, DiagnosticCode, ExitClass, Position, Range, Severity } from './diagnostics/index.js';
export { createRedactor } from './secrets/redact.js';
export { main, exitOnSignals, type CliIO } from './cli.js';
export { killGitProcesses } from './git/process-groups.js';
export * from './types.js';
