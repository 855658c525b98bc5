import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findRepositoryRoot } from './find-repository-root.js';
import { gitEnv } from './git-env.js';
import { checkRepository } from './repository-trust.js';
import { resolveLocal } from './resolve-local.js';
import { resolveRemote } from './resolve-remote.js';
import type { GitContext } from './run-git.js';
import type { GitProblem, RefOutcome, RepositoryRequest, RepositoryRoot, ResolveOptions, RevisionResult } from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
/** How many repositories are asked at the same time. */
const CONCURRENCY = 4;

interface Group {
  run: (refs: string[]) => Promise<Map<string, RefOutcome>>;
  refs: Set<string>;
  slots: { index: number; key: string; ref: string }[];
}

/**
 * Resolves every revision of every repository: in the normal case one `git config` read and one
 * `git cat-file` per local repository, one `git ls-remote` per remote URL.
 */
export async function resolveRevisions(requests: RepositoryRequest[], options: ResolveOptions = {}): Promise<RevisionResult[]> {
  const neutral = await realpath(await mkdtemp(join(tmpdir(), 'qd-git-')));
  try {
    return await resolveAll(requests, contextFrom(options, neutral));
  } finally {
    await rm(neutral, { recursive: true, force: true });
  }
}

async function resolveAll(requests: RepositoryRequest[], base: GitContext): Promise<RevisionResult[]> {
  const results: RevisionResult[] = [];
  const groups = new Map<string, Group>();

  // Local paths that lead to the same repository share one process: discover their roots first (no git).
  const localPaths = [...new Set(requests.flatMap((r) => (r.location.type === 'local' ? [resolve(r.location.path)] : [])))];
  const roots = new Map(await Promise.all(localPaths.map(async (path) => [path, await findRepositoryRoot(path)] as const)));

  for (const request of requests) {
    if (request.revisions.length === 0) continue;
    const { location } = request;
    const ctx: GitContext = request.workspace === undefined ? base : { ...base, workspace: request.workspace };
    let groupKey: string;
    let run: Group['run'];
    if (location.type === 'local') {
      const found = roots.get(resolve(location.path));
      if (found === undefined || 'problem' in found) {
        const problem: GitProblem = found?.problem ?? { code: 'GIT_NOT_A_REPOSITORY', summary: `${location.path}: not a git repository` };
        for (const { key, ref } of request.revisions) results.push({ key, ref, problem });
        continue;
      }
      groupKey = `local\0${found.root}\0${request.workspace ?? ''}`;
      const repo: RepositoryRoot = found;
      run = async (refs) => {
        const checked = await checkRepository(repo, ctx);
        if ('problem' in checked) return new Map<string, RefOutcome>(refs.map((ref) => [ref, { problem: checked.problem }]));
        return resolveLocal(repo, refs, ctx, checked.config);
      };
    } else {
      groupKey = `remote\0${location.url}\0${request.workspace ?? ''}`;
      const url = location.url;
      run = (refs) => resolveRemote(url, refs, ctx);
    }
    const group = groups.get(groupKey) ?? { run, refs: new Set<string>(), slots: [] };
    groups.set(groupKey, group);
    for (const { key, ref } of request.revisions) {
      group.refs.add(ref);
      group.slots.push({ index: results.length, key, ref });
      results.push({ key, ref, problem: { code: 'GIT_FAILED', summary: 'not resolved' } });
    }
  }

  await forEachLimited([...groups.values()], CONCURRENCY, async (group) => {
    const outcomes = await group.run([...group.refs]);
    for (const { index, key, ref } of group.slots) {
      const outcome = outcomes.get(ref) ?? { problem: { code: 'GIT_FAILED', summary: `${ref}: no answer from git` } };
      results[index] = 'sha' in outcome ? { key, ref, sha: outcome.sha } : { key, ref, problem: outcome.problem };
    }
  });
  return results;
}

function contextFrom(options: ResolveOptions, neutral: string): GitContext {
  return {
    env: gitEnv(options.env ?? process.env),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    neutral,
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  };
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
