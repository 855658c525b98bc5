import fc from 'fast-check';
import type { FaultAction, FaultSpec } from '../../src/simulator/index.js';

/** Where a fault can strike: the POST and every read apply makes, polls included. */
export const ROUTES = [
  { method: 'POST', path: '/environment/:id/service/deploy' },
  { method: 'GET', path: '/environment/:id/statuses' },
  { method: 'GET', path: '/environment/:id/services' },
  { method: 'GET', path: '/environment/:id/deploymentQueue' },
  { method: 'GET', path: '/environment/:id/deploymentHistoryV2' },
] as const;

/** Every fault kind of the simulator, with the knobs that matter. */
export const faultAction: fc.Arbitrary<FaultAction> = fc.oneof(
  fc.record({ type: fc.constant('status' as const), status: fc.constantFrom(500, 502, 503, 504, 429, 409), process: fc.boolean() }),
  fc.record({ type: fc.constant('status' as const), status: fc.constantFrom(429, 503), retryAfter: fc.constantFrom('0', '1') }),
  fc.record({ type: fc.constant('delay' as const), ms: fc.integer({ min: 1, max: 150 }) }),
  fc.constant({ type: 'reset-before' as const }),
  fc.constant({ type: 'reset-after' as const }),
  fc.record({ type: fc.constant('hang' as const), process: fc.boolean() }),
  fc.record({ type: fc.constant('malformed-json' as const), process: fc.boolean() }),
  fc.record({ type: fc.constant('truncated-json' as const), process: fc.boolean() }),
  fc.record({ type: fc.constant('stall-body' as const), process: fc.boolean() }),
  fc.record({ type: fc.constant('stall-body' as const), process: fc.boolean(), trickleMs: fc.constantFrom(20, 100) }),
  // 200/202 with well-formed JSON of the wrong shape (a proxy's maintenance page): issue 10 item 4.
  fc.record({ type: fc.constant('wrong-shape' as const), process: fc.boolean() }),
);

/** A fault on one route, on one of its first calls, for a burst of calls. */
export const fault: fc.Arbitrary<FaultSpec> = fc
  .record({ route: fc.constantFrom(...ROUTES), nth: fc.integer({ min: 1, max: 4 }), times: fc.integer({ min: 1, max: 3 }), action: faultAction })
  .map(({ route, nth, times, action }) => ({ method: route.method, path: route.path, nth, times, action }));

/** What the deployment itself does, whatever the network does. */
export type Outcome = { kind: 'success' } | { kind: 'fail'; service: 'web' | 'worker'; state: 'BUILD_ERROR' | 'DEPLOYMENT_ERROR' | 'CANCELED' } | { kind: 'hang'; service: 'web' | 'worker' };

export const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'success' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), service: fc.constantFrom('web' as const, 'worker' as const), state: fc.constantFrom('BUILD_ERROR' as const, 'DEPLOYMENT_ERROR' as const, 'CANCELED' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hang' as const), service: fc.constantFrom('web' as const, 'worker' as const) }) },
);

/** A whole schedule: any mix of faults, and the deployment's own fate. */
export const schedule = fc.record({ faults: fc.array(fault, { maxLength: 5 }), outcome });
export type Schedule = typeof schedule extends fc.Arbitrary<infer T> ? T : never;

/** Does the schedule contain a fault that may legitimately end the run with exit 5? */
export function mayRefuse(s: Schedule): boolean {
  // 409 bursts and 429s can outlast the submission budget; any fault can, in principle, recur
  // until a read's retry budget is spent. Bursts here are short, so only this is a real refusal:
  return s.faults.some((f) => f.action.type === 'status' && f.method === 'POST' && f.action.status === 409 && (f.times ?? 1) >= 3);
}
