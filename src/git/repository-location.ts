/**
 * Workspace policy for local `repository:` paths.
 *
 * A local path is resolved against the manifest's folder and every symlink in it is followed
 * (realpath). The result, and the top-level of the git repository that holds it, must lie inside
 * the workspace, which is, in order:
 *   1. `options.workspace`, when the caller gives one;
 *   2. else `$GITHUB_WORKSPACE` or `$CI_PROJECT_DIR`, when set (every checkout of a CI job lives there);
 *   3. else the parent folder of the top-level of the repository that holds the manifest, so that a
 *      sibling checkout (`repository: ../billing`) works; when the manifest is in no repository,
 *      the manifest's own folder.
 * Anything else (`../../../etc`, an absolute path elsewhere, a symlink that points outside) is
 * refused with GIT_REPOSITORY_OUTSIDE_WORKSPACE before git runs. Why: git reads the configuration
 * of the repository it runs in, and configuration can run programs; a manifest — on a pull request,
 * written by anyone — must not point git at arbitrary folders of the machine.
 * A `file://` URL names a repository on this machine just as a path does, and follows the same
 * rule (its path after symlinks, and the repository `git upload-pack` would enter there, must be
 * inside the workspace).
 * Without `repository:`, revisions resolve in the repository that holds the manifest (no check:
 * the manifest was chosen by whoever runs qovery-deploy). Either way, git later refuses bare
 * repositories and configs that could run programs (see repository-trust.ts).
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyRepository } from './classify-repository.js';
import { fileRepositoryAt, findRepositoryRoot } from './find-repository-root.js';
import { invalidRepository, notARepository, outsideWorkspace } from './problems.js';
import type { GitProblem, RepositoryLocation } from './types.js';

/** Options of `resolveRepositoryLocation`. */
export interface LocationOptions {
  /** The folder local repositories must stay in. Default: see the policy at the top of this file. */
  workspace?: string;
  /** Where `GITHUB_WORKSPACE` / `CI_PROJECT_DIR` are read. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Turns a `repository:` value (or its absence) into a location, applying the workspace policy. */
export async function resolveRepositoryLocation(
  value: string | undefined,
  manifestDir: string,
  options: LocationOptions = {},
): Promise<RepositoryLocation | { problem: GitProblem }> {
  const base = await realpathOr(resolve(manifestDir));
  if (value === undefined) {
    const found = await findRepositoryRoot(base);
    return 'problem' in found ? found : { type: 'local', path: base };
  }
  const kind = classifyRepository(value);
  if (kind.type === 'invalid') return { problem: invalidRepository(value, kind.reason) };
  if (kind.type === 'remote' && !/^file:/i.test(kind.url)) return { type: 'remote', url: kind.url };
  const workspace = await workspaceFor(base, options);
  if (kind.type === 'remote') return fileUrlLocation(value, kind.url, workspace);

  const target = resolve(base, kind.path);
  // Checked before touching the path, so a manifest cannot probe what exists outside the workspace.
  if (!isInside(target, workspace)) return { problem: outsideWorkspace(value, target, workspace) };
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    return { problem: notARepository(target, 'no such folder') };
  }
  if (!isInside(real, workspace)) return { problem: outsideWorkspace(value, real, workspace) };
  if (!(await stat(real)).isDirectory()) return { problem: notARepository(real, 'not a folder') };

  const found = await findRepositoryRoot(real);
  if ('problem' in found) return found;
  if (!isInside(found.root, workspace)) {
    return { problem: outsideWorkspace(value, `${real} (a folder of the repository at ${found.root})`, workspace) };
  }
  return { type: 'local', path: real };
}

/** A `file://` URL: the workspace rule of local paths, applied to the folder `git upload-pack` would enter. */
async function fileUrlLocation(value: string, url: string, workspace: string): Promise<RepositoryLocation | { problem: GitProblem }> {
  const target = fileURLToPath(url);
  if (!isInside(target, workspace)) return { problem: outsideWorkspace(value, target, workspace) };
  const real = await realpath(target).catch(() => realpath(`${target}.git`).catch(() => undefined));
  if (real === undefined) return { problem: notARepository(target, 'no such folder') };
  if (!isInside(real, workspace)) return { problem: outsideWorkspace(value, real, workspace) };
  const repo = await fileRepositoryAt(real);
  if (repo === undefined) return { problem: notARepository(real, 'not a git repository') };
  if (!isInside(repo.root, workspace)) return { problem: outsideWorkspace(value, repo.root, workspace) };
  return { type: 'remote', url };
}

/** The workspace folder for a manifest folder, per the policy above (realpath'd). */
export async function workspaceFor(manifestDir: string, options: LocationOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const explicit = options.workspace ?? nonEmpty(env.GITHUB_WORKSPACE) ?? nonEmpty(env.CI_PROJECT_DIR);
  if (explicit !== undefined) return realpathOr(resolve(manifestDir, explicit));
  const base = await realpathOr(resolve(manifestDir));
  const found = await findRepositoryRoot(base);
  return 'problem' in found ? base : dirname(found.root);
}

/** True when `path` is `folder` or lies under it (both absolute, already realpath'd). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

async function realpathOr(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}
