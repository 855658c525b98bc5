/**
 * qovery-deploy as a library: every pipeline stage is usable on its own (README, "As a library").
 * `load → validate → resolve → compile → plan → apply → wait → report`.
 * It loads no command-line code: the CLI is its own entry, `qovery-deploy/cli`.
 */
export { loadManifest, type LoadOptions } from './load/load-manifest.js';
export { parseManifest } from './load/parse.js';
export { readManifestFile, MAX_MANIFEST_BYTES } from './load/read-file.js';
export type { LoadedManifest } from './load/types.js';
export { validateManifest, type ValidateOptions } from './validate/validate-manifest.js';
export { checkRevision } from './validate/revision.js';
export { resolveManifest, resolveManifests, type ResolveOptions } from './resolve/resolve-manifest.js';
export { resolveGitRefs } from './resolve/git-refs.js';
export type { NameLookup } from './resolve/types.js';
export { compileRequests, type CompileOptions } from './compile/compile-requests.js';
export { planDeployment } from './plan/plan-deployment.js';
export type { Plan, PlanAction, PlanEntry, PlanOptions } from './plan/types.js';
export { parseSavedPlans, serializeSavedPlans, fingerprintOf, liveChanges, type SavedPlan } from './plan/saved.js';
export { applyPlan, type ApplyOptions, type ApplyResult, type Submission } from './apply/apply-plan.js';
export { findAdoptableRequest } from './apply/adopt.js';
export { findLanding } from './apply/reconcile.js';
export { waitForRequest, type ServiceOutcome, type WaitOptions, type WaitTarget } from './wait/wait-for-request.js';
export { classifyState } from './wait/states.js';
export { QoveryClient, type ClientOptions, type PostOutcome } from './qovery/client.js';
export { apiEndpointFrom, checkApiUrl, authorizationFor } from './qovery/endpoint.js';
export { readLiveState, type LiveState, type LiveService, type LiveStatus } from './qovery/live-state.js';
export { apiNameLookup } from './qovery/names.js';
export { validateFiles, type ValidateFilesOptions } from './workflows/validate-files.js';
export { planFile, type DeployContext } from './workflows/plan-file.js';
export { applyFile, applySavedPlan, type ApplyFileOptions } from './workflows/apply-file.js';
export type { AppliedFile, FileReport, FileStatus, InitEntry, InitManifest, PlannedFile } from './results.js';
export { buildInitManifest } from './workflows/init-manifest.js';
export { catalogue, diagnostic, exitClassOf, QoveryDeployError, isQoveryDeployError } from './diagnostics/index.js';
export type { Diagnostic, DiagnosticCode, ExitClass, Position, Range, Severity } from './diagnostics/index.js';
export { createRedactor } from './secrets/redact.js';
export { killGitProcesses } from './git/process-groups.js';
export * from './types.js';
