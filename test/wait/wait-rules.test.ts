/**
 * `waitForRequest` and how it learns the end of a request someone else's has superseded, rule by
 * rule: which states end the wait and how, whose status counts, how polls back off, what ends the
 * wait early (a refusal, the deadline, an interrupt). A scripted `node:http` server answers the
 * polls; every wait runs on the virtual clock, so the times asserted are exact.
 */
import { readFileSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { QoveryClient } from '../../src/qovery/client.js';
import type { LiveState } from '../../src/qovery/live-state.js';
import { waitForRequest, type WaitOptions, type WaitTarget } from '../../src/wait/wait-for-request.js';
import { classifyState, isKnownState } from '../../src/wait/states.js';
import { loopbackServers } from '../helpers/servers.js';
import { virtualClock, type VirtualClock } from '../helpers/virtual-clock.js';

const servers = loopbackServers();

const ENV = '00000000-0000-4000-8000-0000000000e2';
const WEB = '00000000-0000-4000-8000-0000000000d1';
const API = '00000000-0000-4000-8000-0000000000d2';
const OLD = 'aaaaaaaa-0000-4000-8000-0000000000f1';
const OURS = 'bbbbbbbb-0000-4000-8000-0000000000f2';
const THEIRS = 'cccccccc-0000-4000-8000-0000000000f3';
const STATUSES = `/environment/${ENV}/statuses`;
const REQUEST_STATUS = `/environment/deploymentStatus?deploymentRequestId=${OURS}`;
const HISTORY = `/environment/${ENV}/deploymentHistoryV2?pageSize=20`;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Status = { state: string; requestId: string | null; actionStatus?: string };

const json =
  (body: unknown, status = 200): Handler =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** `EnvironmentStatuses` with the given containers. */
function statuses(entries: Record<string, Status>): Handler {
  return json({
    applications: [],
    containers: Object.entries(entries).map(([id, s]) => ({
      id,
      state: s.state,
      service_deployment_status: 'OUT_OF_DATE',
      deployment_request_id: s.requestId,
      deployment_requests_count: 1,
      status_details: { action: 'DEPLOY', status: s.actionStatus ?? (s.state === 'DEPLOYED' ? 'SUCCESS' : 'ONGOING'), sub_action: 'NONE' },
    })),
    jobs: [],
    databases: [],
    helms: [],
    terraforms: [],
  });
}
const web = (state: string, requestId: string | null = OURS, actionStatus?: string) => statuses({ [WEB]: { state, requestId, ...(actionStatus ? { actionStatus } : {}) } });

/** A history answer with one entry: our execution of `web` at 1.10, the service in `state`. */
const history = (state: string, executionId = `${ENV}-7`) =>
  json({
    results: [
      {
        identifier: { execution_id: executionId },
        status: state,
        trigger_action: 'DEPLOY',
        auditing_data: { created_at: '2026-12-02T10:00:05Z' },
        stages: [{ services: [{ identifier: { service_id: WEB }, details: { tag: '1.10' }, status_details: { action: 'DEPLOY' }, status: state }] }],
      },
    ],
  });

interface Harness {
  client: QoveryClient;
  clock: VirtualClock;
  /** Each request's path and query, with the virtual time it arrived at. */
  seen: { url: string; at: number }[];
  started: number;
}

/**
 * A server whose answers to each path are scripted (the n-th request to a path gets the n-th
 * handler, the last one repeating), and a client of it without read retries unless told.
 */
async function harness(routes: Record<string, Handler[]>, retries = 0, log?: (line: string) => void): Promise<Harness> {
  const clock = virtualClock();
  const started = clock.now();
  const seen: Harness['seen'] = [];
  const counts = new Map<string, number>();
  const { url } = await servers.listen((req, res) => {
    const path = req.url ?? '';
    seen.push({ url: path, at: clock.now() - started });
    const script = routes[path];
    if (!script) return json({ message: `no route ${path}` }, 418)(req, res);
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    script[Math.min(n, script.length) - 1]!(req, res);
  });
  const client = new QoveryClient({ endpoint: { baseUrl: url, authorization: 'Token qvtok_wait_rules_0001' }, requestTimeoutMs: 5000, retry: { retries, baseMs: 100 }, clock, ...(log ? { log } : {}) });
  return { client, clock, seen, started };
}

const ours: WaitTarget = { id: WEB, requestId: OURS, baselineRequestId: OLD };
const polls = (h: Harness) => h.seen.filter((s) => s.url === STATUSES).map((s) => s.at);
const wait = (h: Harness, targets: WaitTarget[], options: Partial<WaitOptions> = {}) => waitForRequest(h.client, ENV, targets, { deadline: h.started + 60_000, ...options });

describe('states: which end the wait, and how', () => {
  it('DEPLOYED is success; *_ERROR and CANCELED are failures; anything else, known or not, is still going', () => {
    expect(classifyState('DEPLOYED')).toBe('success');
    for (const s of ['BUILD_ERROR', 'DEPLOYMENT_ERROR', 'RESTART_ERROR', 'STOP_ERROR', 'DELETE_ERROR', 'CANCELED']) expect(classifyState(s), s).toBe('failure');
    for (const s of ['DEPLOYMENT_QUEUED', 'BUILDING', 'DEPLOYING', 'CANCELING', 'READY', 'STOPPED', 'FROBNICATING', 'ERROR_SOMETIMES']) expect(classifyState(s), s).toBe('pending');
  });

  it('DEPLOYED counts only once its action is done (SUCCESS, or NEVER, or not said)', () => {
    expect(classifyState('DEPLOYED', 'SUCCESS')).toBe('success');
    expect(classifyState('DEPLOYED', 'NEVER')).toBe('success');
    for (const s of ['ONGOING', 'QUEUED', 'ERROR']) expect(classifyState('DEPLOYED', s), s).toBe('pending');
  });

  it('the known states are exactly Qovery’s StateEnum (the spec’s 29 values)', () => {
    const spec = JSON.parse(readFileSync('test/simulator/fixtures/qovery-spec-subset.json', 'utf8')) as { schemas: { StateEnum: { enum: string[] } } };
    const states = spec.schemas.StateEnum.enum;
    expect(states).toHaveLength(29);
    for (const s of states) expect(isKnownState(s), s).toBe(true);
    for (const s of ['', 'FROBNICATING', 'deployed', 'DEPLOYED ']) expect(isKnownState(s), s).toBe(false);
  });
});

describe('waitForRequest: our request’s end', () => {
  it('our request DEPLOYED is success, timed from the start of the wait; the wait then ends at once', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING'), web('DEPLOYED')] });
    expect(await wait(h, [ours])).toEqual({ outcomes: [{ id: WEB, result: 'deployed', finalState: 'DEPLOYED', finishedAfterMs: 1000, requestId: OURS }], timedOut: false });
    expect(polls(h)).toEqual([0, 1000]);
    expect(h.clock.now() - h.started).toBe(1000);
  });

  for (const state of ['BUILD_ERROR', 'DEPLOYMENT_ERROR', 'CANCELED']) {
    it(`our request ${state} is a failure`, async () => {
      const h = await harness({ [STATUSES]: [web(state, OURS, 'ERROR')] });
      expect(await wait(h, [ours])).toEqual({ outcomes: [{ id: WEB, result: 'failed', finalState: state, finishedAfterMs: 0, requestId: OURS }], timedOut: false });
    });
  }

  it('DEPLOYED while its action is still ongoing is not the end yet', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYED', OURS, 'ONGOING'), web('DEPLOYED', OURS, 'SUCCESS')] });
    expect((await wait(h, [ours])).outcomes[0]).toMatchObject({ result: 'deployed', finishedAfterMs: 1000 });
  });

  it('a status still on the request before ours is not ours yet: its DEPLOYED is not our success', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYED', OLD), web('DEPLOYING'), web('DEPLOYED')] });
    expect((await wait(h, [ours])).outcomes[0]).toMatchObject({ result: 'deployed', finishedAfterMs: 2500 });
    // Nothing superseded it: our request's own status is never asked for.
    expect(h.seen.every((s) => s.url === STATUSES)).toBe(true);
  });

  it('without our request id, any request other than the one before ours counts as ours', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYED', OLD), web('DEPLOYED', THEIRS)] });
    expect(await wait(h, [{ id: WEB, baselineRequestId: OLD }])).toEqual({ outcomes: [{ id: WEB, result: 'deployed', finalState: 'DEPLOYED', finishedAfterMs: 1000 }], timedOut: false });
  });

  it('a service missing from the statuses is waited for, and another’s end does not end it', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYED'), statuses({ [WEB]: { state: 'DEPLOYED', requestId: OURS }, [API]: { state: 'BUILD_ERROR', requestId: OURS } })] });
    const result = await wait(h, [ours, { id: API, requestId: OURS, baselineRequestId: OLD }]);
    expect(result).toEqual({
      outcomes: [
        { id: WEB, result: 'deployed', finalState: 'DEPLOYED', finishedAfterMs: 0, requestId: OURS },
        { id: API, result: 'failed', finalState: 'BUILD_ERROR', finishedAfterMs: 1000, requestId: OURS },
      ],
      timedOut: false,
    });
  });

  it('each change of state is told once, with the one before; a state this version does not know, once more', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYMENT_QUEUED'), web('DEPLOYMENT_QUEUED'), web('FROBNICATING'), web('FROBNICATING'), web('DEPLOYED')] });
    const events: unknown[] = [];
    await wait(h, [ours], { onState: (e) => events.push(e) });
    expect(events).toEqual([
      { id: WEB, state: 'DEPLOYMENT_QUEUED', atMs: 0 },
      { id: WEB, state: 'FROBNICATING', previous: 'DEPLOYMENT_QUEUED', atMs: 2500 },
      { id: WEB, state: 'FROBNICATING', unknown: true, atMs: 2500 },
      { id: WEB, state: 'DEPLOYED', previous: 'FROBNICATING', atMs: 8125 },
    ]);
  });

  it('without a listener, states (unknown ones included) are followed all the same', async () => {
    const h = await harness({ [STATUSES]: [web('FROBNICATING'), web('DEPLOYED')] });
    expect((await wait(h, [ours])).outcomes[0]).toMatchObject({ result: 'deployed', finishedAfterMs: 1000 });
  });

  it('nothing to follow: nothing is polled', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYED')] });
    expect(await wait(h, [])).toStrictEqual({ outcomes: [], timedOut: false });
    expect(h.seen).toEqual([]);
  });

  it('an unknown state is told once for the whole wait, whichever service shows it', async () => {
    const odd = { state: 'FROBNICATING', requestId: OURS };
    const h = await harness({ [STATUSES]: [statuses({ [WEB]: odd, [API]: odd }), statuses({ [WEB]: { state: 'DEPLOYED', requestId: OURS }, [API]: { state: 'DEPLOYED', requestId: OURS } })] });
    const events: { unknown?: boolean }[] = [];
    await wait(h, [ours, { id: API, requestId: OURS, baselineRequestId: OLD }], { onState: (e) => events.push(e) });
    expect(events.filter((e) => e.unknown)).toHaveLength(1);
  });
});

