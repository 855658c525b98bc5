import type { Colors } from 'picocolors/types.js';
import { hasVersion } from '../kinds.js';
import type { PlanEntry } from '../plan/types.js';
import type { ServiceOutcome } from '../wait/wait-for-request.js';
import type { AppliedFile, FileStatus } from '../workflows/apply-file.js';
import type { PlannedFile } from '../workflows/plan-file.js';

/** A SHA shortened for people; tags and chart versions as they are. */
export function short(version: string | undefined): string {
  if (version === undefined) return '—';
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(version) ? version.slice(0, 7) : version;
}

/** `main → 3c90c3c` when a ref was resolved, else the version itself. */
export function wanted(entry: PlanEntry): string {
  const version = entry.desired.version;
  if (!hasVersion(entry.kind)) return '(as configured)';
  const main = entry.desired.ref !== undefined && entry.desired.ref !== version ? `${entry.desired.ref} → ${short(version)}` : short(version);
  const values = entry.desired.valuesOverride ? ` (values ${entry.desired.valuesOverride.ref} → ${short(entry.desired.valuesOverride.sha)})` : '';
  return main + values;
}

/**
 * A version as reports show it; for a helm with a git values override also the values commit,
 * so that a change of the values alone is visible (`156fa2d (values 9f8e7d6)`).
 */
export function versionText(entry: PlanEntry, version: string | undefined, valuesCommit: string | undefined): string {
  return entry.desired.valuesOverride ? `${short(version)} (values ${short(valuesCommit)})` : short(version);
}

/** What runs now, as `versionText` shows it. */
export function liveText(entry: PlanEntry): string {
  return versionText(entry, entry.live.version, entry.live.valuesOverrideCommit);
}

function label(entry: PlanEntry): string {
  return entry.name ?? entry.id;
}

function table(rows: string[][], c: Colors, header: string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [c.dim(line(header)), ...rows.map(line)].join('\n') + '\n';
}

/** The environment's names (`Acme/shop/production`) when the manifest gave them. */
export function environmentNames(planned: PlannedFile): string | undefined {
  const env = planned.resolved?.environment;
  if (env?.organization) return `${env.organization}/${env.project}/${env.name}`;
  const saved = planned.plan?.environmentNames;
  return saved ? `${saved.organization}/${saved.project}/${saved.name}` : undefined;
}

function environmentLine(planned: PlannedFile): string {
  const names = environmentNames(planned);
  return `${planned.file} → environment ${names ? `${names} ` : ''}(${planned.plan?.environmentId ?? planned.resolved?.environment.id ?? '?'})`;
}

/** `plan --format text`: per service what is wanted, what runs, and the action with its reason. */
export function renderPlanText(planned: PlannedFile, c: Colors): string {
  const plan = planned.plan;
  if (!plan) return '';
  const color = (e: PlanEntry) => (e.action === 'deploy' ? c.yellow : e.action === 'blocked' ? c.red : c.green);
  const rows = plan.entries.map((e) => [
    e.kind,
    label(e),
    wanted(e),
    liveText(e),
    [e.live.state, e.live.deploymentStatus].filter(Boolean).join(', ') || '—',
    color(e)(`${e.action} (${e.reason})`),
  ]);
  const count = (a: string) => plan.entries.filter((e) => e.action === a).length;
  return (
    `${c.bold(environmentLine(planned))}\n` +
    table(rows, c, ['KIND', 'SERVICE', 'WANTED', 'LIVE', 'STATE', 'ACTION']) +
    `Plan: ${count('deploy')} to deploy, ${count('unchanged')} unchanged, ${count('blocked')} blocked.\n`
  );
}

/** How one service of an apply ended, as every report shows it (text, job summary, JSON). */
export interface ServiceView {
  outcome?: ServiceOutcome;
  /**
   * What runs after the apply: the version read after the wait for a deployed service; the one
   * from before for a service that failed, was cancelled or is still going (Qovery's configured
   * version already says the wanted one then, but that is not what runs).
   */
  after?: string;
  /** The helm values-override commit that goes with `after`. */
  afterValues?: string;
  /** The final state for people: DEPLOYED, BUILD_ERROR…, or what happened instead. */
  state?: string;
  requestId?: string;
}

