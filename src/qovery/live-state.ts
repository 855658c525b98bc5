import type { ServiceKind } from '../types.js';
import type { QoveryClient } from './client.js';

/** What Qovery says a service is configured to run (GET /environment/{id}/services). */
export interface LiveService {
  id: string;
  name: string;
  kind: ServiceKind | 'other';
  /** Where it is built from, as Qovery knows it. */
  source: 'git' | 'image' | 'chart' | 'none';
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
}

/** A deployment request that has not finished (GET /environment/{id}/deploymentQueue). */
export interface QueuedRequest {
  id: string;
  serviceIds: string[];
  triggeredBy?: string;
}

/** A started deployment (GET /environment/{id}/deploymentHistoryV2), with the versions it deployed. */
export interface HistoryEntry {
  executionId: string;
  createdAt?: string;
  status: string;
  services: { id: string; version?: string }[];
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

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((node, key) => obj(node)[key], v);

const KIND_BY_TYPE: Record<string, ServiceKind> = {
  APPLICATION: 'application',
  CONTAINER: 'container',
  DATABASE: 'database',
  JOB: 'job',
  HELM: 'helm',
  TERRAFORM: 'terraform',
};

/** Reads services, statuses, queue and recent history: four calls, whatever the number of services. */
export async function readLiveState(client: QoveryClient, environmentId: string, options: { signal?: AbortSignal } = {}): Promise<LiveState> {
  const readAt = new Date().toISOString();
  const env = encodeURIComponent(environmentId);
  const [services, statuses, queue, history] = await Promise.all([
    client.get<unknown>(`/environment/${env}/services`, options),
    client.get<unknown>(`/environment/${env}/statuses`, options),
    client.get<unknown>(`/environment/${env}/deploymentQueue`, options),
    client.get<unknown>(`/environment/${env}/deploymentHistoryV2?pageSize=10`, options),
  ]);
  return {
    environmentId,
    readAt,
    services: parseServices(services),
    statuses: parseStatuses(statuses),
    queue: parseQueue(queue),
    history: parseHistory(history),
  };
}

/** Maps Qovery's per-kind service shapes to what a plan compares: the configured version of each kind. */
export function parseServices(body: unknown): LiveService[] {
  return arr(obj(body).results).flatMap((raw): LiveService[] => {
    const id = str(at(raw, 'id'));
    if (!id) return [];
    const name = str(at(raw, 'name')) ?? '';
    const kind = KIND_BY_TYPE[String(at(raw, 'service_type'))] ?? 'other';
    const base = { id, name, kind, hasGitValuesOverride: false } as const;
    switch (kind) {
      case 'application':
        return [withVersion({ ...base, source: 'git' }, str(at(raw, 'git_repository', 'deployed_commit_id')))];
      case 'container':
        return [withVersion({ ...base, source: 'image' }, str(at(raw, 'tag')))];
      case 'database':
        return [{ ...base, source: 'none' }];
      case 'job': {
        const image = at(raw, 'source', 'image');
        if (image !== undefined) return [withVersion({ ...base, source: 'image' }, str(at(image, 'tag')))];
        return [withVersion({ ...base, source: 'git' }, str(at(raw, 'source', 'docker', 'git_repository', 'deployed_commit_id')))];
      }
      case 'helm': {
        const valuesGit = at(raw, 'values_override', 'file', 'git');
        const overrides = {
          hasGitValuesOverride: valuesGit !== undefined && valuesGit !== null,
          ...optional('valuesOverrideCommit', str(at(valuesGit, 'git_repository', 'deployed_commit_id'))),
        };
        const chart = at(raw, 'source', 'repository');
        if (chart !== undefined) return [withVersion({ ...base, ...overrides, source: 'chart' }, str(at(chart, 'chart_version')))];
        return [withVersion({ ...base, ...overrides, source: 'git' }, str(at(raw, 'source', 'git', 'git_repository', 'deployed_commit_id')))];
      }
      case 'terraform':
        return [withVersion({ ...base, source: 'git' }, str(at(raw, 'terraform_files_source', 'git', 'git_repository', 'deployed_commit_id')))];
      default:
        return [{ ...base, source: 'none' }];
    }
  });
}

/** Flattens the per-kind status lists into one map by service id. */
export function parseStatuses(body: unknown): Record<string, LiveStatus> {
  const out: Record<string, LiveStatus> = {};
  for (const list of ['applications', 'containers', 'databases', 'jobs', 'helms', 'terraforms']) {
    for (const raw of arr(obj(body)[list])) {
      const id = str(at(raw, 'id'));
      if (!id) continue;
      out[id] = {
        id,
        state: String(at(raw, 'state') ?? 'UNKNOWN'),
        deploymentStatus: String(at(raw, 'service_deployment_status') ?? 'UNKNOWN'),
        deploymentRequestId: str(at(raw, 'deployment_request_id')) ?? null,
        requestsCount: Number(at(raw, 'deployment_requests_count') ?? 0) || 0,
        ...optional('action', str(at(raw, 'status_details', 'action'))),
        ...optional('actionStatus', str(at(raw, 'status_details', 'status'))),
      };
    }
  }
  return out;
}

/** The unfinished deployment requests and the services each carries. */
export function parseQueue(body: unknown): QueuedRequest[] {
  return arr(obj(body).results).flatMap((raw): QueuedRequest[] => {
    const id = str(at(raw, 'identifier', 'deployment_request_id'));
    if (!id) return [];
    const serviceIds = arr(at(raw, 'stages')).flatMap((stage) => arr(at(stage, 'services')).flatMap((s) => str(at(s, 'identifier', 'service_id')) ?? []));
    return [{ id, serviceIds, ...optional('triggeredBy', str(at(raw, 'auditing_data', 'triggered_by'))) }];
  });
}

/** Recent deployments with the version each service got (commit, tag or chart version). */
export function parseHistory(body: unknown): HistoryEntry[] {
  return arr(obj(body).results).flatMap((raw): HistoryEntry[] => {
    const executionId = str(at(raw, 'identifier', 'execution_id'));
    if (!executionId) return [];
    const services = arr(at(raw, 'stages')).flatMap((stage) =>
      arr(at(stage, 'services')).flatMap((s) => {
        const id = str(at(s, 'identifier', 'service_id'));
        if (!id) return [];
        const details = at(s, 'details');
        const version =
          str(at(details, 'commit', 'git_commit_id')) ?? str(at(details, 'tag')) ?? str(at(details, 'repository', 'chart_version'));
        return [{ id, ...optional('version', version) }];
      }),
    );
    return [{ executionId, status: String(at(raw, 'status') ?? 'UNKNOWN'), services, ...optional('createdAt', str(at(raw, 'auditing_data', 'created_at'))) }];
  });
}

function withVersion<T extends object>(service: T, version: string | undefined): T & { version?: string } {
  return version === undefined ? service : { ...service, version };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
