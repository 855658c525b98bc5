/**
 * The simulated Qovery API: a local HTTP server with Qovery's paths, field names and status
 * codes, a deployment queue, a clock-driven state machine and a fault injector, for tests,
 * benchmarks and the demo. `startSimulator()` starts one in-process on a free loopback port.
 */
import type { Clock } from '../timing/clock.js';
import { makeToken, randomApiToken, type SimToken, type TokenSpec } from './auth.js';
import { DEMO_FIXTURE } from './demo-fixture.js';
import type { DeploymentHistoryTriggerAction } from 'qovery-typescript-axios';
import { advance, enqueue, recordOutOfBand, setsVersion } from './deployments.js';
import { purgeDeleted } from './environments.js';
import { FaultInjector } from './faults.js';
import { seedFixture, type SimFixture } from './fixture.js';
import type { SimContext, SimStats } from './routes.js';
import { startServer, type LoggedRequest } from './server.js';
import { isUnfinished, SimState, type SimDeploymentRequest, type SimFailureLog, type SimOutcomeRule, type SimTerraformAction, type StageDurations } from './state.js';

export { DEMO_FIXTURE, DEMO_IDS } from './demo-fixture.js';
export { loadFixtureFile } from './fixture.js';
export type { SimFixture, FixtureOrganization, FixtureProject, FixtureEnvironment, FixtureService } from './fixture.js';
export type { FaultAction, FaultSpec, FaultRule, FaultInjector } from './faults.js';
export type { TokenSpec, SimToken } from './auth.js';
export type { LoggedRequest } from './server.js';
export type { SimStats } from './routes.js';
export type * from './state.js';
export { SimState } from './state.js';

export interface SimulatorOptions {
  /** The seed. Default: the demo fixture (`DEMO_FIXTURE`). */
  fixture?: SimFixture;
  /** The main API token (sent as `Token <t>`; sees everything). Default: a random `qvsim_<hex>`. */
  token?: string;
  /** `triggered_by` of the main token's requests. Default: `qovery-deploy-sim`. */
  user?: string;
  /** Extra tokens. */
  tokens?: TokenSpec[];
  /** Status for an environment a token cannot see. Default: 404. */
  notFoundStatus?: 404 | 403;
  /** Stage durations in ms. Default: `{ queuedMs: 20, buildingMs: 40, deployingMs: 40, cancelingMs: 20 }`. */
  stages?: Partial<StageDurations>;
  /** Default: 127.0.0.1. */
  host?: string;
  /** Default: 0 (a free port). */
  port?: number;
  /** The clock (ms since epoch). Default: `clock.now`, else `Date.now`; a test may pass a manual clock. */
  now?: () => number;
  /**
   * The time the deployments run in and `waitForIdle` waits in. Default: the wall clock. A test
   * gives the CLI and the simulator the same (skipping) clock, so stages pass while the CLI sleeps.
   */
  clock?: SimClock;
  /** Called for every request as it is logged (the standalone server prints them). */
  onRequest?: (entry: LoggedRequest) => void;
}

/** The simulator's time: its clock and its waits, and whom to tell about connections it holds open on purpose. */
export interface SimClock extends Pick<Clock, 'now' | 'sleep'> {
  /**
   * Called when the server will not finish an answer (a `hang`, a `stall-body`) on the connection
   * from `peerPort`: a clock that skips the waiting need not wait for that exchange. The returned
   * function is called once the connection closes.
   */
  parked?(peerPort: number): () => void;
}

/** A service to put in a foreign request, with an optional version (default: its configured one). */
export type ForeignItem = string | { service: string; version?: string; valuesOverride?: string };

/** Who queued a foreign request, and what it does. */
export interface ForeignOptions {
  triggeredBy?: string;
  triggerAction?: DeploymentHistoryTriggerAction;
  terraformAction?: SimTerraformAction;
}

