/**
 * `submitRequest`, the exactly-once submission loop, rule by rule: adopt before sending, POST once,
 * wait and resend only what certainly was not processed, reconcile before resending anything that
 * may have landed, stop at the deadline. The POST goes over a real socket to a scripted
 * `node:http` server; the environment reads are the context's functions over a small in-memory
 * model that the server's handlers change (a request "lands" when a handler says so). Waits run
 * on the virtual clock.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBMIT_POLICY, requestIdOf, submitRequest, type SubmitContext, type SubmitEvent, type SubmitPolicy } from '../../src/apply/submit.js';
import type { Target } from '../../src/apply/targets.js';
import { diagnostic } from '../../src/diagnostics/codes.js';
import { QoveryDeployError } from '../../src/diagnostics/error.js';
import { QoveryClient } from '../../src/qovery/client.js';
import type { LiveState } from '../../src/qovery/live-state.js';
import { ShapeError } from '../../src/qovery/shape.js';
import { deadline as deadlineOf } from '../../src/timing/deadline.js';
import type { DeployRequest } from '../../src/types.js';
import { loopbackServers } from '../helpers/servers.js';
import { virtualClock, type VirtualClock } from '../helpers/virtual-clock.js';

const servers = loopbackServers();

const ENV = '00000000-0000-4000-8000-0000000000e1';
const WEB = '00000000-0000-4000-8000-0000000000c1';
const OTHER = '00000000-0000-4000-8000-0000000000c2';
const OLD = 'aaaaaaaa-0000-4000-8000-000000000001';
const OURS = 'bbbbbbbb-0000-4000-8000-000000000002';
const THEIRS = 'cccccccc-0000-4000-8000-000000000003';
const PATH = `/environment/${ENV}/service/deploy`;
const WANTED = '1.10';

const REQUEST: DeployRequest = { kind: 'deploy-all', method: 'POST', path: PATH, body: { containers: [{ id: WEB, image_tag: WANTED }] }, serviceIds: [WEB] };
const TARGETS: Target[] = [{ id: WEB, version: WANTED }];
/** The same, for both services. */
const BOTH: DeployRequest = { ...REQUEST, body: { containers: [{ id: WEB, image_tag: WANTED }, { id: OTHER, image_tag: WANTED }] }, serviceIds: [WEB, OTHER] };
const BOTH_TARGETS: Target[] = [{ id: WEB, version: WANTED }, { id: OTHER, version: WANTED }];

/** The environment before anything is sent: `web` at 1.0.0, last deployed by OLD, nothing queued. */
function initial(): LiveState {
  return {
    environmentId: ENV,
    readAt: '2026-12-01T00:00:00.000Z',
    services: [WEB, OTHER].map((id) => ({ id, name: id === WEB ? 'web' : 'other', kind: 'container' as const, source: 'image' as const, version: '1.0.0', hasGitValuesOverride: false })),
    statuses: Object.fromEntries(
      [WEB, OTHER].map((id) => [id, { id, state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: OLD, requestsCount: 0, action: 'DEPLOY', subAction: 'NONE' }]),
    ),
    queue: [],
    history: [],
  };
}

/** What Qovery shows once a request `id` for `web` at `version` is accepted: configured, queued, followed. */
function land(state: LiveState, id: string, version = WANTED, serviceIds = [WEB]): void {
  for (const s of state.services) if (serviceIds.includes(s.id)) s.version = version;
  for (const sid of serviceIds) state.statuses[sid] = { ...state.statuses[sid]!, state: 'DEPLOYMENT_QUEUED', deploymentRequestId: id, requestsCount: 1 };
  state.queue.push({ id, triggerAction: 'DEPLOY', serviceIds });
}

type Post = (req: IncomingMessage, res: ServerResponse) => void;
const accepted =
  (requestId: string | null, status = 202): Post =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ id: ENV, state: 'DEPLOYMENT_QUEUED', deployment_request_id: requestId }));
const answer =
  (status: number, body = '{}', headers: Record<string, string> = {}): Post =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
const reset: Post = (req) => req.socket.destroy();