/** The outcome, version after, final state and request id of one service of an apply. */
export function serviceView(entry: PlanEntry, applied: AppliedFile): ServiceView {
  const outcome = applied.apply?.outcomes.find((o) => o.id === entry.id);
  const requestId = applied.apply?.submissions.find((s) => s.serviceIds.includes(entry.id))?.requestId;
  const before = { ...opt('after', entry.live.version), ...opt('afterValues', entry.live.valuesOverrideCommit) };
  if (entry.action === 'unchanged') return { ...before, ...opt('state', entry.live.state), ...opt('requestId', requestId) };
  const read = applied.apply?.after?.services.find((s) => s.id === entry.id);
  const now = outcome?.result === 'deployed' ? { ...opt('after', read?.version), ...opt('afterValues', read?.valuesOverrideCommit) } : outcome ? before : {};
  const state = outcome?.finalState ?? { submitted: 'submitted', 'dry-run': 'not sent (dry run)' }[applied.status as string];
  return { ...opt('outcome', outcome), ...now, ...opt('state', state), ...opt('requestId', requestId) };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function durationText(outcome: ServiceOutcome | undefined): string {
  return outcome?.finishedAfterMs === undefined ? '—' : `${(outcome.finishedAfterMs / 1000).toFixed(1)}s`;
}

/** `apply --format text`: the per-service summary (ref → SHA, before → after, state, duration, request id). */
export function renderApplyText(applied: AppliedFile, c: Colors): string {
  const plan = applied.plan;
  if (!plan) return '';
  const outcomes = new Map((applied.apply?.outcomes ?? []).map((o) => [o.id, o]));
  const rows = plan.entries.map((e) => {
    const view = serviceView(e, applied);
    const o = view.outcome;
    const state = e.action === 'unchanged' ? 'unchanged' : (view.state ?? '—');
    const paint = o?.result === 'failed' || o?.result === 'timeout' ? c.red : o?.result === 'deployed' ? c.green : (text: string) => text;
    const now = o || e.action === 'unchanged' ? versionText(e, view.after, view.afterValues) : liveText(e);
    return [e.kind, label(e), wanted(e), !hasVersion(e.kind) ? '—' : `${liveText(e)} → ${now}`, paint(state), durationText(o), view.requestId ?? '—'];
  });
  const deployed = [...outcomes.values()].filter((o) => o.result === 'deployed').length;
  const failed = [...outcomes.values()].filter((o) => o.result === 'failed').length;
  const unchanged = plan.entries.filter((e) => e.action === 'unchanged').length;
  const ids = [...new Set((applied.apply?.submissions ?? []).map((s) => s.requestId ?? 'unknown id'))];
  const verdict: Record<FileStatus, string> = {
    'no-changes': c.green('Nothing to deploy: every service already runs the wanted version.'),
    'dry-run': 'Dry run: nothing was sent.',
    submitted: `Submitted (not waiting): deployment request ${ids.join(', ')}.`,
    deployed: c.green(`Deployed: ${deployed} deployed, ${unchanged} unchanged. Deployment request ${ids.join(', ')}.`),
    failed: c.red(`Failed: ${failed} failed, ${deployed} deployed, ${unchanged} unchanged. Deployment request ${ids.join(', ')}.`),
    timeout: c.red(`Timed out waiting; the deployment may still be running: deployment request ${ids.join(', ') || '(not submitted)'}.`),
    'api-error': c.red('Stopped: the Qovery API refused or could not be reached.'),
    invalid: c.red('Nothing was deployed.'),
  };
  return (
    `${c.bold(environmentLine(applied))}\n` +
    table(rows, c, ['KIND', 'SERVICE', 'REF → SHA', 'BEFORE → AFTER', 'STATE', 'DURATION', 'REQUEST']) +
    `${verdict[applied.status] ?? applied.status}\n`
  );
}

/** One service of a plan or apply, for `--format json`. */
export function serviceJson(entry: PlanEntry, applied?: AppliedFile) {
  const view = applied ? serviceView(entry, applied) : undefined;
  return {
    kind: entry.kind,
    id: entry.id,
    name: entry.name ?? null,
    ref: entry.desired.ref ?? null,
    sha: entry.desired.ref !== undefined ? (entry.desired.version ?? null) : null,
    desired: entry.desired.version ?? null,
    ...(entry.desired.valuesOverride ? { values_override: entry.desired.valuesOverride } : {}),
    current: entry.live.version ?? null,
    current_state: entry.live.state ?? null,
    current_deployment_status: entry.live.deploymentStatus ?? null,
    action: entry.action,
    reason: entry.reason,
    ...(view
      ? {
          final_state: entry.action === 'unchanged' || view.outcome ? (view.state ?? null) : null,
          result: entry.action === 'unchanged' ? 'unchanged' : (view.outcome?.result ?? null),
          after: view.after ?? null,
          duration_ms: view.outcome?.finishedAfterMs ?? null,
          deployment_request_id: view.requestId ?? null,
        }
      : {}),
  };
}
