import { hasVersion } from '../../kinds.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { PlanEntry } from '../../plan/types.js';
import type { AppliedFile, FileStatus, PlannedFile } from '../../results.js';
import { tableCell } from '../../text/escape.js';
import { locationOf } from '../diagnostics-text.js';
import { appendStepSummary, cappedAnnotations, fitSummary, MAX_ANNOTATIONS, MAX_SUMMARY_BYTES, neutralize, workflowCommand, workspaceOf, writeStepOutputs } from '../github.js';
import type { ReportOutput, Reporter } from '../reporter.js';
import { liveText, versionText, wanted } from '../versions.js';
import type { ApplyFileReport, RunEnd } from './formats.js';
import { explainedFailures, failureMessage, failureSummary } from './failure-details.js';
import { serviceView } from './service-view.js';
import { stoppedLines } from './stopped.js';
import { dryRunBodies, renderApplyText, renderPlanText } from './text.js';

/** How much of each file's detail a summary carries; dropped step by step to fit GitHub's cap. */
export type Detail = 'all' | 'changed' | 'none';

const code = (text: string) => (text === '—' ? text : `\`${tableCell(text)}\``);

function row(entry: PlanEntry, applied: AppliedFile | undefined): string {
  const view = applied ? serviceView(entry, applied) : undefined;
  const before = liveText(entry);
  const now = applied?.apply?.after || entry.action === 'unchanged' ? versionText(entry, view?.after, view?.afterValues) : '—';
  const wantedVersion = versionText(entry, entry.desired.version, entry.desired.valuesOverride?.sha);
  const state = view?.state ?? (applied ? applied.status : '—');
  const duration = view?.outcome?.finishedAfterMs === undefined ? '—' : `${(view.outcome.finishedAfterMs / 1000).toFixed(1)} s`;
  const requestId = view?.requestId;
  const cells = [
    `${tableCell(entry.kind)} ${code(entry.name ?? entry.id)}`,
    code(wanted(entry)),
    !hasVersion(entry.kind) ? '—' : `${code(before)} → ${applied ? code(now) : code(wantedVersion)}`,
    `${entry.action === 'deploy' ? '🚀' : entry.action === 'blocked' ? '⛔' : '✅'} ${entry.action}`,
    ...(applied ? [tableCell(state), duration, requestId ? code(requestId) : '—'] : [tableCell(entry.reason)]),
  ];
  return `| ${cells.join(' | ')} |\n`;
}

function problems(diagnostics: readonly Diagnostic[], file: string): string {
  if (diagnostics.length === 0) return '';
  return `\n${diagnostics.map((d) => `- \`${tableCell(locationOf(d, file))}\` ${tableCell(d.summary)}${d.hint ? ` — ${tableCell(d.hint)}` : ''}`).join('\n')}\n`;
}

const VERDICT: Record<FileStatus, string> = {
  'no-changes': '✅ nothing to deploy',
  'dry-run': '📝 dry run, nothing sent',
  submitted: '📨 submitted, not waited on',
  deployed: '✅ deployed',
  failed: '❌ a service failed',
  timeout: '⏱️ timed out waiting (it may still be running)',
  interrupted: '🛑 interrupted (it may still be running)',
  'api-error': '❌ the Qovery API refused or could not be reached',
  invalid: '❌ invalid, nothing sent',
};

/** One file's section of the summary (and of the pull-request comment): verdict, counts, table, problems. */
export function fileSection(file: PlannedFile, applied: AppliedFile | undefined, detail: Detail): string {
  const plan = file.plan;
  const counts = plan
    ? `${plan.entries.filter((e) => e.action === 'deploy').length} to deploy, ${plan.entries.filter((e) => e.action === 'unchanged').length} unchanged, ${plan.entries.filter((e) => e.action === 'blocked').length} blocked`
    : 'no plan';
  const verdict = applied ? (VERDICT[applied.status] ?? applied.status) : plan && plan.requests.length > 0 ? '🚀 changes pending' : plan ? '✅ no changes' : '❌ could not plan';
  let out = `### \`${tableCell(file.file)}\` — ${verdict}\n\n${counts}${plan ? ` · environment \`${plan.environmentId}\`` : ''}\n`;
  const entries = (plan?.entries ?? []).filter((e) => detail === 'all' || (detail === 'changed' && e.action !== 'unchanged'));
  if (entries.length > 0) {
    out += applied
      ? '\n| Service | Ref → SHA | Before → after | Action | Final state | Duration | Request |\n|---|---|---|---|---|---|---|\n'
      : '\n| Service | Wanted | Live → wanted | Action | Why |\n|---|---|---|---|---|\n';
    for (const entry of entries) out += row(entry, applied);
  }
  if (detail !== 'all' && plan && entries.length < plan.entries.length) out += `\n_${plan.entries.length - entries.length} rows left out to fit GitHub’s summary limit._\n`;
  const stopped = applied ? stoppedLines(applied).map((l) => `\n${l}\n`).join('') : '';
  return out + stopped + (applied ? failureSummary(applied) : '') + problems(file.diagnostics, file.file);
}

/**
 * Why an applied file failed, in one line, for a failure no diagnostic explains (a service that
 * ended in error, a timeout): `web BUILD_ERROR` and the deployment request, or the timeout.
 */
