import type { LiveState } from '../qovery/live-state.js';
import { DEPLOY_ACTION, entryDoes, serviceDoes, type RequestAction } from './actions.js';
import { configuredAtTargets, type Target } from './targets.js';

/** What a fresh read says about an ambiguous POST. */
export type Landing =
  /** Our request is there; `requestId` when it can be named. */
  | { landed: true; requestId?: string; evidence: string }
  | { landed: false };

/**
 * Did a POST whose answer was lost land? (pure). Compares a fresh read with the
 * read taken before sending, looking everywhere a landed request shows, since a fast deployment
 * may already have left the queue: a new queued request that lists our targets; our targets'
 * `deployment_request_id` moved to one new request; a new history entry deploying our versions;
 * the configured versions turned to ours. Each counts only when it does what our request does
 * (`action`): a dry run, a terraform plan, a restart or a stop at our versions is not our landing.
 */
export function findLanding(before: LiveState, after: LiveState, targets: readonly Target[], action: RequestAction = DEPLOY_ACTION): Landing {
  const ids = targets.map((t) => t.id);
  const oldQueue = new Set(before.queue.map((q) => q.id));
  const queued = after.queue.find((q) => !oldQueue.has(q.id) && entryDoes(q, action) && ids.every((id) => q.serviceIds.includes(id)));
  // A queue entry names no versions: it is ours only if the configuration (which Qovery sets when
  // it accepts a request) carries our versions; someone else's deploy of other versions is not.
  if (queued && configuredAtTargets(after, targets)) return { landed: true, requestId: queued.id, evidence: 'a new request in the deployment queue lists our services' };

  // What the targets' statuses say they are doing now: a restart or a plan moves the request id too.
  const statusesAgree = ids.every((id) => {
    const status = after.statuses[id];
    return status === undefined || serviceDoes(status, action);
  });
  const moved = new Set(ids.map((id) => after.statuses[id]?.deploymentRequestId ?? null));
  const [newId] = [...moved];
  const wasOld = ids.some((id) => (before.statuses[id]?.deploymentRequestId ?? null) === newId);
  const inQueue = after.queue.find((q) => q.id === newId);
  if (moved.size === 1 && newId && !wasOld && statusesAgree && (!inQueue || entryDoes(inQueue, action)) && configuredAtTargets(after, targets)) {
    return { landed: true, requestId: newId, evidence: 'every service now follows one new deployment request' };
  }

  const oldRuns = new Set(before.history.map((h) => h.executionId));
  const ran = after.history.find(
    (h) =>
      !oldRuns.has(h.executionId) &&
      entryDoes(h, action) &&
      targets.every((t) =>
        h.services.some((s) => s.id === t.id && serviceDoes(s, action) && (t.version === undefined || s.version?.toLowerCase() === t.version.toLowerCase())),
      ),
  );
  if (ran) {
    const id = newIdOf(before, after, ids);
    return { landed: true, ...(id ? { requestId: id } : {}), evidence: `deployment ${ran.executionId} in the history deploys our versions` };
  }

  // Qovery writes the requested versions into the configuration when it accepts a request.
  if (statusesAgree && !configuredAtTargets(before, targets) && configuredAtTargets(after, targets)) {
    const id = newIdOf(before, after, ids);
    return { landed: true, ...(id ? { requestId: id } : {}), evidence: 'the services are now configured at our versions' };
  }
  return { landed: false };
}

function newIdOf(before: LiveState, after: LiveState, ids: readonly string[]): string | undefined {
  for (const id of ids) {
    const now = after.statuses[id]?.deploymentRequestId;
    if (now && now !== before.statuses[id]?.deploymentRequestId) return now;
  }
  return undefined;
}