interface Harness {
  world: { state: LiveState };
  clock: VirtualClock;
  ctx: SubmitContext;
  events: SubmitEvent[];
  /** Each read, with the virtual time it was made at (ms since the harness started). */
  reads: { what: 'live' | 'recent' | 'services'; at: number }[];
  /** The POSTs received, with their times. */
  posts: { body: string; at: number }[];
  baseline: LiveState;
}

const copy = (state: LiveState): LiveState => structuredClone(state);
const apiError = () => new QoveryDeployError([diagnostic('API_SERVER_ERROR', { status: 503, path: `/environment/${ENV}/statuses`, attempts: 9 })]);

/**
 * A scripted deploy endpoint (the n-th POST answered by `posts[n]`, the last one repeating) and a
 * submission context over the in-memory environment. `land(id)` in a handler makes the POST land.
 */
async function harness(posts: ((h: Harness) => Post)[], over: Partial<Omit<SubmitContext, 'policy'>> & { policy?: Partial<SubmitPolicy> } = {}): Promise<Harness> {
  const clock = virtualClock();
  const started = clock.now();
  const h = { world: { state: initial() }, clock, events: [], reads: [], posts: [] } as unknown as Harness;
  const { url } = await servers.listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      h.posts.push({ body: Buffer.concat(chunks).toString('utf8'), at: clock.now() - started });
      posts[Math.min(h.posts.length, posts.length) - 1]!(h)(req, res);
    });
  });
  const client = new QoveryClient({ endpoint: { baseUrl: url, authorization: 'Token qvtok_submit_rules_0001' }, requestTimeoutMs: 60_000, clock });
  const read = <T>(what: Harness['reads'][number]['what'], value: () => T) => async (): Promise<T> => {
    h.reads.push({ what, at: clock.now() - started });
    return value();
  };
  const { policy, ...rest } = over;
  h.ctx = {
    client,
    readLive: read('live', () => copy(h.world.state)),
    readRecent: read('recent', () => {
      const { queue, statuses } = copy(h.world.state);
      return { queue, statuses };
    }),
    readServices: read('services', () => copy(h.world.state).services),
    policy: { ...DEFAULT_SUBMIT_POLICY, ...policy },
    deadline: started + 600_000,
    onEvent: (e) => h.events.push(e),
    random: () => 0.5,
    ...rest,
  };
  h.baseline = copy(h.world.state);
  return h;
}

const submit = (h: Harness) => submitRequest(REQUEST, TARGETS, h.baseline, h.ctx);

