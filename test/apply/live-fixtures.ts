/**
 * Live states for the pure exactly-once rules (adopt, reconcile): an environment of two
 * applications, each last deployed by one request, with what Qovery's queue and history show.
 */
import type { Target } from '../../src/apply/targets.js';
import type { HistoryEntry, LiveState, LiveStatus } from '../../src/qovery/live-state.js';

export const ENV = '00000000-0000-4000-8000-000000000001';
export const API = '00000000-0000-4000-8000-0000000000a1';
export const WEB = '00000000-0000-4000-8000-0000000000a2';
export const OURS = '11111111-1111-4111-8111-111111111111';
export const OLD = '22222222-2222-4222-8222-222222222222';
export const SHA_NEW = 'a'.repeat(40);
export const SHA_OLD = 'b'.repeat(40);
export const SHA_OTHER = 'c'.repeat(40);

/** Our request deploys both applications at SHA_NEW. */
export const TARGETS: Target[] = [
  { id: API, version: SHA_NEW },
  { id: WEB, version: SHA_NEW },
];

/** A service's status: DEPLOYED, UP_TO_DATE, last deployed by `requestId`. */
export function status(id: string, requestId: string | null, over: Partial<LiveStatus> = {}): LiveStatus {
  return { id, state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: requestId, requestsCount: 0, action: 'DEPLOY', subAction: 'NONE', ...over };
}

/** An environment whose two applications run `version`, last deployed by request `requestId`. */
export function liveAt(version: string, requestId: string | null, over: Partial<LiveState> = {}): LiveState {
  return {
    environmentId: ENV,
    readAt: '2026-12-01T00:00:00.000Z',
    services: [API, WEB].map((id) => ({ id, name: id === API ? 'api' : 'web', kind: 'application' as const, source: 'git' as const, version, hasGitValuesOverride: false })),
    statuses: { [API]: status(API, requestId), [WEB]: status(WEB, requestId) },
    queue: [],
    history: [],
    ...over,
  };
}

/** A history entry deploying both applications at `version`. */
export function historyEntry(executionId: string, version: string, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    executionId,
    status: 'RUNNING',
    triggerAction: 'DEPLOY',
    services: [API, WEB].map((id) => ({ id, action: 'DEPLOY', subAction: 'NONE', version })),
    ...over,
  };
}

/** Someone's request for our two services, in flight, with the configuration at `version`. */
export function inFlight(version: string, triggerAction = 'DEPLOY'): LiveState {
  return liveAt(version, OURS, { queue: [{ id: OURS, triggerAction, serviceIds: [API, WEB] }] });
}
