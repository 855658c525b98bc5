import type { Diagnostic } from '../diagnostics/types.js';
import { isQoveryDeployError } from '../diagnostics/error.js';
import type { QoveryClient } from '../qovery/client.js';
import { parseStatuses, type LiveStatus } from '../qovery/live-state.js';
import { deadline } from '../timing/deadline.js';
import { classifyState, isKnownState } from './states.js';
import { finalOfRequest, type OurExecution } from './superseded.js';


/** One service to follow, and how to recognise the request we care about. */
export interface WaitTarget {
  id: string;
  /** Our deployment request; undefined when the API accepted without naming it. */
  requestId?: string;
  /** The service's request id before we submitted: a different one means ours (when ours has no id). */
  baselineRequestId: string | null;
}

/** How a followed service ended. */
export interface ServiceOutcome {
  id: string;
  result: 'deployed' | 'failed' | 'timeout';
  finalState: string;
  /** Milliseconds since waiting started, when it reached its final state. */
  finishedAfterMs?: number;
  requestId?: string;
}

export interface WaitOptions {
  /** First poll interval. Default: 1 s. */
  pollInitialMs?: number;
  /** Longest poll interval. Default: 10 s. */
  pollMaxMs?: number;
  /** Growth of the interval per poll. Default: 1.5. */
  pollFactor?: number;
  /** When waiting ends, deployed or not (ms since epoch). */
  deadline: number;
  signal?: AbortSignal;
  /** What tells our execution in the history, when another request takes a service over. */
  ours?: OurExecution;
  /** Called when a service changes state, and once for a state this version does not know. */
  onState?: (event: { id: string; state: string; previous?: string; unknown?: boolean; atMs: number }) => void;
}

export interface WaitResult {
  outcomes: ServiceOutcome[];
  timedOut: boolean;
  /** The API refused the polls (401/403/404): waiting stopped. */
  refused?: Diagnostic;
  /** The caller's signal (an interrupt) stopped the wait before every service ended. */
  interrupted?: boolean;
  /** The last poll failed even after retries (network, 5xx): reported if the wait then times out. */
  lastPollError?: Diagnostic;
}

/** A poll refused for good: waiting longer cannot help. */
function refused(code: string): boolean {
  return ['API_UNAUTHORIZED', 'API_FORBIDDEN', 'API_NOT_FOUND', 'API_BAD_REQUEST', 'API_REDIRECT'].includes(code);
}

/**
 * Follows our own request per service (not the environment's last state, which may be someone
 * else's), polling `GET /environment/{id}/statuses` once per round for all services: often at
 * first, less often later. DEPLOYED is success, *_ERROR and CANCELED are failures, anything else
 * keeps waiting. A failed poll is retried and never read as success.
 */
export async function waitForRequest(client: QoveryClient, environmentId: string, targets: readonly WaitTarget[], options: WaitOptions): Promise<WaitResult> {
  const clock = client.clock;
  const started = clock.now();
  const pending = new Map(targets.map((t) => [t.id, t]));
  const outcomes = new Map<string, ServiceOutcome>();
  const lastState = new Map<string, string>();
  const seenUnknown = new Set<string>();
  let interval = options.pollInitialMs ?? 1000;
  let lastPollError: Diagnostic | undefined;

  const record = (target: WaitTarget, state: string, atMs: number): void => {
    outcomes.set(target.id, {
      id: target.id,
      result: classifyState(state) === 'success' ? 'deployed' : 'failed',
      finalState: state,
      finishedAfterMs: atMs,
      ...(target.requestId ? { requestId: target.requestId } : {}),
    });
    lastState.set(target.id, state);
    pending.delete(target.id);
  };

  const follow = async (statuses: Record<string, LiveStatus>, signal: AbortSignal): Promise<void> => {
    for (const target of [...pending.values()]) {
      const status = statuses[target.id];
      if (!status) continue;
      const atMs = clock.now() - started;
      const ours = target.requestId ? status.deploymentRequestId === target.requestId : status.deploymentRequestId !== target.baselineRequestId;
      if (!ours) {
        // Another request has since taken the service: ask how ours ended. (Without our id, any new request counts as ours.)
        // Stryker disable next-line ConditionalExpression: equivalent, without our id a status is either ours or still the baseline's
        if (target.requestId && status.deploymentRequestId !== target.baselineRequestId) {
          const final = await finalOfRequest(client, environmentId, { id: target.id, requestId: target.requestId }, signal, options.ours);
          if (final) record(target, final, atMs);
        }
        continue;
      }
      const previous = lastState.get(target.id);
      if (previous !== status.state) {
        lastState.set(target.id, status.state);
        options.onState?.({ id: target.id, state: status.state, ...(previous ? { previous } : {}), atMs });
      }
      if (!isKnownState(status.state) && !seenUnknown.has(status.state)) {
        seenUnknown.add(status.state);
        options.onState?.({ id: target.id, state: status.state, unknown: true, atMs });
      }
      if (classifyState(status.state, status.actionStatus) !== 'pending') record(target, status.state, atMs);
    }
  };

  while (pending.size > 0 && !options.signal?.aborted) {
    const remaining = options.deadline - clock.now();
    if (remaining <= 0) break;
    // The deadline also cuts a poll that is still retrying, so the run ends on time.
    const poll = deadline(clock, remaining, options.signal);
    try {
      const statuses = await client.get(`/environment/${encodeURIComponent(environmentId)}/statuses`, { signal: poll.signal, parse: parseStatuses });
      lastPollError = undefined;
      await follow(statuses, poll.signal);
    } catch (error) {
      // Interrupted: stop waiting and hand back what is known.
      if (options.signal?.aborted) break;
      if (!isQoveryDeployError(error)) {
        // Our own deadline cut the poll short: that is a timeout, not a failure.
        if (poll.signal.aborted) break;
        throw error;
      }
      const d = error.diagnostics[0];
      if (d && refused(d.code)) return { outcomes: finish(targets, outcomes, lastState), timedOut: false, refused: d };
      lastPollError = d;
    } finally {
      poll.dispose();
    }
    if (pending.size === 0) break;

    // Never past the deadline (the loop's condition then ends the wait); an interrupt ends the pause early.
    await clock.sleep(Math.min(interval, options.deadline - clock.now()), options.signal).catch(() => {});
    interval = Math.min(options.pollMaxMs ?? 10_000, Math.round(interval * (options.pollFactor ?? 1.5)));
  }

  const interrupted = pending.size > 0 && options.signal?.aborted === true;
  return {
    outcomes: finish(targets, outcomes, lastState),
    timedOut: pending.size > 0 && !interrupted,
    ...(interrupted ? { interrupted } : {}),
    // Cleared by every poll that succeeds, and every service ends on one: set only while some still wait.
    ...(lastPollError ? { lastPollError } : {}),
  };
}

function finish(targets: readonly WaitTarget[], outcomes: Map<string, ServiceOutcome>, lastState: Map<string, string>): ServiceOutcome[] {
  return targets.map(
    (t) =>
      outcomes.get(t.id) ?? { id: t.id, result: 'timeout', finalState: lastState.get(t.id) ?? 'UNKNOWN', ...(t.requestId ? { requestId: t.requestId } : {}) },
  );
}