export interface OutcomeControls {
  /** Makes the service's next deployment(s) end in this state (`times` default 1; `version` limits it to that version). */
  fail(service: string, result: 'BUILD_ERROR' | 'DEPLOYMENT_ERROR' | 'CANCELED', options?: { version?: string; times?: number; log?: SimFailureLog }): void;
  /** Makes the service's next deployment(s) stay in DEPLOYING until cancelled. */
  hang(service: string, options?: { version?: string; times?: number }): void;
  /** Removes scripted outcomes (of one service, or all). */
  clear(service?: string): void;
  /** The scripted outcomes not consumed yet. */
  readonly pending: readonly SimOutcomeRule[];
}

export interface TokenControls {
  /** Adds a token; returns its text. */
  add(spec?: TokenSpec): string;
  /** Removes a token (later calls with it get 401). */
  remove(token: string): void;
  /** Every accepted token, the main one first. */
  list(): readonly SimToken[];
}

export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** The main API token. */
  readonly token: string;
  /** The live model, advanced to the current time on every read. */
  readonly state: SimState;
  /** Every request received, in order. */
  readonly requests: LoggedRequest[];
  readonly faults: FaultInjector;
  readonly outcomes: OutcomeControls;
  readonly tokens: TokenControls;
  /** Counts of accepted deploy calls and merges. */
  readonly stats: SimStats & { deploymentRequests: number };
  /** Status for environments a token cannot see (settable). */
  notFoundStatus: 404 | 403;
  /** Logged requests with this method whose path fits a template (`/environment/:id/service/deploy`). */
  requestsTo(method: string, path: string): LoggedRequest[];
  /** Someone deployed `version` of a service outside this API: configured and deployed change, a finished request is recorded. */
  setLiveVersion(service: string, version: string, options?: { triggeredBy?: string }): SimDeploymentRequest;
  /**
   * Queues a request from another user; it never merges with API calls. `triggerAction` (default
   * DEPLOY) makes it a restart, a stop, a dry run…: those change no version, and a restart or a
   * stop runs what is deployed; `terraformAction` sets its terraforms' `sub_action`.
   */
  addForeignRequest(environment: string, items: ForeignItem[], options?: ForeignOptions): SimDeploymentRequest;
  /** Resolves once no deployment request is queued or running (in one environment, or anywhere). */
  waitForIdle(options?: { environment?: string; timeoutMs?: number }): Promise<void>;
  /** Stops the server, closes every socket and clears every timer. */
  close(): Promise<void>;
}

