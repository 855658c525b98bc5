import type { Diagnostic } from '../diagnostics/types.js';
import type { Plan } from '../plan/types.js';
import type { QoveryClient } from '../qovery/client.js';
import { readQueueAndStatuses, readServices, type LiveState } from '../qovery/live-state.js';
import { deadline } from '../qovery/signals.js';
import { readFailureLogs, type FailureLogs } from '../wait/failure-logs.js';
import { classifyState } from '../wait/states.js';
import { waitForRequest, type ServiceOutcome, type WaitOptions } from '../wait/wait-for-request.js';
import { DEFAULT_SUBMIT_POLICY, submitRequest, type SubmitEvent, type SubmitPolicy } from './submit.js';
import { targetsOf } from './targets.js';


/** A request that Qovery accepted (or that we adopted): what we wait on. */
export interface Submission {
  path: string;
  serviceIds: string[];
  requestId?: string;
  how: 'posted' | 'adopted' | 'reconciled';
  sends: number;
}

export interface ApplyOptions {
  /** Wait for the outcome. Default: true. */
  wait?: boolean;
  /** When the whole apply must end (ms since epoch). */
  deadline: number;
  submit?: Partial<SubmitPolicy>;
  poll?: Pick<WaitOptions, 'pollInitialMs' | 'pollMaxMs' | 'pollFactor'>;
  signal?: AbortSignal;
  onSubmitEvent?: (event: SubmitEvent) => void;
  onState?: WaitOptions['onState'];
  /** Re-reads the environment; default: `readLiveState` through the client. */
  readLive: (signal?: AbortSignal) => Promise<LiveState>;
}

/** How an apply ended, before any exit code is chosen (the CLI maps these). */
export type ApplyStatus = 'no-changes' | 'submitted' | 'deployed' | 'failed' | 'timeout' | 'api-error';

export interface ApplyResult {
  status: ApplyStatus;
  submissions: Submission[];
  outcomes: ServiceOutcome[];
  diagnostics: Diagnostic[];
  /** The environment as read after the wait, to verify and report the versions that run now. */
  after?: LiveState;
  /** Qovery's explanation of the services that ended in a failure state, from the deployment logs. */
  failureLogs?: FailureLogs;
}

/** Reads the deployment logs of the services that ended in *_ERROR or CANCELED, within the run's deadline. */
async function explainFailures(plan: Plan, live: LiveState, client: QoveryClient, outcomes: ServiceOutcome[], options: ApplyOptions): Promise<FailureLogs | undefined> {
  const failedIds = outcomes.filter((o) => o.result === 'failed' && classifyState(o.finalState) === 'failure').map((o) => o.id);
  if (failedIds.length === 0) return undefined;
  const sent = plan.entries.filter((e) => e.action === 'deploy').map((e) => ({ id: e.id, ...(e.desired.version ? { version: e.desired.version } : {}) }));
  const limit = deadline(options.deadline - Date.now(), options.signal);
  try {
    return await readFailureLogs(client, plan.environmentId, live, sent, failedIds, limit.signal);
  } finally {
    limit.dispose();
  }
}

/**
 * Applies a plan: each request adopted or submitted exactly once, then,
 * unless told not to wait, every deployed service followed to the end of our own request.
 * A plan with blocked services must not reach here: the caller refuses it.
 */
export async function applyPlan(plan: Plan, live: LiveState, client: QoveryClient, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.requests.length === 0) return { status: 'no-changes', submissions: [], outcomes: [], diagnostics: [] };
  const policy = { ...DEFAULT_SUBMIT_POLICY, ...options.submit };
  const submissions: Submission[] = [];
  let baseline = live;

  // Submitting (reads to reconcile, waits before a resend) also ends at the run's deadline.
  const limit = deadline(options.deadline - Date.now(), options.signal);
  try {
    for (const request of plan.requests) {
      const result = await submitRequest(request, targetsOf(request, plan), baseline, {
        client,
        readLive: options.readLive,
        readRecent: (signal) => readQueueAndStatuses(client, plan.environmentId, signal ? { signal } : {}),
        readServices: (signal) => readServices(client, plan.environmentId, signal ? { signal } : {}),
        policy,
        deadline: options.deadline,
        signal: limit.signal,
        ...(options.onSubmitEvent ? { onEvent: options.onSubmitEvent } : {}),
      });
      if (result.status === 'refused' || result.status === 'unknown') {
        return { status: 'api-error', submissions, outcomes: [], diagnostics: [result.diagnostic] };
      }
      if (result.status === 'timeout') return { status: 'timeout', submissions, outcomes: [], diagnostics: [] };
      submissions.push({
        path: request.path,
        serviceIds: [...request.serviceIds],
        ...(result.requestId ? { requestId: result.requestId } : {}),
        how: result.how,
        sends: result.sends,
      });
      // A later request (a terraform action) must not mistake the first one for its own landing.
      if (plan.requests.length > 1) baseline = await options.readLive(limit.signal);
    }
  } catch (error) {
    if (limit.signal.aborted && !options.signal?.aborted) return { status: 'timeout', submissions, outcomes: [], diagnostics: [] };
    throw error;
  } finally {
    limit.dispose();
  }
  if (options.wait === false) return { status: 'submitted', submissions, outcomes: [], diagnostics: [] };

  const targets = submissions.flatMap((s) =>
    s.serviceIds.map((id) => ({ id, ...(s.requestId ? { requestId: s.requestId } : {}), baselineRequestId: live.statuses[id]?.deploymentRequestId ?? null })),
  );
  const waited = await waitForRequest(client, plan.environmentId, targets, {
    deadline: options.deadline,
    ...options.poll,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onState ? { onState: options.onState } : {}),
  });
  if (waited.refused) return { status: 'api-error', submissions, outcomes: waited.outcomes, diagnostics: [waited.refused] };
  if (waited.timedOut) {
    return { status: waited.lastPollError ? 'api-error' : 'timeout', submissions, outcomes: waited.outcomes, diagnostics: waited.lastPollError ? [waited.lastPollError] : [] };
  }
  // DEPLOYED is not enough: the service must run the version we asked for.
  const after = await options.readLive(options.signal);
  const wanted = new Map(plan.entries.map((e) => [e.id, e.desired.version]));
  const outcomes = waited.outcomes.map((o): ServiceOutcome => {
    const version = wanted.get(o.id);
    const running = after.services.find((s) => s.id === o.id)?.version;
    if (o.result === 'deployed' && version !== undefined && running?.toLowerCase() !== version.toLowerCase()) {
      return { ...o, result: 'failed', finalState: `DEPLOYED at ${running ?? 'an unknown version'}` };
    }
    return o;
  });
  const failed = outcomes.some((o) => o.result !== 'deployed');
  if (!failed) return { status: 'deployed', submissions, outcomes, diagnostics: [], after };
  const failureLogs = await explainFailures(plan, live, client, outcomes, options);
  return { status: 'failed', submissions, outcomes, diagnostics: [], after, ...(failureLogs ? { failureLogs } : {}) };
}
