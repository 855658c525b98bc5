/**
 * The git edge of the pipeline: revisions → full commit SHAs, and `repository:` values → locations.
 * Only this folder runs git (through execa, never a shell).
 */
export type {
  GitProblem,
  GitProblemCode,
  RepositoryClass,
  RepositoryLocation,
  RepositoryRequest,
  RepositoryRoot,
  ResolveOptions,
  RevisionRequest,
  RevisionResult,
} from './types.js';
export { GIT_PROBLEM_CODES } from './types.js';
export { resolveRevisions } from './resolve-revisions.js';
export { killGitProcesses } from './process-groups.js';
export { findRepositoryRoot, isShallowRepository } from './find-repository-root.js';
export { classifyRepository } from './classify-repository.js';
export { resolveRepositoryLocation, workspaceFor, isInside, type LocationOptions } from './repository-location.js';
export { refShape, isCommitId, type RefShape } from './ref-shape.js';
