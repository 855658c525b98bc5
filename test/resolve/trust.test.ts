/**
 * Issue 10, item 1: a pull request runs nothing through git. Every hostile layout of
 * test/helpers/hostile-git.ts, through every command that resolves revisions (validate, render,
 * plan, apply — the last two against the simulator), with `GITHUB_WORKSPACE` set: the run ends
 * with the expected diagnostic (or resolves, for the harmless ones) and no marker is ever written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { FAST } from '../helpers/deploy.js';
import { removeTempDirs, tempDir } from '../helpers/git-fixture.js';
import { hostileWorkspace, unauthorizedServer, type HostileWorkspace } from '../helpers/hostile-git.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';

const token = canaryToken();
let hostile: HostileWorkspace;
let sim: Simulator;
let closeAuth: () => Promise<void>;

beforeAll(async () => {
  const auth = await unauthorizedServer();
  closeAuth = auth.close;
  hostile = hostileWorkspace(auth.url);
  sim = await startSimulator({ token, stages: { queuedMs: 5, buildingMs: 10, deployingMs: 10 } });
});

afterAll(async () => {
  await sim?.close();
  await closeAuth?.();
  removeTempDirs();
});

const COMMANDS = {
  validate: (file: string) => ['validate', file],
  render: (file: string) => ['render', '--format', 'json', file],
  plan: (file: string) => ['plan', file],
  apply: (file: string) => ['apply', ...FAST, file],
} as const;

// Built lazily: the cases exist only once beforeAll has made the workspace.
const CASE_NAMES = [
  'bare folder, partial clone',
  'bare folder, shallow + ls-remote origin',
  'bare folder, core.sshCommand with GIT_SSH set',
  'manifest inside a bare-looking folder',
  'core.fsmonitor',
  'core.sshCommand with GIT_SSH set',
  'core.pager',
  'include.path to a file in the work tree',
  'includeIf',
  'credential.helper on a shallow origin lookup',
  'hooks and core.hooksPath',
];

describe('a pull request cannot make git run a command (issue 10, item 1)', () => {
  beforeEach(() => hostile.clearMarkers());

  it('knows every case the fixture builds', () => {
    expect(hostile.cases.map((c) => c.name)).toEqual(CASE_NAMES);
  });

  for (const name of CASE_NAMES) {
    for (const [command, argv] of Object.entries(COMMANDS)) {
      it(`${name}: ${command}`, async () => {
        const c = hostile.cases.find((x) => x.name === name)!;
        const file = `qd-${command}.yaml`;
        const repository = c.repository === undefined ? '' : `    repository: ${c.repository}\n`;
        const manifest = `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\napplications:\n  - id: ${DEMO_IDS.api}\n    commit: ${c.commit}\n${repository}`;
        writeFileSync(join(c.dir, file), manifest);
        const result = await runCli(argv(file), {
          cwd: c.dir,
          env: {
            GITHUB_WORKSPACE: hostile.workspace,
            QOVERY_API_URL: sim.url,
            QOVERY_API_TOKEN: token,
            GITHUB_TOKEN: 'ghs_CANARYgithubtoken0123456789',
            ...c.env,
          },
        });
        expect(hostile.markers(), 'a hostile command ran').toEqual([]);
        if (c.code === undefined) {
          expect(result.stderr).not.toContain('[GIT_');
          expect(result.code, result.stderr).toBe(0);
        } else {
          expect(result.stderr).toContain(`[${c.code}]`);
          expect(result.code).toBe(1);
          // A refused repository is pointed at its repository: field, or at the revision when there is none.
          const line = c.code === 'GIT_SHALLOW_MISSING_COMMIT' || c.repository === undefined ? 6 : 7;
          expect(result.stderr).toContain(`${file}:${line}:`);
        }
      });
    }
  }
});

describe('git never sees the caller\'s secrets (issue 10, item 1)', () => {
  const SECRETS = {
    GITHUB_TOKEN: 'ghs_CANARYgithubtoken0123456789',
    ACTIONS_RUNTIME_TOKEN: 'CANARYactionsruntime0123456789',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'CANARYidtoken0123456789',
    NPM_TOKEN: 'npm_CANARY0123456789',
    AWS_SECRET_ACCESS_KEY: 'CANARYawssecret0123456789',
    QOVERY_CLI_ACCESS_TOKEN: 'qov_CANARYcli0123456789',
  };

  for (const command of ['render', 'plan'] as const) {
    it(`not even a trusted global credential helper, asked by an origin that wants credentials (${command})`, async () => {
      const auth = await unauthorizedServer();
      try {
        // The user's own ~/.gitconfig is trusted: its helper runs, and dumps what git gave it.
        const home = tempDir('qd-home-');
        const dump = join(home, 'helper-env');
        writeFileSync(join(home, '.gitconfig'), `[credential]\n\thelper = "!sh -c 'env > ${dump}' #"\n`);
        const file = `qd-env-${command}.yaml`;
        writeFileSync(
          join(hostile.shop, file),
          `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\napplications:\n  - id: ${DEMO_IDS.api}\n    commit: main\n    repository: ${auth.url}\n`,
        );
        const result = await runCli(command === 'render' ? ['render', file] : ['plan', file], {
          cwd: hostile.shop,
          env: { HOME: home, GITHUB_WORKSPACE: hostile.workspace, QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: token, ...SECRETS },
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('[GIT_REMOTE_UNREACHABLE]');
        const seen = readFileSync(dump, 'utf8');
        expect(seen).toContain('PATH=');
        expect(seen).toContain('GIT_TERMINAL_PROMPT=0');
        for (const secret of [token, ...Object.values(SECRETS)]) expectNoSecret(secret, seen);
        expect(seen).not.toMatch(/^(?:QOVERY_|GITHUB_TOKEN|ACTIONS_)/m);
      } finally {
        await auth.close();
      }
    });
  }
});