/** Starts a simulated Qovery API on a free loopback port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const stages: StageDurations = { queuedMs: 20, buildingMs: 40, deployingMs: 40, cancelingMs: 20, ...options.stages };
  const now = options.now ?? options.clock?.now ?? Date.now;
  const state = new SimState(now, stages);
  seedFixture(state, options.fixture ?? DEMO_FIXTURE);
  const main = makeToken({ token: options.token ?? randomApiToken(), user: options.user ?? 'qovery-deploy-sim' });
  const tokens: SimToken[] = [main, ...(options.tokens ?? []).map((spec, i) => makeToken(spec, i + 1))];
  const ctx: SimContext = { state, tokens, notFoundStatus: options.notFoundStatus ?? 404, stats: { deployCalls: 0, merges: 0 } };
  const faults = new FaultInjector();
  const requests: LoggedRequest[] = [];
  const server = await startServer(ctx, faults, requests, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    onRequest: options.onRequest,
    ...(options.clock?.parked ? { parked: options.clock.parked } : {}),
  });
  // waitForIdle() callers still waiting when close() runs: rejected rather than left hanging.
  const waiters = new Set<(error: Error) => void>();
  const advanced = (): SimState => {
    advance(state);
    purgeDeleted(state);
    return state;
  };
  const addRule = (service: string, result: SimOutcomeRule['result'], opts: { version?: string; times?: number; log?: SimFailureLog } = {}): void => {
    const svc = state.getService(service);
    if (result === 'BUILD_ERROR' && svc.kind === 'database') throw new Error('a database has no build stage');
    state.outcomeRules.push({ serviceId: svc.id, result, remaining: opts.times ?? 1, ...(opts.version === undefined ? {} : { version: opts.version }), ...(opts.log ? { log: opts.log } : {}) });
  };

  return {
    url: server.url,
    token: main.token,
    get state() {
      return advanced();
    },
    requests,
    faults,
    outcomes: {
      fail: (service, result, opts) => addRule(service, result, opts),
      hang: (service, opts) => addRule(service, 'HANG', opts),
      clear: (service) => {
        const id = service === undefined ? undefined : state.getService(service).id;
        for (let i = state.outcomeRules.length - 1; i >= 0; i -= 1) {
          if (id === undefined || state.outcomeRules[i]?.serviceId === id) state.outcomeRules.splice(i, 1);
        }
      },
      get pending() {
        return state.outcomeRules;
      },
    },
    tokens: {
      add: (spec) => {
        const token = makeToken(spec, tokens.length);
        tokens.push(token);
        return token.token;
      },
      remove: (token) => {
        const index = tokens.findIndex((t) => t.token === token);
        if (index >= 0) tokens.splice(index, 1);
      },
      list: () => tokens,
    },
    get stats() {
      return { ...ctx.stats, deploymentRequests: state.requests.filter((r) => !r.foreign).length };
    },
    get notFoundStatus() {
      return ctx.notFoundStatus;
    },
    set notFoundStatus(status: 404 | 403) {
      ctx.notFoundStatus = status;
    },
    requestsTo: (method, path) => {
      const template = path.split('/');
      return requests.filter((r) => {
        if (r.method !== method.toUpperCase()) return false;
        const got = r.path.split('/');
        return got.length === template.length && template.every((seg, i) => seg.startsWith(':') || seg === '*' || seg === got[i]);
      });
    },
    setLiveVersion: (service, version, opts = {}) => {
      advance(state);
      return recordOutOfBand(state, state.getService(service), version, opts.triggeredBy ?? 'someone-else@acme.example');
    },
    addForeignRequest: (environment, items, opts = {}) => {
      advance(state);
      const env = state.getEnvironment(environment);
      const { request } = enqueue(state, {
        environmentId: env.id,
        ownerKey: `foreign:${state.requests.length}`,
        triggeredBy: opts.triggeredBy ?? 'someone-else@acme.example',
        triggerAction: opts.triggerAction ?? 'DEPLOY',
        terraformAction: opts.terraformAction ?? null,
        foreign: true,
        items: items.map((item) => {
          const spec = typeof item === 'string' ? { service: item } : item;
          const svc = state.getService(spec.service);
          if (svc.environmentId !== env.id) throw new Error(`service ${svc.name} is not in environment ${env.name}`);
          return {
            serviceId: svc.id,
            // A restart or a stop runs what is deployed; a deploy or a dry run the configured version.
            version: spec.version ?? (setsVersion(opts.triggerAction ?? 'DEPLOY') ? svc.configured : svc.deployed),
            valuesOverride: svc.valuesOverride ? (spec.valuesOverride ?? svc.valuesOverride.configured) : null,
            ...(svc.kind === 'terraform' && opts.terraformAction ? { terraformAction: opts.terraformAction } : {}),
          };
        }),
      });
      return request;
    },
    waitForIdle: ({ environment, timeoutMs = 10_000 } = {}) => {
      const envId = environment === undefined ? undefined : state.getEnvironment(environment).id;
      const clock = options.clock;
      const deadline = (clock?.now() ?? Date.now()) + timeoutMs;
      return new Promise<void>((resolve, reject) => {
        const settle = (error?: Error): void => {
          waiters.delete(settle);
          if (error) reject(error);
          else resolve();
        };
        waiters.add(settle);
        const check = (): void => {
          const busy = advanced().requests.some((r) => isUnfinished(r) && (envId === undefined || r.environmentId === envId));
          if (!busy) settle();
          else if ((clock?.now() ?? Date.now()) > deadline) settle(new Error(`simulator still busy after ${timeoutMs} ms`));
          else if (clock) clock.sleep(5).then(() => waiters.has(settle) && check(), settle);
          else server.later(5, check);
        };
        check();
      });
    },
    close: async () => {
      for (const settle of [...waiters]) settle(new Error('simulator closed while waiting for idle'));
      await server.close();
    },
  };
}
