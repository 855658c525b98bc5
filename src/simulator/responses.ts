/**
 * Maps the model to Qovery's response shapes, each typed against `qovery-typescript-axios` so a
 * field Qovery does not know fails the build. Reads only: every function sees the model as of the
 * last `advance()`.
 */
import type {
  EnvDeploymentStatus,
  Environment,
  EnvironmentDeploymentStatusEnum,
  EnvironmentStatus,
  EnvironmentStatuses,
  Organization,
  Project,
  QueuedDeploymentRequestWithStages,
  ServiceDeploymentStatusEnum,
  ServiceTypeEnum,
  StageStatusEnum,
  StateEnum,
  Status,
} from 'qovery-typescript-axios';
import { requestState, runState, serviceLive } from './live-status.js';
import type { SimDeploymentRequest, SimEnvironment, SimOrganization, SimProject, SimService, SimServiceKind, SimState } from './state.js';

/** An ISO 8601 timestamp. */
export const iso = (ms: number): string => new Date(ms).toISOString();
/** An ISO 8601 duration in seconds. */
export const duration = (ms: number): string => `PT${Number((Math.max(0, ms) / 1000).toFixed(3))}S`;
/** Qovery's `service_type` of each kind. */
export const SERVICE_TYPE: Record<SimServiceKind, ServiceTypeEnum> = {
  application: 'APPLICATION', container: 'CONTAINER', database: 'DATABASE', job: 'JOB', helm: 'HELM', terraform: 'TERRAFORM',
};
/** Stage order and names, after Qovery's default pipeline stages (reported; the simulator runs them in parallel). */
const STAGES: [SimServiceKind, string][] = [
  ['database', 'DEFAULT DATABASE'], ['terraform', 'DEFAULT TERRAFORM'], ['job', 'DEFAULT JOB'],
  ['helm', 'DEFAULT HELM'], ['container', 'DEFAULT CONTAINER'], ['application', 'DEFAULT APPLICATION'],
];

/** `Organization`. */
export function organizationResponse(org: SimOrganization): Organization {
  return { id: org.id, created_at: org.createdAt, name: org.name, plan: 'TEAM' };
}

/** `Project`. */
export function projectResponse(project: SimProject): Project {
  return {
    id: project.id,
    created_at: project.createdAt,
    name: project.name,
    associated_environments_count: project.environmentIds.length,
    organization: { id: project.organizationId },
  };
}

/** `Environment`. */
export function environmentResponse(env: SimEnvironment): Environment {
  return {
    id: env.id,
    created_at: env.createdAt,
    name: env.name,
    organization: { id: env.organizationId },
    project: { id: env.projectId },
    cloud_provider: { provider: 'AWS', cluster: 'eu-west-3' },
    mode: env.mode,
    cluster_id: env.clusterId,
    cluster_name: env.clusterName,
  };
}

/** UP_TO_DATE when the configured version is deployed and the last deployment succeeded. */
export function serviceDeploymentStatus(svc: SimService): ServiceDeploymentStatusEnum {
  if (svc.deployed === null) return 'NEVER_DEPLOYED';
  const vo = svc.valuesOverride;
  const current = svc.deployed === svc.configured && (!vo || vo.deployed === vo.configured);
  return current && svc.lastResult === 'DEPLOYED' ? 'UP_TO_DATE' : 'OUT_OF_DATE';
}

/** `Status` of one service. */
export function statusResponse(state: SimState, svc: SimService): Status {
  const live = serviceLive(state, svc);
  const lastStarted = lastStartedRequest(state, svc.environmentId);
  const status: Status = {
    id: svc.id,
    state: live.state,
    service_deployment_status: serviceDeploymentStatus(svc),
    is_part_last_deployment: lastStarted?.serviceIds.includes(svc.id) ?? false,
    status_details: live.details,
    deployment_request_id: svc.deploymentRequestId,
    deployment_requests_count: live.pending,
  };
  if (svc.lastDeploymentAt !== null) status.last_deployment_date = iso(svc.lastDeploymentAt);
  if (svc.lastExecutionId !== null) status.execution_id = svc.lastExecutionId;
  return status;
}

/** Requests that have started, or were cancelled before they could: the environment's deployments. */
export function deploymentsOf(state: SimState, environmentId: string): SimDeploymentRequest[] {
  const key = (r: SimDeploymentRequest): number => r.startedAt ?? r.finishedAt ?? 0;
  return state
    .requestsOf(environmentId)
    .filter((r) => r.startedAt !== null || r.status === 'CANCELED')
    .sort((a, b) => key(a) - key(b) || a.seq - b.seq);
}

function lastStartedRequest(state: SimState, environmentId: string): SimDeploymentRequest | undefined {
  return deploymentsOf(state, environmentId).at(-1);
}

function seededState(services: SimService[]): StateEnum {
  const failed = services.find((s) => s.restingState === 'BUILD_ERROR' || s.restingState === 'DEPLOYMENT_ERROR');
  if (failed) return failed.restingState;
  return services.some((s) => s.deployed !== null) ? 'DEPLOYED' : 'READY';
}