describe('waitForRequest: polling', () => {
  it('polls every 1 s at first, then 1.5 times longer each time, up to 10 s, until the deadline', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING')] });
    const result = await wait(h, [ours], { deadline: h.started + 31_000 });
    expect(polls(h)).toEqual([0, 1000, 2500, 4750, 8125, 13188, 20783, 30783]);
    expect(result).toEqual({ outcomes: [{ id: WEB, result: 'timeout', finalState: 'DEPLOYING', requestId: OURS }], timedOut: true });
    expect(h.clock.now() - h.started).toBe(31_000);
  });

  it('pollInitialMs, pollFactor and pollMaxMs are the caller’s', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING')] });
    await wait(h, [ours], { deadline: h.started + 2000, pollInitialMs: 100, pollFactor: 2, pollMaxMs: 500 });
    expect(polls(h)).toEqual([0, 100, 300, 700, 1200, 1700]);
  });

  it('at the deadline: timeout, with the last state seen, or UNKNOWN when none was', async () => {
    const h = await harness({ [STATUSES]: [web('BUILDING'), web('DEPLOYING')] });
    const result = await wait(h, [ours, { id: API, baselineRequestId: OLD }], { deadline: h.started + 5000 });
    expect(result).toEqual({
      outcomes: [
        { id: WEB, result: 'timeout', finalState: 'DEPLOYING', requestId: OURS },
        { id: API, result: 'timeout', finalState: 'UNKNOWN' },
      ],
      timedOut: true,
    });
  });

  it('a deadline already passed polls nothing', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYED')] });
    expect(await wait(h, [ours], { deadline: h.started })).toMatchObject({ timedOut: true });
    expect(h.seen).toEqual([]);
  });

  it('a poll that failed is tried again next round, and forgotten once a poll succeeds', async () => {
    const h = await harness({ [STATUSES]: [json({}, 503), web('DEPLOYING')] });
    expect(await wait(h, [ours], { deadline: h.started + 3000 })).toEqual({ outcomes: [{ id: WEB, result: 'timeout', finalState: 'DEPLOYING', requestId: OURS }], timedOut: true });
  });

  it('when the wait times out on a failing poll, that failure is reported', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING'), json({}, 503)] });
    const result = await wait(h, [ours], { deadline: h.started + 3000 });
    expect(result).toMatchObject({ timedOut: true, lastPollError: { code: 'API_SERVER_ERROR' } });
  });

  it('a failing poll never reads as an end, and a wait that ends anyway reports no poll error', async () => {
    const h = await harness({ [STATUSES]: [json({}, 500), web('DEPLOYED')] });
    expect(await wait(h, [ours])).toStrictEqual({ outcomes: [{ id: WEB, result: 'deployed', finalState: 'DEPLOYED', finishedAfterMs: 1000, requestId: OURS }], timedOut: false });
  });

  it('a poll that hangs past the deadline ends the wait on time: a timeout, not a failure', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING'), (req) => req.socket.once('close', h.clock.parked(req.socket.remotePort!))] });
    const result = await wait(h, [ours], { deadline: h.started + 3000 });
    expect(result).toStrictEqual({ outcomes: [{ id: WEB, result: 'timeout', finalState: 'DEPLOYING', requestId: OURS }], timedOut: true });
    expect(h.clock.now() - h.started).toBe(3000);
  });

  it('the deadline cuts a poll that is still retrying: the wait ends on time, with what kept failing', async () => {
    const h = await harness({ [STATUSES]: [json({}, 503)] }, 1000);
    const result = await wait(h, [ours], { deadline: h.started + 7000 });
    expect(result).toMatchObject({ timedOut: true, lastPollError: { code: 'API_SERVER_ERROR' } });
    // Within one backoff (capped at 10 s) of the deadline: the virtual clock fires the deadline when it
    // jumps to the end of the backoff the deadline interrupts. Without the cut it would retry for its 120 s budget.
    expect(h.clock.now() - h.started).toBeLessThan(7000 + 10_000);
  });

  for (const [status, code] of [
    [401, 'API_UNAUTHORIZED'],
    [403, 'API_FORBIDDEN'],
    [404, 'API_NOT_FOUND'],
    [400, 'API_BAD_REQUEST'],
  ] as const) {
    it(`a poll refused with ${status} ends the wait at once: refused (${code}), not a timeout`, async () => {
      const h = await harness({ [STATUSES]: [web('DEPLOYING'), json({ message: 'no' }, status)] });
      expect(await wait(h, [ours])).toEqual({
        outcomes: [{ id: WEB, result: 'timeout', finalState: 'DEPLOYING', requestId: OURS }],
        timedOut: false,
        refused: expect.objectContaining({ code }),
      });
      expect(polls(h)).toEqual([0, 1000]);
    });
  }

  it('a poll answered with a redirect ends the wait at once: refused (API_REDIRECT)', async () => {
    const h = await harness({ [STATUSES]: [(_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end()] });
    expect(await wait(h, [ours])).toMatchObject({ timedOut: false, refused: { code: 'API_REDIRECT' } });
  });

  it('a bug while following (here in the caller’s hook) is thrown, not taken for a failed poll', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING')] });
    const bug = new TypeError('bug');
    await expect(
      wait(h, [ours], {
        onState: () => {
          throw bug;
        },
      }),
    ).rejects.toBe(bug);
  });
});

