import type { PlanEntry } from '../../plan/types.js';
import type { AppliedFile, PlannedFile } from '../../results.js';
import { toJsonDiagnostic } from '../json.js';
import type { ReportOutput, Reporter } from '../reporter.js';
import type { ApplyFileReport, RunEnd } from './formats.js';
import { failureJson } from './failure-details.js';
import { serviceView } from './service-view.js';

/**
 * `plan --format json` and `apply --format json`: one document listing every file with its exit
 * code, every service (ref, SHA, current, desired, action; for apply also the final state, the
 * versions after, the duration and the deployment request id), the request bodies and the problems.
 */
export function renderRunJson(end: RunEnd): string {
  return `${JSON.stringify(runJsonDocument(end), null, 2)}\n`;
}

/** The document `renderRunJson` prints (`preview up` nests one file of it). */
export function runJsonDocument({ command, files, codes, problems: runProblems, planFile }: Omit<RunEnd, 'exitCode'>) {
  return {
    format_version: '1.0',
    ...(planFile !== undefined ? { plan_file: planFile } : {}),
    files: files.map((f, i) => {
      const applied = command === 'apply' ? (f as AppliedFile) : undefined;
      return {
        file: f.file,
        environment_id: f.plan?.environmentId ?? null,
        ...(applied ? { status: applied.status } : {}),
        exit_code: codes[i],
        changes: (f.plan?.requests.length ?? 0) > 0,
        ...(applied ? { deployment_request_ids: [...new Set((applied.apply?.submissions ?? []).flatMap((s) => (s.requestId ? [s.requestId] : [])))] } : {}),
        ...(applied?.apply?.cancel
          ? { cancel: { reason: applied.apply.cancel.reason, calls: applied.apply.cancel.calls.map((c) => ({ deployment_request_id: c.requestId, result: c.result, detail: c.detail ?? null })) } }
          : {}),
        ...(applied?.status === 'interrupted' ? { interrupted: true } : {}),
        ...(applied?.apply?.failureLogs ? { failure_logs: { execution_id: applied.apply.failureLogs.executionId ?? null, unavailable: applied.apply.failureLogs.unavailable ?? null } } : {}),
        services: f.plan?.entries.map((e) => serviceJson(e, applied)) ?? [],
        requests: f.plan?.requests.map((r) => ({ method: r.method, path: r.path, body: r.body })) ?? [],
        diagnostics: f.diagnostics.map((d) => toJsonDiagnostic(d, f.file)),
      };
    }),
    // Problems of the run as a whole (bad flags, two files for one environment): nothing was sent.
    diagnostics: runProblems.map((d) => toJsonDiagnostic(d)),
  };
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
          ...(applied ? failureJson(applied, entry.id) : {}),
        }
      : {}),
  };
}

function writeRunJson(end: RunEnd, out: ReportOutput): void {
  out.stdout.write(renderRunJson(end));
}

/** `plan --format json`: nothing per file; the one document at the end. */
export const planJson: Reporter<RunEnd, PlannedFile> = { end: writeRunJson };

/** `apply --format json`: nothing per file; the one document at the end. */
export const applyJson: Reporter<RunEnd, ApplyFileReport> = { end: writeRunJson };
