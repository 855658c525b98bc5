import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRevisions, type RevisionResult } from '../../src/git/index.js';
import { bareClone, branch, commit, fileUrl, git, isolatedGitEnv, makeRepo, removeTempDirs, revParse, shallowClone, tag } from '../helpers/git-fixture.js';

const env = isolatedGitEnv();

async function resolveIn(path: string, refs: string[]): Promise<{ results: RevisionResult[]; spawned: (readonly string[])[]; ms: number }> {
  const spawned: (readonly string[])[] = [];
  const started = Date.now();
  const results = await resolveRevisions([{ location: { type: 'local', path }, revisions: refs.map((ref) => ({ key: ref, ref })) }], {
    env,
    onSpawn: (_file, args) => spawned.push(args),
  });
  return { results, spawned, ms: Date.now() - started };
}

const sha = (r: RevisionResult | undefined): string | undefined => (r && 'sha' in r ? r.sha : undefined);

let source: string;
let remote: string;
let clone: string;

beforeAll(() => {
  source = makeRepo();
  commit(source, 'one');
  tag(source, 'v0.1.0', { annotated: true }); // points at history a depth-1 clone does not fetch
  commit(source, 'two');
  tag(source, 'v0.2.0');
  branch(source, 'release', 'HEAD');
  commit(source, 'three');
  remote = bareClone(source);
  clone = shallowClone(fileUrl(remote), { depth: 1 }); // like actions/checkout: one commit, one branch
  expect(git(clone, ['rev-parse', '--is-shallow-repository'])).toBe('true');
});

afterAll(removeTempDirs);

describe('a shallow clone (git clone --depth 1 file://…)', () => {
  it('resolves what it has with one process', async () => {
    const { results, spawned } = await resolveIn(clone, ['HEAD', 'main']);
    expect(results.map(sha)).toEqual([revParse(source, 'main'), revParse(source, 'main')]);
    expect(spawned).toHaveLength(1);
  });

  it('explains HEAD~1 with "shallow" and the fetch-depth: 0 hint, quickly (checklist item 10)', async () => {
    const { results, ms } = await resolveIn(clone, ['HEAD~1', 'main~2']);
    expect(ms).toBeLessThan(5_000);
    for (const result of results) {
      expect('problem' in result && result.problem.code, result.ref).toBe('GIT_SHALLOW_MISSING_COMMIT');
      if ('problem' in result) {
        expect(result.problem.summary).toContain('shallow');
        expect(result.problem.hint).toContain('fetch-depth: 0');
        expect(result.problem.hint).toContain('git fetch --unshallow');
      }
    }
  });

  it('explains a full SHA of a commit it did not fetch', async () => {
    const { results } = await resolveIn(clone, [revParse(source, 'HEAD~2')]);
    expect(results[0] && 'problem' in results[0] && results[0].problem.code).toBe('GIT_SHALLOW_MISSING_COMMIT');
  });

  it('resolves branch and tag names it did not fetch through one git ls-remote of origin (checklist item 10)', async () => {
    const { results, spawned, ms } = await resolveIn(clone, ['release', 'v0.1.0', 'v0.2.0', 'main']);
    expect(ms).toBeLessThan(5_000);
    // v0.1.0 is annotated: the peeled commit, as on the remote.
    expect(results.map(sha)).toEqual(['release', 'v0.1.0', 'v0.2.0', 'main'].map((ref) => revParse(source, ref)));
    expect(spawned).toHaveLength(2);
    const lsRemote = spawned[1] as readonly string[];
    expect(lsRemote).toContain('ls-remote');
    expect(lsRemote.slice(-2)).toEqual(['--end-of-options', 'origin']);
  });

  it('reports a name that is neither here nor on origin as not found', async () => {
    const { results } = await resolveIn(clone, ['no-such-tag']);
    expect(results[0] && 'problem' in results[0] && results[0].problem.code).toBe('GIT_REF_NOT_FOUND');
  });

  it('explains an unfetched tag with "shallow" and the fetch-depth: 0 hint when origin cannot be asked', async () => {
    const offline = shallowClone(fileUrl(remote), { depth: 1 });
    git(offline, ['remote', 'set-url', 'origin', `${fileUrl(remote)}-gone`]);
    const { results, ms } = await resolveIn(offline, ['v0.1.0', 'HEAD']);
    expect(ms).toBeLessThan(5_000);
    const [tagResult, head] = results;
    expect(tagResult && 'problem' in tagResult && tagResult.problem.code).toBe('GIT_SHALLOW_MISSING_COMMIT');
    if (tagResult && 'problem' in tagResult) {
      expect(tagResult.problem.summary).toContain('shallow');
      expect(tagResult.problem.summary).toContain('origin could not be asked');
      expect(tagResult.problem.hint).toContain('fetch-depth: 0');
    }
    expect(sha(head)).toBe(revParse(source, 'main'));
  });

  it('explains a short SHA it did not fetch', async () => {
    const { results } = await resolveIn(clone, [revParse(source, 'HEAD~2').slice(0, 10)]);
    const [result] = results;
    expect(result && 'problem' in result && result.problem.code).toBe('GIT_SHALLOW_MISSING_COMMIT');
  });
});
