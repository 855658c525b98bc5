import { applyPlan } from '../apply/apply-plan.js';
import type { SubmitEvent, SubmitPolicy } from '../apply/submit.js';
import { diagnostic, exitClassOf } from '../diagnostics/codes.js';
import { diagnosticsOf } from '../diagnostics/error.js';
import { liveFacts } from '../plan/plan-deployment.js';
import type { Plan, PlanOptions } from '../plan/types.js';
import { liveChanges, type SavedPlan } from '../plan/saved.js';
import { readLiveState, type LiveState } from '../qovery/live-state.js';
import { deadline } from '../timing/deadline.js';
import type { WaitOptions } from '../wait/wait-for-request.js';
import type { AppliedFile, FileStatus, PlannedFile } from '../results.js';
import { blockedDiagnostics, planPrepared, prepareFile, type DeployContext } from './plan-file.js';

export interface ApplyFileOptions extends PlanOptions {
  dryRun?: boolean;
  wait?: boolean;
  /** How long the whole apply may take, in ms. Default: 30 minutes. */
  timeoutMs?: number;
  submit?: Partial<SubmitPolicy>;
  poll?: Pick<WaitOptions, 'pollInitialMs' | 'pollMaxMs' | 'pollFactor'>;
  onSubmitEvent?: (event: SubmitEvent) => void;
  onState?: WaitOptions['onState'];
  /** Cancel our own requests when --timeout passes (`--cancel-on-timeout`), or on an interrupt (`--cancel-on-interrupt`). */
  cancelOnTimeout?: boolean;
  cancelOnInterrupt?: boolean;
  /** Called once the plan is known, before anything is sent. */
  onPlan?: (planned: PlannedFile) => void;
  /**
   * Asked once the plan is known and something would be sent (not for a dry run): false stops the
   * file with nothing sent. Default: no question.
   */
  confirm?: (planned: PlannedFile) => Promise<boolean>;
}

/** Status of a file whose diagnostics stopped it: an API failure, or invalid input. */
export function stoppedStatus(planned: PlannedFile): FileStatus {
  return planned.diagnostics.some((d) => d.severity === 'error' && exitClassOf(d.code) === 'api') ? 'api-error' : 'invalid';
}

/** Plans one file, then applies it: nothing is sent for invalid input or a blocked service. */
export async function applyFile(file: string, ctx: DeployContext, options: ApplyFileOptions = {}): Promise<AppliedFile> {
  return applyPrepared(await prepareFile(file, ctx), ctx, options);
}

/**
 * Runs the planning reads within the apply's --timeout (an interrupt ends them too): when the
 * deadline or the interrupt cuts them short, the file ends `timeout` or `interrupted`, nothing sent.
 */
async function planningRead<T extends PlannedFile>(
  started: number,
  ctx: DeployContext,
  options: ApplyFileOptions,
  base: PlannedFile,
  read: (ctx: DeployContext) => Promise<T>,
): Promise<T | AppliedFile> {
  const limit = deadline(ctx.client.clock, started + timeoutOf(options) - ctx.client.clock.now(), ctx.signal);
  try {
    const result = await read({ ...ctx, signal: limit.signal });
    return limit.signal.aborted ? cutShort(result, ctx.signal) : result;
  } catch (error) {
    if (limit.signal.aborted) return { ...base, status: cutShortStatus(ctx.signal) };
    throw error;
  } finally {
    limit.dispose();
  }
}

/** Why reads ended by a deadline linked to `interrupt` stopped: the interrupt, or the deadline. */
export function cutShortStatus(interrupt: AbortSignal | undefined): 'interrupted' | 'timeout' {
  return interrupt?.aborted ? 'interrupted' : 'timeout';
}

/** A file whose reads were cut short: its diagnostics of those reads say only "aborted", its status says why. */
export function cutShort(file: PlannedFile, interrupt: AbortSignal | undefined): AppliedFile {
  return { ...file, diagnostics: file.diagnostics.filter((d) => exitClassOf(d.code) !== 'api'), status: cutShortStatus(interrupt) };
}

/** `--timeout` when none is given: 30 minutes. */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