describe('submitRequest: adopt what is already there instead of sending', () => {
  it('an identical request already in flight at the baseline is adopted: no POST', async () => {
    const h = await harness([() => accepted(OURS)]);
    land(h.world.state, THEIRS);
    h.baseline = copy(h.world.state);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: THEIRS, how: 'adopted', sends: 0 });
    expect(h.posts).toEqual([]);
    expect(h.events).toEqual([{ type: 'adopted', requestId: THEIRS, path: PATH }]);
  });

  it('a request queued since the baseline for our services at our versions is adopted by the re-read just before the POST', async () => {
    const h = await harness([() => accepted(OURS)]);
    land(h.world.state, THEIRS);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: THEIRS, how: 'adopted', sends: 0 });
    expect(h.posts).toEqual([]);
    expect(h.events).toEqual([{ type: 'adopted', requestId: THEIRS, path: PATH, raced: 'before-post' }]);
    expect(h.reads.map((r) => r.what)).toEqual(['recent', 'services']);
  });

  it('the re-read also adopts a request that already left the queue: every service follows it, configured at our versions', async () => {
    const h = await harness([() => accepted(OURS)]);
    land(h.world.state, THEIRS);
    h.world.state.queue = [];
    expect(await submit(h)).toMatchObject({ status: 'submitted', requestId: THEIRS, how: 'adopted', sends: 0 });
  });

  it('the re-read also adopts a request seen only in the queue so far (its statuses have not moved yet)', async () => {
    const h = await harness([() => accepted(OURS)]);
    land(h.world.state, THEIRS);
    h.world.state.statuses[WEB] = h.baseline.statuses[WEB]!;
    expect(await submit(h)).toMatchObject({ status: 'submitted', requestId: THEIRS, how: 'adopted', sends: 0 });
  });

  it('when nothing moved on our services the re-read is two calls: the services are not read, and the POST goes', async () => {
    const h = await harness([() => accepted(OURS)]);
    // Someone else's request, on another service only.
    land(h.world.state, THEIRS, WANTED, [OTHER]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 1 });
    expect(h.reads.map((r) => r.what)).toEqual(['recent']);
  });

  it('a queued request the baseline already listed is not new: the re-read stays two calls', async () => {
    const h = await harness([() => accepted(OURS)]);
    land(h.world.state, THEIRS, '2.0.0');
    h.baseline = copy(h.world.state);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 1 });
    expect(h.reads.map((r) => r.what)).toEqual(['recent']);
  });

  it('with several services, one of them moving to another request is enough to look closer', async () => {
    const h = await harness([() => accepted(OURS)]);
    h.world.state.statuses[WEB] = { ...h.world.state.statuses[WEB]!, deploymentRequestId: THEIRS };
    expect(await submitRequest(BOTH, BOTH_TARGETS, h.baseline, h.ctx)).toMatchObject({ status: 'submitted', how: 'posted', sends: 1 });
    expect(h.reads.map((r) => r.what)).toEqual(['recent', 'services']);
  });

  it('with several services, a new queued request listing one of them is enough to look closer', async () => {
    const h = await harness([() => accepted(OURS)]);
    h.world.state.queue.push({ id: THEIRS, triggerAction: 'DEPLOY', serviceIds: [WEB] });
    expect(await submitRequest(BOTH, BOTH_TARGETS, h.baseline, h.ctx)).toMatchObject({ status: 'submitted', how: 'posted', sends: 1 });
    expect(h.reads.map((r) => r.what)).toEqual(['recent', 'services']);
  });

  it('a service with no status yet (new) is no change', async () => {
    const NEW = '00000000-0000-4000-8000-0000000000c3';
    const h = await harness([() => accepted(OURS)]);
    const request: DeployRequest = { ...REQUEST, serviceIds: [WEB, NEW] };
    expect(await submitRequest(request, [...TARGETS, { id: NEW, version: WANTED }], h.baseline, h.ctx)).toMatchObject({ status: 'submitted', sends: 1 });
    expect(h.reads.map((r) => r.what)).toEqual(['recent']);
  });

  it('a request queued since the baseline for our services at other versions is not ours: the POST goes', async () => {
    const h = await harness([() => accepted(OURS)]);
    land(h.world.state, THEIRS, '2.0.0');
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 1 });
    expect(h.reads.map((r) => r.what)).toEqual(['recent', 'services']);
    expect(h.posts).toHaveLength(1);
  });
});

