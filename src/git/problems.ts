import { q } from '../diagnostics/catalogue.js';
import { redactUrlCredentials } from './git-messages.js';
import type { GitProblem } from './types.js';

/** The fix for every shallow-clone failure; messages that use it also contain the word "shallow". */
export const SHALLOW_HINT =
  'this is a shallow clone (CI checkouts fetch one commit by default): set `fetch-depth: 0` on actions/checkout ' +
  '(GIT_DEPTH: 0 on GitLab), or run `git fetch --unshallow` (or `git fetch --tags`) before qovery-deploy';

/** A URL as shown in messages: credentials hidden. */
export function displayUrl(url: string): string {
  return redactUrlCredentials(url);
}

/** The revision is refused before git sees it (it could be read as an option or a second input line). */
export function invalidRevision(ref: string, reason: string): GitProblem {
  return {
    code: 'GIT_INVALID_REVISION',
    summary: `${q(ref)} is not a revision git will be asked about: ${reason}`,
    hint: 'use a branch, a tag, HEAD, HEAD~N or a commit SHA',
  };
}

/** Nothing of that name or SHA exists in a (complete) repository. */
export function refNotFound(ref: string, where: string, why?: string): GitProblem {
  return {
    code: 'GIT_REF_NOT_FOUND',
    summary: `${q(ref)} does not name a commit in ${where}${why ? `: ${why}` : ''}`,
    hint: 'check the spelling; if it is a branch or tag someone else pushed, run `git fetch` first',
  };
}

/** A short SHA that matches several objects. */
export function ambiguousShortSha(ref: string, where: string): GitProblem {
  return {
    code: 'GIT_REF_AMBIGUOUS',
    summary: `the short SHA ${q(ref)} is ambiguous in ${where}: several objects start with it`,
    hint: 'write more characters of the SHA, or all 40',
  };
}

/** A value that is both a branch/tag name and a commit SHA prefix (or both a branch and a tag…). */
export function ambiguousName(ref: string, what: string): GitProblem {
  const base = ref.replace(/(?:~\d*|\^\d*|\^\{[^}]*\})+$/, '');
  return {
    code: 'GIT_REF_AMBIGUOUS',
    summary: `${q(ref)} is ambiguous: ${what}`,
    hint: `say which one you mean: refs/heads/${base} for the branch, refs/tags/${base} for the tag, or the full 40-character SHA`,
  };
}

/** A commit (or history) that a shallow clone does not have. */
export function shallowMissing(ref: string, where: string, why: string): GitProblem {
  return {
    code: 'GIT_SHALLOW_MISSING_COMMIT',
    summary: `${q(ref)} cannot be resolved in the shallow clone ${where}: ${why}`,
    hint: SHALLOW_HINT,
  };
}

/** The folder is not inside a git work tree or repository. */
export function notARepository(path: string, why = 'it is not inside a git repository'): GitProblem {
  return {
    code: 'GIT_NOT_A_REPOSITORY',
    summary: `${path}: ${why}`,
    hint: 'run qovery-deploy inside a clone of the repository, or give `repository:` a path or URL of one',
  };
}

/** git refuses a repository owned by another user (CVE-2022-24765 protection). */
export function unsafeRepository(path: string, detail: string): GitProblem {
  return {
    code: 'GIT_UNSAFE_REPOSITORY',
    summary: `git refuses to read ${path}: ${detail}`,
    hint: `the repository belongs to another user (common in CI containers); if you trust it, run \`git config --global --add safe.directory ${path}\``,
  };
}

/** ls-remote (or a shallow clone's origin) could not be reached, including auth failures. */
export function remoteUnreachable(url: string, detail: string): GitProblem {
  return {
    code: 'GIT_REMOTE_UNREACHABLE',
    summary: `could not list the refs of ${displayUrl(url)}: ${detail}`,
    hint: 'check the URL, the network and the credentials git uses (a credential helper or an SSH key); git runs without prompting',
  };
}

/** A revision form that needs history, which `git ls-remote` cannot give. */
export function remoteRefUnsupported(ref: string, url: string, form: 'short SHA' | 'relative revision'): GitProblem {
  return {
    code: 'GIT_REMOTE_REF_UNSUPPORTED',
    summary: `${q(ref)} is a ${form}, which cannot be resolved against the remote ${displayUrl(url)}`,
    hint:
      form === 'short SHA'
        ? 'write the full 40-character SHA, or a branch or tag name'
        : 'remote repositories accept HEAD, branch names, tag names and full SHAs; or point `repository:` at a local clone',
  };
}

/** The git executable is missing. */
export function notInstalled(): GitProblem {
  return {
    code: 'GIT_NOT_INSTALLED',
    summary: 'git is not installed or not on PATH',
    hint: 'install git (2.24 or later) and make sure it is on PATH',
  };
}

/** A local `repository:` path that leaves the workspace (see repository-location.ts). */
export function outsideWorkspace(value: string, resolved: string, workspace: string): GitProblem {
  return {
    code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE',
    summary: `the repository ${q(value)} resolves to ${resolved}, outside the workspace ${workspace}`,
    hint:
      'local repositories must be inside the workspace (--workspace, $GITHUB_WORKSPACE, $CI_PROJECT_DIR, or the folder ' +
      'that holds this repository): check the other repository out there, or use its URL',
  };
}

/** A folder git would use as a bare repository: anyone who can commit files can make one. */
export function bareRepository(path: string): GitProblem {
  return {
    code: 'GIT_BARE_REPOSITORY',
    summary: `${path} is a bare git repository (or a folder that looks like one: HEAD, config, objects/, refs/); qovery-deploy reads revisions only from checkouts`,
    hint: 'point `repository:` at a checkout (a folder with a .git inside), or use the repository\'s URL; if the manifest itself sits in such a folder, move it',
  };
}

/** A repository whose config could make git run a program or fetch (see repository-config.ts). */
export function configRefused(path: string, key: string, origin: string, reason: string): GitProblem {
  return {
    code: 'GIT_REPOSITORY_CONFIG_REFUSED',
    summary: `the git config of ${path} sets ${key} (in ${origin}), which ${reason}: qovery-deploy runs git only in repositories whose config runs nothing`,
    hint: `remove the setting (\`git config --file ${origin} --unset-all ${key}\`), or set it in your global config (~/.gitconfig) instead, which qovery-deploy trusts`,
  };
}

/** git could not read a repository's config (a syntax error, an unreadable include). */
export function configUnreadable(path: string, detail: string): GitProblem {
  return {
    code: 'GIT_REPOSITORY_CONFIG_REFUSED',
    summary: `the git config of ${path} cannot be read: ${detail}`,
    hint: 'fix the config file (`git config --list --show-origin` in the repository shows where it fails)',
  };
}

/** A `repository:` value that is neither an accepted URL nor a path. */
export function invalidRepository(value: string, reason: string): GitProblem {
  return {
    code: 'GIT_INVALID_REPOSITORY',
    summary: `${q(value)} is not a repository qovery-deploy accepts: ${reason}`,
    hint: 'use a local path relative to the manifest, or an https://, ssh://, git@host:path or file:// URL',
  };
}

/** Any other git failure, worded from git's own stderr. */
export function gitFailed(where: string, detail: string): GitProblem {
  return {
    code: 'GIT_FAILED',
    summary: `git failed in ${where}: ${detail}`,
    hint: 'run the same git command by hand to see more, or report a bug if git itself works',
  };
}
