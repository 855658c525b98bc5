/**
 * Is `state` one of Qovery's `StateEnum` (29 values in the official spec)? Anything else is new to
 * us: still in progress. (A list inside the function, not a module constant: Stryker then tests
 * each value against the tests that cover it instead of rerunning the whole set.)
 */
export function isKnownState(state: string): boolean {
  return [
    'BUILDING', 'BUILD_ERROR', 'CANCELED', 'CANCELING', 'DELETED', 'DELETE_ERROR', 'DELETE_QUEUED', 'DELETING',
    'DEPLOYED', 'DEPLOYING', 'DEPLOYMENT_ERROR', 'DEPLOYMENT_QUEUED', 'EXECUTING', 'QUEUED', 'READY', 'RECAP',
    'RESTARTED', 'RESTARTING', 'RESTART_ERROR', 'RESTART_QUEUED', 'STOPPED', 'STOPPING', 'STOP_ERROR', 'STOP_QUEUED',
    'UNAVAILABLE', 'WAITING_DELETING', 'WAITING_RESTARTING', 'WAITING_RUNNING', 'WAITING_STOPPING',
  ].includes(state);
}

/** Where a state stands for a deployment we follow: done well, done badly, or not done. */
export type StateClass = 'success' | 'failure' | 'pending';

/** DEPLOYED is success; any *_ERROR and CANCELED are failures; everything else, known or not, is still going. */
export function classifyState(state: string, actionStatus?: string): StateClass {
  if (state === 'DEPLOYED') return actionStatus === undefined || actionStatus === 'SUCCESS' || actionStatus === 'NEVER' ? 'success' : 'pending';
  if (state === 'CANCELED' || state.endsWith('_ERROR')) return 'failure';
  return 'pending';
}
