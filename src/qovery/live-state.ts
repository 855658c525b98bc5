import { assertNever, KINDS, kindOf, SERVICE_KINDS, type ServiceKind, type SourceDefinition, type VersionSource } from '../kinds.js';
import type { QoveryClient } from './client.js';
import { eachOf, maybeNumber, maybeObject, maybeString, needId, needObject, needString, type Json } from './shape.js';

/** What Qovery says a service is configured to run (GET /environment/{id}/services). */
export interface LiveService {
  id: string;
  name: string;
  kind: ServiceKind | 'other';
  /** Where it is built from, as Qovery knows it. */
  source: VersionSource | 'none';
  /** Commit SHA, image tag or chart version it is configured with (Qovery updates this at request time). */
  version?: string;
  /** The helm values-override commit, when the helm has a git values override. */
  valuesOverrideCommit?: string;
  hasGitValuesOverride: boolean;
}

/** One service's state (GET /environment/{id}/statuses). Unknown enum values are kept as text. */
export interface LiveStatus {
  id: string;
  state: string;
  deploymentStatus: string;
  deploymentRequestId: string | null;
  requestsCount: number;
  action?: string;
  actionStatus?: string;
  /** `status_details.sub_action`, e.g. TERRAFORM_PLAN_ONLY. */
  subAction?: string;
}

/** A deployment request that has not finished (GET /environment/{id}/deploymentQueue). */
export interface QueuedRequest {
  id: string;
  /** `trigger_action`: DEPLOY, DEPLOY_DRY_RUN, RESTART, STOP… (kept as text). */
  triggerAction: string;
  serviceIds: string[];
  triggeredBy?: string;
}

/** A started deployment (GET /environment/{id}/deploymentHistoryV2), with the versions it deployed. */
export interface HistoryEntry {
  executionId: string;
  createdAt?: string;
  status: string;
  /** `trigger_action`: only a DEPLOY deploys (not a DEPLOY_DRY_RUN, a RESTART, a STOP…). */
  triggerAction: string;
  services: HistoryService[];
}

/** One service of a history entry. */
export interface HistoryService {
  id: string;
  /** `status_details.action` (DEPLOY, RESTART, STOP…) and `sub_action` (a terraform PLAN shows as TERRAFORM_PLAN_ONLY). */
  action: string;
  subAction?: string;
  version?: string;
  /** The service's state in that deployment (`status`, a StateEnum kept as text). */
  status?: string;
}

/** Everything `plan` and `apply` read about an environment, in a fixed number of calls. */
export interface LiveState {
  environmentId: string;
  /** When the reads started (ISO time), to tell later requests from earlier ones. */
  readAt: string;
  services: LiveService[];
  statuses: Record<string, LiveStatus>;
  queue: QueuedRequest[];
  history: HistoryEntry[];
}

/** The per-kind lists of `EnvironmentStatuses`, all required by the spec. */
const STATUS_LISTS = SERVICE_KINDS.map((kind) => KINDS[kind].statusList);

type Get = { signal?: AbortSignal };
const envPath = (environmentId: string, what: string): string => `/environment/${encodeURIComponent(environmentId)}/${what}`;

/** `GET /environment/{id}/services`, checked and parsed. */
export function readServices(client: QoveryClient, environmentId: string, options: Get = {}): Promise<LiveService[]> {
  return client.get(envPath(environmentId, 'services'), { ...options, parse: parseServices });
}

/**
 * The queue and every service's status: the two cheap reads that tell whether another request
 * appeared, made again just before each POST. Two calls, whatever the number of services.
 */
export async function readQueueAndStatuses(client: QoveryClient, environmentId: string, options: Get = {}): Promise<Pick<LiveState, 'queue' | 'statuses'>> {
  const [statuses, queue] = await Promise.all([
    client.get(envPath(environmentId, 'statuses'), { ...options, parse: parseStatuses }),
    client.get(envPath(environmentId, 'deploymentQueue'), { ...options, parse: parseQueue }),
  ]);
  return { queue, statuses };
}

/** Reads services, statuses, queue and recent history: four calls, whatever the number of services. */
export async function readLiveState(client: QoveryClient, environmentId: string, options: Get = {}): Promise<LiveState> {
  const readAt = new Date().toISOString();
  const [services, { queue, statuses }, history] = await Promise.all([
    readServices(client, environmentId, options),
    readQueueAndStatuses(client, environmentId, options),
    client.get(envPath(environmentId, 'deploymentHistoryV2?pageSize=10'), { ...options, parse: parseHistory }),
  ]);
  return { environmentId, readAt, services, statuses, queue, history };
}

