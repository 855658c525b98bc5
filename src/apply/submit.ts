import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { PostOutcome, QoveryClient } from '../qovery/client.js';
import { isQoveryDeployError } from '../diagnostics/error.js';
import type { LiveService, LiveState } from '../qovery/live-state.js';
import { maybeString, needObject, needString, ShapeError } from '../qovery/shape.js';
import { backoffDelay, parseRetryAfter } from '../timing/retry.js';
import type { DeployRequest } from '../types.js';
import { actionOf, type RequestAction } from './actions.js';
import { findAdoptableRequest } from './adopt.js';
import { findLanding, type Landing } from './reconcile.js';
import type { Target } from './targets.js';

/** Bounds of the submission loop. */
export interface SubmitPolicy {
  /** At most this many POSTs of one request, each resend preceded by proof that nothing landed. Default: 6. */
  maxSends: number;
  /** Reads made after an ambiguous failure before concluding that nothing landed. Default: 3. */
  settleReads: number;
  /** Pause between those reads (queue visibility may lag). Default: 1 s. */
  settleMs: number;
  /** Backoff between sends (full jitter). Default: 1 s doubling to 15 s. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A `Retry-After` above this is not waited for. Default: 60 s. */
  retryAfterCapMs: number;
}

export const DEFAULT_SUBMIT_POLICY: SubmitPolicy = {
  maxSends: 6,
  settleReads: 3,
  settleMs: 1000,
  backoffBaseMs: 1000,
  backoffCapMs: 15_000,
  retryAfterCapMs: 60_000,
};

/** Something worth a line in the progress log. */
export type SubmitEvent =
  /** `raced`: found by the re-read just before a POST (another run queued it meanwhile, or our earlier attempt landed late). */
  | { type: 'adopted'; requestId: string; path: string; raced?: 'before-post' | 'before-resend' }
  | { type: 'sent'; path: string; attempt: number; outcome: PostOutcome['type']; detail?: string; requestId?: string }
  | { type: 'reconciled'; path: string; landed: boolean; evidence?: string; requestId?: string }
  | { type: 'waiting'; path: string; ms: number; reason: string };

export type SubmitResult =
  | { status: 'submitted'; requestId?: string; how: 'posted' | 'adopted' | 'reconciled'; sends: number }
  | { status: 'refused'; diagnostic: Diagnostic; sends: number }
  | { status: 'unknown'; diagnostic: Diagnostic; sends: number }
  /** The deadline passed (or the run was interrupted); `diagnostic` when a POST whose answer was lost may have landed. */
  | { status: 'timeout'; sends: number; diagnostic?: Diagnostic };

export interface SubmitContext {
  client: QoveryClient;
  /** Re-reads the environment (services, statuses, queue, history). */
  readLive: (signal?: AbortSignal) => Promise<LiveState>;
  /** The cheap re-read made just before each POST: the queue and the statuses (two calls). */
  readRecent: (signal?: AbortSignal) => Promise<Pick<LiveState, 'queue' | 'statuses'>>;
  /** The configured versions, read before a POST only when the re-read shows a new request on our services. */
  readServices: (signal?: AbortSignal) => Promise<LiveService[]>;
  policy: SubmitPolicy;
  /** When the whole run must end (ms since epoch). */
  deadline: number;
  signal?: AbortSignal;
  onEvent?: (event: SubmitEvent) => void;
  random?: () => number;
}

/**
 * Gets one request accepted exactly once. Adopts an identical request that
 * is already queued or running. Otherwise POSTs; after a failure that proves nothing was processed
 * (refused connection, 409) it waits and sends again; after an ambiguous one (reset, deadline,
 * 5xx, 429, a cut-off answer) it first reads the environment to see whether the request landed,
 * and sends again only when it did not.
 */
