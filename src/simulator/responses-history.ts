/**
 * `GET /environment/{id}/deploymentHistoryV2`: the environment's deployments, newest first, each
 * with its stages, services and the versions it carried.
 */
import type {
  Commit,
  DeploymentHistoryActionStatus,
  DeploymentHistoryEnvironmentPaginatedResponseListV2,
  DeploymentHistoryEnvironmentV2,
  DeploymentHistoryService,
  DeploymentHistoryServiceDetails,
  StateEnum,
} from 'qovery-typescript-axios';
import { detailsFor, requestState, serviceActionOf, subActionOf } from './live-status.js';
import { deploymentsOf, duration, iso, itemStates, SERVICE_TYPE, stagesOf, stageStatus } from './responses.js';
import { registryOf } from './responses-services.js';
import type { SimDeploymentRequest, SimEnvironment, SimService, SimState } from './state.js';

function commitOf(sha: string | null, at: number): Commit | null {
  if (sha === null) return null;
  return { created_at: iso(at), git_commit_id: sha, tag: '', message: `Simulated commit ${sha.slice(0, 7)}`, author_name: 'qovery-sim' };
}

/** The per-kind `details` of a history entry: the version that deployment carried. */
function historyDetails(svc: SimService, version: string | null, at: number): DeploymentHistoryServiceDetails {
  const build = `qovery-build-${svc.name}`;
  switch (svc.kind) {
    case 'application':
      return { commit: commitOf(version, at), build_pod_name: build };
    case 'container':
      return { image_name: registryOf(svc.repository).imageName, tag: version ?? '', arguments: [] };
    case 'database':
      return { image_name: (svc.databaseType ?? 'POSTGRESQL').toLowerCase(), tag: version ?? '', arguments: [] };
    case 'job':
      return svc.source === 'image'
        ? { image_name: registryOf(svc.repository).imageName, tag: version ?? '', job_type: svc.jobType ?? 'LIFECYCLE' }
        : { image_name: svc.name, tag: version ?? '', commit: commitOf(version, at), job_type: svc.jobType ?? 'LIFECYCLE', build_pod_name: build };
    case 'helm':
      return svc.source === 'chart'
        ? { repository: { chart_name: svc.chartName ?? svc.name, chart_version: version ?? '' } }
        : { commit: commitOf(version, at) };
    case 'terraform':
      return { commit: commitOf(version, at) };
  }
}

const ACTION_STATUS: Record<SimDeploymentRequest['status'], DeploymentHistoryActionStatus> = {
  QUEUED: 'QUEUED', RUNNING: 'ONGOING', SUCCESS: 'SUCCESS', ERROR: 'ERROR', CANCELED: 'CANCELED',
};

function historyEntry(state: SimState, request: SimDeploymentRequest): DeploymentHistoryEnvironmentV2 {
  const states = itemStates(state, request);
  const status = requestState(request, state.at);
  const started = request.startedAt ?? request.queuedAt;
  const end = request.finishedAt ?? state.at;
  const auditing = {
    created_at: iso(request.queuedAt),
    updated_at: iso(request.finishedAt ?? request.updatedAt),
    triggered_by: request.triggeredBy,
    origin: 'API' as const,
  };
  return {
    identifier: { execution_id: request.executionId ?? '', environment_id: request.environmentId },
    auditing_data: auditing,
    status,
    trigger_action: request.triggerAction,
    total_duration: duration(end - started),
    action_status: status === 'CANCELING' ? 'CANCELING' : ACTION_STATUS[request.status],
    stages: stagesOf(state, request).map((stage) => ({
      name: stage.name,
      status: stageStatus(stage.services.map((s) => states.get(s.id) as StateEnum)),
      duration: duration(end - started),
      services: stage.services.map((s): DeploymentHistoryService => {
        const run = request.runs.find((r) => r.serviceId === s.id);
        const serviceState = states.get(s.id) as StateEnum;
        return {
          identifier: { name: s.name, service_id: s.id, service_type: SERVICE_TYPE[s.kind], execution_id: request.executionId ?? '' },
          status: serviceState,
          auditing_data: auditing,
          details: historyDetails(s, run?.version ?? null, started),
          status_details: detailsFor(serviceState, subActionOf(s, request.items.find((i) => i.serviceId === s.id)?.terraformAction), serviceActionOf(request.triggerAction)),
          icon_uri: `app://qovery-console/${s.kind}`,
          total_duration: duration((run?.finishedAt ?? state.at) - started),
        };
      }),
    })),
  };
}

/**
 * `DeploymentHistoryEnvironmentPaginatedResponseListV2`: started (or cancelled) requests, newest
 * first, from the one after `startId` (an entry's `execution_id`, or its deployment request id);
 * undefined when `startId` names no entry.
 */
export function historyResponse(
  state: SimState,
  env: SimEnvironment,
  pageSize: number,
  startId?: string,
): DeploymentHistoryEnvironmentPaginatedResponseListV2 | undefined {
  const newestFirst = deploymentsOf(state, env.id).reverse();
  let from = 0;
  if (startId !== undefined) {
    const id = startId.toLowerCase();
    const index = newestFirst.findIndex((r) => r.executionId === startId || r.id === id);
    if (index === -1) return undefined;
    from = index + 1;
  }
  const results = newestFirst.slice(from, from + pageSize).map((r) => historyEntry(state, r));
  // Pages taken in turn with one size are numbered exactly; the spec requires a number.
  return { page: Math.floor(from / pageSize) + 1, page_size: pageSize, results };
}
