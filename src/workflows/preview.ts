/**
 * `preview up` and `preview down`: the manifest's environment is the source; the preview is its
 * PREVIEW clone called NAME in the same project. `up` reuses or clones it, then applies the
 * manifest to it through the apply engine (plan → submit once → wait); `down` deletes it.
 */
import type { SubmitPolicy } from '../apply/submit.js';
import { diagnostic } from '../diagnostics/codes.js';
import { diagnosticsOf, isQoveryDeployError, QoveryDeployError } from '../diagnostics/error.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { readServices } from '../qovery/live-state.js';
import { deleteEnvironment, getEnvironment, listEnvironments, listServiceLinks, type EnvironmentInfo } from '../qovery/environments.js';
import { decideDown, decideUp, mapToPreview } from '../preview/plan.js';
import type { CloneEvent, PreviewEnvironment, PreviewUrl } from '../preview/types.js';
import type { AppliedFile, PlannedFile } from '../results.js';
import { deadline } from '../timing/deadline.js';
import { applyPrepared, cutShort, DEFAULT_TIMEOUT_MS, stoppedStatus, type ApplyFileOptions } from './apply-file.js';
import { prepareFile, type DeployContext } from './plan-file.js';
import { clonePreview } from './preview-clone.js';

/** `up`'s options: apply's, plus the preview's name and where to clone it. */
export interface PreviewUpOptions extends ApplyFileOptions {
  name: string;
  clusterId?: string;
  clonePolicy?: Partial<SubmitPolicy>;
  onClone?: (event: CloneEvent) => void;
  /** Called once the preview environment is known (found or cloned). */
  onEnvironment?: (environment: PreviewEnvironment) => void;
}

/** What `up` did: the environment, the apply (with any problem met before it), the URLs. */
export interface PreviewUpOutcome {
  environment?: PreviewEnvironment;
  applied: AppliedFile;
  urls: PreviewUrl[];
}

/** Clones (or reuses) the preview of `file`'s environment and applies `file` to it. */
export async function previewUp(file: string, ctx: DeployContext, options: PreviewUpOptions): Promise<PreviewUpOutcome> {
  // --timeout bounds the name look-ups too; an interrupt ends them.
  const started = ctx.client.clock.now();
  const limit = deadline(ctx.client.clock, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ctx.signal);
  const prepared = await prepareFile(file, { ...ctx, signal: limit.signal }).finally(limit.dispose);
  if (limit.signal.aborted) return { applied: cutShort(prepared, ctx.signal), urls: [] };
  const stopped = (diagnostics: Diagnostic[] = [], environment?: PreviewEnvironment): PreviewUpOutcome => {
    const applied: PlannedFile = { ...prepared, diagnostics: [...prepared.diagnostics, ...diagnostics] };
    return { applied: { ...applied, status: stoppedStatus(applied) }, urls: [], ...(environment ? { environment } : {}) };
  };
  const resolved = prepared.resolved;
  if (!resolved || prepared.diagnostics.some((d) => d.severity === 'error')) return stopped();
  const signal = ctx.signal;
  try {
    const source = await getEnvironment(ctx.client, resolved.environmentId, signal);
    const decision = decideUp(await listEnvironments(ctx.client, source.projectId, signal), options.name, source.id, options.clusterId);
    if ('diagnostic' in decision) return stopped([decision.diagnostic]);
    let environment: PreviewEnvironment;
    if (decision.action === 'reuse') {
      environment = { id: decision.environment.id, name: decision.environment.name, created: false };
    } else {
      const cloned = await clonePreview(source.id, decision.body, {
        client: ctx.client,
        projectId: source.projectId,
        deadline: started + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        ...(options.clonePolicy ? { policy: options.clonePolicy } : {}),
        ...(signal ? { signal } : {}),
        ...(options.onClone ? { onEvent: options.onClone } : {}),
      });
      if ('diagnostic' in cloned) return stopped([cloned.diagnostic]);
      // A clone found by name after a 400 or a lost answer may be a racing run's: check it like a reused one.
      const checked = decideUp([cloned.environment], options.name, source.id);
      if ('diagnostic' in checked) return stopped([checked.diagnostic]);
      environment = { id: cloned.environment.id, name: cloned.environment.name, created: cloned.how === 'cloned' };
    }
    options.onEnvironment?.(environment);
    const [sourceServices, previewServices] = await Promise.all([readServices(ctx.client, source.id, signal ? { signal } : {}), readServices(ctx.client, environment.id, signal ? { signal } : {})]);
    const mapped = mapToPreview(resolved, sourceServices, { id: environment.id, name: environment.name, services: previewServices });
    if ('diagnostics' in mapped) return stopped(mapped.diagnostics, environment);
    const applied = await applyPrepared({ ...prepared, resolved: mapped.resolved }, ctx, options);
    const urls = applied.status === 'invalid' || applied.status === 'api-error' ? [] : await previewUrls(ctx, environment.id, previewServices);
    return { environment, applied, urls };
  } catch (error) {
    return stopped(diagnosticsOf(error));
  }
}

