/**
 * Stopping what we started: `POST /deploymentQueue/{deploymentRequestId}/cancelDeployment` for each
 * of our own requests (never the environment-wide cancel, which would stop someone else's), then a
 * bounded wait for the services of each request whose cancel was accepted to reach their final
 * state (CANCELED, or whatever they ended in).
 */
import type { QoveryClient } from '../qovery/client.js';
import { deadline } from '../timing/deadline.js';
import { waitForRequest, type ServiceOutcome, type WaitOptions, type WaitTarget } from '../wait/wait-for-request.js';

/** How one cancel call ended. */
export interface CancelResult {
  requestId: string;
  /** `requested`: 202; `finished`: 409, already finished or being cancelled (reported, not an error); `failed`: anything else. */
  result: 'requested' | 'finished' | 'failed';
  detail?: string;
}

/** What a cancel did: each call, and each service's state once the wait for it ended. */
export interface CancelReport {
  /** Why it was done. */
  reason: 'timeout' | 'interrupt';
  calls: CancelResult[];
  outcomes: ServiceOutcome[];
}

/** Cancels each of our requests once; never throws for an API failure. */
export async function cancelRequests(client: QoveryClient, requestIds: readonly string[], signal?: AbortSignal): Promise<CancelResult[]> {
  const results: CancelResult[] = [];
  for (const requestId of new Set(requestIds)) {
    const outcome = await client.post(`/deploymentQueue/${encodeURIComponent(requestId)}/cancelDeployment`, {}, signal ? { signal } : {});
    switch (outcome.type) {
      case 'accepted':
      case 'accepted-unreadable':
        results.push({ requestId, result: 'requested' });
        break;
      case 'not-processed':
        if (outcome.status === 409) results.push({ requestId, result: 'finished', detail: 'already finished or being cancelled' });
        else results.push({ requestId, result: 'failed', detail: outcome.reason });
        break;
      case 'ambiguous':
        results.push({ requestId, result: 'failed', detail: outcome.reason });
        break;
      case 'rejected':
        results.push({ requestId, result: 'failed', detail: outcome.diagnostic.summary });
        break;
    }
  }
  return results;
}

/**
 * Cancels our requests and follows their services for at most `budgetMs` (60 s after a timeout,
 * less after an interrupt: the CI runner kills the job soon after SIGTERM).
 */
export async function cancelAndFollow(
  client: QoveryClient,
  environmentId: string,
  targets: readonly WaitTarget[],
  reason: CancelReport['reason'],
  budgetMs: number,
  poll: Pick<WaitOptions, 'pollInitialMs' | 'pollMaxMs' | 'pollFactor'> = {},
): Promise<CancelReport> {
  const until = client.clock.now() + budgetMs;
  const limit = deadline(client.clock, budgetMs);
  try {
    const ids = targets.flatMap((t) => (t.requestId ? [t.requestId] : []));
    const calls = await cancelRequests(client, ids, limit.signal);
    const followed = targets.filter((t) => t.requestId && calls.some((c) => c.requestId === t.requestId && c.result === 'requested'));
    const waited = followed.length > 0 ? await waitForRequest(client, environmentId, followed, { ...poll, pollMaxMs: Math.min(poll.pollMaxMs ?? 2000, 2000), deadline: until, signal: limit.signal }) : undefined;
    return { reason, calls, outcomes: waited?.outcomes ?? [] };
  } finally {
    limit.dispose();
  }
}
