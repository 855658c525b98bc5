/** Every fault kind, observed from a plain HTTP client over a real socket. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { call, get, post, raw } from './helpers.js';

const ENV = DEMO_IDS.environment;
const DEPLOY = `/environment/${ENV}/service/deploy`;
const DEPLOY_ROUTE = '/environment/:id/service/deploy';
const BODY = { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] };

let sim: Simulator;
beforeEach(async () => {
  // Long stages: a queued deployment stays visible in the queue however slow the machine is.
  sim = await startSimulator({ stages: { queuedMs: 60_000, buildingMs: 60_000, deployingMs: 60_000 } });
});
afterEach(() => sim.close());

const queued = (): number => sim.state.requests.length;

describe('status', () => {
  it('answers the status with Retry-After in seconds and a Qovery-like body, without handling the request', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'status', status: 503, retryAfter: '2' } });
    const res = await raw(sim, 'POST', DEPLOY, BODY);
    expect(res.status).toBe(503);
    expect(res.headers?.['retry-after']).toBe('2');
    expect(JSON.parse(res.body)).toMatchObject({ status: 503, error: 'Service Unavailable' });
    expect(queued()).toBe(0);
    // Only the next call: the one after goes through.
    expect((await post(sim, DEPLOY, BODY)).status).toBe(202);
  });

  it('answers 429 with an HTTP-date Retry-After and a custom body', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    sim.faults.add({ path: '/organization', action: { type: 'status', status: 429, retryAfter: date, body: { message: 'slow down' } } });
    const res = await get(sim, '/organization');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(date);
    expect(res.json).toEqual({ message: 'slow down' });
  });

  it('with process: true, queues the deployment and still answers the error (the ambiguous 5xx)', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'status', status: 502, process: true } });
    const res = await post(sim, DEPLOY, BODY);
    expect(res.status).toBe(502);
    expect(queued()).toBe(1);
    expect(sim.stats.deployCalls).toBe(1);
    const queue = await get(sim, `/environment/${ENV}/deploymentQueue`);
    expect(queue.json.results).toHaveLength(1);
  });

  it('fires on the nth matching call, `times` times in a row', async () => {
    sim.faults.add({ method: 'GET', path: '/environment/:id/statuses', nth: 2, times: 2, action: { type: 'status', status: 500 } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get(sim, `/environment/${ENV}/statuses`)).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
    expect(sim.faults.list()[0]).toMatchObject({ seen: 4, fired: 2 });
  });

  it('matches by method, exact path, template or RegExp, and stops after clear()', async () => {
    sim.faults.add({ method: 'POST', path: '/organization', times: Infinity, action: { type: 'status', status: 500 } });
    sim.faults.add({ path: /\/status$/, times: Infinity, action: { type: 'status', status: 504 } });
    expect((await get(sim, '/organization')).status).toBe(200);
    expect((await get(sim, `/environment/${ENV}/status`)).status).toBe(504);
    expect((await get(sim, `/environment/${ENV}/status`)).status).toBe(504);
    sim.faults.clear();
    expect((await get(sim, `/environment/${ENV}/status`)).status).toBe(200);
  });
});

describe('delay', () => {
  it('delays, then handles normally', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'delay', ms: 150 } });
    const started = Date.now();
    const res = await post(sim, DEPLOY, BODY);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(202);
    expect(queued()).toBe(1);
  });

  it('with `until`, holds the request until that promise settles, then handles it as of then', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    sim.faults.add({ method: 'GET', path: '/environment/:id/deploymentQueue', action: { type: 'delay', ms: 60_000, until: gate } });
    const held = get(sim, `/environment/${ENV}/deploymentQueue`);
    // Queued while the read is held: the read, handled on release, sees it.
    expect((await post(sim, DEPLOY, BODY)).status).toBe(202);
    release();
    expect((await held).json.results).toHaveLength(1);
  });
});

describe('connection resets', () => {
  it('reset-before: the client sees ECONNRESET and nothing was queued', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'reset-before' } });
    const res = await raw(sim, 'POST', DEPLOY, BODY);
    expect(res.status).toBeUndefined();
    expect(res.error?.code).toBe('ECONNRESET');
    expect(queued()).toBe(0);
    const entry = sim.requestsTo('POST', DEPLOY_ROUTE)[0];
    expect(entry).toMatchObject({ body: BODY, fault: { type: 'reset-before' } });
    expect(entry?.status).toBeUndefined();
  });

  it('reset-after: the deployment is queued but the client never hears it', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'reset-after' } });
    const res = await raw(sim, 'POST', DEPLOY, BODY);
    expect(res.status).toBeUndefined();
    expect(res.error?.code).toBe('ECONNRESET');
    expect(queued()).toBe(1);
    expect(sim.state.services.get(DEMO_IDS.web)?.configured).toBe('1.5.0');
  });

  it('fetch reports a reset as a network error', async () => {
    sim.faults.add({ path: '/organization', action: { type: 'reset-before' } });
    const error = await get(sim, '/organization').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNRESET');
  });
});

describe('hang', () => {
  it('never answers: the client times out; nothing queued unless process: true', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'hang' } });
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, nth: 2, action: { type: 'hang', process: true } });
    const first = await raw(sim, 'POST', DEPLOY, BODY, 150);
    expect(first.timedOut).toBe(true);
    expect(queued()).toBe(0);
    const second = await call(sim, 'POST', DEPLOY, { body: BODY, signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect((second as Error).name).toBe('TimeoutError');
    expect(queued()).toBe(1);
  });

  it('close() does not wait for a hung request', async () => {
    sim.faults.add({ path: '/organization', action: { type: 'hang' } });
    const pending = raw(sim, 'GET', '/organization', undefined, 5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await pending).error?.code).toMatch(/ECONNRESET|ECONNREFUSED|EPIPE/);
  });
});

describe('bodies', () => {
  it('malformed-json: 200 with a JSON content type and a body that does not parse', async () => {
    sim.faults.add({ path: '/environment/:id/statuses', action: { type: 'malformed-json' } });
    const res = await get(sim, `/environment/${ENV}/statuses`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(() => JSON.parse(res.text)).toThrow(SyntaxError);
  });

  it('wrong-shape: 200 with well-formed JSON that is no answer of Qovery (a maintenance body by default)', async () => {
    sim.faults.add({ path: '/environment/:id/statuses', action: { type: 'wrong-shape' } });
    const res = await get(sim, `/environment/${ENV}/statuses`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 503, message: 'maintenance' });
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'wrong-shape', process: true, body: { ok: true } } });
    const posted = await post(sim, DEPLOY, BODY);
    expect([posted.status, posted.json, queued()]).toEqual([202, { ok: true }, 1]);
  });

  it('malformed-json with process: true on the deploy call answers 202 after queuing', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'malformed-json', process: true } });
    const res = await post(sim, DEPLOY, BODY);
    expect(res.status).toBe(202);
    expect(res.json).toBeUndefined();
    expect(queued()).toBe(1);
  });

  it('truncated-json: promises a Content-Length, sends half, and cuts the connection', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'truncated-json', process: true } });
    const res = await raw(sim, 'POST', DEPLOY, BODY);
    expect(res.status).toBe(202);
    expect(Number(res.headers?.['content-length'])).toBeGreaterThan(Buffer.byteLength(res.body));
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.error).toBeDefined();
    expect(queued()).toBe(1);
  });

  it('truncated-json through fetch: headers arrive, reading the body fails', async () => {
    sim.faults.add({ path: '/environment/:id/services', action: { type: 'truncated-json', process: true } });
    const res = await fetch(`${sim.url}/environment/${ENV}/services`, { headers: { authorization: `Token ${sim.token}` } });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });
});

describe('stall-body', () => {
  it('promises a Content-Length, sends half, then stays silent with the connection open', async () => {
    sim.faults.add({ method: 'POST', path: DEPLOY_ROUTE, action: { type: 'stall-body', process: true } });
    const res = await raw(sim, 'POST', DEPLOY, BODY, 500);
    expect(res).toMatchObject({ timedOut: true });
    expect(sim.requests[0]).toMatchObject({ status: 202, fault: { type: 'stall-body' } });
    expect(queued()).toBe(1);
  });

  it('with trickleMs: headers and half a body arrive, then a space at a time, and the body never ends', async () => {
    sim.faults.add({ path: '/environment/:id/services', action: { type: 'stall-body', trickleMs: 20 } });
    const cancel = new AbortController();
    const res = await fetch(`${sim.url}/environment/${ENV}/services`, { headers: { authorization: `Token ${sim.token}` }, signal: cancel.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    const reader = res.body!.getReader();
    const chunks: string[] = [];
    for (let i = 0; i < 4; i++) chunks.push(Buffer.from((await reader.read()).value ?? []).toString());
    expect(chunks[0]).toMatch(/^\{"results"/);
    for (const drip of chunks.slice(1)) expect(drip).toMatch(/^ +$/);
    cancel.abort();
    await reader.cancel().catch(() => {});
  });
});

describe('connections held open on purpose', () => {
  it('are told to the clock (by the client\'s port) for a hang and a stalled body, and released when they close', async () => {
    const events: string[] = [];
    const clock = {
      now: Date.now,
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      parked: (port: number) => {
        events.push(`parked ${typeof port}`);
        return () => events.push('released');
      },
    };
    const held = await startSimulator({ clock });
    try {
      held.faults.add({ path: '/organization', action: { type: 'hang' } });
      held.faults.add({ path: '/environment/:id/services', action: { type: 'stall-body', trickleMs: 20 } });
      await get(held, `/environment/${ENV}/statuses`);
      expect(events).toEqual([]);
      expect((await raw(held, 'GET', '/organization', undefined, 100)).timedOut).toBe(true);
      expect((await raw(held, 'GET', `/environment/${ENV}/services`, undefined, 100)).timedOut).toBe(true);
      // The server hears of each close a moment after the client gave up (generous deadline, no time asserted).
      for (let waited = 0; events.length < 4 && waited < 5000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
      expect([...events].sort()).toEqual(['parked number', 'parked number', 'released', 'released']);
    } finally {
      await held.close();
    }
  });
});

describe('redirect', () => {
  it('answers 302 with a Location; a client that follows no redirects fails', async () => {
    sim.faults.add({ path: '/organization', times: 2, action: { type: 'redirect', location: 'http://evil.example/steal' } });
    const res = await get(sim, '/organization');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://evil.example/steal');
    const error = await fetch(`${sim.url}/organization`, { redirect: 'error' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });
});

describe('request log', () => {
  it('records method, path, query, redacted headers, parsed body, status and fault', async () => {
    sim.faults.add({ path: '/organization', action: { type: 'status', status: 503 } });
    await get(sim, '/organization');
    await post(sim, DEPLOY, BODY);
    await call(sim, 'POST', DEPLOY, { rawBody: 'not json' });
    await get(sim, `/environment/${ENV}/deploymentHistoryV2?pageSize=5`);
    const [first, second, third, fourth] = sim.requests;
    expect(first).toMatchObject({ seq: 1, method: 'GET', path: '/organization', status: 503, fault: { type: 'status', status: 503 } });
    expect(second).toMatchObject({ method: 'POST', path: DEPLOY, body: BODY, status: 202, route: '/environment/:environmentId/service/deploy' });
    expect(second?.headers.authorization).toBe('Token [REDACTED]');
    expect(second?.headers['content-type']).toBe('application/json');
    expect(third).toMatchObject({ body: 'not json', status: 400 });
    expect(fourth?.query).toEqual({ pageSize: '5' });
    expect(JSON.stringify(sim.requests)).not.toContain(sim.token);
    expect(sim.requestsTo('POST', DEPLOY_ROUTE)).toHaveLength(2);
    expect(typeof first?.receivedAt).toBe('number');
  });
});