/** The preview's public URLs, default links first, each with its service's name. */
async function previewUrls(ctx: DeployContext, environmentId: string, services: readonly { id: string; name: string }[]): Promise<PreviewUrl[]> {
  const links = await listServiceLinks(ctx.client, environmentId, ctx.signal);
  const names = new Map(services.map((s) => [s.id, s.name]));
  return [...links]
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
    .map((l) => ({ service: names.get(l.serviceId) ?? l.serviceId, url: l.url }));
}

/** `down`'s options. */
export interface PreviewDownOptions {
  name: string;
  /** How long to wait for the environment to be gone, in ms. */
  timeoutMs: number;
  /** Pause between reads while it is being deleted. Default: 2 s. */
  pollMs?: number;
}

/** What `down` did. */
export interface PreviewDownOutcome {
  environment?: EnvironmentInfo;
  deleted: boolean;
  diagnostics: Diagnostic[];
}

/** Deletes the preview called `name` of the source's project and waits until it is gone (404). */
export async function previewDown(sourceId: string, ctx: DeployContext, options: PreviewDownOptions): Promise<PreviewDownOutcome> {
  const signal = ctx.signal;
  const until = ctx.client.clock.now() + options.timeoutMs;
  let environment: EnvironmentInfo | undefined;
  // --timeout bounds the reads before the DELETE too (an interrupt ends them as before).
  const reads = deadline(ctx.client.clock, options.timeoutMs, signal);
  let decision: ReturnType<typeof decideDown>;
  try {
    const source = await getEnvironment(ctx.client, sourceId, reads.signal);
    decision = decideDown(await listEnvironments(ctx.client, source.projectId, reads.signal), options.name, source.id);
  } catch (error) {
    if (reads.signal.aborted && !signal?.aborted) return { deleted: false, diagnostics: [readsTimeout(options.timeoutMs)] };
    return { deleted: false, diagnostics: diagnosticsOf(error) };
  } finally {
    reads.dispose();
  }
  try {
    if ('diagnostic' in decision) return { deleted: false, diagnostics: [decision.diagnostic] };
    if (decision.action === 'nothing') return { deleted: false, diagnostics: [] };
    environment = decision.environment;
    const id = environment.id;
    // DELETE is idempotent: an answer that proves nothing is settled by reading, and sent again while the environment stays.
    const remove = async (): Promise<Diagnostic | 'sent' | 'unsure'> => {
      const outcome = await deleteEnvironment(ctx.client, id);
      if (outcome.type === 'accepted' || outcome.type === 'accepted-unreadable') return 'sent';
      if (outcome.type !== 'rejected') return 'unsure';
      // A 404 is what down wants; any other refusal stops here.
      return outcome.diagnostic.code === 'API_NOT_FOUND' ? 'sent' : outcome.diagnostic;
    };
    const first = await remove();
    if (typeof first !== 'string') return { environment, deleted: false, diagnostics: [first] };
    const gone = await waitUntilGone(ctx, id, until, options.pollMs ?? 2000, first === 'unsure' ? remove : undefined);
    if (gone) return { environment, deleted: true, diagnostics: [] };
    const seconds = Math.round(options.timeoutMs / 1000);
    return { environment, deleted: false, diagnostics: [diagnostic('PREVIEW_DELETE_TIMEOUT', { name: environment.name, id: environment.id, seconds })] };
  } catch (error) {
    return { ...(environment ? { environment } : {}), deleted: false, diagnostics: diagnosticsOf(error) };
  }
}

/**
 * Reads the environment until it answers 404, or the deadline passes (false). While the DELETE's
 * fate is unknown (`resend`), each read that still finds the environment sends it again.
 */
async function waitUntilGone(ctx: DeployContext, id: string, deadline: number, pollMs: number, resend?: () => Promise<Diagnostic | 'sent' | 'unsure'>): Promise<boolean> {
  let again = resend;
  for (;;) {
    try {
      await getEnvironment(ctx.client, id, ctx.signal);
    } catch (error) {
      if (isQoveryDeployError(error) && error.diagnostics.some((d) => d.code === 'API_NOT_FOUND')) return true;
      throw error;
    }
    if (again) {
      const sent = await again();
      if (typeof sent !== 'string') throw new QoveryDeployError([sent]);
      if (sent === 'sent') again = undefined;
    }
    const left = deadline - ctx.client.clock.now();
    if (left <= 0) return false;
    await ctx.client.clock.sleep(Math.min(pollMs, left), ctx.signal);
  }
}

/** `preview down` cut short by --timeout before it sent anything. */
export function readsTimeout(timeoutMs: number): Diagnostic {
  return diagnostic('PREVIEW_READS_TIMEOUT', { seconds: Math.round(timeoutMs / 1000) });
}
