import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRevisions, type RevisionResult } from '../../src/git/index.js';
import { bareClone, branch, commit, fileUrl, isolatedGitEnv, makeRepo, objectId, removeTempDirs, revParse, subcommands, tag } from '../helpers/git-fixture.js';

const env = isolatedGitEnv();

async function resolveAt(url: string, refs: string[], timeoutMs?: number): Promise<{ results: RevisionResult[]; spawned: (readonly string[])[] }> {
  const spawned: (readonly string[])[] = [];
  const results = await resolveRevisions([{ location: { type: 'remote', url }, revisions: refs.map((ref) => ({ key: ref, ref })) }], {
    env,
    ...(timeoutMs ? { timeoutMs } : {}),
    onSpawn: (_file, args) => spawned.push(args),
  });
  return { results, spawned };
}

const sha = (r: RevisionResult | undefined): string | undefined => (r && 'sha' in r ? r.sha : undefined);
const code = (r: RevisionResult | undefined): string | undefined => (r && 'problem' in r ? r.problem.code : undefined);

let source: string;
let remote: string;
let url: string;

beforeAll(() => {
  source = makeRepo();
  commit(source, 'one');
  tag(source, 'v1.0.0', { annotated: true });
  commit(source, 'two');
  tag(source, 'light');
  branch(source, 'release/2.x', 'HEAD~1');
  commit(source, 'three');
  remote = bareClone(source);
  url = fileUrl(remote);
});

afterAll(removeTempDirs);

describe('resolveRevisions against a remote URL (file:// bare repository)', () => {
  it('resolves HEAD, branches and tags (peeled) with one git ls-remote', async () => {
    const refs = ['HEAD', 'main', 'release/2.x', 'v1.0.0', 'light', 'refs/tags/v1.0.0', 'refs/heads/main'];
    const { results, spawned } = await resolveAt(url, refs);
    expect(results.map(sha)).toEqual(refs.map((ref) => revParse(source, ref)));
    expect(sha(results[3])).not.toBe(objectId(source, 'v1.0.0'));
    // A repository on this machine: its config is read as data first (upload-pack reads it).
    expect(subcommands(spawned)).toEqual(['config', 'ls-remote']);
    const argv = spawned[1] as readonly string[];
    expect(argv).toContain('ls-remote');
    expect(argv[argv.indexOf(url) - 1]).toBe('--end-of-options');
  });

  it('lists only branches and tags when HEAD is not asked for', async () => {
    const { results, spawned } = await resolveAt(url, ['main', 'v1.0.0']);
    expect(results.map(sha)).toEqual([revParse(source, 'main'), revParse(source, 'v1.0.0')]);
    expect(spawned[1]).toEqual(expect.arrayContaining(['--heads', '--tags']));
  });

  it('passes a full SHA through without running git', async () => {
    const full = revParse(source, 'HEAD~1');
    const { results, spawned } = await resolveAt(url, [full, full.toUpperCase()]);
    expect(results.map(sha)).toEqual([full, full]);
    expect(spawned).toHaveLength(0);
  });

  it('refuses short SHAs and relative revisions with a clear reason', async () => {
    const short = revParse(source, 'HEAD~1').slice(0, 7);
    const { results } = await resolveAt(url, [short, 'HEAD~1', 'main^2']);
    expect(results.map(code)).toEqual(['GIT_REMOTE_REF_UNSUPPORTED', 'GIT_REMOTE_REF_UNSUPPORTED', 'GIT_REMOTE_REF_UNSUPPORTED']);
    const first = results[0];
    if (first && 'problem' in first) {
      expect(first.problem.summary).toContain('short SHA');
      expect(first.problem.hint).toContain('40-character');
    }
  });

  it('reports a missing branch or tag as not found', async () => {
    const { results, spawned } = await resolveAt(url, ['no-such-branch', 'v9.9.9']);
    expect(results.map(code)).toEqual(['GIT_REF_NOT_FOUND', 'GIT_REF_NOT_FOUND']);
    expect(subcommands(spawned)).toEqual(['config', 'ls-remote']);
  });

  it('reports a repository that does not exist as unreachable', async () => {
    const { results } = await resolveAt(`${url}-missing`, ['main']);
    expect(code(results[0])).toBe('GIT_REMOTE_UNREACHABLE');
    const first = results[0];
    if (first && 'problem' in first) expect(first.problem.summary).not.toMatch(/Command failed|--end-of-options|protocol\.allow/);
  });

  it('refuses a URL the classifier refuses, without running git', async () => {
    for (const bad of ['ext::sh -c touch% /tmp/pwned', 'http://example.com/repo.git', '--upload-pack=touch /tmp/x', 'git://example.com/r.git']) {
      const { results, spawned } = await resolveAt(bad, ['main']);
      expect(code(results[0]), bad).toBe('GIT_INVALID_REPOSITORY');
      expect(spawned).toHaveLength(0);
    }
  });
});

describe('no credential prompt', () => {
  let server: Server;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests++;
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="qovery-deploy test"', 'Content-Type': 'text/plain' });
      response.end('authentication required\n');
      void request;
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });

  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  it('fails fast with GIT_REMOTE_UNREACHABLE when the server asks for credentials (checklist item 11)', async () => {
    const { port } = server.address() as AddressInfo;
    const started = Date.now();
    const { results, spawned } = await resolveAt(`http://127.0.0.1:${port}/private/repo.git`, ['main', 'HEAD'], 9_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(results.map(code)).toEqual(['GIT_REMOTE_UNREACHABLE', 'GIT_REMOTE_UNREACHABLE']);
    expect(requests).toBeGreaterThan(0);
    expect(spawned).toHaveLength(1);
    const first = results[0];
    if (first && 'problem' in first) {
      expect(first.problem.summary).toMatch(/terminal prompts disabled|Authentication|401/i);
      expect(first.problem.hint).toContain('credential');
    }
  });
});
