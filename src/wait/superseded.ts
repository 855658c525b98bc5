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

/** Our request's final state for one service (cached per request and service), or undefined while it cannot be known. */
export async function finalOfRequest(
  client: QoveryClient,
  environmentId: string,
  target: { id: string; requestId?: string },
  cache: Map<string, string>,
  signal: AbortSignal,
  ours?: OurExecution,
): Promise<string | undefined> {
  if (!target.requestId) return undefined;
  const key = `${target.requestId}/${target.id}`;
  const known = cache.get(key);
  if (known) return known;
  const status = await requestStatus(client, target.requestId, signal);
  let final = status && classifyState(status) !== 'pending' ? status : undefined;
  if (!final && ours) final = await historyStatus(client, environmentId, target.id, ours, signal);
  if (final) cache.set(key, final);
  return final;
}

async function requestStatus(client: QoveryClient, requestId: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const body = await client.get<{ status?: unknown }>(`/environment/deploymentStatus?deploymentRequestId=${encodeURIComponent(requestId)}`, { signal });
    return typeof body?.status === 'string' ? body.status : undefined;
  } catch {
    return undefined;
  }
}

/** The service's state in our execution, when the history names it and it is final. */
async function historyStatus(client: QoveryClient, environmentId: string, serviceId: string, ours: OurExecution, signal: AbortSignal): Promise<string | undefined> {
  try {
    const history = await client.get(`/environment/${encodeURIComponent(environmentId)}/deploymentHistoryV2?pageSize=20`, { signal, parse: parseHistory });
    const sent = ours.requests.find((r) => r.some((s) => s.id === serviceId));
    const entry = sent && findOurExecution(ours.before, history, sent);
    const state = entry?.services.find((s) => s.id === serviceId)?.status;
    return state && classifyState(state) !== 'pending' ? state : undefined;
  } catch {
    return undefined;
  }
}
