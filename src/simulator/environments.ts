/**
 * Environments as a whole: `cloneEnvironment` (a new environment of the same project with the same
 * services under new ids, configured like the source's and never deployed; 400 when the name is
 * taken), `listEnvironmentServicesLinks`, and `deleteEnvironment` (204; the environment is gone
 * after `queuedMs + deployingMs` on the simulator's clock, its services and requests with it).
 */
import { randomUUID } from 'node:crypto';
import type { Environment, EnvironmentModeEnum, Link } from 'qovery-typescript-axios';
import { canSee } from './auth.js';
import { environmentResponse } from './responses.js';
import { HttpError, type Route, type RouteInput } from './routes.js';
import type { SimEnvironment, SimService, SimState } from './state.js';
import { UUID } from './validate-body.js';

const MODES: readonly EnvironmentModeEnum[] = ['DEVELOPMENT', 'PREVIEW', 'PRODUCTION', 'STAGING'];
const CLONE_KEYS = new Set(['name', 'cluster_id', 'mode', 'apply_deployment_rule', 'project_id']);

/** When each environment being deleted disappears (ms on the simulator's clock), per simulator. */
const deletions = new WeakMap<SimState, Map<string, number>>();

/** Environments whose deletion is under way, and when each disappears. */
export function pendingDeletions(state: SimState): Map<string, number> {
  let pending = deletions.get(state);
  if (!pending) deletions.set(state, (pending = new Map()));
  return pending;
}

/** Removes the environments whose deletion time has come (called on every request, after `advance`). */
export function purgeDeleted(state: SimState): void {
  const pending = deletions.get(state);
  if (!pending) return;
  for (const [id, at] of pending) {
    if (at > state.clock()) continue;
    pending.delete(id);
    const env = state.environments.get(id);
    if (!env) continue;
    for (const serviceId of env.serviceIds) state.services.delete(serviceId);
    const project = state.projects.get(env.projectId);
    project?.environmentIds.splice(project.environmentIds.indexOf(id), 1);
    state.environments.delete(id);
    for (let i = state.requests.length - 1; i >= 0; i -= 1) if (state.requests[i]!.environmentId === id) state.requests.splice(i, 1);
  }
}

function visibleEnvironment(input: RouteInput): SimEnvironment {
  const raw = input.params.environmentId ?? '';
  if (!UUID.test(raw)) throw new HttpError(400, `environmentId "${raw}" is not a valid UUID`);
  const env = input.ctx.state.environments.get(raw.toLowerCase());
  if (!env) throw new HttpError(404, `Environment ${raw} not found`);
  if (!canSee(input.token, env.id)) {
    const status = input.token.notFoundStatus ?? input.ctx.notFoundStatus;
    throw new HttpError(status, status === 403 ? `Access to Environment ${env.id} is forbidden` : `Environment ${env.id} not found`);
  }
  return env;
}

/** Checks a `CloneEnvironmentRequest` the way the spec types it. */
function checkCloneBody(body: unknown): { name: string; mode?: EnvironmentModeEnum; clusterId?: string; projectId?: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the body must be a JSON object');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !CLONE_KEYS.has(k));
  if (unknown.length > 0) throw new HttpError(400, `unknown field(s) in CloneEnvironmentRequest: ${unknown.join(', ')}`);
  if (typeof b.name !== 'string' || b.name.trim() === '') throw new HttpError(400, 'name is required');
  if (b.mode !== undefined && !MODES.includes(b.mode as EnvironmentModeEnum)) throw new HttpError(400, `mode must be one of ${MODES.join(', ')}`);
  if (b.apply_deployment_rule !== undefined && typeof b.apply_deployment_rule !== 'boolean') throw new HttpError(400, 'apply_deployment_rule must be a boolean');
  for (const key of ['cluster_id', 'project_id']) {
    if (b[key] !== undefined && (typeof b[key] !== 'string' || !UUID.test(b[key] as string))) throw new HttpError(400, `${key} must be a UUID`);
  }
  return {
    name: b.name,
    ...(b.mode !== undefined ? { mode: b.mode as EnvironmentModeEnum } : {}),
    ...(typeof b.cluster_id === 'string' ? { clusterId: b.cluster_id.toLowerCase() } : {}),
    ...(typeof b.project_id === 'string' ? { projectId: b.project_id.toLowerCase() } : {}),
  };
}

