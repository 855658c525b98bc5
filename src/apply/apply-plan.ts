import type { Diagnostic } from '../diagnostics/types.js';
import type { Plan } from '../plan/types.js';
import type { QoveryClient } from '../qovery/client.js';
import { readQueueAndStatuses, readServices, type LiveState } from '../qovery/live-state.js';
import { deadline } from '../timing/deadline.js';
import { readFailureLogs, type FailureLogs, type SentService } from '../wait/failure-logs.js';
import { classifyState } from '../wait/states.js';
import { cancelAndFollow, type CancelReport } from './cancel.js';
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
  /** An interrupt (SIGINT, SIGTERM): stop sending and waiting, and report what is known. */
  signal?: AbortSignal;
  /** Cancel our own requests when the deadline passes (and follow them for up to `cancelWaitMs`). */
  cancelOnTimeout?: boolean;
  /** Cancel our own requests on an interrupt (and follow them for up to `interruptWaitMs`). */
  cancelOnInterrupt?: boolean;
  /** How long to follow a cancel after a timeout. Default: 60 s. */
  cancelWaitMs?: number;
  /** How long a cancel after an interrupt may take in all. Default: 4 s (GitHub kills a job about 7.5 s after SIGTERM). */
  interruptWaitMs?: number;
  onSubmitEvent?: (event: SubmitEvent) => void;
  onState?: WaitOptions['onState'];
  /** Re-reads the environment; default: `readLiveState` through the client. */
  readLive: (signal?: AbortSignal) => Promise<LiveState>;
}

/** How an apply ended, before any exit code is chosen (the CLI maps these). */
export type ApplyStatus = 'no-changes' | 'submitted' | 'deployed' | 'failed' | 'timeout' | 'api-error' | 'interrupted';

export interface ApplyResult {
  status: ApplyStatus;
  submissions: Submission[];
  outcomes: ServiceOutcome[];
  diagnostics: Diagnostic[];
  /** The environment as read after the wait, to verify and report the versions that run now. */
  after?: LiveState;
  /** Qovery's explanation of the services that ended in a failure state, from the deployment logs. */
  failureLogs?: FailureLogs;
  /** What cancelling our requests did (`--cancel-on-timeout`, `--cancel-on-interrupt`). */
  cancel?: CancelReport;
}

/** Reads the deployment logs of the services that ended in *_ERROR or CANCELED, within the run's deadline. */
async function explainFailures(plan: Plan, live: LiveState, client: QoveryClient, outcomes: ServiceOutcome[], options: ApplyOptions): Promise<FailureLogs | undefined> {
  const failedIds = outcomes.filter((o) => o.result === 'failed' && classifyState(o.finalState) === 'failure').map((o) => o.id);
  if (failedIds.length === 0) return undefined;
  const limit = deadline(client.clock, options.deadline - client.clock.now(), options.signal);
  try {
    const details: FailureLogs['details'] = {};
    let first: FailureLogs | undefined;
    // One execution per request: the services of each are looked for together.
    for (const sent of sentOf(plan)) {
      const failed = failedIds.filter((id) => sent.some((s) => s.id === id));
      if (failed.length === 0) continue;
      const read = await readFailureLogs(client, plan.environmentId, live, sent, failed, limit.signal);
      first ??= read;
      if (read.unavailable) return read;
      Object.assign(details, read.details);
    }
    return first && { ...first, details };
  } finally {
    limit.dispose();
  }
}

/** The services of each request with the versions it sends: what tells its execution in the history. */
function sentOf(plan: Plan): SentService[][] {
  const version = new Map(plan.entries.map((e) => [e.id, e.desired.version]));
  return plan.requests.map((r) => r.serviceIds.map((id) => ({ id, ...(version.get(id) ? { version: version.get(id) as string } : {}) })));
}

/**
 * Applies a plan: each request adopted or submitted exactly once, then,
 * unless told not to wait, every deployed service followed to the end of our own request.
 * The whole of it ends at `options.deadline`; an interrupt (`options.signal`) ends it at once.
 * A plan with blocked services must not reach here: the caller refuses it.
 */
export async function applyPlan(plan: Plan, live: LiveState, client: QoveryClient, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.requests.length === 0) return { status: 'no-changes', submissions: [], outcomes: [], diagnostics: [] };
  const policy = { ...DEFAULT_SUBMIT_POLICY, ...options.submit };
  const submissions: Submission[] = [];
  let baseline = live;
  const targetsOfSubmissions = () =>
    submissions.flatMap((s) => s.serviceIds.map((id) => ({ id, ...(s.requestId ? { requestId: s.requestId } : {}), baselineRequestId: live.statuses[id]?.deploymentRequestId ?? null })));
  const interrupted = () => options.signal?.aborted === true;
  // A timeout or an interrupt: cancel our own requests when asked to, then report what is known.
  const stop = async (outcomes: ServiceOutcome[], diagnostics: Diagnostic[]): Promise<ApplyResult> => {
    const status = interrupted() ? 'interrupted' : 'timeout';
    const targets = targetsOfSubmissions();
    const wanted = status === 'interrupted' ? options.cancelOnInterrupt : options.cancelOnTimeout;
    if (!wanted || !targets.some((t) => t.requestId)) return { status, submissions, outcomes, diagnostics };
    const budget = status === 'interrupted' ? (options.interruptWaitMs ?? 4000) : (options.cancelWaitMs ?? 60_000);
    const cancel = await cancelAndFollow(client, plan.environmentId, targets, status === 'interrupted' ? 'interrupt' : 'timeout', budget, options.poll);
    const after = new Map(cancel.outcomes.filter((o) => o.result !== 'timeout' || o.finalState !== 'UNKNOWN').map((o) => [o.id, o]));
    return { status, submissions, outcomes: outcomes.map((o) => after.get(o.id) ?? o), diagnostics, cancel };
  };

  // Submitting (reads to reconcile, waits before a resend) also ends at the run's deadline.
  const limit = deadline(client.clock, options.deadline - client.clock.now(), options.signal);
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
      if (result.status === 'timeout') return await stop([], result.diagnostic ? [result.diagnostic] : []);
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
    if (limit.signal.aborted) return await stop([], []);
    throw error;
  } finally {
    limit.dispose();
  }
  if (options.wait === false) return { status: 'submitted', submissions, outcomes: [], diagnostics: [] };

  const waited = await waitForRequest(client, plan.environmentId, targetsOfSubmissions(), {
    deadline: options.deadline,
    ...options.poll,
    ours: { before: live, requests: sentOf(plan) },
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onState ? { onState: options.onState } : {}),
  });
  if (waited.refused) return { status: 'api-error', submissions, outcomes: waited.outcomes, diagnostics: [waited.refused] };
  if (waited.interrupted) return stop(waited.outcomes, []);
  if (waited.timedOut) {
    if (waited.lastPollError) return { status: 'api-error', submissions, outcomes: waited.outcomes, diagnostics: [waited.lastPollError] };
    return stop(waited.outcomes, []);
  }
  // DEPLOYED is not enough: the service must run the version we asked for.
  // Read within the deadline too; an interrupt or the deadline here leaves the outcome as followed so far.
  const verify = deadline(client.clock, options.deadline - client.clock.now(), options.signal);
  let after: LiveState;
  try {
    after = await options.readLive(verify.signal);
  } catch (error) {
    if (verify.signal.aborted) return stop(waited.outcomes, []);
    throw error;
  } finally {
    verify.dispose();
  }
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
