import { describe, expect, it } from 'vitest';
import type { FaultAction } from '../../src/simulator/index.js';
import { ALL_KINDS, deployHarness, FAST, FIRST_POLL, start } from '../helpers/deploy.js';

const h = deployHarness();
const DEPLOY = '/environment/:id/service/deploy';
const STATUSES = '/environment/:id/statuses';

/**
 * The fault matrix of issue 5 and checklist items 1, 2 and 6: whatever goes wrong on the wire,
 * exactly one deployment request is queued and the exit code tells the truth.
 */
describe('faults on the deploy POST (checklist item 1: never twice, never none on success)', () => {
  const cases: [string, FaultAction][] = [
    ['500 before processing', { type: 'status', status: 500 }],
    ['500 after processing', { type: 'status', status: 500, process: true }],
    ['502 before processing', { type: 'status', status: 502 }],
    ['502 after processing', { type: 'status', status: 502, process: true }],
    ['503 without Retry-After, after processing', { type: 'status', status: 503, process: true }],
    ['504 after processing', { type: 'status', status: 504, process: true }],
    ['reset before handling', { type: 'reset-before' }],
    ['handled, then reset (the client never hears)', { type: 'reset-after' }],
    ['hang past the client deadline, processed', { type: 'hang', process: true }],
    ['hang past the client deadline, not processed', { type: 'hang' }],
    ['202 with malformed JSON', { type: 'malformed-json', process: true, status: 202 }],
    ['202 headers, then the body cut off', { type: 'truncated-json', process: true, status: 202 }],
  ];
  for (const [name, action] of cases) {
    it(name, async () => {
      const sim = await start(h);
      sim.faults.add({ method: 'POST', path: DEPLOY, action });
      const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
      expect(result.code, result.stderr).toBe(0);
      expect(sim.stats.deploymentRequests).toBe(1);
      expect(sim.state.requests[0]!.status).toBe('SUCCESS');
    });
  }

  it('a burst of three 503s, none processed, then success: still exactly one request', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'POST', path: DEPLOY, times: 3, action: { type: 'status', status: 503 } });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code, result.stderr).toBe(0);
    expect(h.deployPosts()).toHaveLength(4);
    expect(sim.stats.deploymentRequests).toBe(1);
  });
});

describe('unsent failures are retried (checklist item 2)', () => {
  it('409 "operation in progress" twice, then accepted', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'POST', path: DEPLOY, times: 2, action: { type: 'status', status: 409, body: { status: 409, error: 'Conflict', message: 'Operation is in progress' } } });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(0);
    expect(h.deployPosts()).toHaveLength(3);
    expect(sim.stats.deploymentRequests).toBe(1);
  });

  for (const [label, retryAfter] of [
    ['seconds', () => '2'],
    ['an HTTP date', () => new Date(Date.now() + 2500).toUTCString()],
  ] as const) {
    it(`429 with Retry-After as ${label}: the resend waits at least that long and at most 1 s more`, async () => {
      const sim = await start(h);
      sim.faults.add({ method: 'POST', path: DEPLOY, action: { type: 'status', status: 429, retryAfter: retryAfter() } });
      const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
      expect(result.code).toBe(0);
      const posts = h.deployPosts();
      expect(posts).toHaveLength(2);
      const gap = Number(posts[1]!.receivedAt) - Number(posts[0]!.receivedAt);
      // An HTTP date has one-second resolution: it may mean up to a second less than asked.
      expect(gap).toBeGreaterThanOrEqual(label === 'seconds' ? 2000 : 1000);
      expect(gap).toBeLessThanOrEqual(3500);
      expect(sim.stats.deploymentRequests).toBe(1);
    });
  }

  it('a Retry-After above the cap (120 s) fails at once with exit 5, without sleeping', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'POST', path: DEPLOY, action: { type: 'status', status: 429, retryAfter: '120' } });
    const started = Date.now();
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('asked to wait 120s');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(sim.stats.deploymentRequests).toBe(0);
  });
});

describe('client errors are not retried (checklist item 3)', () => {
  for (const status of [400, 401, 403, 404, 422]) {
    it(`${status} on the POST: one request, exit 5, Qovery’s message shown`, async () => {
      const sim = await start(h);
      sim.faults.add({ method: 'POST', path: DEPLOY, action: { type: 'status', status, body: { status, error: 'Nope', message: `refused with ${status} for a reason` } } });
      const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
      expect(result.code).toBe(5);
      expect(h.deployPosts()).toHaveLength(1);
      expect(result.stderr).toContain(`refused with ${status} for a reason`);
      expect(sim.stats.deploymentRequests).toBe(0);
    });
  }
});

describe('faults on the polls (checklist item 6: a failure is never read as success)', () => {
  const cases: [string, FaultAction, number][] = [
    ['a burst of 500s', { type: 'status', status: 500 }, 3],
    ['a burst of 503s with Retry-After: 0', { type: 'status', status: 503, retryAfter: '0' }, 3],
    ['malformed JSON', { type: 'malformed-json' }, 2],
    ['a truncated body', { type: 'truncated-json' }, 2],
    ['resets', { type: 'reset-before' }, 2],
    ['a poll that hangs past the request deadline', { type: 'hang' }, 1],
  ];
  for (const [name, action, times] of cases) {
    it(`${name}: retried, then the real outcome`, async () => {
      const sim = await start(h);
      sim.faults.add({ method: 'GET', path: STATUSES, nth: FIRST_POLL, times, action });
      const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
      expect(result.code, result.stderr).toBe(0);
      expect(sim.stats.deploymentRequests).toBe(1);
    });
  }

  it('polls that keep failing end with exit 5 at the timeout, never 0', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'GET', path: STATUSES, nth: FIRST_POLL, times: Infinity, action: { type: 'status', status: 502 } });
    const result = await h.cli(['apply', '--poll-interval', '30ms', '--retry-base', '20ms', '--timeout', '2s', h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(5);
    expect(sim.stats.deploymentRequests).toBe(1);
  });

  it('a failed build is still reported as exit 3 through a flaky poll', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'DEPLOYMENT_ERROR');
    sim.faults.add({ method: 'GET', path: STATUSES, nth: FIRST_POLL, times: 2, action: { type: 'status', status: 500 } });
    expect((await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)])).code).toBe(3);
  });
});

describe('the token never leaks, in any format, under any fault (checklist item 18)', () => {
  const faults: [string, FaultAction, string][] = [
    ['401 with the token echoed back', { type: 'status', status: 401, body: { message: 'bad token' } }, 'GET'],
    ['a reset on the POST', { type: 'reset-after' }, 'POST'],
    ['a 500 on the POST', { type: 'status', status: 500 }, 'POST'],
    ['a hang on a poll', { type: 'hang' }, 'GET'],
  ];
  for (const format of ['text', 'json', 'github']) {
    for (const [name, action, method] of faults) {
      it(`--format ${format} --verbose, ${name}`, async () => {
        const sim = await start(h);
        // Qovery could echo what it received; the simulator is told to echo the token itself.
        const echoed = action.type === 'status' && action.status === 401 ? { ...action, body: { message: `bad token ${h.token} (${Buffer.from(h.token).toString('base64')})` } } : action;
        sim.faults.add({ method, path: method === 'POST' ? DEPLOY : STATUSES, action: echoed });
        // h.cli scans stdout and stderr for the token and its encodings after every run.
        const result = await h.cli(['apply', '--format', format, '--verbose', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
        expect([0, 5]).toContain(result.code);
      });
    }
  }
});
