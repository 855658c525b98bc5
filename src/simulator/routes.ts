/**
 * The endpoints the simulator answers, as a table of (method, path template, handler). Handlers
 * run after authentication and after the model has been advanced to the current time; they
 * throw `HttpError` for Qovery-like error answers.
 */
import { STATUS_CODES } from 'node:http';
import type { DeploymentHistoryTriggerAction } from 'qovery-typescript-axios';
import { canSee, type SimToken } from './auth.js';
import { cancelRequest, enqueue, isCanceling, runningRequest } from './deployments.js';
import {
  deploymentQueueResponse,
  environmentResponse,
  environmentStatusResponse,
  envDeploymentStatusResponse,
  organizationResponse,
  projectResponse,
  statusesResponse,
  statusResponse,
} from './responses.js';
import { historyResponse } from './responses-history.js';
import { logsResponse } from './responses-logs.js';
import { serviceResponse } from './responses-services.js';
import type { SimEnvironment, SimService, SimState, SimTerraformAction } from './state.js';
import { checkDeployAllBody, checkTerraformBody, UUID } from './validate-body.js';

/** Counters a test or benchmark reads to know what the API accepted. */
export interface SimStats {
  /** Deploy calls answered 202 (`/service/deploy` and `/terraform/{id}/deploy`), merged ones included. */
  deployCalls: number;
  /** Deploy calls merged into a request that was still queued. */
  merges: number;
}

/** What the handlers share. */
export interface SimContext {
  readonly state: SimState;
  readonly tokens: SimToken[];
  notFoundStatus: 404 | 403;
  readonly stats: SimStats;
}

export interface ParsedBody {
  raw: string;
  /** The parsed JSON; undefined when the body is empty or not JSON. */
  json: unknown;
  /** False when a non-empty body is not JSON. */
  valid: boolean;
}

export interface RouteInput {
  ctx: SimContext;
  token: SimToken;
  params: Record<string, string>;
  query: URLSearchParams;
  body: ParsedBody;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handle(input: RouteInput): RouteResult;
}

/** An error answer with Qovery's documented error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `{ status, error, message }`, the error body shape Qovery's docs show. */
export function errorBody(status: number, message: string): { status: number; error: string; message: string } {
  return { status, error: STATUS_CODES[status] ?? 'Error', message };
}

/** A UUID from a path or query, in its canonical lower-case form. */
function uuidParam(value: string | undefined, name: string): string {
  if (value === undefined || !UUID.test(value)) throw new HttpError(400, `${name} "${value ?? ''}" is not a valid UUID`);
  return value.toLowerCase();
}

/** `pageSize`: `type: number, nullable: true, default: 20`; an empty value is null. */
function pageSizeParam(query: URLSearchParams): number {
  const raw = query.get('pageSize');
  if (raw === null || raw === '') return 20;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1) throw new HttpError(400, `pageSize "${raw}" is not a positive integer`);
  return size;
}

function hidden(input: RouteInput, what: string): HttpError {
  const status = input.token.notFoundStatus ?? input.ctx.notFoundStatus;
  return new HttpError(status, status === 403 ? `Access to ${what} is forbidden` : `${what} not found`);
}

function environmentOf(input: RouteInput, id: string | undefined): SimEnvironment {
  const envId = uuidParam(id, 'environmentId');
  const env = input.ctx.state.environments.get(envId);
  if (!env) throw new HttpError(404, `Environment ${envId} not found`);
  if (!canSee(input.token, env.id)) throw hidden(input, `Environment ${envId}`);
  return env;
}

function seesAny(token: SimToken, environmentIds: readonly string[]): boolean {
  return token.environments === 'all' || environmentIds.some((id) => canSee(token, id));
}

function envIdsOfOrg(state: SimState, orgId: string): string[] {
  return [...state.environments.values()].filter((e) => e.organizationId === orgId).map((e) => e.id);
}

/** The parsed body; an empty body reads as `{}` (the spec makes both request bodies optional). */
function jsonBody(input: RouteInput): unknown {
  if (!input.body.valid) throw new HttpError(400, 'The request body is not valid JSON');
  return input.body.raw.trim() === '' ? {} : input.body.json;
}

