import { applyPlan } from '../apply/apply-plan.js';
import type { SubmitEvent, SubmitPolicy } from '../apply/submit.js';
import { diagnostic, exitClassOf } from '../diagnostics/codes.js';
import { diagnosticsOf } from '../diagnostics/error.js';
import { liveFacts } from '../plan/plan-deployment.js';
import type { Plan, PlanOptions } from '../plan/types.js';
import { liveChanges, type SavedPlan } from '../plan/saved.js';
import { readLiveState, type LiveState } from '../qovery/live-state.js';
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

/** Applies a file already resolved by `prepareFile`: reads the live state, plans, asks, sends, waits. */
export async function applyPrepared(prepared: PlannedFile, ctx: DeployContext, options: ApplyFileOptions = {}): Promise<AppliedFile> {
  const planned = await planPrepared(prepared, ctx, options);
  if (!planned.plan || !planned.live || !planned.resolved) return { ...planned, status: stoppedStatus(planned) };
  const blocked = blockedDiagnostics(planned.plan, planned.resolved);
  if (blocked.length > 0) return { ...planned, diagnostics: [...planned.diagnostics, ...blocked], status: 'invalid' };
  return proceed(planned, planned.plan, planned.live, ctx, options);
}

/** The last steps shared by both kinds of apply: the question, the dry run, then the request. */
async function proceed(planned: PlannedFile, plan: Plan, live: LiveState, ctx: DeployContext, options: ApplyFileOptions): Promise<AppliedFile> {
  if (options.confirm && !options.dryRun && plan.requests.length > 0 && !(await options.confirm(planned))) {
    return { ...planned, diagnostics: [...planned.diagnostics, diagnostic('APPLY_NOT_CONFIRMED', { file: planned.file })], status: 'invalid' };
  }
  // The clock starts once the question is answered: time spent reading it is not time waiting on Qovery.
  const started = ctx.client.clock.now();
  options.onPlan?.(planned);
  if (options.dryRun) return { ...planned, status: 'dry-run' };
  return applyPlannedFile(planned, plan, live, ctx, options, started);
}

/** One file's plan through the apply stage (`applyPlan`), its result folded into the file's report. */
async function applyPlannedFile(planned: PlannedFile, plan: Plan, live: LiveState, ctx: DeployContext, options: ApplyFileOptions, started: number): Promise<AppliedFile> {
  const environmentId = plan.environmentId;
  try {
    const result = await applyPlan(plan, live, ctx.client, {
      deadline: started + (options.timeoutMs ?? 30 * 60_000),
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
  const planned: PlannedFile = { file: saved.plan.file, source: '', diagnostics: [], plan: saved.plan };
  let live: LiveState;
  try {
    live = await readLiveState(ctx.client, saved.plan.environmentId, ctx.signal ? { signal: ctx.signal } : {});
  } catch (error) {
    return { ...planned, diagnostics: diagnosticsOf(error), status: 'api-error' };
  }
  planned.live = live;
  const changes = liveChanges(saved, live, ctx.client.redact);
  if (changes.length > 0) {
    // The report shows what runs now, not what the plan saw: that difference is why it is refused.
    const plan = { ...saved.plan, entries: saved.plan.entries.map((e) => ({ ...e, live: liveFacts(live.services.find((s) => s.id === e.id), live.statuses[e.id]) })) };
    return { ...planned, plan, diagnostics: [diagnostic('PLAN_STALE', { file: saved.plan.file, changes })], status: 'invalid' };
  }
  return proceed(planned, saved.plan, live, ctx, options);
}
