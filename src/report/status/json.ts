import type { LastFailures } from '../../results.js';
import { toJsonDiagnostic } from '../json.js';
import type { Reporter } from '../reporter.js';
import type { StatusReport } from './formats.js';

/** `status --format json`: every service with its live state, the queue, and the diagnostics. */
export const statusJson: Reporter<StatusReport> = {
  end({ file, live, rows, diagnostics, failures }, out) {
    const document = {
      format_version: '1.0',
      file,
      environment_id: live.environmentId,
      read_at: live.readAt,
      services: rows.map((r) => ({
        kind: r.kind,
        name: r.name,
        id: r.id,
        in_manifest: r.inManifest,
        version: r.version,
        values_override_commit: r.valuesOverrideCommit,
        state: r.state,
        deployment_status: r.deploymentStatus,
        deployment_request_id: r.deploymentRequestId,
        deployment_requests_count: r.requestsCount,
        action: r.action,
        action_status: r.actionStatus,
        ...lastFailureJson(r.id === null ? undefined : failures?.byService[r.id]),
      })),
      ...(failures?.unavailable ? { last_failures_unavailable: failures.unavailable } : {}),
      queue: live.queue.map((q) => ({ deployment_request_id: q.id, service_ids: q.serviceIds })),
      diagnostics: diagnostics.map((d) => toJsonDiagnostic(d, file)),
    };
    out.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  },
};

/** `last_failure` of a failed service: Qovery's message, hint and link, and the execution they come from. */
function lastFailureJson(failure: LastFailures['byService'][string] | undefined) {
  if (!failure) return {};
  const d = failure.detail;
  return { last_failure: { execution_id: failure.executionId, message: d.message ?? null, hint: d.hint ?? null, link: d.link ?? null } };
}