function timeoutOf(options: ApplyFileOptions): number {
  return options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/** Applies a file already resolved by `prepareFile`: reads the live state, plans, asks, sends, waits. */
export async function applyPrepared(prepared: PlannedFile, ctx: DeployContext, options: ApplyFileOptions = {}): Promise<AppliedFile> {
  // The clock starts before the planning reads: --timeout bounds the whole apply of the file.
  const started = ctx.client.clock.now();
  const planned = await planningRead(started, ctx, options, prepared, (c) => planPrepared(prepared, c, options));
  if ('status' in planned) return planned;
  if (!planned.plan || !planned.live || !planned.resolved) return { ...planned, status: stoppedStatus(planned) };
  const blocked = blockedDiagnostics(planned.plan, planned.resolved);
  if (blocked.length > 0) return { ...planned, diagnostics: [...planned.diagnostics, ...blocked], status: 'invalid' };
  return proceed(planned, planned.plan, planned.live, ctx, options, started);
}

/** The last steps shared by both kinds of apply: the question, the dry run, then the request. */
async function proceed(planned: PlannedFile, plan: Plan, live: LiveState, ctx: DeployContext, options: ApplyFileOptions, readsStarted: number): Promise<AppliedFile> {
  const asked = ctx.client.clock.now();
  if (options.confirm && !options.dryRun && plan.requests.length > 0 && !(await options.confirm(planned))) {
    return { ...planned, diagnostics: [...planned.diagnostics, diagnostic('APPLY_NOT_CONFIRMED', { file: planned.file })], status: 'invalid' };
  }
  if (ctx.signal?.aborted) return { ...planned, status: 'interrupted' };
  // Time spent reading the question is not time waiting on Qovery: the clock skips it.
  const started = readsStarted + (ctx.client.clock.now() - asked);
  options.onPlan?.(planned);
  if (options.dryRun) return { ...planned, status: 'dry-run' };
  return applyPlannedFile(planned, plan, live, ctx, options, started);
}

/** One file's plan through the apply stage (`applyPlan`), its result folded into the file's report. */
async function applyPlannedFile(planned: PlannedFile, plan: Plan, live: LiveState, ctx: DeployContext, options: ApplyFileOptions, started: number): Promise<AppliedFile> {
  const environmentId = plan.environmentId;
  try {
    const result = await applyPlan(plan, live, ctx.client, {
      deadline: started + timeoutOf(options),
      ...(options.cancelOnTimeout ? { cancelOnTimeout: true } : {}),
      ...(options.cancelOnInterrupt ? { cancelOnInterrupt: true } : {}),
      ...(options.wait === false ? { wait: false } : {}),
      ...(options.submit ? { submit: options.submit } : {}),
      ...(options.poll ? { poll: options.poll } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(options.onSubmitEvent ? { onSubmitEvent: options.onSubmitEvent } : {}),
      ...(options.onState ? { onState: options.onState } : {}),
      readLive: (signal) => readLiveState(ctx.client, environmentId, signal ? { signal } : {}),
    });
    return { ...planned, diagnostics: [...planned.diagnostics, ...result.diagnostics], status: result.status, apply: result };
  } catch (error) {
    return { ...planned, diagnostics: [...planned.diagnostics, ...diagnosticsOf(error)], status: 'api-error' };
  }
}

/**
 * Applies a reviewed plan exactly as saved: the manifest is not read again; the plan is refused
 * (nothing sent) when the live state of its services moved since it was made.
 */
export async function applySavedPlan(saved: SavedPlan, ctx: DeployContext, options: ApplyFileOptions = {}): Promise<AppliedFile> {
  const started = ctx.client.clock.now();
  const base: PlannedFile = { file: saved.plan.file, source: '', diagnostics: [], plan: saved.plan };
  const read = await planningRead(started, ctx, options, base, async (c): Promise<PlannedFile> => {
    try {
      return { ...base, live: await readLiveState(c.client, saved.plan.environmentId, c.signal ? { signal: c.signal } : {}) };
    } catch (error) {
      return { ...base, diagnostics: diagnosticsOf(error) };
    }
  });
  if ('status' in read) return read;
  if (!read.live) return { ...read, status: 'api-error' };
  const planned = read;
  const live = read.live;
  const changes = liveChanges(saved, live, ctx.client.redact);
  if (changes.length > 0) {
    // The report shows what runs now, not what the plan saw: that difference is why it is refused.
    const plan = { ...saved.plan, entries: saved.plan.entries.map((e) => ({ ...e, live: liveFacts(live.services.find((s) => s.id === e.id), live.statuses[e.id]) })) };
    return { ...planned, plan, diagnostics: [diagnostic('PLAN_STALE', { file: saved.plan.file, changes })], status: 'invalid' };
  }
  return proceed(planned, saved.plan, live, ctx, options, started);
}