describe('submitRequest: one POST, its answer read for what it proves', () => {
  it('an accepted POST is sent once, with the request’s body, and names its request', async () => {
    const h = await harness([() => accepted(OURS)]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 1 });
    expect(h.posts.map((p) => JSON.parse(p.body) as unknown)).toEqual([REQUEST.body]);
    expect(h.events).toEqual([{ type: 'sent', path: PATH, attempt: 1, outcome: 'accepted', detail: 'HTTP 202', requestId: OURS }]);
  });

  it('a refusal is final: refused with its diagnostic, nothing resent', async () => {
    const h = await harness([() => answer(422, '{"message":"bad tag"}'), () => accepted(OURS)]);
    expect(await submit(h)).toEqual({ status: 'refused', diagnostic: expect.objectContaining({ code: 'API_BAD_REQUEST', summary: expect.stringContaining('(422): bad tag') }), sends: 1 });
    expect(h.posts).toHaveLength(1);
    expect(h.events).toEqual([{ type: 'sent', path: PATH, attempt: 1, outcome: 'rejected', detail: expect.stringContaining('(422): bad tag') }]);
  });

  it('accepted without a request id (nullable): the id is found by reading, and the POST is not resent', async () => {
    const h = await harness([
      (h) => (req, res) => {
        land(h.world.state, OURS);
        accepted(null)(req, res);
      },
      () => accepted(THEIRS),
    ]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 1 });
    expect(h.posts).toHaveLength(1);
    expect(h.events[0]).toEqual({ type: 'sent', path: PATH, attempt: 1, outcome: 'accepted', detail: 'HTTP 202' });
  });

  it('accepted without an id, and the reads fail: still submitted, only the id is missing', async () => {
    const h = await harness([() => accepted(null)], {
      readLive: async () => {
        throw apiError();
      },
    });
    expect(await submit(h)).toEqual({ status: 'submitted', how: 'posted', sends: 1 });
  });

  it('accepted without an id, and a read has a bug: the bug is thrown', async () => {
    const bug = new TypeError('bug');
    const h = await harness([() => accepted(null)], {
      readLive: async () => {
        throw bug;
      },
    });
    await expect(submit(h)).rejects.toBe(bug);
  });

  it('accepted without an id, and nothing shows in the reads: submitted without an id, after settleReads reads', async () => {
    const h = await harness([() => accepted(null)]);
    expect(await submit(h)).toEqual({ status: 'submitted', how: 'posted', sends: 1 });
    expect(h.reads.filter((r) => r.what === 'live')).toHaveLength(3);
  });

  it('a 2xx whose body is cut off was accepted all the same: its id is found by reading, nothing is resent', async () => {
    const h = await harness([
      (h) => (_req, res) => {
        land(h.world.state, OURS);
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"id": "');
      },
      () => accepted(THEIRS),
    ]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'reconciled', sends: 1 });
    expect(h.posts).toHaveLength(1);
    expect(h.events[0]).toMatchObject({ type: 'sent', outcome: 'accepted-unreadable', detail: 'HTTP 202' });
  });

  it('a 2xx that is not Qovery’s answer proves nothing: read like a lost answer, and resent only when nothing landed', async () => {
    const h = await harness([() => answer(200, '{"status":503,"message":"maintenance"}'), () => accepted(OURS)]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 2 });
    expect(h.events[0]).toEqual({ type: 'sent', path: PATH, attempt: 1, outcome: 'ambiguous', detail: "HTTP 200, but not Qovery's answer: id is missing" });
    expect(h.reads.filter((r) => r.what === 'live')).toHaveLength(3);
  });
});

describe('submitRequest: certainly not processed (409): wait, then send again', () => {
  it('a 409 is resent after the backoff, with only the re-read in between', async () => {
    const h = await harness([() => answer(409, '{"message":"a deployment is in progress"}'), () => accepted(OURS)]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 2 });
    // Full jitter: random 0.5 of the first ceiling (1 s).
    expect(h.posts.map((p) => p.at)).toEqual([0, 500]);
    expect(h.reads.map((r) => r.what)).toEqual(['recent', 'recent']);
    expect(h.events).toEqual([
      { type: 'sent', path: PATH, attempt: 1, outcome: 'not-processed', detail: 'a deployment is in progress' },
      { type: 'waiting', path: PATH, ms: 500, reason: 'a deployment is in progress' },
      { type: 'sent', path: PATH, attempt: 2, outcome: 'accepted', detail: 'HTTP 202', requestId: OURS },
    ]);
  });

  it('the backoff grows with each send', async () => {
    const h = await harness([() => answer(409), () => answer(409), () => accepted(OURS)], { random: () => 0.999 });
    await submit(h);
    expect(h.events.filter((e) => e.type === 'waiting').map((e) => (e as { ms: number }).ms)).toEqual([999, 1998]);
  });

  it('a 409 with Retry-After waits what the server asks', async () => {
    const h = await harness([() => answer(409, '{}', { 'retry-after': '3' }), () => accepted(OURS)]);
    await submit(h);
    expect(h.posts.map((p) => p.at)).toEqual([0, 3000]);
  });

  it('a Retry-After at the cap is waited for', async () => {
    const h = await harness([() => answer(409, '{}', { 'retry-after': '60' }), () => accepted(OURS)]);
    expect(await submit(h)).toMatchObject({ status: 'submitted', sends: 2 });
    expect(h.posts.map((p) => p.at)).toEqual([0, 60_000]);
  });

  it('a Retry-After above the cap ends the submission: unknown, API_RETRY_AFTER_TOO_LONG, nothing resent', async () => {
    const h = await harness([() => answer(409, '{}', { 'retry-after': '120' }), () => accepted(OURS)]);
    expect(await submit(h)).toEqual({
      status: 'unknown',
      diagnostic: expect.objectContaining({ code: 'API_RETRY_AFTER_TOO_LONG', summary: `the Qovery API asked to wait 120s before retrying ${PATH}, more than the 60s we wait` }),
      sends: 1,
    });
    expect(h.posts).toHaveLength(1);
  });

  it('a request that another run queued during the wait is adopted, not sent again (before-resend)', async () => {
    const h = await harness([
      (h) => (req, res) => {
        answer(409)(req, res);
        land(h.world.state, THEIRS);
      },
      () => accepted(OURS),
    ]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: THEIRS, how: 'adopted', sends: 1 });
    expect(h.events.at(-1)).toEqual({ type: 'adopted', requestId: THEIRS, path: PATH, raced: 'before-resend' });
  });
});

