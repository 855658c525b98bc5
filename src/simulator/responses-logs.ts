/**
 * `GET /environment/{id}/logs?version=<execution id>` (`listEnvironmentLogs`): the last 1,000
 * deployment log entries of one execution, as `EnvironmentLogs`. Each service of the run logs
 * its stages as they pass on the clock; a failed run ends with an entry carrying Qovery's `error`
 * block (`user_log_message`, `hint_message`, `link`), scripted by `outcomes.fail(…, { log })`.
 */
import type { EnvironmentLogs } from 'qovery-typescript-axios';
import { iso } from './responses.js';
import type { SimDeploymentRequest, SimEnvironment, SimServiceRun, SimState } from './state.js';

/** The spec: "This returns the last 1000 environment deployment logs". */
const MAX_ENTRIES = 1000;

/** The log entries of one execution (the environment's latest when `version` is absent); undefined when it names none. */
export function logsResponse(state: SimState, env: SimEnvironment, version?: string): EnvironmentLogs[] | undefined {
  const started = state.requestsOf(env.id).filter((r) => r.executionId !== null);
  const request = version === undefined ? started.at(-1) : started.find((r) => r.executionId === version);
  if (!request) return version === undefined ? [] : undefined;
  const entries = request.runs.flatMap((run) => runEntries(state, env, request, run));
  entries.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return entries.slice(-MAX_ENTRIES);
}

function runEntries(state: SimState, env: SimEnvironment, request: SimDeploymentRequest, run: SimServiceRun): EnvironmentLogs[] {
  const svc = state.services.get(run.serviceId);
  if (!svc) return [];
  const now = state.at;
  const entry = (at: number, step: string, text: string, error?: EnvironmentLogs['error']): EnvironmentLogs => ({
    type: error ? 'ERROR' : 'INFO',
    timestamp: iso(at),
    details: {
      organization_id: env.organizationId,
      cluster_id: env.clusterId,
      execution_id: request.executionId ?? '',
      transmitter: { id: svc.id, name: svc.name, type: svc.kind.toUpperCase() },
      stage: { step, id: null, name: null },
    },
    error: error ?? null,
    message: { safe_message: text },
  });
  const out: EnvironmentLogs[] = [];
  if (run.buildAt !== null && run.buildAt <= now) out.push(entry(run.buildAt, 'Build', `Building ${svc.name} at ${run.version ?? 'its configured version'}`));
  if (run.outcome !== 'BUILD_ERROR' && run.deployAt <= now && run.deployAt < run.endAt) out.push(entry(run.deployAt, 'Deploy', `Deploying ${svc.name}`));
  if (run.result === null || run.finishedAt === null) return out;
  const at = run.finishedAt;
  const step = run.result === 'BUILD_ERROR' ? 'BuildError' : run.result === 'DEPLOYED' ? 'Deployed' : run.result === 'CANCELED' ? 'Cancelled' : 'DeployedError';
  for (const line of run.log?.lines ?? []) out.push(entry(at, step, line));
  if (run.result === 'DEPLOYED') {
    out.push(entry(at, step, `${svc.name} deployed`));
    return out;
  }
  const message = run.log?.message ?? `${svc.name} ended in ${run.result}`;
  const error = {
    tag: run.result,
    user_log_message: message,
    ...(run.log?.hint === undefined ? {} : { hint_message: run.log.hint }),
    ...(run.log?.link === undefined ? {} : { link: run.log.link }),
  };
  out.push(entry(at, step, message, error));
  return out;
}
