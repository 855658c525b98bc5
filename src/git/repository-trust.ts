/**
 * The checks a repository passes before git runs in it (or, for a repository on this machine
 * reached as a remote, before `git upload-pack` runs in it). Whatever a manifest names lives in a
 * checkout a pull request controls, so it is data until proven harmless:
 *   - a bare repository (or a folder that looks like one) is refused when found by walking up
 *     from a folder: a pull request can commit HEAD, config, objects/ and refs/, but never a
 *     `.git` entry, so only repositories behind a `.git` are ones git itself checked out;
 *   - its config is read as data (see repository-config.ts) and refused if it could run or fetch.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileRepositoryAt } from './find-repository-root.js';
import { configListArgs } from './git-argv.js';
import { withConfig } from './git-env.js';
import { seconds, summarizeStderr } from './git-messages.js';
import { bareRepository, configRefused, configUnreadable, notInstalled, outsideWorkspace } from './problems.js';
import { type ConfigEntry, firstRefused, parseConfigList } from './repository-config.js';
import { isInside } from './repository-location.js';
import { type GitContext, type GitOutcome, runGit } from './run-git.js';
import type { GitProblem, RepositoryRoot } from './types.js';

/** Refuses a bare repository, then reads the repository's config and refuses what could run or fetch. */
export async function checkRepository(repo: RepositoryRoot, ctx: GitContext, options: { allowBare?: boolean } = {}): Promise<{ config: ConfigEntry[] } | { problem: GitProblem }> {
  if (repo.bare && !options.allowBare) return { problem: bareRepository(repo.root) };
  const files = [...new Set([join(repo.commonDir, 'config'), join(repo.commonDir, 'config.worktree'), join(repo.gitDir, 'config.worktree')])];
  const config: ConfigEntry[] = [];
  for (const file of files) {
    if (!(await stat(file).catch(() => undefined))?.isFile()) continue;
    const run = await runNeutral(configListArgs(file), ctx);
    if (!run.ok) return { problem: run.reason === 'not-installed' ? notInstalled() : configUnreadable(repo.root, failure(run, ctx)) };
    config.push(...parseConfigList(run.stdout));
  }
  const refused = firstRefused(config);
  if (refused) return { problem: configRefused(repo.root, refused.entry.key, refused.entry.origin, refused.reason) };
  return { config };
}

/**
 * Checks a repository on this machine that git will reach as a remote (a `file://` URL or a path):
 * inside the workspace when one is known (after symlinks), and, if it is a repository, with a
 * config that runs nothing. Bare repositories are accepted here: the URL names the repository
 * itself, so no folder is mistaken for one; `upload-pack` lists refs without fetching.
 */
export async function checkLocalRemote(path: string, ctx: GitContext): Promise<GitProblem | undefined> {
  const real = await realpath(path).catch(() => path);
  if (ctx.workspace !== undefined && !isInside(real, ctx.workspace)) return outsideWorkspace(path, real, ctx.workspace);
  const repo = await fileRepositoryAt(real);
  if (repo === undefined) return undefined; // git says what is wrong with it
  if (ctx.workspace !== undefined && !isInside(repo.root, ctx.workspace)) return outsideWorkspace(path, repo.root, ctx.workspace);
  const checked = await checkRepository(repo, ctx, { allowBare: true });
  return 'problem' in checked ? checked.problem : undefined;
}

/**
 * Runs git in the neutral folder (empty, outside any repository, with the ceiling right above it),
 * so no repository config is read at all; `config` entries go in through the environment.
 */
export function runNeutral(args: readonly string[], ctx: GitContext, config: readonly { key: string; value: string }[] = []): Promise<GitOutcome> {
  const env = { ...withConfig(ctx.env, config), GIT_CEILING_DIRECTORIES: dirname(ctx.neutral) };
  return runGit(args, { cwd: ctx.neutral, env, timeoutMs: ctx.timeoutMs, onSpawn: ctx.onSpawn });
}

function failure(run: Exclude<GitOutcome, { ok: true }>, ctx: GitContext): string {
  return run.reason === 'timeout' ? `git did not answer within ${seconds(ctx.timeoutMs)}` : run.reason === 'exit' ? summarizeStderr(run.stderr) : 'git failed';
}
