import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRevisions, type RevisionResult } from '../../src/git/index.js';
import { branch, commit, findPrefixCollision, isolatedGitEnv, makeRepo, manyCommits, removeTempDirs, revParse, subcommands, tag } from '../helpers/git-fixture.js';

const env = isolatedGitEnv();

async function resolveIn(path: string, refs: string[]): Promise<RevisionResult[]> {
  return resolveRevisions([{ location: { type: 'local', path }, revisions: refs.map((ref) => ({ key: ref, ref })) }], { env });
}

let repo: string;
let shas: string[];
let collision: { prefix: string; shas: string[] };

beforeAll(() => {
  repo = makeRepo();
  // Commits with fixed dates, until two share a 4-digit prefix and differ in the 5th: the fixture's
  // clock is shared by every file in the worker, so the SHAs depend on what ran before. (Commits that
  // also share the 5th digit are left out: git answers a probe of their prefix as missing, not as
  // ambiguous, so a branch named like it is not refused; see docs/reliability.md.)
  shas = manyCommits(repo, 600);
  let found = findPrefixCollision(shas, 4, 5);
  while (!found) {
    shas = [...shas, ...manyCommits(repo, 300)];
    found = findPrefixCollision(shas, 4, 5);
  }
  collision = found;
});

afterAll(removeTempDirs);

describe('ambiguous revisions', () => {
  it('refuses a short SHA shared by several commits', async () => {
    const [result] = await resolveIn(repo, [collision.prefix]);
    expect(result && 'problem' in result && result.problem).toMatchObject({ code: 'GIT_REF_AMBIGUOUS' });
    if (result && 'problem' in result) expect(result.problem.summary).toContain('ambiguous');
  });

  it('resolves the same commits once the prefix is long enough', async () => {
    const results = await resolveIn(repo, collision.shas.map((sha) => sha.slice(0, 12)));
    expect(results.map((r) => ('sha' in r ? r.sha : r.problem.code))).toEqual(collision.shas);
  });

  it('refuses a branch whose name is also the prefix of another commit (checklist item 9)', async () => {
    const target = shas[10] as string;
    const other = shas[500] as string;
    const prefix = other.slice(0, 7);
    branch(repo, prefix, target);
    const [result] = await resolveIn(repo, [prefix]);
    expect(result && 'problem' in result && result.problem.code).toBe('GIT_REF_AMBIGUOUS');
    if (result && 'problem' in result) {
      expect(result.problem.summary).toContain(`the branch ${prefix}`);
      expect(result.problem.summary).toContain(other.slice(0, 12));
      expect(result.problem.hint).toContain(`refs/heads/${prefix}`);
    }
    // The explicit forms still work.
    const [explicit, full] = await resolveIn(repo, [`refs/heads/${prefix}`, other]);
    expect(explicit && 'sha' in explicit && explicit.sha).toBe(target);
    expect(full && 'sha' in full && full.sha).toBe(other);
  });

  it('refuses a tag whose name is also a commit prefix', async () => {
    const prefix = (shas[200] as string).slice(0, 8);
    tag(repo, prefix, { ref: shas[20] as string, annotated: true });
    const [result] = await resolveIn(repo, [prefix]);
    expect(result && 'problem' in result && result.problem.code).toBe('GIT_REF_AMBIGUOUS');
  });

  it('refuses a branch named like a prefix that several commits share', async () => {
    branch(repo, collision.prefix, shas[0] as string);
    const [result] = await resolveIn(repo, [collision.prefix]);
    expect(result && 'problem' in result && result.problem.code).toBe('GIT_REF_AMBIGUOUS');
  });

  it('resolves an all-hex branch name that is no commit prefix', async () => {
    const name = ['feed', 'cafe', 'beef', 'fade'].find((word) => !shas.some((sha) => sha.startsWith(word))) as string;
    const target = branch(repo, name, shas[5] as string);
    const [result] = await resolveIn(repo, [name]);
    expect(result && 'sha' in result && result.sha).toBe(target);
  });

  it('refuses a branch named after a prefix of its own commit, as git does (say refs/heads/… or the full SHA)', async () => {
    const target = shas[42] as string;
    branch(repo, target.slice(0, 9), target);
    const [result, explicit] = await resolveIn(repo, [target.slice(0, 9), `refs/heads/${target.slice(0, 9)}`]);
    expect(result && 'problem' in result && result.problem.code).toBe('GIT_REF_AMBIGUOUS');
    expect(explicit && 'sha' in explicit && explicit.sha).toBe(target);
  });

  it('refuses a relative revision whose base is ambiguous', async () => {
    const prefix = (shas[300] as string).slice(0, 7);
    branch(repo, prefix, shas[310] as string);
    const [result] = await resolveIn(repo, [`${prefix}~2`]);
    expect(result && 'problem' in result && result.problem.code).toBe('GIT_REF_AMBIGUOUS');
  });

  it('asks the same single process a second round only when needed', async () => {
    const spawned: (readonly string[])[] = [];
    const prefix = (shas[400] as string).slice(0, 7);
    branch(repo, prefix, shas[401] as string);
    await resolveRevisions([{ location: { type: 'local', path: repo }, revisions: [{ key: 'a', ref: prefix }, { key: 'b', ref: 'main' }] }], {
      env,
      onSpawn: (_f, args) => spawned.push(args),
    });
    expect(subcommands(spawned)).toEqual(['config', 'cat-file']);
  });

  it('refuses a name that is a branch and a tag pointing at different commits', async () => {
    const small = makeRepo();
    const first = commit(small, 'one');
    commit(small, 'two');
    tag(small, 'release', { ref: first });
    branch(small, 'release', 'HEAD');
    const [result] = await resolveIn(small, ['release']);
    expect(result && 'problem' in result && result.problem).toMatchObject({ code: 'GIT_REF_AMBIGUOUS' });
    const [asTag, asBranch] = await resolveIn(small, ['refs/tags/release', 'refs/heads/release']);
    expect(asTag && 'sha' in asTag && asTag.sha).toBe(first);
    expect(asBranch && 'sha' in asBranch && asBranch.sha).toBe(revParse(small, 'HEAD'));
  });
});
