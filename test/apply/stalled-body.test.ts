import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { FaultAction } from '../../src/simulator/index.js';
import { ALL_KINDS, deployHarness, FAST, FIRST_POLL, start } from '../helpers/deploy.js';

const h = deployHarness();
const DEPLOY = '/environment/:id/service/deploy';
const STATUSES = '/environment/:id/statuses';

// Garbage collections are what make Node 20's fetch lose an abort during a body read.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Runs `fn` with a full collection each time the answers in flight have all stalled, just before
 * the request deadline ends them: whatever the machine's speed, the collection lands while the
 * abort is pending, and the count follows the stalls, not the seconds.
 */
async function underGc<T>(fn: () => Promise<T>): Promise<T> {
  h.clock.whenStuck(gc);
  return fn();
}

/** Issue 10 item 3: answers whose body stalls or trickles forever, on the POST and on the polls. */
describe('a body that stalls mid-way never hangs apply', () => {
  const posts: [string, FaultAction][] = [
    ['202 headers, half the body, then silence', { type: 'stall-body', process: true, status: 202 }],
    ['202 headers, then a byte every 100 ms forever', { type: 'stall-body', process: true, status: 202, trickleMs: 100 }],
    ['502 headers after processing, then silence', { type: 'stall-body', process: true, status: 502 }],
    ['503 headers before processing, then silence', { type: 'stall-body', status: 503 }],
  ];
  for (const [name, action] of posts) {
    it(`on the POST, ${name}: reconciled, exactly one deployment, its id reported`, async () => {
      const sim = await start(h);
      sim.faults.add({ method: 'POST', path: DEPLOY, action });
      const result = await underGc(() => h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]));
      expect(result.code, result.stderr).toBe(0);
      expect(sim.stats.deploymentRequests).toBe(1);
      expect(result.stdout).toContain(`Deployment request ${sim.state.requests[0]!.id}`);
    });
  }

  for (const trickleMs of [undefined, 100]) {
    it(`polls that ${trickleMs ? 'trickle' : 'stall'} forever: apply ends at --timeout and still names the request it sent`, async () => {
      const sim = await start(h);
      // Every poll stalls (the plan's read and the re-read before the POST do not).
      sim.faults.add({ method: 'GET', path: STATUSES, nth: FIRST_POLL, times: Infinity, action: { type: 'stall-body', ...(trickleMs ? { trickleMs } : {}) } });
      const flags = ['--poll-interval', '30ms', '--request-timeout', '1s', '--retry-base', '20ms', '--timeout', '6s'];
      const result = await underGc(() => h.cli(['apply', ...flags, h.manifest('all.yaml', ALL_KINDS)]));
      expect([4, 5], result.stderr).toContain(result.code);
      expect(sim.stats.deploymentRequests, result.stderr).toBe(1);
      expect(`${result.stdout}${result.stderr}`).toContain(sim.state.requests[0]!.id);
    });
  }
});