function deployTerraform(input: RouteInput): RouteResult {
  const { state } = input.ctx;
  const id = uuidParam(input.params.terraformId, 'terraformId');
  const svc = state.services.get(id);
  if (!svc || svc.kind !== 'terraform') throw new HttpError(404, `Terraform ${id} not found`);
  if (!canSee(input.token, svc.environmentId)) throw hidden(input, `Terraform ${id}`);
  const checked = checkTerraformBody(svc, jsonBody(input));
  if (!checked.ok) throw new HttpError(400, checked.message);
  const triggerAction: Record<string, DeploymentHistoryTriggerAction> = {
    PLAN: 'DEPLOY_DRY_RUN', FORCE_UNLOCK: 'TERRAFORM_FORCE_UNLOCK', MIGRATE_STATE: 'TERRAFORM_MIGRATE_STATE',
  };
  const action: SimTerraformAction | null = checked.value.action;
  const { merged } = enqueue(state, {
    environmentId: svc.environmentId,
    ownerKey: input.token.token,
    triggeredBy: input.token.user,
    triggerAction: action === null ? 'DEPLOY' : (triggerAction[action] as DeploymentHistoryTriggerAction),
    terraformAction: action,
    items: [checked.value.item],
    foreign: false,
  });
  input.ctx.stats.deployCalls += 1;
  if (merged) input.ctx.stats.merges += 1;
  return { status: 202, body: statusResponse(state, svc as SimService) };
}

