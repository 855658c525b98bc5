import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { notARepository } from './problems.js';
import type { GitProblem, RepositoryRoot } from './types.js';

/**
 * Finds the top-level of the repository that holds `dir` by walking up the file system the way
 * git's discovery does (a `.git` folder, a `.git` file of a worktree or submodule, or a bare
 * repository), without starting a git process. `dir` is resolved with realpath first. No
 * environment is read (`GIT_DIR` and friends are ignored on purpose); `options` is accepted so
 * callers can pass the same options object everywhere.
 */
export async function findRepositoryRoot(dir: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<RepositoryRoot | { problem: GitProblem }> {
  void options;
  let current: string;
  try {
    current = await realpath(resolve(dir));
  } catch {
    return { problem: notARepository(resolve(dir), 'no such folder') };
  }
  if (!(await isDirectory(current))) return { problem: notARepository(current, 'not a folder') };
  const start = current;
  for (;;) {
    const found = await repositoryAt(current);
    if (found !== undefined) return found;
    const parent = dirname(current);
    if (parent === current) return { problem: notARepository(start) };
    current = parent;
  }
}

/** True when the repository is shallow (its common git directory holds a non-empty `shallow` file). */
export async function isShallowRepository(repository: RepositoryRoot): Promise<boolean> {
  try {
    return (await stat(join(repository.commonDir, 'shallow'))).size > 0;
  } catch {
    return false;
  }
}

/**
 * The repository `git upload-pack` enters for a `file://` URL or path: like git's `enter_repo`,
 * it tries `<path>/.git`, `<path>`, `<path>.git/.git` and `<path>.git`, and never walks up.
 */
export async function fileRepositoryAt(path: string): Promise<RepositoryRoot | undefined> {
  for (const [candidate, root, bare] of [
    [join(path, '.git'), path, false],
    [path, path, true],
    [join(`${path}.git`, '.git'), `${path}.git`, false],
    [`${path}.git`, `${path}.git`, true],
  ] as const) {
    const info = await stat(candidate).catch(() => undefined);
    const gitDir = info?.isFile() ? await readGitFile(candidate) : info?.isDirectory() ? candidate : undefined;
    if (gitDir !== undefined && (await isGitDirectory(gitDir))) return { root, gitDir, commonDir: await commonDirOf(gitDir), bare };
  }
  return undefined;
}

async function repositoryAt(dir: string): Promise<RepositoryRoot | { problem: GitProblem } | undefined> {
  const dotGit = join(dir, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (info?.isDirectory() && (await isGitDirectory(dotGit))) {
    return { root: dir, gitDir: dotGit, commonDir: await commonDirOf(dotGit), bare: false };
  }
  if (info?.isFile()) {
    const gitDir = await readGitFile(dotGit);
    if (gitDir === undefined || !(await isGitDirectory(gitDir))) {
      return { problem: notARepository(dir, `${dotGit} is not a valid gitdir pointer`) };
    }
    return { root: dir, gitDir, commonDir: await commonDirOf(gitDir), bare: false };
  }
  if (await isGitDirectory(dir)) return { root: dir, gitDir: dir, commonDir: await commonDirOf(dir), bare: true };
  return undefined;
}

/** Mirrors git's `is_git_directory`: a HEAD, plus `objects/` and `refs/` (in the common directory). */
async function isGitDirectory(dir: string): Promise<boolean> {
  if (!(await exists(join(dir, 'HEAD')))) return false;
  const common = await commonDirOf(dir);
  return (await isDirectory(join(common, 'objects'))) && (await isDirectory(join(common, 'refs')));
}

async function commonDirOf(gitDir: string): Promise<string> {
  const text = await readFile(join(gitDir, 'commondir'), 'utf8').catch(() => undefined);
  const pointer = text?.trim();
  return pointer ? resolve(gitDir, pointer) : gitDir;
}

async function readGitFile(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const match = text === undefined ? null : /^gitdir:\s*(.+?)\s*$/m.exec(text);
  return match?.[1] === undefined ? undefined : resolve(dirname(file), match[1]);
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
