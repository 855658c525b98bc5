import { execFileSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRevisions, type RevisionResult } from '../../src/git/index.js';
import { failureDetail, redactUrlCredentials, summarizeStderr } from '../../src/git/git-messages.js';
import { commit, git, isolatedGitEnv, makeRepo, removeTempDirs, revParse, tag, tempDir } from '../helpers/git-fixture.js';

afterAll(removeTempDirs);

const one = async (location: { type: 'local'; path: string } | { type: 'remote'; url: string }, ref: string, timeoutMs?: number): Promise<RevisionResult> => {
  const [result] = await resolveRevisions([{ location, revisions: [{ key: 'k', ref }] }], { env: isolatedGitEnv(), ...(timeoutMs ? { timeoutMs } : {}) });
  return result as RevisionResult;
};

describe('edge cases', () => {
  it('resolves in a SHA-256 repository (64-hex ids)', async () => {
    const repo = makeRepo({ objectFormat: 'sha256' });
    commit(repo, 'one');
    tag(repo, 'v1', { annotated: true });
    commit(repo, 'two');
    for (const ref of ['HEAD', 'v1', 'HEAD~1', revParse(repo, 'HEAD').slice(0, 10)]) {
      const result = await one({ type: 'local', path: repo }, ref);
      expect('sha' in result && result.sha, ref).toBe(revParse(repo, ref));
      expect('sha' in result && result.sha).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('reports a repository owned by another user (safe.directory) with the fix', async (context) => {
    if (process.getuid?.() !== 0) context.skip(); // needs root to hand the repository to another user
    const repo = makeRepo();
    commit(repo, 'one');
    const foreign = join(tempDir(), 'foreign');
    git(repo, ['clone', '--quiet', repo, foreign]);
    execFileSync('chown', ['-R', 'nobody', foreign]);
    const result = await one({ type: 'local', path: foreign }, 'HEAD');
    expect('problem' in result && result.problem.code).toBe('GIT_UNSAFE_REPOSITORY');
    if ('problem' in result) expect(result.problem.hint).toContain('safe.directory');
  });

  describe('a remote that never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      // Accepts connections and says nothing.
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    });

    it('is given up after the per-process deadline', async () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const started = Date.now();
      const result = await one({ type: 'remote', url: `http://127.0.0.1:${port}/slow.git` }, 'main', 700);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect('problem' in result && result.problem.code).toBe('GIT_REMOTE_UNREACHABLE');
      if ('problem' in result) expect(result.problem.summary).toContain('no answer within 0.7 s');
    });
  });
});

describe('messages built from git stderr', () => {
  it('keep one or two fatal lines, drop hints, prefixes and control characters', () => {
    const stderr = "hint: try this\nwarning: noise\nfatal: first reason\n\u001b[31mfatal: second\u0007 reason\u001b[0m\nfatal: third\n";
    expect(summarizeStderr(stderr)).toBe('first reason; second reason');
    expect(summarizeStderr('')).toBe('git gave no reason');
    expect(summarizeStderr(`fatal: ${'x'.repeat(500)}`)).toHaveLength(300);
  });

  it('hide credentials in URLs', () => {
    expect(redactUrlCredentials("unable to access 'https://user:ghp_SECRET@github.com/a/b.git/'")).toBe("unable to access 'https://***@github.com/a/b.git/'");
    expect(summarizeStderr('fatal: could not read from https://x-access-token:tok@host/r.git')).not.toContain('tok@');
  });

  it('name authentication failures', () => {
    expect(failureDetail("fatal: could not read Username for 'https://h': terminal prompts disabled")).toMatch(/^authentication required or refused/);
    expect(failureDetail('git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.')).toMatch(/^authentication/);
    expect(failureDetail("fatal: repository 'https://h/x.git/' not found")).toBe("repository 'https://h/x.git/' not found");
  });
});
