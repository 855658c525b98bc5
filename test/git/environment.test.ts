import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepositoryRoot, resolveRevisions } from '../../src/git/index.js';
import { gitEnv, withConfig } from '../../src/git/git-env.js';
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
    // A plain GIT_SSH loses to a repository's core.sshCommand; GIT_SSH_COMMAND wins over it, so it is always set.
    expect(gitEnv({ GIT_SSH: '/usr/bin/plink' }).GIT_SSH_COMMAND).toBe("'/usr/bin/plink'");
    expect(gitEnv({ GIT_SSH: "/opt/it's/ssh" }).GIT_SSH_COMMAND).toBe("'/opt/it'\\''s/ssh'");
  });
});

describe('the allow-list of git\'s environment (issue 10, item 1)', () => {
  const KEPT = {
    PATH: '/usr/bin',
    HOME: '/home/ci',
    LANG: 'C.UTF-8',
    TMPDIR: '/tmp',
    SSH_AUTH_SOCK: '/tmp/agent.sock',
    GIT_SSH_COMMAND: 'ssh -i deploy_key',
    HTTPS_PROXY: 'http://proxy:3128',
    https_proxy: 'http://proxy:3128',
    NO_PROXY: 'localhost',
    GIT_CONFIG_GLOBAL: '/builds/job.gitconfig',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
    GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic x',
    GIT_SSL_CAINFO: '/etc/ssl/ca.pem',
  };
  const DROPPED = {
    QOVERY_API_TOKEN: 'qov_t',
    QOVERY_CLI_ACCESS_TOKEN: 'qov_c',
    Q_CLI_ACCESS_TOKEN: 'qov_q',
    QOVERY_API_URL: 'https://api.example',
    GITHUB_TOKEN: 'ghs_x',
    GH_TOKEN: 'ghp_x',
    ACTIONS_RUNTIME_TOKEN: 'x',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
    CI_JOB_TOKEN: 'x',
    NPM_TOKEN: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    DATABASE_URL: 'postgres://u:p@db/x',
    SLACK_WEBHOOK_URL: 'https://hooks.example/x',
    SSH_PRIVATE_KEY: 'x',
    NODE_OPTIONS: '--require evil.js',
    LD_PRELOAD: '/tmp/evil.so',
    BASH_ENV: '/tmp/evil.sh',
    ENV: '/tmp/evil.sh',
    GIT_DIR: '/x',
    GIT_WORK_TREE: '/x',
    GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='x'",
    GIT_CONFIG: '/x',
    GIT_ALLOW_PROTOCOL: 'ext',
    GIT_TRACE: '/tmp/trace',
    GIT_TRACE2_EVENT: '/tmp/trace',
    GIT_ASKPASS: '/bin/askpass',
    SSH_ASKPASS: '/bin/askpass',
    GIT_CEILING_DIRECTORIES: '/x',
    GIT_SSH: '/usr/bin/ssh',
  };

  it('keeps what git needs, drops every credential and everything that redirects or injects', () => {
    const env = gitEnv({ ...KEPT, ...DROPPED });
    for (const [name, value] of Object.entries(KEPT)) expect(env[name], name).toBe(value);
    for (const name of Object.keys(DROPPED)) expect(env[name], name).toBeUndefined();
    const added = Object.keys(env).filter((name) => !(name in KEPT)).sort();
    expect(added).toEqual(['GCM_INTERACTIVE', 'GIT_NO_REPLACE_OBJECTS', 'GIT_OPTIONAL_LOCKS', 'GIT_TERMINAL_PROMPT', 'LC_ALL']);
  });

  it('always sets GIT_SSH_COMMAND, which beats any core.sshCommand', () => {
    expect(gitEnv({}).GIT_SSH_COMMAND).toContain('BatchMode=yes');
    expect(gitEnv({ GIT_SSH: '/usr/bin/ssh' }).GIT_SSH_COMMAND).toBe("'/usr/bin/ssh'");
    expect(gitEnv({ GIT_SSH: '/usr/bin/ssh', GIT_SSH_COMMAND: 'ssh -v' }).GIT_SSH_COMMAND).toBe('ssh -v');
  });

  it('appends config entries after the caller\'s own GIT_CONFIG_COUNT', () => {
    const env = withConfig(gitEnv({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: 'c' }), [{ key: 'd.e', value: 'f' }]);
    expect(env).toMatchObject({ GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_KEY_1: 'd.e', GIT_CONFIG_VALUE_1: 'f' });
    expect(withConfig(gitEnv({}), [{ key: 'd.e', value: 'f' }])).toMatchObject({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'd.e' });
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