/** Makes the clone: same services, new ids, configured as the source's, never deployed. */
export function cloneOf(state: SimState, source: SimEnvironment, spec: ReturnType<typeof checkCloneBody>): SimEnvironment {
  const projectId = spec.projectId ?? source.projectId;
  const project = state.projects.get(projectId);
  if (!project) throw new HttpError(400, `project ${projectId} not found`);
  const taken = project.environmentIds.some((id) => state.environments.get(id)?.name.toLowerCase() === spec.name.toLowerCase());
  if (taken) throw new HttpError(400, `an environment named "${spec.name}" already exists in project ${project.name}`);
  const createdAt = new Date(state.clock()).toISOString();
  const env: SimEnvironment = {
    id: randomUUID(),
    name: spec.name,
    projectId,
    organizationId: project.organizationId,
    mode: spec.mode ?? source.mode,
    clusterId: spec.clusterId ?? source.clusterId,
    clusterName: spec.clusterId ? 'sim-cluster-2' : source.clusterName,
    createdAt,
    serviceIds: [],
    executionCounter: 0,
    busyUntil: -Infinity,
  };
  for (const id of source.serviceIds) {
    const from = state.services.get(id) as SimService;
    const svc: SimService = {
      ...from,
      id: randomUUID(),
      environmentId: env.id,
      createdAt,
      ...(from.valuesOverride ? { valuesOverride: { ...from.valuesOverride, deployed: null } } : {}),
      deployed: null,
      lastResult: null,
      restingState: 'READY',
      lastDeploymentAt: null,
      lastExecutionId: null,
      deploymentRequestId: null,
      lastTerraformAction: null,
      lastTriggerAction: null,
    };
    state.services.set(svc.id, svc);
    env.serviceIds.push(svc.id);
  }
  state.environments.set(env.id, env);
  project.environmentIds.push(env.id);
  return env;
}

/** A public link per application and container: `https://<name>-<env id prefix>.sim.qovery.example`. */
function linksOf(state: SimState, env: SimEnvironment): Link[] {
  return env.serviceIds
    .map((id) => state.services.get(id) as SimService)
    .filter((s) => s.kind === 'application' || s.kind === 'container')
    .map((s) => ({
      service_id: s.id,
      service_type: s.kind === 'application' ? 'APPLICATION' : 'CONTAINER',
      url: `https://${s.name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${env.id.slice(0, 8)}.sim.qovery.example`,
      internal_port: 8080,
      external_port: 443,
      is_qovery_domain: true,
      is_default: true,
    }));
}

/** The routes of this file (added to the table by the server). */
export const ENVIRONMENT_ROUTES: Route[] = [
  {
    method: 'POST',
    path: '/environment/:environmentId/clone',
    handle: (input) => {
      const source = visibleEnvironment(input);
      if (!input.body.valid) throw new HttpError(400, 'The request body is not valid JSON');
      const clone = cloneOf(input.ctx.state, source, checkCloneBody(input.body.json));
      // A token limited to some environments sees the clones it makes.
      if (input.token.environments !== 'all') (input.token.environments as Set<string>).add(clone.id);
      return { status: 202, body: environmentResponse(clone) satisfies Environment };
    },
  },
  {
    method: 'GET',
    path: '/environment/:environmentId/link',
    handle: (input) => ({ status: 200, body: { results: linksOf(input.ctx.state, visibleEnvironment(input)) } }),
  },
  {
    method: 'DELETE',
    path: '/environment/:environmentId',
    handle: (input) => {
      const env = visibleEnvironment(input);
      const { state } = input.ctx;
      const pending = pendingDeletions(state);
      if (!pending.has(env.id)) pending.set(env.id, state.clock() + state.stages.queuedMs + state.stages.deployingMs);
      return { status: 204 };
    },
  },
];