/**
 * Maps Qovery's per-kind service shapes to what a plan compares: the configured version of each kind.
 * Throws a `ShapeError` when the answer lacks what the spec requires and this relies on.
 */
export function parseServices(body: unknown): LiveService[] {
  // Read from the table on each call: nothing about kinds is frozen at load time.
  const kinds = new Map(Object.entries(KINDS).map(([kind, def]) => [def.serviceType, kind as ServiceKind]));
  return eachOf(needObject(body, 'the answer').results, 'results').map(({ item, at }) => parseService(item, at, kinds));
}

function parseService(raw: Json, at: string, kinds: ReadonlyMap<string, ServiceKind>): LiveService {
  const id = needId(raw.id, `${at}.id`);
  const name = needString(raw.name, `${at}.name`);
  // An unknown service type (ARGOCD_APP, a kind added later) is kept as 'other', never an error.
  const kind = kinds.get(needString(raw.service_type, `${at}.service_type`)) ?? 'other';
  const base = { id, name, kind, hasGitValuesOverride: false } as const;
  if (kind === 'other') return { ...base, source: 'none' };
  // Where the configured versions are is the kind's entry in src/kinds.ts.
  const def = kindOf(kind);
  const valuesPath = def.valuesOverride?.live;
  const values = valuesPath === undefined ? undefined : follow(raw, at, valuesPath);
  const overrides = values && {
    hasGitValuesOverride: true,
    ...optional('valuesOverrideCommit', commitOf(needObject(values.value, values.where), values.where)),
  };
  const source = def.sources.find((s) => s.liveWhen !== undefined && follow(raw, at, `${s.liveWhen}?`) !== undefined) ?? def.sources.at(-1);
  if (!source) return { ...base, ...overrides, source: 'none' };
  return withVersion({ ...base, ...overrides, source: source.source }, liveVersion(raw, at, source));
}

/** The version Qovery is configured with for one source: a git repository's commit, or the text at the path. */
function liveVersion(raw: Json, at: string, source: SourceDefinition): string | undefined {
  const found = follow(raw, at, source.live);
  if (!found) return undefined;
  switch (source.source) {
    case 'git':
      return commitOf(needObject(found.value, found.where), found.where);
    case 'image':
    case 'chart':
      return needString(found.value, found.where) || undefined;
    default:
      return assertNever(source.source);
  }
}

/** A `GitRepository`'s `deployed_commit_id`, which Qovery may leave out or null. */
function commitOf(repository: Json, where: string): string | undefined {
  return maybeString(repository.deployed_commit_id, `${where}.deployed_commit_id`);
}

/**
 * Follows a dotted path of src/kinds.ts (`source.docker.git_repository?`) in a service item to the
 * value at its end. A segment marked `?` that is absent or null ends the walk (undefined); any other
 * segment on the way must be an object, or a `ShapeError` names it.
 */
function follow(raw: Json, at: string, path: string): { value: unknown; where: string } | undefined {
  const segments = path.split('.');
  let node = raw;
  let where = at;
  for (const [index, segment] of segments.entries()) {
    const optionalSegment = segment.endsWith('?');
    const key = optionalSegment ? segment.slice(0, -1) : segment;
    const value = node[key];
    where = `${where}.${key}`;
    if (optionalSegment && (value === undefined || value === null)) return undefined;
    if (index === segments.length - 1) return { value, where };
    node = needObject(value, where);
  }
  return undefined;
}

/**
 * The repository URLs Qovery builds a service from, read leniently (for `init`): its git source's,
 * and its values override's. Absent when Qovery does not say or says something other than text.
 */
export function repositoryUrls(raw: unknown, kind: ServiceKind | 'other'): { main?: string; values?: string } {
  if (kind === 'other') return {};
  const def = kindOf(kind);
  const urlAt = (path: string | undefined): string | undefined => {
    let node: unknown = raw;
    for (const key of [...(path?.split('.') ?? []), 'url']) node = node !== null && typeof node === 'object' ? (node as Json)[key.replace(/\?$/, '')] : undefined;
    return path !== undefined && typeof node === 'string' && node !== '' ? node : undefined;
  };
  return {
    ...optional('main', urlAt(def.sources.find((s) => s.source === 'git')?.live)),
    ...optional('values', urlAt(def.valuesOverride?.live)),
  };
}

