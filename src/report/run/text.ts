import { hasVersion } from '../../kinds.js';
import type { Colors } from 'picocolors/types.js';
import type { PlanEntry } from '../../plan/types.js';
import type { AppliedFile, FileStatus, PlannedFile } from '../../results.js';
import type { ServiceOutcome } from '../../wait/wait-for-request.js';
import { writeDiagnostics } from '../diagnostics-text.js';
import type { ReportOutput, Reporter } from '../reporter.js';
import { textTable } from '../text-table.js';
import { liveText, versionText, wanted } from '../versions.js';
import type { ApplyFileReport, RunEnd } from './formats.js';
import { failureText } from './failure-details.js';
import { stoppedLines } from './stopped.js';
import { environmentNames, serviceView } from './service-view.js';

const STATE_COLUMN = 4;
const ACTION_COLUMN = 5;

function label(entry: PlanEntry): string {
  return entry.name ?? entry.id;
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
    `${e.action} (${e.reason})`,
  ]);
  const count = (a: string) => plan.entries.filter((e) => e.action === a).length;
  return (
    `${c.bold(environmentLine(planned))}\n` +
    textTable(['KIND', 'SERVICE', 'WANTED', 'LIVE', 'STATE', 'ACTION'], rows, c, (_cell, column, row) => (column === ACTION_COLUMN ? color(plan.entries[row]!) : undefined)) +
    `Plan: ${count('deploy')} to deploy, ${count('unchanged')} unchanged, ${count('blocked')} blocked.\n`
  );
}

function durationText(outcome: ServiceOutcome | undefined): string {
  return outcome?.finishedAfterMs === undefined ? '—' : `${(outcome.finishedAfterMs / 1000).toFixed(1)}s`;
}

/** `apply --format text`: the per-service summary (ref → SHA, before → after, state, duration, request id). */
export function renderApplyText(applied: AppliedFile, c: Colors): string {
  const plan = applied.plan;
  if (!plan) return stoppedLines(applied).map((l) => `${c.red(l)}\n`).join('');
  const outcomes = new Map((applied.apply?.outcomes ?? []).map((o) => [o.id, o]));
  const views = plan.entries.map((e) => serviceView(e, applied));
  const rows = plan.entries.map((e, i) => {
    const view = views[i]!;
    const o = view.outcome;
    const state = e.action === 'unchanged' ? 'unchanged' : (view.state ?? '—');
    const now = o || e.action === 'unchanged' ? versionText(e, view.after, view.afterValues) : liveText(e);
    return [e.kind, label(e), wanted(e), !hasVersion(e.kind) ? '—' : `${liveText(e)} → ${now}`, state, durationText(o), view.requestId ?? '—'];
  });
  const paint = (_cell: string, column: number, row: number) => {
    const result = column === STATE_COLUMN ? views[row]!.outcome?.result : undefined;
    return result === 'failed' || result === 'timeout' ? c.red : result === 'deployed' ? c.green : undefined;
  };
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
    timeout: c.red(`Timed out (--timeout); deployment request ${ids.join(', ') || '(not submitted)'}.`),
    interrupted: c.red(`Interrupted; deployment request ${ids.join(', ') || '(not submitted)'}.`),
    'api-error': c.red('Stopped: the Qovery API refused or could not be reached.'),
    invalid: c.red('Nothing was deployed.'),
  };
  return (
    `${c.bold(environmentLine(applied))}\n` +
    textTable(['KIND', 'SERVICE', 'REF → SHA', 'BEFORE → AFTER', 'STATE', 'DURATION', 'REQUEST'], rows, c, paint) +
    `${verdict[applied.status] ?? applied.status}\n` +
    stoppedLines(applied).map((l) => `${l}\n`).join('') +
    failureText(applied, c)
  );
}

/** `Deploy 3 services to Acme/shop/production? [y/N] `, after the plan it asks about. */
export function confirmationText(planned: PlannedFile, c: Colors): string {
  const count = planned.plan?.entries.filter((e) => e.action === 'deploy').length ?? 0;
  const target = environmentNames(planned) ?? `environment ${planned.plan?.environmentId ?? '?'}`;
  return `${renderPlanText(planned, c)}Deploy ${count} service${count === 1 ? '' : 's'} to ${target}? [y/N] `;
}

/** The request bodies a dry run would have sent, for the file reports of `apply --dry-run`. */
export function dryRunBodies({ applied, dryRun }: ApplyFileReport): string {
  if (!dryRun || !applied.plan) return '';
  return applied.plan.requests.map((r) => `${r.method} ${r.path}\n${JSON.stringify(r.body, null, 2)}\n`).join('');
}

/** The end of a text run: where the plan was saved, then the problems of the run as a whole. */
function endText({ planFile, problems }: RunEnd, out: ReportOutput): void {
  if (planFile !== undefined) out.stdout.write(`Saved the plan to ${planFile}: review it, then run \`qovery-deploy apply --plan ${planFile}\`.\n`);
  writeDiagnostics(out, problems);
}

/** `plan --format text`: each file's problems (stderr) and plan as soon as it is known. */
export const planText: Reporter<RunEnd, PlannedFile> = {
  file(planned, out) {
    writeDiagnostics(out, planned.diagnostics, new Map([[planned.file, planned.source]]), planned.file);
    out.stdout.write(renderPlanText(planned, out.colors));
  },
  end: endText,
};

/** `apply --format text`: each file's problems (stderr), then what a dry run would send, then how it went. */
export const applyText: Reporter<RunEnd, ApplyFileReport> = {
  file(report, out) {
    const { applied } = report;
    writeDiagnostics(out, applied.diagnostics, new Map([[applied.file, applied.source]]), applied.file);
    out.stdout.write(dryRunBodies(report) + renderApplyText(applied, out.colors));
  },
  end: endText,
};