export async function submitRequest(request: DeployRequest, targets: readonly Target[], baseline: LiveState, ctx: SubmitContext): Promise<SubmitResult> {
  const action = actionOf(request);
  const adoptable = findAdoptableRequest(baseline, targets, action);
  if (adoptable) {
    ctx.onEvent?.({ type: 'adopted', requestId: adoptable, path: request.path });
    return { status: 'submitted', requestId: adoptable, how: 'adopted', sends: 0 };
  }

  let before = baseline;
  let sends = 0;
  let lastReason = '';
  // The run's deadline (or an interrupt) ended the submission: after an ambiguous POST, say the request may be queued.
  const cutOff = (): SubmitResult => ({
    status: 'timeout',
    sends,
    ...(lastReason === '' ? {} : { diagnostic: outcomeUnknown(request, baseline, sends, lastReason, ctx.signal?.aborted && ctx.client.clock.now() < ctx.deadline ? 'the run was interrupted first' : '--timeout was reached first') }),
  });
  // After an ambiguous POST, a read we could not trust is no proof that nothing landed: stop, and say the request may be queued.
  const maybeQueued = (error: unknown): SubmitResult => {
    if (ctx.signal?.aborted) return cutOff();
    if (!isQoveryDeployError(error) || lastReason === '') throw error;
    return { status: 'unknown', diagnostic: outcomeUnknown(request, baseline, sends, lastReason, error.diagnostics[0]?.summary ?? String(error)), sends };
  };
  while (sends < ctx.policy.maxSends) {
    // Past the deadline, or interrupted, nothing more is sent.
    if (ctx.client.clock.now() >= ctx.deadline || ctx.signal?.aborted) return cutOff();
    // Another run may have queued the same deployment since we read: look once more, just before sending.
    let raced: string | undefined;
    try {
      raced = await queuedMeanwhile(targets, before, action, ctx);
    } catch (error) {
      return maybeQueued(error);
    }
    if (raced) {
      ctx.onEvent?.({ type: 'adopted', requestId: raced, path: request.path, raced: sends === 0 ? 'before-post' : 'before-resend' });
      return { status: 'submitted', requestId: raced, how: 'adopted', sends };
    }
    const outcome = checkedAnswer(await ctx.client.post(request.path, request.body, ctx.signal ? { signal: ctx.signal } : {}));
    const answeredAt = ctx.client.clock.now();
    sends++;
    const acceptedId = outcome.type === 'accepted' ? requestIdOf(outcome.body) : undefined;
    ctx.onEvent?.({ type: 'sent', path: request.path, attempt: sends, outcome: outcome.type, ...detailOf(outcome), ...(acceptedId ? { requestId: acceptedId } : {}) });

    switch (outcome.type) {
      case 'accepted':
      case 'accepted-unreadable': {
        if (acceptedId) return { status: 'submitted', requestId: acceptedId, how: 'posted', sends };
        // Accepted, but the id is missing (documented as nullable) or unreadable: find it as a lost answer would be found.
        // It was accepted for sure, so a read that fails here only loses the id.
        const settled = await settle(request, targets, before, action, ctx).catch((error: unknown) => {
          if (isQoveryDeployError(error) || ctx.signal?.aborted) return undefined;
          throw error;
        });
        const found = settled?.landing.landed && settled.landing.requestId ? { requestId: settled.landing.requestId } : {};
        return { status: 'submitted', ...found, how: outcome.type === 'accepted' ? 'posted' : 'reconciled', sends };
      }
      case 'rejected':
        return { status: 'refused', diagnostic: outcome.diagnostic, sends };
      case 'not-processed': {
        // Nothing landed; the re-read at the top of the loop adopts what another run may have queued meanwhile.
        const waited = await waitBeforeResend(request, outcome, answeredAt, sends, ctx);
        if (waited) return { ...waited, sends };
        break;
      }
      case 'ambiguous': {
        lastReason = outcome.reason;
        // Cut off while sending: there is no time left to read whether it landed.
        if (ctx.signal?.aborted) return cutOff();
        let settled: { landing: Landing; last: LiveState };
        try {
          settled = await settle(request, targets, before, action, ctx);
        } catch (error) {
          return maybeQueued(error);
        }
        const { landing, last } = settled;
        if (landing.landed) return { status: 'submitted', ...(landing.requestId ? { requestId: landing.requestId } : {}), how: 'reconciled', sends };
        before = last;
        const waited = await waitBeforeResend(request, outcome, answeredAt, sends, ctx);
        if (waited) return { ...waited, sends };
        break;
      }
    }
  }
  return {
    status: 'unknown',
    diagnostic: diagnostic('API_UNREACHABLE', { url: request.path, reason: `the deploy request was not accepted after ${sends} attempts, and none of them landed` }),
    sends,
  };
}

/**
 * The request id that another run (or a late landing of ours) queued with our versions since
 * `since` was read, if any. Qovery has no idempotency key, so this narrows the race between two
 * applies to the time between this read and the POST; it cannot close it: CI must still serialise applies.
 * Two calls, plus the services when the queue or the statuses show a new request on our services.
 */
async function queuedMeanwhile(targets: readonly Target[], since: LiveState, action: RequestAction, ctx: SubmitContext): Promise<string | undefined> {
  const recent = await ctx.readRecent(ctx.signal);
  const ids = targets.map((t) => t.id);
  const known = new Set(since.queue.map((q) => q.id));
  const moved = ids.some((id) => (recent.statuses[id]?.deploymentRequestId ?? null) !== (since.statuses[id]?.deploymentRequestId ?? null));
  const queued = recent.queue.some((q) => !known.has(q.id) && ids.some((id) => q.serviceIds.includes(id)));
  if (!moved && !queued) return undefined;
  const now: LiveState = { ...since, ...recent, services: await ctx.readServices(ctx.signal) };
  const landing = findLanding(since, now, targets, action);
  return findAdoptableRequest(now, targets, action) ?? (landing.landed ? landing.requestId : undefined);
}

