import { entry, type Wording } from './catalogue.js';

/**
 * Arguments of every git code: the `GitProblem` that src/git returns fits as is, so a caller writes
 * `diagnostic(problem.code, problem, range)`. Both fields are optional; the defaults below word
 * the code when a caller has nothing more specific to say.
 */
export interface GitProblemArgs {
  summary?: string;
  hint?: string;
}

function git(summary: string, hint: string) {
  return entry('invalid', (a: GitProblemArgs): Wording => ({ summary: a.summary ?? summary, hint: a.hint ?? hint }));
}

/** Resolving git revisions to commit SHAs (src/git, src/resolve). All of them exit 1. */
export const gitCodes = {
  /** A branch, tag, SHA or `HEAD~N` that names no commit in the repository (or on the remote). */
  GIT_REF_NOT_FOUND: git(
    'the git revision does not name a commit',
    'check the spelling; if it is a branch or tag someone else pushed, run `git fetch` first',
  ),
  /** A short SHA matching several objects, a value that is both a branch/tag name and a SHA prefix, or both a branch and a tag. */
  GIT_REF_AMBIGUOUS: git(
    'the git revision is ambiguous',
    'write refs/heads/NAME or refs/tags/NAME, or the full 40-character SHA',
  ),
  /** A revision refused before git saw it (leading "-", whitespace, control characters). */
  GIT_INVALID_REVISION: git('the git revision is not acceptable', 'use a branch, a tag, HEAD, HEAD~N or a commit SHA'),
  /** The folder (the manifest's, or a local `repository:`) is not inside a git repository. */
  GIT_NOT_A_REPOSITORY: git(
    'the folder is not inside a git repository',
    'run qovery-deploy inside a clone of the repository, or give `repository:` a path or URL of one',
  ),
  /** git refuses a repository owned by another user (safe.directory). */
  GIT_UNSAFE_REPOSITORY: git(
    'git refuses to read a repository owned by another user',
    'if you trust it, run `git config --global --add safe.directory <path>`',
  ),
  /** A bare repository, or a folder that looks like one (HEAD, config, objects/, refs/): pull requests can commit those. */
  GIT_BARE_REPOSITORY: git(
    'the repository is bare (or a folder that looks like one)',
    'point `repository:` at a checkout (a folder with a .git inside), or use the repository\'s URL',
  ),
  /** A repository whose config names a program or makes git fetch (core.fsmonitor, remote.*.uploadpack, a partial clone…). */
  GIT_REPOSITORY_CONFIG_REFUSED: git(
    'the repository\'s git config could run a program or fetch',
    'remove the setting from the repository\'s config, or set it in your global config (~/.gitconfig) instead',
  ),
  /** A shallow clone lacks the commit or the history a revision needs. */
  GIT_SHALLOW_MISSING_COMMIT: git(
    'the commit is missing from this shallow clone',
    'set `fetch-depth: 0` on actions/checkout (GIT_DEPTH: 0 on GitLab), or run `git fetch --unshallow`',
  ),
  /** `git ls-remote` failed: network, unknown repository, or authentication (git never prompts). */
  GIT_REMOTE_UNREACHABLE: git(
    'the remote repository could not be reached',
    'check the URL, the network and the credentials git uses (a credential helper or an SSH key)',
  ),
  /** A short SHA or `HEAD~N` asked of a remote URL, which only lists branch and tag tips. */
  GIT_REMOTE_REF_UNSUPPORTED: git(
    'this revision cannot be resolved against a remote repository',
    'use a full 40-character SHA, a branch or a tag; or point `repository:` at a local clone',
  ),
  /** The git executable is not on PATH. */
  GIT_NOT_INSTALLED: git(
    'git is not installed or not on PATH',
    'install git (2.24 or later) and make sure it is on PATH',
  ),
  /** A local `repository:` path that resolves (after symlinks) outside the workspace. */
  GIT_REPOSITORY_OUTSIDE_WORKSPACE: git(
    'the local repository is outside the workspace',
    'check the other repository out inside the workspace ($GITHUB_WORKSPACE, $CI_PROJECT_DIR, or next to this one), or use its URL',
  ),
  /** A `repository:` value that is neither an accepted URL form nor a path. */
  GIT_INVALID_REPOSITORY: git(
    'the repository is not one qovery-deploy accepts',
    'use a local path relative to the manifest, or an https://, ssh://, git@host:path or file:// URL',
  ),
  /** Any other git failure (a timeout, an unexpected answer). */
  GIT_FAILED: git('git failed', 'run the same git command by hand to see more'),
} as const;