/** `EnvironmentStatus`; `deploymentRequestId` overrides the reported request (the one a POST just queued). */
export function environmentStatusResponse(state: SimState, env: SimEnvironment, deploymentRequestId?: string): EnvironmentStatus {
  const requests = state.requestsOf(env.id);
  const services = env.serviceIds.map((id) => state.services.get(id) as SimService);
  const running = requests.find((r) => r.status === 'RUNNING');
  const lastStarted = lastStartedRequest(state, env.id);
  const lastState = lastStarted ? requestState(lastStarted, state.at) : seededState(services);
  const current = running
    ? requestState(running, state.at)
    : requests.some((r) => r.status === 'QUEUED') ? 'DEPLOYMENT_QUEUED' : lastState;
  const statuses = services.map(serviceDeploymentStatus);
  let deploymentStatus: EnvironmentDeploymentStatusEnum = 'OUT_OF_DATE';
  if (statuses.every((s) => s === 'NEVER_DEPLOYED')) deploymentStatus = 'NEVER_DEPLOYED';
  else if (statuses.every((s) => s === 'UP_TO_DATE')) deploymentStatus = 'UP_TO_DATE';
  const lastFinished = deploymentsOf(state, env.id).filter((r) => r.startedAt !== null && r.finishedAt !== null).at(-1);
  return {
    id: env.id,
    state: current,
    last_deployment_state: lastState,
    last_deployment_date: lastStarted ? iso(lastStarted.finishedAt ?? lastStarted.startedAt ?? state.at) : null,
    last_deployment_id: lastStarted?.executionId ?? null,
    total_deployment_duration_in_seconds: lastFinished
      ? Math.round(((lastFinished.finishedAt as number) - (lastFinished.startedAt as number)) / 1000)
      : null,
    origin: 'API',
    triggered_by: lastStarted?.triggeredBy ?? null,
    deployment_status: deploymentStatus,
    deployment_request_id: deploymentRequestId ?? requests.at(-1)?.id ?? null,
  };
}

/** `EnvironmentStatuses`: the environment plus every service's `Status`, by kind. */
export function statusesResponse(state: SimState, env: SimEnvironment): EnvironmentStatuses {
  const of = (kind: SimServiceKind): Status[] =>
    env.serviceIds
      .map((id) => state.services.get(id) as SimService)
      .filter((s) => s.kind === kind)
      .map((s) => statusResponse(state, s));
  return {
    environment: environmentStatusResponse(state, env),
    applications: of('application'),
    containers: of('container'),
    jobs: of('job'),
    databases: of('database'),
    helms: of('helm'),
    terraforms: of('terraform'),
  };
}

/** A stage's status from the states of its services. */
export function stageStatus(states: StateEnum[]): StageStatusEnum {
  if (states.some((s) => s === 'BUILD_ERROR' || s === 'DEPLOYMENT_ERROR')) return 'ERROR';
  if (states.every((s) => s === 'DEPLOYMENT_QUEUED')) return 'QUEUED';
  if (states.every((s) => s === 'DEPLOYED')) return 'DONE';
  if (states.every((s) => s === 'DEPLOYED' || s === 'CANCELED')) return 'CANCELED';
  return 'ONGOING';
}

/** The state of each service of a request, queued requests included. */
export function itemStates(state: SimState, request: SimDeploymentRequest): Map<string, StateEnum> {
  const states = new Map<string, StateEnum>();
  for (const id of request.serviceIds) {
    const run = request.runs.find((r) => r.serviceId === id);
    states.set(id, run ? runState(run, state.at) : request.status === 'CANCELED' ? 'CANCELED' : 'DEPLOYMENT_QUEUED');
  }
  return states;
}

/** A request's services grouped in Qovery's default stages, in stage order. */
export function stagesOf(state: SimState, request: SimDeploymentRequest): { name: string; services: SimService[] }[] {
  const services = request.serviceIds.map((id) => state.services.get(id)).filter((s): s is SimService => s !== undefined);
  return STAGES.map(([kind, name]) => ({ name, services: services.filter((s) => s.kind === kind) })).filter(
    (stage) => stage.services.length > 0,
  );
}

/** `GET /environment/{id}/deploymentQueue`: requests not finished yet (running first, then queued). */
export function deploymentQueueResponse(state: SimState, env: SimEnvironment): { results: QueuedDeploymentRequestWithStages[] } {
  const unfinished = state.requestsOf(env.id).filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING');
  return {
    results: unfinished.map((request) => {
      const states = itemStates(state, request);
      return {
        identifier: { deployment_request_id: request.id, environment_id: env.id },
        auditing_data: { triggered_by: request.triggeredBy, origin: 'API' },
        trigger_action: request.triggerAction,
        stages: stagesOf(state, request).map((stage) => ({
          name: stage.name,
          status: stageStatus(stage.services.map((s) => states.get(s.id) as StateEnum)),
          services: stage.services.map((s) => ({
            identifier: { service_id: s.id, service_type: SERVICE_TYPE[s.kind], name: s.name },
            status: stageStatus([states.get(s.id) as StateEnum]),
            icon_uri: `app://qovery-console/${s.kind}`,
            ...(s.kind === 'job' ? { details: { job_type: s.jobType ?? 'LIFECYCLE' } } : {}),
          })),
        })),
      };
    }),
  };
}

/** `EnvDeploymentStatus` of one request. */
export function envDeploymentStatusResponse(state: SimState, request: SimDeploymentRequest): EnvDeploymentStatus {
  return { deployment_request_id: request.id, environment_id: request.environmentId, status: requestState(request, state.at) };
}