/** Exit 5 after an ambiguous POST when the environment could not be read to see whether it landed. */
function outcomeUnknown(request: DeployRequest, baseline: LiveState, sends: number, sent: string, read: string): Diagnostic {
  return diagnostic('DEPLOY_OUTCOME_UNKNOWN', { path: request.path, environmentId: baseline.environmentId, services: request.serviceIds, sends, sent, read });
}

/** Reads the environment up to `settleReads` times until the request shows up. */
async function settle(request: DeployRequest, targets: readonly Target[], before: LiveState, action: RequestAction, ctx: SubmitContext): Promise<{ landing: Landing; last: LiveState }> {
  let last = before;
  for (let read = 0; read < ctx.policy.settleReads; read++) {
    if (read > 0) await ctx.client.clock.sleep(ctx.policy.settleMs, ctx.signal);
    last = await ctx.readLive(ctx.signal);
    const landing = findLanding(before, last, targets, action);
    if (landing.landed) {
      ctx.onEvent?.({ type: 'reconciled', path: request.path, landed: true, evidence: landing.evidence, ...(landing.requestId ? { requestId: landing.requestId } : {}) });
      return { landing, last };
    }
  }
  ctx.onEvent?.({ type: 'reconciled', path: request.path, landed: false });
  // Stryker disable next-line ObjectLiteral: equivalent, `{}` reads as not landed too (only `landed` is tested)
  return { landing: { landed: false }, last };
}

/** Waits before the next send: the server's `Retry-After` (counted from its answer) or full-jitter backoff. */
async function waitBeforeResend(
  request: DeployRequest,
  outcome: { retryAfter?: string; reason: string },
  answeredAt: number,
  sends: number,
  ctx: SubmitContext,
): Promise<{ status: 'unknown'; diagnostic: Diagnostic } | { status: 'timeout' } | undefined> {
  const clock = ctx.client.clock;
  const asked = parseRetryAfter(outcome.retryAfter, answeredAt);
  let until: number;
  if (asked === undefined) until = clock.now() + backoffDelay(sends, { baseMs: ctx.policy.backoffBaseMs, capMs: ctx.policy.backoffCapMs }, ctx.random);
  else if (asked > ctx.policy.retryAfterCapMs) {
    return {
      status: 'unknown',
      diagnostic: diagnostic('API_RETRY_AFTER_TOO_LONG', { path: request.path, seconds: Math.round(asked / 1000), capSeconds: Math.round(ctx.policy.retryAfterCapMs / 1000) }),
    };
  } else until = answeredAt + asked;
  const ms = Math.max(0, until - clock.now());
  if (clock.now() + ms >= ctx.deadline) return { status: 'timeout' };
  ctx.onEvent?.({ type: 'waiting', path: request.path, ms, reason: outcome.reason });
  await clock.sleep(ms, ctx.signal);
  return undefined;
}

/**
 * `deployment_request_id` of an `EnvironmentStatus` (batch) or `Status` (terraform) answer (the id
 * is nullable). Throws a `ShapeError` when the answer is neither: no `id` or `state`, both required.
 */
export function requestIdOf(body: unknown): string | undefined {
  const answer = needObject(body, 'the answer');
  needString(answer.id, 'id');
  needString(answer.state, 'state');
  return maybeString(answer.deployment_request_id, 'deployment_request_id');
}

/**
 * A 2xx whose body is not the documented answer may not come from Qovery at all (a proxy's
 * maintenance page answering 200): it proves nothing, so it is reconciled like a lost answer.
 */
function checkedAnswer(outcome: PostOutcome): PostOutcome {
  if (outcome.type !== 'accepted') return outcome;
  try {
    requestIdOf(outcome.body);
    return outcome;
  } catch (error) {
    // requestIdOf throws nothing but ShapeErrors.
    return { type: 'ambiguous', status: outcome.status, reason: `HTTP ${outcome.status}, but not Qovery's answer: ${(error as ShapeError).message}` };
  }
}

function detailOf(outcome: PostOutcome): { detail?: string } {
  switch (outcome.type) {
    case 'accepted':
    case 'accepted-unreadable':
      return { detail: `HTTP ${outcome.status}` };
    case 'not-processed':
    case 'ambiguous':
      return { detail: outcome.reason };
    case 'rejected':
      return { detail: outcome.diagnostic.summary };
  }
}