describe('submitRequest: maybe processed (lost answer, 5xx, 429): reconcile before any resend', () => {
  it('a POST lost after it landed is not sent again: reconciled, with its id and the evidence', async () => {
    const h = await harness([
      (h) => (req) => {
        land(h.world.state, OURS);
        req.socket.destroy();
      },
      () => accepted(THEIRS),
    ]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'reconciled', sends: 1 });
    expect(h.posts).toHaveLength(1);
    expect(h.events).toEqual([
      { type: 'sent', path: PATH, attempt: 1, outcome: 'ambiguous', detail: 'the connection failed (UND_ERR_SOCKET)' },
      { type: 'reconciled', path: PATH, landed: true, evidence: 'a new request in the deployment queue lists our services', requestId: OURS },
    ]);
  });

  it('a POST lost before it landed: settleReads reads, settleMs apart, then exactly one resend', async () => {
    const h = await harness([() => reset, () => accepted(OURS)]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 2 });
    expect(h.reads.filter((r) => r.what === 'live').map((r) => r.at)).toEqual([0, 1000, 2000]);
    expect(h.events.slice(1, 3)).toEqual([
      { type: 'reconciled', path: PATH, landed: false },
      { type: 'waiting', path: PATH, ms: 500, reason: 'the connection failed (UND_ERR_SOCKET)' },
    ]);
    expect(h.posts.map((p) => p.at)).toEqual([0, 2500]);
  });

  it('the reads stop at the first that shows the landing', async () => {
    const h = await harness([() => reset]);
    let lives = 0;
    h.ctx.readLive = async () => {
      if (++lives === 2) land(h.world.state, OURS);
      return copy(h.world.state);
    };
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'reconciled', sends: 1 });
    expect(lives).toBe(2);
  });

  it('settleReads and settleMs are the policy’s', async () => {
    const h = await harness([() => reset, () => accepted(OURS)], { policy: { settleReads: 2, settleMs: 250 } });
    await submit(h);
    expect(h.reads.filter((r) => r.what === 'live').map((r) => r.at)).toEqual([0, 250]);
  });

  it('a landing that names no request id is still a landing: reconciled without an id', async () => {
    const h = await harness([
      (h) => (req) => {
        // Only the configuration shows it (the request already ran and left no id we can tell).
        h.world.state.services[0]!.version = WANTED;
        req.socket.destroy();
      },
    ]);
    expect(await submit(h)).toEqual({ status: 'submitted', how: 'reconciled', sends: 1 });
  });

  it('the Retry-After of an ambiguous 503 counts from its answer: the reads’ time is part of the wait', async () => {
    const h = await harness([() => answer(503, '{}', { 'retry-after': '5' }), () => accepted(OURS)]);
    await submit(h);
    expect(h.events.find((e) => e.type === 'waiting')).toEqual({ type: 'waiting', path: PATH, ms: 3000, reason: 'HTTP 503' });
    expect(h.posts.map((p) => p.at)).toEqual([0, 5000]);
  });

  it('a Retry-After already past by the end of the reads is no wait', async () => {
    const h = await harness([() => answer(429, '{}', { 'retry-after': '1' }), () => accepted(OURS)]);
    await submit(h);
    expect(h.events.find((e) => e.type === 'waiting')).toMatchObject({ ms: 0 });
    expect(h.posts.map((p) => p.at)).toEqual([0, 2000]);
  });

  it('an ambiguous answer asking to wait longer than the cap ends the submission too, after the reads', async () => {
    const h = await harness([() => answer(503, '{}', { 'retry-after': '120' }), () => accepted(OURS)]);
    expect(await submit(h)).toEqual({ status: 'unknown', diagnostic: expect.objectContaining({ code: 'API_RETRY_AFTER_TOO_LONG' }), sends: 1 });
    expect(h.posts).toHaveLength(1);
    expect(h.reads.filter((r) => r.what === 'live')).toHaveLength(3);
  });

  it('at most maxSends POSTs, none of them landed: unknown, API_UNREACHABLE says so', async () => {
    const h = await harness([() => answer(503)], { policy: { maxSends: 3 } });
    expect(await submit(h)).toEqual({
      status: 'unknown',
      diagnostic: expect.objectContaining({ code: 'API_UNREACHABLE', summary: `the Qovery API at ${PATH} could not be reached: the deploy request was not accepted after 3 attempts, and none of them landed` }),
      sends: 3,
    });
    expect(h.posts).toHaveLength(3);
  });

  it('by default at most 6 POSTs', async () => {
    const h = await harness([() => answer(409)]);
    expect(await submit(h)).toMatchObject({ status: 'unknown', sends: 6 });
    expect(h.posts).toHaveLength(6);
  });

  it('a resend compares with the latest read: the first POST’s late landing is not taken for the second’s', async () => {
    // POST 1 is lost without landing; POST 2 lands and is lost too: found by comparing with the reads after POST 1.
    const h = await harness([
      () => reset,
      (h) => (req) => {
        land(h.world.state, OURS);
        req.socket.destroy();
      },
    ]);
    expect(await submit(h)).toEqual({ status: 'submitted', requestId: OURS, how: 'reconciled', sends: 2 });
  });

  it('after an ambiguous POST, a read that fails proves nothing: unknown, DEPLOY_OUTCOME_UNKNOWN, nothing resent', async () => {
    const h = await harness([() => answer(503), () => accepted(OURS)], {
      readLive: async () => {
        throw apiError();
      },
    });
    const result = await submit(h);
    expect(result).toEqual({ status: 'unknown', diagnostic: expect.objectContaining({ code: 'DEPLOY_OUTCOME_UNKNOWN' }), sends: 1 });
    expect((result as { diagnostic: { summary: string } }).diagnostic.summary).toBe(
      `the deploy request to ${PATH} may have been queued: the answer to attempt 1 was lost (HTTP 503), and the environment could not be read to check (${apiError().diagnostics[0]!.summary})`,
    );
    expect(h.posts).toHaveLength(1);
  });

  it('after an ambiguous POST, the re-read before the resend failing is unknown too', async () => {
    const h = await harness([() => answer(503), () => accepted(OURS)]);
    let recents = 0;
    h.ctx.readRecent = async () => {
      if (++recents === 2) throw apiError();
      const { queue, statuses } = copy(h.world.state);
      return { queue, statuses };
    };
    expect(await submit(h)).toMatchObject({ status: 'unknown', diagnostic: { code: 'DEPLOY_OUTCOME_UNKNOWN' }, sends: 1 });
    expect(h.posts).toHaveLength(1);
  });

  it('a failed read that says nothing is still reported', async () => {
    const h = await harness([() => answer(503)], {
      readLive: async () => {
        throw new QoveryDeployError([]);
      },
    });
    const result = await submit(h);
    expect((result as { diagnostic: { summary: string } }).diagnostic.summary).toContain('could not be read to check (QoveryDeployError: qovery-deploy failed)');
  });

  it('a read that fails before anything ambiguous was sent is an API error: thrown', async () => {
    const error = apiError();
    const h = await harness([() => accepted(OURS)], {
      readRecent: async () => {
        throw error;
      },
    });
    await expect(submit(h)).rejects.toBe(error);
    expect(h.posts).toEqual([]);
  });

  it('a bug in a read is thrown as it is, even after an ambiguous POST', async () => {
    const bug = new TypeError('bug');
    const h = await harness([() => answer(503)], {
      readLive: async () => {
        throw bug;
      },
    });
    await expect(submit(h)).rejects.toBe(bug);
  });
});

