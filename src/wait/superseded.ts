/**
 * How our request ended for a service that someone else's request has since taken over: its
 * statuses now speak of the other request. Asks `GET /environment/deploymentStatus` for ours; when
 * that does not answer with a usable final state, falls back to our execution's entry in
 * `deploymentHistoryV2`, so the wait ends on our request's real outcome instead of at --timeout.
 */
import type { QoveryClient } from '../qovery/client.js';
import { parseHistory, type LiveState } from '../qovery/live-state.js';
import { findOurExecution, type SentService } from './failure-logs.js';
import { classifyState } from './states.js';

/** The read before sending and what each of our requests sent: enough to find our execution in the history. */
export interface OurExecution {
  before: Pick<LiveState, 'history' | 'readAt'>;
  /** The services of each request, with their versions. */
  requests: readonly (readonly SentService[])[];
}

/** Our request's final state for one service, or undefined while it cannot be known (asked once per poll, until known). */
export async function finalOfRequest(
  client: QoveryClient,
  environmentId: string,
  target: { id: string; requestId: string },
  signal: AbortSignal,
  ours?: OurExecution,
): Promise<string | undefined> {
  const status = await requestStatus(client, target.requestId, signal);
  if (status && classifyState(status) !== 'pending') return status;
  return ours ? historyStatus(client, environmentId, target.id, ours, signal) : undefined;
}

function requestStatus(client: QoveryClient, requestId: string, signal: AbortSignal): Promise<string | undefined> {
  const path = `/environment/deploymentStatus?deploymentRequestId=${encodeURIComponent(requestId)}`;
  // A read that fails says nothing yet: the next poll asks again.
  return client.get<{ status?: unknown } | null>(path, { signal }).then(
    (body) => (typeof body?.status === 'string' ? body.status : undefined),
    () => undefined,
  );
}

/** The service's state in our execution, when the history names it and it is final. */
function historyStatus(client: QoveryClient, environmentId: string, serviceId: string, ours: OurExecution, signal: AbortSignal): Promise<string | undefined> {
  const sent = ours.requests.find((r) => r.some((s) => s.id === serviceId));
  if (!sent) return Promise.resolve(undefined);
  return client.get(`/environment/${encodeURIComponent(environmentId)}/deploymentHistoryV2?pageSize=20`, { signal, parse: parseHistory }).then(
    (history) => {
      // Our execution carries every service we sent, this one included.
      const state = findOurExecution(ours.before, history, sent)?.services.find((s) => s.id === serviceId)!.status;
      return state && classifyState(state) !== 'pending' ? state : undefined;
    },
    () => undefined,
  );
}
