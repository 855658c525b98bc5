/** Where to resolve revisions: a folder inside a git work tree (or a bare repository), or a remote URL. */
export type RepositoryLocation =
  | { type: 'local'; path: string } // absolute directory (any folder inside a work tree)
  | { type: 'remote'; url: string };

/** One revision to resolve; `key` is the caller's id (a JSON pointer such as `/applications/0/commit`). */
export interface RevisionRequest {
  key: string;
  ref: string;
}

/** Every revision wanted from one repository. */
export interface RepositoryRequest {
  location: RepositoryLocation;
  revisions: RevisionRequest[];
  /**
   * The folder repositories on this machine reached as remotes must stay in (a `file://` URL, a
   * shallow clone's origin), after symlinks. Default: no such limit (the caller decided).
   */
  workspace?: string;
}

/** Every problem code src/git returns; each has a catalogue entry in src/diagnostics/codes-git.ts. */
export const GIT_PROBLEM_CODES = [
  'GIT_REF_NOT_FOUND',
  'GIT_REF_AMBIGUOUS',
  'GIT_INVALID_REVISION',
  'GIT_NOT_A_REPOSITORY',
  'GIT_UNSAFE_REPOSITORY',
  'GIT_BARE_REPOSITORY',
  'GIT_REPOSITORY_CONFIG_REFUSED',
  'GIT_SHALLOW_MISSING_COMMIT',
  'GIT_REMOTE_UNREACHABLE',
  'GIT_REMOTE_REF_UNSUPPORTED',
  'GIT_NOT_INSTALLED',
  'GIT_REPOSITORY_OUTSIDE_WORKSPACE',
  'GIT_INVALID_REPOSITORY',
  'GIT_FAILED',
] as const;

/** Why a revision or a repository could not be resolved. Every code exits 1 (exit class `invalid`). */
export type GitProblemCode = (typeof GIT_PROBLEM_CODES)[number];

/**
 * A problem as a value. It has no position: the caller adds the manifest range, e.g.
 * `diagnostic(problem.code, problem, range)` (the catalogue entries take `{ summary, hint }`).
 */
export interface GitProblem {
  code: GitProblemCode;
  summary: string;
  hint?: string;
}

/** A revision as written and the full commit SHA it resolved to, or the problem that stopped it. */
export type RevisionResult =
  | { key: string; ref: string; sha: string }
  | { key: string; ref: string; problem: GitProblem };

/** Options of `resolveRevisions`. */
export interface ResolveOptions {
  /** Deadline of each git process, in milliseconds. Default: 30 000. */
  timeoutMs?: number;
  /** The environment git runs with (cleaned and hardened before use). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Called right before each git process starts (tests count processes with it). */
  onSpawn?: (file: string, args: readonly string[]) => void;
}

/** What `findRepositoryRoot` found: the top-level folder and the git directories behind it. */
export interface RepositoryRoot {
  /** The top-level of the work tree (for a bare repository: the repository folder itself). */
  root: string;
  /** The git directory (`.git`, or what a `.git` file points at). */
  gitDir: string;
  /** The common git directory (differs from `gitDir` in linked worktrees). */
  commonDir: string;
  bare: boolean;
}

/** What `classifyRepository` makes of a `repository:` value, offline. */
export type RepositoryClass =
  | { type: 'remote'; url: string }
  | { type: 'local'; path: string }
  | { type: 'invalid'; reason: string };

/** Internal: a resolved commit id, or the problem that stopped it (per distinct revision). */
export type RefOutcome = { sha: string } | { problem: GitProblem };
