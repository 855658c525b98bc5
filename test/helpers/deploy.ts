import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEMO_IDS, startSimulator, type LoggedRequest, type SimFixture, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { runCli, type CliResult } from './cli.js';
import { commit, makeRepo, removeTempDirs, tag } from './git-fixture.js';
import { canaryToken, expectNoSecret } from './secrets.js';
import { virtualClock, type VirtualClock } from './virtual-clock.js';

/** Every kind of the demo environment, by name, at refs of the fixture repository. */
export const ALL_KINDS = `version: 1
environment:
  organization: Acme
  project: shop
  name: production
applications:
  - name: api
    commit: HEAD
containers:
  - name: web
    image_tag: 1.10
databases:
  - name: postgres
jobs:
  - name: migrate
    commit: v1.0.0
  - name: nightly-report
    image_tag: 2026.11.01
helms:
  - name: ingress
    chart_version: 4.11.3
  - name: monitoring
    commit: main
    values_override_commit: HEAD~1
terraforms:
  - name: infra
    commit: HEAD
`;

/** The first statuses read of an apply that is a poll: read 1 plans, read 2 is the re-read just before the POST. */
/** Acme/shop/production with only its container `web`, at 1.10 (not 1.1: the tag stays text). */
export const WEB_1_10 = `version: 1
environment:
  organization: Acme
  project: shop
  name: production
containers:
  - name: web
    image_tag: 1.10
`;

export const FIRST_POLL = 3;

/** CLI flags that keep a test apply fast: short polls, short request deadlines, short backoff. */
export const FAST = ['--poll-interval', '30ms', '--request-timeout', '1s', '--retry-base', '20ms', '--timeout', '20s'];

export interface DeployHarness {
  sim: Simulator;
  /**
   * This test's clock, shared by the simulator and `cli()`: the CLI's waits are skipped, not slept,
   * and the deployment's stages pass only while the CLI waits. A `runCli` against `sim` passes it too.
   */
  clock: VirtualClock;
  repo: string;
  token: string;
  /** Writes a manifest into the repository and returns its name. */
  manifest(name: string, text: string): string;
  /** Runs the CLI in the repository against the simulator, and checks the token never leaked. */
  cli(argv: string[], env?: Record<string, string>): Promise<CliResult>;
  /** POSTs the simulator received on the deploy route. */
  deployPosts(): LoggedRequest[];
}

/** A fixture repository (commits, an annotated tag) and a fresh simulator per test. */
export function deployHarness(options: SimulatorOptions = {}): DeployHarness {
  const token = canaryToken();
  const harness = { token } as DeployHarness;
  beforeAll(() => {
    harness.repo = makeRepo();
    commit(harness.repo, 'one');
    tag(harness.repo, 'v1.0.0', { annotated: true });
    commit(harness.repo, 'two');
  });
  afterAll(removeTempDirs);
  const started: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });
  harness.manifest = (name, text) => {
    writeFileSync(join(harness.repo, name), text);
    return name;
  };
  harness.cli = async (argv, env = {}) => {
    if (!started.includes(harness.sim)) throw new Error('call await harness.start() first');
    const result = await runCli(argv, { cwd: harness.repo, clock: harness.clock, env: { QOVERY_API_URL: harness.sim.url, QOVERY_API_TOKEN: token, ...env } });
    expectNoSecret(token, result.stdout, result.stderr);
    return result;
  };
  harness.deployPosts = () => harness.sim.requestsTo('POST', '/environment/:id/service/deploy');
  (harness as DeployHarness & { start: (o?: SimulatorOptions) => Promise<Simulator> }).start = async (extra = {}) => {
    harness.clock = virtualClock();
    harness.sim = await startSimulator({ token, clock: harness.clock, stages: { queuedMs: 5, buildingMs: 15, deployingMs: 15 }, ...options, ...extra });
    started.push(harness.sim);
    return harness.sim;
  };
  return harness;
}

/**
 * Environments Acme/shop/NAME, each with one container `web` at 1.0.0; the ids of the n-th
 * (1-based) end in `<series><n>`, so two test files can use different ids.
 */
export function webEnvironments(names: readonly string[], series: string): { fixture: SimFixture; envId: (n: number) => string; webId: (n: number) => string } {
  const envId = (n: number) => `7a1b0c2d-0000-4000-8000-000000000${series}${n}`;
  const webId = (n: number) => `5e7c0000-0000-4000-8000-000000000${series}${n}`;
  const fixture: SimFixture = {
    version: 1,
    organizations: [
      {
        id: `0a1b0c2d-0000-4000-8000-000000000${series}0`,
        name: 'Acme',
        projects: [
          {
            id: `1a1b0c2d-0000-4000-8000-000000000${series}0`,
            name: 'shop',
            environments: names.map((name, i) => ({
              id: envId(i + 1),
              name,
              services: [{ kind: 'container' as const, id: webId(i + 1), name: 'web', image: 'ghcr.io/acme/web', version: '1.0.0' }],
            })),
          },
        ],
      },
    ],
  };
  return { fixture, envId, webId };
}

/** Starts this test's simulator (call at the top of each test). */
export function start(harness: DeployHarness, options: SimulatorOptions = {}): Promise<Simulator> {
  return (harness as DeployHarness & { start: (o?: SimulatorOptions) => Promise<Simulator> }).start(options);
}

export { DEMO_IDS };

/** Calls `then` once, when the deploy POST arrives (before the simulator handles it or applies a fault). */
export const onFirstPost = (then: () => void): ((entry: LoggedRequest) => void) => {
  let done = false;
  return (entry: LoggedRequest) => {
    if (!done && entry.method === 'POST' && entry.path.endsWith('/service/deploy')) {
      done = true;
      then();
    }
  };
};