describe('submitRequest: the deadline and interrupts', () => {
  it('past the deadline nothing is sent: timeout, and nothing to report', async () => {
    const h = await harness([() => accepted(OURS)]);
    h.ctx.deadline = h.clock.now();
    expect(await submit(h)).toEqual({ status: 'timeout', sends: 0 });
    expect(h.posts).toEqual([]);
    expect(h.reads).toEqual([]);
  });

  it('interrupted before sending: nothing is sent', async () => {
    const h = await harness([() => accepted(OURS)], { signal: AbortSignal.abort(new Error('SIGINT')) });
    expect(await submit(h)).toEqual({ status: 'timeout', sends: 0 });
    expect(h.posts).toEqual([]);
  });

  it('a wait that would reach the deadline is not started: timeout at once', async () => {
    const at = await harness([() => answer(409), () => accepted(OURS)]);
    at.ctx.deadline = at.clock.now() + 500;
    const started = at.clock.now();
    expect(await submit(at)).toEqual({ status: 'timeout', sends: 1 });
    expect(at.posts).toHaveLength(1);
    expect(at.events.filter((e) => e.type === 'waiting')).toEqual([]);
    expect(at.clock.now()).toBe(started);
    const before = await harness([() => answer(409), () => accepted(OURS)]);
    before.ctx.deadline = before.clock.now() + 501;
    expect(await submit(before)).toMatchObject({ status: 'submitted', sends: 2 });
  });

  it('a wait that ends late, past the deadline (a late timer): timeout, and after an ambiguous POST the request may be queued', async () => {
    const h = await harness([() => answer(503), () => accepted(OURS)], { policy: { settleReads: 1 } });
    const late = { ...h.clock, sleep: (ms: number, signal?: AbortSignal) => h.clock.sleep(ms + 1, signal) };
    h.ctx.client = new QoveryClient({ endpoint: { baseUrl: h.ctx.client.baseUrl, authorization: 'Token qvtok_submit_rules_0001' }, requestTimeoutMs: 60_000, clock: late });
    h.ctx.deadline = h.clock.now() + 501;
    const result = await submit(h);
    expect(result).toMatchObject({ status: 'timeout', sends: 1, diagnostic: { code: 'DEPLOY_OUTCOME_UNKNOWN' } });
    expect((result as { diagnostic: { summary: string } }).diagnostic.summary).toContain('(--timeout was reached first)');
    expect(h.posts).toHaveLength(1);
  });

  it('cut off while sending by an interrupt: timeout, and the request may be queued', async () => {
    const interrupt = new AbortController();
    const h = await harness([() => () => interrupt.abort(new Error('SIGTERM'))], { signal: interrupt.signal });
    const result = await submit(h);
    expect(result).toEqual({ status: 'timeout', sends: 1, diagnostic: expect.objectContaining({ code: 'DEPLOY_OUTCOME_UNKNOWN' }) });
    expect((result as { diagnostic: { summary: string } }).diagnostic.summary).toContain('the answer to attempt 1 was lost (cancelled while sending), and the environment could not be read to check (the run was interrupted first)');
    expect(h.reads.filter((r) => r.what === 'live')).toEqual([]);
  });

  it('cut off while sending by the deadline: timeout, and the request may be queued (--timeout)', async () => {
    const h = await harness([(h) => (req) => req.socket.once('close', h.clock.parked(req.socket.remotePort!))]);
    // The run's deadline (apply's), on the clock the client uses.
    const limit = deadlineOf(h.clock, 10_000);
    h.ctx = { ...h.ctx, signal: limit.signal, deadline: h.clock.now() + 10_000 };
    const result = await submit(h);
    limit.dispose();
    expect(result).toMatchObject({ status: 'timeout', sends: 1, diagnostic: { code: 'DEPLOY_OUTCOME_UNKNOWN' } });
    expect((result as { diagnostic: { summary: string } }).diagnostic.summary).toContain('(--timeout was reached first)');
  });

  it('interrupted while reading after an ambiguous POST: timeout, the request may be queued', async () => {
    const interrupt = new AbortController();
    const h = await harness([() => answer(503)], { signal: interrupt.signal });
    h.ctx.readLive = async () => {
      interrupt.abort(new Error('SIGINT'));
      throw interrupt.signal.reason;
    };
    expect(await submit(h)).toMatchObject({ status: 'timeout', sends: 1, diagnostic: { code: 'DEPLOY_OUTCOME_UNKNOWN' } });
  });

  it('interrupted while reading for the id of an accepted POST: submitted, without the id', async () => {
    const interrupt = new AbortController();
    const h = await harness([() => accepted(null)], { signal: interrupt.signal });
    h.ctx.readLive = async () => {
      interrupt.abort(new Error('SIGINT'));
      throw interrupt.signal.reason;
    };
    expect(await submit(h)).toEqual({ status: 'submitted', how: 'posted', sends: 1 });
  });
});

