import { applyPlan, type ApplyResult, type SubmitEvent, type SubmitPolicy } from '../apply/index.js';
import { diagnostic, exitClassOf } from '../diagnostics/codes.js';
import type { Plan, PlanOptions } from '../plan/index.js';
import { liveChanges, type SavedPlan } from '../plan/saved.js';
import { readLiveState, type LiveState } from '../qovery/live-state.js';
import type { WaitOptions } from '../wait/index.js';
import { blockedDiagnostics, diagnosticsOf, planFile, type DeployContext, type PlannedFile } from './deploy-file.js';

/** How applying one file ended; the CLI turns it into an exit code. */
export type FileStatus = 'invalid' | 'api-error' | 'no-changes' | 'dry-run' | 'submitted' | 'deployed' | 'failed' | 'timeout';

export interface AppliedFile extends PlannedFile {
  status: FileStatus;
  apply?: ApplyResult;
}

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
}

/** Status of a file whose diagnostics stopped it: an API failure, or invalid input. */
export function stoppedStatus(planned: PlannedFile): FileStatus {
  return planned.diagnostics.some((d) => d.severity === 'error' && exitClassOf(d.code) === 'api') ? 'api-error' : 'invalid';
}

/** Plans one file, then applies it (DESIGN.md §5): nothing is sent for invalid input or a blocked service. */
export async function applyFile(file: string, ctx: DeployContext, options: ApplyFileOptions = {}): Promise<AppliedFile> {
  const started = Date.now();
  const planned = await planFile(file, ctx, options);
  if (!planned.plan || !planned.live || !planned.resolved) return { ...planned, status: stoppedStatus(planned) };
  const blocked = blockedDiagnostics(planned.plan, planned.resolved);
  if (blocked.length > 0) return { ...planned, diagnostics: [...planned.diagnostics, ...blocked], status: 'invalid' };
  options.onPlan?.(planned);
  if (options.dryRun) return { ...planned, status: 'dry-run' };
  return runApply(planned, planned.plan, planned.live, ctx, options, started);
}

async function runApply(planned: PlannedFile, plan: Plan, live: LiveState, ctx: DeployContext, options: ApplyFileOptions, started: number): Promise<AppliedFile> {
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
  const started = Date.now();
  const planned: PlannedFile = { file: saved.plan.file, source: '', diagnostics: [], plan: saved.plan };
  let live: LiveState;
  try {
    live = await readLiveState(ctx.client, saved.plan.environmentId, ctx.signal ? { signal: ctx.signal } : {});
  } catch (error) {
    return { ...planned, diagnostics: diagnosticsOf(error), status: 'api-error' };
  }
  planned.live = live;
  const changes = liveChanges(saved, live, ctx.client.redact);
  if (changes.length > 0) return { ...planned, diagnostics: [diagnostic('PLAN_STALE', { file: saved.plan.file, changes })], status: 'invalid' };
  options.onPlan?.(planned);
  if (options.dryRun) return { ...planned, status: 'dry-run' };
  return runApply(planned, saved.plan, live, ctx, options, started);
}
