import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepositoryRoot, resolveRevisions } from '../../src/git/index.js';
import { gitEnv } from '../../src/git/git-env.js';
import { commit, git, isolatedGitEnv, makeRepo, removeTempDirs, revParse, tempDir } from '../helpers/git-fixture.js';

let repo: string;
let decoy: string;

beforeAll(() => {
  repo = makeRepo();
  commit(repo, 'one');
  decoy = makeRepo();
  commit(decoy, 'decoy');
});

afterAll(removeTempDirs);

describe('the environment git runs in', () => {
  it('reports GIT_NOT_INSTALLED when git is not on PATH', async () => {
    const emptyBin = tempDir('qd-empty-bin-');
    const results = await resolveRevisions([{ location: { type: 'local', path: repo }, revisions: [{ key: 'k', ref: 'HEAD' }] }], {
      env: isolatedGitEnv({ PATH: emptyBin }),
    });
    expect(results[0] && 'problem' in results[0] && results[0].problem).toMatchObject({ code: 'GIT_NOT_INSTALLED' });
  });

  it('reports GIT_NOT_INSTALLED for remote URLs too', async () => {
    const results = await resolveRevisions([{ location: { type: 'remote', url: 'https://example.invalid/x.git' }, revisions: [{ key: 'k', ref: 'main' }] }], {
      env: isolatedGitEnv({ PATH: tempDir('qd-empty-bin-') }),
    });
    expect(results[0] && 'problem' in results[0] && results[0].problem.code).toBe('GIT_NOT_INSTALLED');
  });

  it('reports GIT_NOT_A_REPOSITORY for a folder outside any repository, without running git', async () => {
    const plain = tempDir('qd-plain-');
    let spawned = 0;
    const results = await resolveRevisions([{ location: { type: 'local', path: plain }, revisions: [{ key: 'k', ref: 'HEAD' }] }], {
      env: isolatedGitEnv(),
      onSpawn: () => spawned++,
    });
    expect(results[0] && 'problem' in results[0] && results[0].problem.code).toBe('GIT_NOT_A_REPOSITORY');
    expect(spawned).toBe(0);
    const missing = await resolveRevisions([{ location: { type: 'local', path: join(plain, 'nope') }, revisions: [{ key: 'k', ref: 'HEAD' }] }]);
    expect(missing[0] && 'problem' in missing[0] && missing[0].problem.code).toBe('GIT_NOT_A_REPOSITORY');
  });

  it('ignores GIT_DIR, GIT_WORK_TREE and friends inherited from the caller', async () => {
    const results = await resolveRevisions([{ location: { type: 'local', path: repo }, revisions: [{ key: 'k', ref: 'HEAD' }] }], {
      env: isolatedGitEnv({
        GIT_DIR: join(decoy, '.git'),
        GIT_WORK_TREE: decoy,
        GIT_OBJECT_DIRECTORY: join(decoy, '.git', 'objects'),
        GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='touch /tmp/qd-should-not-exist'",
        GIT_ALLOW_PROTOCOL: 'ext',
      }),
    });
    expect(results[0] && 'sha' in results[0] && results[0].sha).toBe(revParse(repo, 'HEAD'));
  });

  it('hardens the environment: no prompt, no inherited repository, BatchMode ssh unless the user chose one', () => {
    const env = gitEnv({ PATH: '/bin', GIT_DIR: '/x', GIT_TRACE: '/tmp/trace', GIT_CONFIG_PARAMETERS: 'x', GIT_ALLOW_PROTOCOL: 'ext', GIT_CONFIG_COUNT: '1' });
    expect(env).toMatchObject({ PATH: '/bin', GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', LC_ALL: 'C', GIT_CONFIG_COUNT: '1' });
    expect(env.GIT_SSH_COMMAND).toContain('BatchMode=yes');
    for (const name of ['GIT_DIR', 'GIT_TRACE', 'GIT_CONFIG_PARAMETERS', 'GIT_ALLOW_PROTOCOL']) expect(env[name]).toBeUndefined();
    expect(gitEnv({ GIT_SSH_COMMAND: 'ssh -i key' }).GIT_SSH_COMMAND).toBe('ssh -i key');
    expect(gitEnv({ GIT_SSH: '/usr/bin/plink' }).GIT_SSH_COMMAND).toBeUndefined();
  });
});

describe('findRepositoryRoot', () => {
  it('finds the top-level from a nested folder without running git', async () => {
    const nested = join(repo, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    expect(await findRepositoryRoot(nested)).toMatchObject({ root: repo, gitDir: join(repo, '.git'), bare: false });
  });

  it('finds a bare repository and a linked worktree', async () => {
    const bare = join(tempDir(), 'b.git');
    git(repo, ['clone', '--quiet', '--bare', repo, bare]);
    expect(await findRepositoryRoot(join(bare, 'refs'))).toMatchObject({ root: bare, bare: true });
    const worktree = join(tempDir(), 'wt');
    git(repo, ['worktree', 'add', '--quiet', '--detach', worktree]);
    const found = await findRepositoryRoot(worktree);
    expect(found).toMatchObject({ root: worktree, commonDir: join(repo, '.git'), bare: false });
    const results = await resolveRevisions([{ location: { type: 'local', path: worktree }, revisions: [{ key: 'k', ref: 'main' }] }], { env: isolatedGitEnv() });
    expect(results[0] && 'sha' in results[0] && results[0].sha).toBe(revParse(repo, 'main'));
  });

  it('reports a folder outside any repository, and a broken .git file', async () => {
    const plain = tempDir('qd-plain-');
    expect(await findRepositoryRoot(plain)).toMatchObject({ problem: { code: 'GIT_NOT_A_REPOSITORY' } });
    writeFileSync(join(plain, '.git'), 'gitdir: ./nowhere\n');
    expect(await findRepositoryRoot(plain)).toMatchObject({ problem: { code: 'GIT_NOT_A_REPOSITORY' } });
  });
});
