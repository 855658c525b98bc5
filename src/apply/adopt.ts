import type { LiveState } from '../qovery/live-state.js';
import { DEPLOY_ACTION, entryDoes, serviceDoes, type RequestAction } from './actions.js';
import { configuredAtTargets, type Target } from './targets.js';

/**
 * A queued or running request that already carries exactly our targets, if there is one (pure).
 * Evidence: every target's last request is the same unfinished request, that request does what
 * ours does (`action`: not a restart, a stop or a dry run) and lists every target, and the
 * services are configured at our versions (Qovery sets them when it accepts a request). Two CI
 * runs of the same commit then deploy once: the second waits on the first.
 */
export function findAdoptableRequest(live: LiveState, targets: readonly Target[], action: RequestAction = DEPLOY_ACTION): string | undefined {
  // One request id for every target (none for no targets); an unknown id (null) is in no queue.
  const ids = new Set(targets.map((t) => live.statuses[t.id]?.deploymentRequestId ?? null));
  if (ids.size !== 1) return undefined;
  const [requestId] = [...ids];
  const queued = live.queue.find((q) => q.id === requestId);
  if (!queued || !entryDoes(queued, action)) return undefined;
  if (!targets.every((t) => queued.serviceIds.includes(t.id) && serviceDoes(live.statuses[t.id] ?? {}, action))) return undefined;
  return configuredAtTargets(live, targets) ? queued.id : undefined;
}