/** Flattens the per-kind status lists into one map by service id. Throws a `ShapeError` on a wrong shape. */
export function parseStatuses(body: unknown): Record<string, LiveStatus> {
  const root = needObject(body, 'the answer');
  const out: Record<string, LiveStatus> = {};
  for (const list of STATUS_LISTS) {
    for (const { item, at } of eachOf(root[list], list)) {
      const id = needId(item.id, `${at}.id`);
      const details = needObject(item.status_details, `${at}.status_details`);
      out[id] = {
        id,
        state: needString(item.state, `${at}.state`),
        deploymentStatus: needString(item.service_deployment_status, `${at}.service_deployment_status`),
        // Required but nullable in the spec; a serialiser that drops nulls may leave it out.
        deploymentRequestId: maybeString(item.deployment_request_id, `${at}.deployment_request_id`) ?? null,
        requestsCount: maybeNumber(item.deployment_requests_count, `${at}.deployment_requests_count`) ?? 0,
        action: needString(details.action, `${at}.status_details.action`),
        actionStatus: needString(details.status, `${at}.status_details.status`),
        ...optional('subAction', maybeString(details.sub_action, `${at}.status_details.sub_action`)),
      };
    }
  }
  return out;
}

/** The unfinished deployment requests, what each does and the services it carries. Throws a `ShapeError` on a wrong shape. */
export function parseQueue(body: unknown): QueuedRequest[] {
  return eachOf(needObject(body, 'the answer').results, 'results').map(({ item, at }) => ({
    id: needId(needObject(item.identifier, `${at}.identifier`).deployment_request_id, `${at}.identifier.deployment_request_id`),
    triggerAction: needString(item.trigger_action, `${at}.trigger_action`),
    serviceIds: servicesOf(item, at).map(({ id }) => id),
    ...optional('triggeredBy', maybeString(maybeObject(item.auditing_data, `${at}.auditing_data`)?.triggered_by, `${at}.auditing_data.triggered_by`)),
  }));
}

/** Recent deployments: what each did and the version each service got. Throws a `ShapeError` on a wrong shape. */
export function parseHistory(body: unknown): HistoryEntry[] {
  return eachOf(needObject(body, 'the answer').results, 'results').map(({ item, at }) => {
    const services = servicesOf(item, at).map(({ id, raw, where }): HistoryService => {
      const details = needObject(raw.details, `${where}.details`);
      const status = needObject(raw.status_details, `${where}.status_details`);
      const version =
        maybeString(maybeObject(details.commit, `${where}.details.commit`)?.git_commit_id, `${where}.details.commit.git_commit_id`) ??
        maybeString(details.tag, `${where}.details.tag`) ??
        maybeString(maybeObject(details.repository, `${where}.details.repository`)?.chart_version, `${where}.details.repository.chart_version`);
      return {
        id,
        action: needString(status.action, `${where}.status_details.action`),
        ...optional('subAction', maybeString(status.sub_action, `${where}.status_details.sub_action`)),
        ...optional('version', version),
        ...optional('status', maybeString(raw.status, `${where}.status`)),
      };
    });
    return {
      executionId: needId(needObject(item.identifier, `${at}.identifier`).execution_id, `${at}.identifier.execution_id`),
      status: needString(item.status, `${at}.status`),
      triggerAction: needString(item.trigger_action, `${at}.trigger_action`),
      services,
      ...optional('createdAt', maybeString(maybeObject(item.auditing_data, `${at}.auditing_data`)?.created_at, `${at}.auditing_data.created_at`)),
    };
  });
}

/** `stages[].services[]` of a queue or history entry, with each service's id. */
function servicesOf(entry: Json, at: string): { id: string; raw: Json; where: string }[] {
  return eachOf(entry.stages, `${at}.stages`).flatMap(({ item: stage, at: stageAt }) =>
    eachOf(stage.services, `${stageAt}.services`).map(({ item, at: where }) => ({
      id: needId(needObject(item.identifier, `${where}.identifier`).service_id, `${where}.identifier.service_id`),
      raw: item,
      where,
    })),
  );
}

function withVersion<T extends object>(service: T, version: string | undefined): T & { version?: string } {
  return version === undefined ? service : { ...service, version };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