export function applyFailureMessage(applied: AppliedFile): string | undefined {
  const ids = [...new Set((applied.apply?.submissions ?? []).flatMap((s) => (s.requestId ? [s.requestId] : [])))];
  const request = ids.length > 0 ? ` (deployment request ${ids.join(', ')})` : '';
  const label = (id: string) => {
    const entry = applied.plan?.entries.find((e) => e.id === id);
    return entry ? `${entry.kind} ${entry.name ?? entry.id}` : id;
  };
  if (applied.status === 'failed') {
    const failed = (applied.apply?.outcomes ?? []).filter((o) => o.result === 'failed').map((o) => `${label(o.id)} ${o.finalState}`);
    return `${applied.file}: the deployment failed: ${failed.join(', ')}${request}`;
  }
  if (applied.status === 'timeout' && !applied.apply) return `${applied.file}: timed out before anything was sent; nothing was deployed`;
  if (applied.status === 'timeout') return `${applied.file}: timed out waiting; the deployment may still be running${request}`;
  if (applied.status === 'interrupted' && !applied.apply) return `${applied.file}: interrupted before anything was sent; nothing was deployed`;
  if (applied.status === 'interrupted') return `${applied.file}: interrupted; the deployment may still be running${request}`;
  return undefined;
}

/**
 * The Markdown job summary of a plan or apply run, one section per file, kept under GitHub's
 * 1 MiB cap by dropping detail first (unchanged rows, then every row) and cutting only as a last resort.
 */
export function runSummary(
  command: 'plan' | 'apply',
  files: readonly (PlannedFile | AppliedFile)[],
  limit = MAX_SUMMARY_BYTES,
  runProblems: readonly Diagnostic[] = [],
): string {
  const head = `## qovery-deploy ${command}\n\n${runProblems.length > 0 ? `❌ the run was refused, nothing was sent:\n${problems(runProblems, '')}\n` : ''}`;
  for (const detail of ['all', 'changed', 'none'] as const) {
    const body = files.map((f) => fileSection(f, command === 'apply' ? (f as AppliedFile) : undefined, detail)).join('\n');
    const text = `${head}${body}\n`;
    if (Buffer.byteLength(text) <= limit) return text;
  }
  return fitSummary(`${head}${files.map((f) => fileSection(f, undefined, 'none')).join('\n')}`, limit);
}

/**
 * The end of a GitHub run: annotations on the manifest lines (at most 10), an `::error` for a
 * failure no diagnostic explains, the Markdown job summary, and the step outputs `exitcode`,
 * `changes`, `deployment-request-ids`.
 */
async function endGithub(end: RunEnd, out: ReportOutput): Promise<void> {
  const { command, files } = end;
  const problems: { d: Diagnostic; file: string }[] = [
    ...end.problems.map((d) => ({ d, file: '' })),
    ...files.flatMap((f) => f.diagnostics.map((d) => ({ d, file: f.file }))),
  ];
  out.stdout.write(cappedAnnotations(problems, workspaceOf(out)));
  // A failed or timed-out deployment has no diagnostic to annotate, yet the step must show why it failed:
  // one annotation per failed service that the logs explain, within what is left of the budget.
  let budget = Math.max(0, MAX_ANNOTATIONS - problems.length);
  for (const f of files) {
    const failures = 'status' in f ? explainedFailures(f) : [];
    if (failures.length > 0) {
      for (const failure of failures) {
        const message = failureMessage(failure);
        out.stdout.write(budget-- > 0 ? workflowCommand('error', { title: `${failure.label} failed` }, message) : `${neutralize(`${failure.label} failed: ${message}`)}\n`);
      }
      continue;
    }
    const message = 'status' in f ? applyFailureMessage(f) : undefined;
    if (message) out.stdout.write(budget-- > 0 ? workflowCommand('error', { title: `qovery-deploy ${command}` }, message) : `${neutralize(message)}\n`);
  }
  if (end.planFile) out.stdout.write(`Saved the plan to ${end.planFile}.\n`);
  if (out.env.GITHUB_STEP_SUMMARY) await appendStepSummary(out, runSummary(command, files, undefined, end.problems));
  const ids = files.flatMap((f) => ('apply' in f ? (f.apply?.submissions ?? []) : [])).flatMap((s) => (s.requestId ? [s.requestId] : []));
  const changes = command === 'plan' ? files.some((f) => (f.plan?.requests.length ?? 0) > 0) : ids.length > 0;
  await writeStepOutputs(out, { exitcode: String(end.exitCode), changes: String(changes), 'deployment-request-ids': [...new Set(ids)].join(',') });
}

/** `plan --format github`: each file's plan in the log as it is known; annotations, summary and outputs at the end. */
export const planGithub: Reporter<RunEnd, PlannedFile> = {
  file: (planned, out) => void out.stdout.write(renderPlanText(planned, out.colors)),
  end: endGithub,
};

/** `apply --format github`: each file's outcome in the log as it is known; annotations, summary and outputs at the end. */
export const applyGithub: Reporter<RunEnd, ApplyFileReport> = {
  file: (report, out) => void out.stdout.write(dryRunBodies(report) + renderApplyText(report.applied, out.colors)),
  end: endGithub,
};