describe('requestIdOf: the deploy answer (EnvironmentStatus or Status)', () => {
  it('names deployment_request_id, which may be null or absent', () => {
    expect(requestIdOf({ id: ENV, state: 'DEPLOYMENT_QUEUED', deployment_request_id: OURS })).toBe(OURS);
    expect(requestIdOf({ id: ENV, state: 'DEPLOYMENT_QUEUED', deployment_request_id: null })).toBeUndefined();
    expect(requestIdOf({ id: ENV, state: 'DEPLOYMENT_QUEUED' })).toBeUndefined();
  });

  it('requires id and state, and a string id when there is one', () => {
    expect(() => requestIdOf({ state: 'QUEUED' })).toThrow(new ShapeError('id', 'is missing'));
    expect(() => requestIdOf({ id: ENV })).toThrow(new ShapeError('state', 'is missing'));
    expect(() => requestIdOf({ id: ENV, state: 'QUEUED', deployment_request_id: 5 })).toThrow(new ShapeError('deployment_request_id', 'is a number, not a string'));
    expect(() => requestIdOf([])).toThrow(new ShapeError('the answer', 'is an array, not an object'));
  });
});

describe('submitRequest: the events are for the progress log only', () => {
  it('without a listener every path runs the same: adopt, re-read adopt, send, reconcile, wait', async () => {
    const quiet = { onEvent: undefined };
    const adopted = await harness([() => accepted(OURS)], quiet);
    land(adopted.world.state, THEIRS);
    adopted.baseline = copy(adopted.world.state);
    expect(await submit(adopted)).toMatchObject({ how: 'adopted', sends: 0 });
    const raced = await harness([() => accepted(OURS)], quiet);
    land(raced.world.state, THEIRS);
    expect(await submit(raced)).toMatchObject({ how: 'adopted', sends: 0 });
    const resent = await harness([() => reset, () => answer(409), () => accepted(OURS)], quiet);
    expect(await submit(resent)).toEqual({ status: 'submitted', requestId: OURS, how: 'posted', sends: 3 });
    const reconciled = await harness([(h) => (req) => (land(h.world.state, OURS), req.socket.destroy())], quiet);
    expect(await submit(reconciled)).toMatchObject({ how: 'reconciled', requestId: OURS });
    expect([adopted, raced, resent, reconciled].flatMap((h) => h.events)).toEqual([]);
  });
});
