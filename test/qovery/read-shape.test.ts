import { afterEach, describe, expect, it } from 'vitest';
import { QoveryClient } from '../../src/qovery/client.js';
import { authorizationFor } from '../../src/qovery/endpoint.js';
import { parseQueue, parseStatuses, readLiveState } from '../../src/qovery/live-state.js';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';

/**
 * Issue 10 item 4, at the client: the shape is checked inside the read's retries, so a
 * `200 {"status":503,"message":"maintenance"}` is retried like a 5xx and, when it persists, fails
 * with API_BAD_RESPONSE (exit-5 class) naming the missing field.
 */
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const QUEUE = `/environment/${DEMO_IDS.environment}/deploymentQueue`;
const client = (s: Simulator, log: string[] = []) =>
  new QoveryClient({
    endpoint: { baseUrl: s.url, authorization: authorizationFor(s.token) },
    requestTimeoutMs: 1000,
    retry: { retries: 4, baseMs: 5, capMs: 20 },
    log: (line) => log.push(line),
  });

describe('client.get with a shape check', () => {
  it('retries a wrong-shape 200 like a 5xx, then returns the parsed answer', async () => {
    sim = await startSimulator();
    sim.faults.add({ method: 'GET', path: '/environment/:id/deploymentQueue', times: 2, action: { type: 'wrong-shape' } });
    const log: string[] = [];
    const c = client(sim, log);
    await expect(c.get(QUEUE, { parse: parseQueue })).resolves.toEqual([]);
    expect(c.requestCount).toBe(3);
    expect(log[0]).toContain('unexpected answer: results is missing; retry 1');
  });

  it('fails with API_BAD_RESPONSE naming the field when the wrong shape persists', async () => {
    sim = await startSimulator();
    sim.faults.add({ method: 'GET', path: '/environment/:id/statuses', times: Infinity, action: { type: 'wrong-shape', body: { applications: [] } } });
    const c = client(sim);
    await expect(c.get(`/environment/${DEMO_IDS.environment}/statuses`, { parse: parseStatuses })).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'API_BAD_RESPONSE', summary: expect.stringContaining('containers is missing (5 attempts)') })],
    });
    expect(c.requestCount).toBe(5);
  });

  it('readLiveState never turns a wrong shape into an empty environment', async () => {
    sim = await startSimulator();
    sim.faults.add({ method: 'GET', path: '/environment/:id/services', times: Infinity, action: { type: 'wrong-shape' } });
    await expect(readLiveState(client(sim), DEMO_IDS.environment)).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'API_BAD_RESPONSE', summary: expect.stringContaining('/services') })],
    });
  });
});
