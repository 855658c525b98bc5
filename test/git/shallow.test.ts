import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRevisions, type RevisionResult } from '../../src/git/index.js';
import { bareClone, branch, commit, fileUrl, git, isolatedGitEnv, makeRepo, removeTempDirs, revParse, shallowClone, subcommands, tag, tempDir } from '../helpers/git-fixture.js';

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
    expect(subcommands(spawned)).toEqual(['config', 'cat-file']);
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
    // Origin is a repository on this machine (file://): its config is read as data before upload-pack runs in it.
    expect(subcommands(spawned)).toEqual(['config', 'cat-file', 'config', 'ls-remote']);
    const lsRemote = spawned[3] as readonly string[];
    // By URL, never by the name `origin` (which would read the clone's config again).
    expect(lsRemote.slice(-2)).toEqual(['--end-of-options', fileUrl(remote)]);
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

describe("a shallow clone's origin lookup reads no repository config (issue 10, item 1)", () => {
  let server: Server;
  const seen: { authorization?: string; header?: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ authorization: request.headers.authorization, header: request.headers['x-checkout'] as string | undefined });
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' });
      response.end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const port = () => (server.address() as AddressInfo).port;

  it("keeps the checkout's credentials (URL user info, http.<url>.extraheader) out of argv, and still sends them", async () => {
    seen.length = 0;
    const ci = shallowClone(fileUrl(remote), { depth: 1 });
    git(ci, ['remote', 'set-url', 'origin', `http://gitlab-ci-token:s3cretJobToken@127.0.0.1:${port()}/x.git`]);
    git(ci, ['config', `http.http://127.0.0.1:${port()}/.extraheader`, 'X-Checkout: s3cretHeader']);
    const { results, spawned } = await resolveIn(ci, ['release']);
    expect(results[0] && 'problem' in results[0] && results[0].problem.code).toBe('GIT_SHALLOW_MISSING_COMMIT');
    expect(JSON.stringify(results)).not.toContain('s3cret');
    const lsRemote = spawned.at(-1) as readonly string[];
    expect(subcommands([lsRemote])).toEqual(['ls-remote']);
    expect(lsRemote.at(-1)).toBe(`http://127.0.0.1:${port()}/x.git`);
    expect(JSON.stringify(spawned)).not.toContain('s3cret');
    expect(seen.some((r) => r.header === 's3cretHeader')).toBe(true);
    expect(seen.some((r) => r.authorization === `Basic ${Buffer.from('gitlab-ci-token:s3cretJobToken').toString('base64')}`)).toBe(true);
  });

  it('applies the workspace rule to an origin on this machine', async () => {
    const ws = tempDir('qd-shallow-ws-');
    const inside = join(ws, 'ci');
    git(ws, ['clone', '--quiet', '--depth', '1', fileUrl(remote), inside]);
    const results = await resolveRevisions([{ location: { type: 'local', path: inside }, revisions: [{ key: 'k', ref: 'release' }], workspace: ws }], { env });
    const [result] = results;
    expect(result && 'problem' in result && result.problem.code).toBe('GIT_SHALLOW_MISSING_COMMIT');
    if (result && 'problem' in result) expect(result.problem.summary).toContain('outside the workspace');
    // With the origin inside the workspace, the same lookup works.
    const [again] = await resolveRevisions([{ location: { type: 'local', path: inside }, revisions: [{ key: 'k', ref: 'release' }], workspace: dirname(ws) }], { env });
    expect(sha(again)).toBe(revParse(source, 'release'));
  });

  it('refuses an origin on this machine whose config could run a program', async () => {
    const ws = tempDir('qd-shallow-ws-');
    const origin = join(ws, 'origin.git');
    git(ws, ['clone', '--quiet', '--bare', remote, origin]);
    git(origin, ['config', 'uploadpack.packObjectsHook', 'touch pwned']);
    const inside = join(ws, 'ci');
    git(ws, ['clone', '--quiet', '--depth', '1', fileUrl(origin), inside]);
    const [result] = await resolveRevisions([{ location: { type: 'local', path: inside }, revisions: [{ key: 'k', ref: 'release' }], workspace: ws }], { env });
    expect(result && 'problem' in result && result.problem.summary).toContain('uploadpack.packobjectshook');
  });
});