describe('waitForRequest: interrupts', () => {
  it('an interrupt during the pause between polls ends the wait: interrupted, not timed out', async () => {
    const interrupt = new AbortController();
    const h = await harness({ [STATUSES]: [web('DEPLOYING')] });
    expect(await wait(h, [ours], { signal: interrupt.signal, onState: () => interrupt.abort(new Error('SIGINT')) })).toEqual({
      outcomes: [{ id: WEB, result: 'timeout', finalState: 'DEPLOYING', requestId: OURS }],
      timedOut: false,
      interrupted: true,
    });
    expect(polls(h)).toEqual([0]);
  });

  it('an interrupt while a failing poll is retried ends the wait: interrupted, and that failure is not reported', async () => {
    const interrupt = new AbortController();
    // The interrupt comes while the client waits to retry the 503.
    const h = await harness({ [STATUSES]: [json({}, 503)] }, 3, () => interrupt.abort(new Error('SIGINT')));
    expect(await wait(h, [ours], { signal: interrupt.signal })).toStrictEqual({
      outcomes: [{ id: WEB, result: 'timeout', finalState: 'UNKNOWN', requestId: OURS }],
      timedOut: false,
      interrupted: true,
    });
  });

  it('a finished wait leaves nothing attached to the caller’s signal', async () => {
    const run = new AbortController();
    const h = await harness({ [STATUSES]: [web('DEPLOYING'), web('DEPLOYED')] });
    await wait(h, [ours], { signal: run.signal });
    expect(getEventListeners(run.signal, 'abort')).toEqual([]);
  });

  it('an interrupt during a poll ends the wait too', async () => {
    const interrupt = new AbortController();
    const h = await harness({ [STATUSES]: [web('DEPLOYING'), () => interrupt.abort(new Error('SIGINT'))] });
    expect(await wait(h, [ours], { signal: interrupt.signal })).toMatchObject({ timedOut: false, interrupted: true });
  });

  it('an interrupt before the wait polls nothing', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYED')] });
    expect(await wait(h, [ours], { signal: AbortSignal.abort() })).toEqual({ outcomes: [{ id: WEB, result: 'timeout', finalState: 'UNKNOWN', requestId: OURS }], timedOut: false, interrupted: true });
    expect(h.seen).toEqual([]);
  });

  it('an interrupt after every service ended changes nothing', async () => {
    const interrupt = new AbortController();
    const h = await harness({ [STATUSES]: [web('DEPLOYED')] });
    expect(await wait(h, [ours], { signal: interrupt.signal, onState: () => interrupt.abort() })).toEqual({
      outcomes: [{ id: WEB, result: 'deployed', finalState: 'DEPLOYED', finishedAfterMs: 0, requestId: OURS }],
      timedOut: false,
    });
  });
});
describe('waitForRequest: a newer request took the service over', () => {
  const before: Pick<LiveState, 'history' | 'readAt'> = { history: [], readAt: '2026-12-02T10:00:00Z' };
  const sent = { before, requests: [[{ id: WEB, version: '1.10' }]] };

  it('ours is asked for by its id: its final state ends the wait', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING', THEIRS)], [REQUEST_STATUS]: [json({ id: OURS, status: 'DEPLOYED' })] });
    expect(await wait(h, [ours])).toEqual({ outcomes: [{ id: WEB, result: 'deployed', finalState: 'DEPLOYED', finishedAfterMs: 0, requestId: OURS }], timedOut: false });
    expect(h.seen.map((s) => s.url)).toEqual([STATUSES, REQUEST_STATUS]);
  });

  it('asking for ours is cut by the wait’s deadline too', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING', THEIRS)], [REQUEST_STATUS]: [(req) => req.socket.once('close', h.clock.parked(req.socket.remotePort!))] });
    expect(await wait(h, [ours], { deadline: h.started + 2000 })).toMatchObject({ timedOut: true });
    expect(h.clock.now() - h.started).toBe(2000);
  });

  it('an answer about ours that is not one (null, no status) says nothing yet', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING', THEIRS)], [REQUEST_STATUS]: [json(null), json({ id: OURS }), json({ status: 'DEPLOYED' })] });
    expect((await wait(h, [ours])).outcomes[0]).toMatchObject({ result: 'deployed', finishedAfterMs: 2500 });
  });

  it('ours failed: a failure', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING', THEIRS)], [REQUEST_STATUS]: [json({ status: 'BUILD_ERROR' })] });
    expect((await wait(h, [ours])).outcomes[0]).toMatchObject({ result: 'failed', finalState: 'BUILD_ERROR' });
  });

  it('ours still running, or not answered: asked again each poll; without our execution to look for, the wait goes on', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING', THEIRS)], [REQUEST_STATUS]: [json({ status: 'DEPLOYING' }), json({}, 500), json({ status: 7 }), json({ status: 'CANCELED' })] });
    expect((await wait(h, [ours])).outcomes[0]).toMatchObject({ result: 'failed', finalState: 'CANCELED', finishedAfterMs: 4750 });
    expect(h.seen.filter((s) => s.url === REQUEST_STATUS)).toHaveLength(4);
    expect(h.seen.some((s) => s.url.includes('deploymentHistoryV2'))).toBe(false);
  });

  it('when ours cannot be told by its id, our execution in the history says how it ended', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING', THEIRS)], [REQUEST_STATUS]: [json({ status: 'DEPLOYING' })], [HISTORY]: [history('DEPLOYMENT_ERROR')] });
    expect(await wait(h, [ours], { ours: sent })).toEqual({
      outcomes: [{ id: WEB, result: 'failed', finalState: 'DEPLOYMENT_ERROR', finishedAfterMs: 0, requestId: OURS }],
      timedOut: false,
    });
    expect(h.seen.map((s) => s.url)).toEqual([STATUSES, REQUEST_STATUS, HISTORY]);
  });

  it('the history too: a state still going, an unreadable history, an entry not ours: the wait goes on', async () => {
    const h = await harness({
      [STATUSES]: [web('DEPLOYING', THEIRS)],
      [REQUEST_STATUS]: [json({}, 500)],
      [HISTORY]: [history('DEPLOYING'), json({}, 500), history('DEPLOYED', 'known-execution'), history('DEPLOYED')],
    });
    const result = await wait(h, [ours], { ours: { ...sent, before: { ...before, history: [{ executionId: 'known-execution', status: 'DEPLOYED', triggerAction: 'DEPLOY', services: [] }] } } });
    expect(result.outcomes[0]).toMatchObject({ result: 'deployed', finalState: 'DEPLOYED', finishedAfterMs: 4750 });
  });

  it('the history is not read for a service none of our requests sent', async () => {
    const h = await harness({ [STATUSES]: [web('DEPLOYING', THEIRS)], [REQUEST_STATUS]: [json({ status: 'DEPLOYING' })], [HISTORY]: [history('DEPLOYED')] });
    const result = await wait(h, [ours], { ours: { before, requests: [[{ id: API, version: '1.10' }]] }, deadline: h.started + 1500 });
    expect(result).toMatchObject({ timedOut: true, outcomes: [{ result: 'timeout', finalState: 'UNKNOWN' }] });
    expect(h.seen.some((s) => s.url === HISTORY)).toBe(false);
  });

  it('our execution is looked for with the request that sent the service, and the service’s own state in it', async () => {
    const entry = {
      identifier: { execution_id: `${ENV}-8` },
      status: 'DEPLOYMENT_ERROR',
      trigger_action: 'DEPLOY',
      stages: [
        {
          services: [
            { identifier: { service_id: API }, details: { tag: '2.0' }, status_details: { action: 'DEPLOY' }, status: 'DEPLOYED' },
            { identifier: { service_id: WEB }, details: { tag: '1.10' }, status_details: { action: 'DEPLOY' }, status: 'DEPLOYMENT_ERROR' },
          ],
        },
      ],
    };
    const h = await harness({ [STATUSES]: [web('DEPLOYING', THEIRS)], [REQUEST_STATUS]: [json({})], [HISTORY]: [json({ results: [entry] })] });
    // Two requests: the first one did not send web; the second sent web with api.
    const requests = [[{ id: '00000000-0000-4000-8000-0000000000d9', version: '3.0' }], [{ id: API, version: '2.0' }, { id: WEB, version: '1.10' }]];
    expect((await wait(h, [ours], { ours: { before, requests } })).outcomes[0]).toMatchObject({ result: 'failed', finalState: 'DEPLOYMENT_ERROR' });
  });
});
