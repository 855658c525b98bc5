import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRevisions, type RevisionResult } from '../../src/git/index.js';
import {
  branch,
  checkout,
  commit,
  git,
  isolatedGitEnv,
  makeRepo,
  merge,
  objectId,
  removeTempDirs,
  revParse,
  subcommands,
  tag,
  tempDir,
} from '../helpers/git-fixture.js';

const env = isolatedGitEnv();

/** Resolves refs in one local repository and returns the results plus the git argv spawned. */
async function resolveIn(path: string, refs: string[]): Promise<{ results: RevisionResult[]; spawned: (readonly string[])[] }> {
  const spawned: (readonly string[])[] = [];
  const results = await resolveRevisions(
    [{ location: { type: 'local', path }, revisions: refs.map((ref, i) => ({ key: `/applications/${i}/commit`, ref })) }],
    { env, onSpawn: (_file, args) => spawned.push(args) },
  );
  return { results, spawned };
}

function shaOf(result: RevisionResult | undefined): string | undefined {
  return result && 'sha' in result ? result.sha : undefined;
}

function codeOf(result: RevisionResult | undefined): string | undefined {
  return result && 'problem' in result ? result.problem.code : undefined;
}

let repo: string;

beforeAll(() => {
  repo = makeRepo();
  commit(repo, 'one');
  commit(repo, 'two');
  tag(repo, 'v1.0.0'); // lightweight
  commit(repo, 'three');
  tag(repo, 'v1.1.0', { annotated: true });
  branch(repo, 'feature', 'HEAD~1');
  checkout(repo, 'feature');
  commit(repo, 'on feature');
  checkout(repo, 'main');
  commit(repo, 'four');
  merge(repo, 'feature');
});

afterAll(removeTempDirs);

describe('resolveRevisions in a local repository', () => {
  it('resolves every ref form to the commit git itself gives', async () => {
    const refs = ['HEAD', '@', 'main', 'feature', 'v1.0.0', 'v1.1.0', 'HEAD~1', 'HEAD^2', 'main~2', 'refs/heads/feature'];
    const { results, spawned } = await resolveIn(repo, refs);
    expect(results.map((r) => r.ref)).toEqual(refs);
    for (const result of results) expect(shaOf(result), result.ref).toBe(revParse(repo, result.ref));
    // The config read as data, then the one process that resolves.
    expect(subcommands(spawned)).toEqual(['config', 'cat-file']);
  });

  it('gives the peeled commit of an annotated tag, not the tag object (checklist item 9)', async () => {
    const { results } = await resolveIn(repo, ['v1.1.0']);
    const tagObject = objectId(repo, 'v1.1.0');
    expect(tagObject).not.toBe(revParse(repo, 'v1.1.0'));
    expect(shaOf(results[0])).toBe(revParse(repo, 'v1.1.0'));
    expect(shaOf(results[0])).not.toBe(tagObject);
  });

  it('resolves HEAD^2 of a merge commit to the merged branch tip', async () => {
    const { results } = await resolveIn(repo, ['HEAD^2', 'HEAD^1']);
    expect(shaOf(results[0])).toBe(revParse(repo, 'feature'));
    expect(shaOf(results[1])).toBe(revParse(repo, 'HEAD~1'));
  });

  it('resolves short and full SHAs (any case) to the full lower-case SHA', async () => {
    const full = revParse(repo, 'HEAD~2');
    const { results } = await resolveIn(repo, [full.slice(0, 7), full.slice(0, 12), full, full.toUpperCase(), full.slice(0, 9).toUpperCase()]);
    for (const result of results) expect(shaOf(result), result.ref).toBe(full);
  });

  it('resolves a full SHA of an annotated tag object to the tagged commit', async () => {
    const { results } = await resolveIn(repo, [objectId(repo, 'v1.1.0')]);
    expect(shaOf(results[0])).toBe(revParse(repo, 'v1.1.0'));
  });

  it('accepts only full lower-case hex ids', async () => {
    const { results } = await resolveIn(repo, ['HEAD', 'main', 'v1.1.0', 'HEAD~3']);
    for (const result of results) expect(shaOf(result)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('resolves from any folder inside the work tree', async () => {
    const sub = join(repo, 'deep', 'er');
    mkdirSync(sub, { recursive: true });
    const { results } = await resolveIn(sub, ['main']);
    expect(shaOf(results[0])).toBe(revParse(repo, 'main'));
  });

  it('falls back to origin/<name> when only the remote-tracking branch exists', async () => {
    const clone = join(tempDir(), 'full-clone');
    git(repo, ['clone', '--quiet', '--no-checkout', repo, clone]);
    git(clone, ['checkout', '--quiet', '--detach', revParse(repo, 'HEAD~1')]);
    git(clone, ['branch', '--quiet', '-D', 'main']);
    const { results, spawned } = await resolveIn(clone, ['feature', 'main']);
    expect(shaOf(results[0])).toBe(revParse(repo, 'feature'));
    expect(shaOf(results[1])).toBe(revParse(repo, 'main'));
    expect(subcommands(spawned)).toEqual(['config', 'cat-file']);
  });

  it('reports a ref that does not exist, with a hint', async () => {
    const { results } = await resolveIn(repo, ['no-such-branch', 'v9.9.9', 'HEAD~40', 'deadbeefdeadbeef', 'a'.repeat(40)]);
    for (const result of results) {
      expect(codeOf(result), result.ref).toBe('GIT_REF_NOT_FOUND');
      if ('problem' in result) {
        expect(result.problem.summary).toContain(result.ref);
        expect(result.problem.hint).toBeTruthy();
      }
    }
  });

  it('reports HEAD of a repository without commits as not found', async () => {
    const empty = makeRepo();
    const { results } = await resolveIn(empty, ['HEAD', 'main']);
    expect(results.map(codeOf)).toEqual(['GIT_REF_NOT_FOUND', 'GIT_REF_NOT_FOUND']);
  });

  it('keeps the caller keys and order, and answers duplicated refs once per key', async () => {
    const { results, spawned } = await resolveIn(repo, ['main', 'nope', 'main']);
    expect(results.map((r) => r.key)).toEqual(['/applications/0/commit', '/applications/1/commit', '/applications/2/commit']);
    expect(shaOf(results[0])).toBe(shaOf(results[2]));
    expect(codeOf(results[1])).toBe('GIT_REF_NOT_FOUND');
    expect(subcommands(spawned)).toEqual(['config', 'cat-file']);
  });
});
