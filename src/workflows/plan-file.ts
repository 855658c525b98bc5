import { diagnostic } from '../diagnostics/codes.js';
import { diagnosticsOf } from '../diagnostics/error.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { planDeployment } from '../plan/plan-deployment.js';
import type { Plan, PlanOptions } from '../plan/types.js';
import type { QoveryClient } from '../qovery/client.js';
import { readLiveState } from '../qovery/live-state.js';
import { apiNameLookup } from '../qovery/names.js';
import { resolveManifest } from '../resolve/resolve-manifest.js';
import type { NameLookup } from '../resolve/types.js';
import type { ResolvedManifest } from '../types.js';
import { rangeAt } from '../load/positions.js';
import { checkFile } from './validate-files.js';
import type { PlannedFile } from '../results.js';

/** What a plan or apply of one file needs from its caller. */
export interface DeployContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  client: QoveryClient;
  signal?: AbortSignal;
  /** The folder local `repository:` paths must stay in (default: see src/git/repository-location.ts). */
  workspace?: string;
  /** Name look-ups to share between files (each list read once per run). Default: one per file. */
  names?: NameLookup;
}

/**
 * load → validate → resolve → read live state → plan, for one file. Problems come back as
 * diagnostics (invalid input: nothing is read from the API; API failures: exit 5 class).
 */
export async function planFile(file: string, ctx: DeployContext, options: PlanOptions = {}): Promise<PlannedFile> {
  return planPrepared(await prepareFile(file, ctx), ctx, options);
}

/**
 * load → validate → resolve (git refs and names), for one file: what a run checks across all its
 * files (one file per environment, `--only` names) before it reads live state or sends anything.
 */
export async function prepareFile(file: string, ctx: DeployContext): Promise<PlannedFile> {
  const checked = await checkFile(file, { cwd: ctx.cwd, env: ctx.env });
  const result: PlannedFile = { file, source: checked.source, diagnostics: [...checked.diagnostics] };
  if (!checked.manifest) return result;
  try {
    const resolved = await resolveManifest(checked.manifest, {
      cwd: ctx.cwd,
      env: ctx.env,
      names: ctx.names ?? apiNameLookup(ctx.client, ctx.signal ? { signal: ctx.signal } : {}),
      ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
    });
    result.diagnostics.push(...resolved.diagnostics);
    if (resolved.value) result.resolved = resolved.value;
  } catch (error) {
    // Look-ups cut short by the caller's signal (apply's --timeout, an interrupt): the caller, who
    // knows which, gives the file its status; nothing was resolved.
    if (ctx.signal?.aborted) return result;
    result.diagnostics.push(...diagnosticsOf(error));
  }
  return result;
}

/** Reads the live state of a prepared file's environment and plans it; a file that failed is returned as is. */
export async function planPrepared(prepared: PlannedFile, ctx: DeployContext, options: PlanOptions = {}): Promise<PlannedFile> {
  const resolved = prepared.resolved;
  if (!resolved || prepared.diagnostics.some((d) => d.severity === 'error')) return prepared;
  const result: PlannedFile = { ...prepared, diagnostics: [...prepared.diagnostics] };
  try {
    result.live = await readLiveState(ctx.client, resolved.environmentId, ctx.signal ? { signal: ctx.signal } : {});
    result.plan = planDeployment(resolved, result.live, options);
  } catch (error) {
    result.diagnostics.push(...diagnosticsOf(error));
  }
  return result;
}

/** One diagnostic per service the plan blocks, at its manifest entry. */
export function blockedDiagnostics(plan: Plan, resolved: ResolvedManifest): Diagnostic[] {
  return plan.entries
    .filter((e) => e.action === 'blocked')
    .map((e) =>
      diagnostic(
        'SERVICE_BLOCKED',
        { label: `${e.kind} ${e.name ? `"${e.name}"` : e.id}`, reason: e.reason },
        rangeAt({ positions: resolved.positions, file: resolved.file }, e.pointer),
      ),
    );
}
