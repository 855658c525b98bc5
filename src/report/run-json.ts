import type { Diagnostic } from '../diagnostics/types.js';
import type { AppliedFile } from '../workflows/apply-file.js';
import type { PlannedFile } from '../workflows/plan-file.js';
import { toJsonDiagnostic } from './json.js';
import { serviceJson } from './plan-report.js';

/**
 * `plan --format json` and `apply --format json`: one document listing every file with its exit
 * code, every service (ref, SHA, current, desired, action; for apply also the final state, the
 * versions after, the duration and the deployment request id), the request bodies and the problems.
 */
export function renderRunJson(
  command: 'plan' | 'apply',
  files: readonly (PlannedFile | AppliedFile)[],
  codes: readonly number[],
  runProblems: readonly Diagnostic[] = [],
  planFile?: string,
): string {
  const document = {
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
        services: f.plan?.entries.map((e) => serviceJson(e, applied)) ?? [],
        requests: f.plan?.requests.map((r) => ({ method: r.method, path: r.path, body: r.body })) ?? [],
        diagnostics: f.diagnostics.map((d) => toJsonDiagnostic(d, f.file)),
      };
    }),
    // Problems of the run as a whole (bad flags, two files for one environment): nothing was sent.
    diagnostics: runProblems.map((d) => toJsonDiagnostic(d)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