/** Every route, literal paths before templated ones. */
export const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/organization',
    handle: (input) => {
      const { state } = input.ctx;
      const orgs = [...state.organizations.values()].filter((o) => seesAny(input.token, envIdsOfOrg(state, o.id)));
      return { status: 200, body: { results: orgs.map(organizationResponse) } };
    },
  },
  {
    method: 'GET',
    path: '/organization/:organizationId/project',
    handle: (input) => {
      const { state } = input.ctx;
      const orgId = uuidParam(input.params.organizationId, 'organizationId');
      const org = state.organizations.get(orgId);
      if (!org) throw new HttpError(404, `Organization ${orgId} not found`);
      if (!seesAny(input.token, envIdsOfOrg(state, orgId))) throw hidden(input, `Organization ${orgId}`);
      const projects = org.projectIds
        .map((id) => state.projects.get(id))
        .filter((p) => p !== undefined && seesAny(input.token, p.environmentIds));
      return { status: 200, body: { results: projects.map((p) => projectResponse(p as NonNullable<typeof p>)) } };
    },
  },
  {
    method: 'GET',
    path: '/project/:projectId/environment',
    handle: (input) => {
      const { state } = input.ctx;
      const projectId = uuidParam(input.params.projectId, 'projectId');
      const project = state.projects.get(projectId);
      if (!project) throw new HttpError(404, `Project ${projectId} not found`);
      if (!seesAny(input.token, project.environmentIds)) throw hidden(input, `Project ${projectId}`);
      const envs = project.environmentIds.filter((id) => canSee(input.token, id)).map((id) => state.environments.get(id));
      return { status: 200, body: { results: envs.map((e) => environmentResponse(e as SimEnvironment)) } };
    },
  },
  {
    method: 'GET',
    path: '/environment/deploymentStatus',
    handle: (input) => {
      const id = uuidParam(input.query.get('deploymentRequestId') ?? undefined, 'deploymentRequestId');
      const request = input.ctx.state.findRequest(id);
      if (!request) throw new HttpError(404, `Deployment request ${id} not found`);
      if (!canSee(input.token, request.environmentId)) throw hidden(input, `Deployment request ${id}`);
      return { status: 200, body: envDeploymentStatusResponse(input.ctx.state, request) };
    },
  },
  {
    method: 'GET',
    path: '/environment/:environmentId',
    handle: (input) => ({ status: 200, body: environmentResponse(environmentOf(input, input.params.environmentId)) }),
  },
  {
    method: 'GET',
    path: '/environment/:environmentId/services',
    handle: (input) => {
      const env = environmentOf(input, input.params.environmentId);
      const services = env.serviceIds.map((id) => serviceResponse(input.ctx.state.services.get(id) as SimService));
      return { status: 200, body: { results: services } };
    },
  },
  {
    method: 'GET',
    path: '/environment/:environmentId/status',
    handle: (input) => ({
      status: 200,
      body: environmentStatusResponse(input.ctx.state, environmentOf(input, input.params.environmentId)),
    }),
  },
  {
    method: 'GET',
    path: '/environment/:environmentId/statuses',
    handle: (input) => ({ status: 200, body: statusesResponse(input.ctx.state, environmentOf(input, input.params.environmentId)) }),
  },
  {
    method: 'GET',
    path: '/environment/:environmentId/deploymentQueue',
    handle: (input) => ({
      status: 200,
      body: deploymentQueueResponse(input.ctx.state, environmentOf(input, input.params.environmentId)),
    }),
  },
  {
    method: 'GET',
    path: '/environment/:environmentId/deploymentHistoryV2',
    handle: (input) => {
      const env = environmentOf(input, input.params.environmentId);
      const startId = input.query.get('startId') || undefined;
      const page = historyResponse(input.ctx.state, env, pageSizeParam(input.query), startId);
      if (!page) throw new HttpError(400, `startId "${startId ?? ''}" names no deployment of environment ${env.id}`);
      return { status: 200, body: page };
    },
  },
  {
    method: 'GET',
    path: '/environment/:environmentId/logs',
    handle: (input) => {
      const env = environmentOf(input, input.params.environmentId);
      const version = input.query.get('version') || undefined;
      const logs = logsResponse(input.ctx.state, env, version);
      if (!logs) throw new HttpError(404, `Deployment ${version ?? ''} of environment ${env.id} not found`);
      return { status: 200, body: logs };
    },
  },
  {
    method: 'POST',
    path: '/environment/:environmentId/service/deploy',
    handle: (input) => {
      const { state, stats } = input.ctx;
      const env = environmentOf(input, input.params.environmentId);
      const checked = checkDeployAllBody(state, env, jsonBody(input));
      if (!checked.ok) throw new HttpError(400, checked.message);
      const { request, merged } = enqueue(state, {
        environmentId: env.id,
        ownerKey: input.token.token,
        triggeredBy: input.token.user,
        triggerAction: 'DEPLOY',
        terraformAction: null,
        items: checked.value,
        foreign: false,
      });
      stats.deployCalls += 1;
      if (merged) stats.merges += 1;
      return { status: 202, body: environmentStatusResponse(state, env, request.id) };
    },
  },
  {
    method: 'POST',
    path: '/environment/:environmentId/cancelDeployment',
    handle: (input) => {
      const env = environmentOf(input, input.params.environmentId);
      const body = jsonBody(input);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new HttpError(400, 'the body must be a JSON object');
      }
      // The current deployment: the running request, or the one about to start.
      const current =
        runningRequest(input.ctx.state, env.id) ?? input.ctx.state.requestsOf(env.id).find((r) => r.status === 'QUEUED');
      if (!current || isCanceling(current)) {
        throw new HttpError(409, 'Environment deployment is already cancelled or no deployment is in progress');
      }
      cancelRequest(input.ctx.state, current);
      return { status: 202, body: environmentStatusResponse(input.ctx.state, env) };
    },
  },
  {
    method: 'POST',
    path: '/deploymentQueue/:deploymentRequestId/cancelDeployment',
    handle: (input) => {
      const id = uuidParam(input.params.deploymentRequestId, 'deploymentRequestId');
      const request = input.ctx.state.findRequest(id);
      if (!request) throw new HttpError(404, `Deployment request ${id} not found`);
      if (!canSee(input.token, request.environmentId)) throw hidden(input, `Deployment request ${id}`);
      if (!cancelRequest(input.ctx.state, request)) throw new HttpError(409, 'Deployment request is already finished or cancelled');
      return { status: 202 };
    },
  },
  { method: 'POST', path: '/terraform/:terraformId/deploy', handle: deployTerraform },
];
