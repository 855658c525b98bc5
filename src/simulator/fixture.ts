/**
 * The fixture format that seeds a simulator (shared by tests and the demo), its checks, and seeding.
 * A fixture is plain JSON: organizations → projects → environments → services. Mistakes throw at
 * start-up with the JSON path, so a typo in a test fixture never turns into a confusing 404 later.
 */
import { readFile } from 'node:fs/promises';
import type { DatabaseModeEnum, DatabaseTypeEnum, EnvironmentModeEnum, StateEnum } from 'qovery-typescript-axios';
import { SimState, type SimResult, type SimService, type SimServiceKind, type SimSourceKind } from './state.js';

export interface SimFixture {
  /** Format version; 1 if absent. */
  version?: 1;
  organizations: FixtureOrganization[];
}

export interface FixtureOrganization {
  id: string;
  name: string;
  projects: FixtureProject[];
}

export interface FixtureProject {
  id: string;
  name: string;
  environments: FixtureEnvironment[];
}

export interface FixtureEnvironment {
  id: string;
  name: string;
  /** Default: PRODUCTION. */
  mode?: EnvironmentModeEnum;
  cluster_id?: string;
  cluster_name?: string;
  services: FixtureService[];
}

export interface FixtureService {
  kind: SimServiceKind;
  id: string;
  name: string;
  /** Required for jobs (`git` | `image`) and helms (`git` | `chart`); implied for the other kinds. */
  source?: 'git' | 'image' | 'chart';
  /** Git URL (git sources) or chart repository URL (chart sources). */
  repository?: string;
  /** Git branch (git sources). Default: main. */
  branch?: string;
  /** Image name, e.g. `ghcr.io/acme/web` (image sources). */
  image?: string;
  /** Chart name (chart sources). */
  chart?: string;
  /** Database engine. Default: POSTGRESQL. */
  type?: DatabaseTypeEnum;
  /** Database mode. Default: CONTAINER. */
  mode?: DatabaseModeEnum;
  /** Jobs only. Default: LIFECYCLE. */
  job_type?: 'LIFECYCLE' | 'CRON';
  /** Cron expression of a CRON job. Default: `0 3 * * *`. */
  schedule?: string;
  /** The configured version: 40-hex SHA (git), image tag (image), chart version (chart), engine version (database). */
  version: string;
  /** The last successfully deployed version when it differs from `version`; null = never deployed. */
  deployed?: string | null;
  /** Resting state. Default: DEPLOYED, or READY when never deployed. */
  state?: StateEnum;
  /** Helms only (from a chart repository or from git): a git values override. */
  values_override?: { repository: string; version: string; deployed?: string | null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA = /^[0-9a-f]{40}$/;
const SEEDED_AT = '2026-01-05T09:00:00.000Z';

const SERVICE_KEYS = new Set([
  'kind', 'id', 'name', 'source', 'repository', 'branch', 'image', 'chart', 'type', 'mode', 'job_type',
  'schedule', 'version', 'deployed', 'state', 'values_override',
]);
const SOURCES: Record<SimServiceKind, readonly SimSourceKind[]> = {
  application: ['git'],
  container: ['image'],
  database: ['database'],
  job: ['git', 'image'],
  helm: ['git', 'chart'],
  terraform: ['git'],
};

function fail(path: string, message: string): never {
  throw new Error(`invalid simulator fixture at ${path}: ${message}`);
}

function obj(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'expected an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!key.startsWith('$') && !keys.includes(key)) fail(`${path}.${key}`, 'unknown key');
  }
  return record;
}

function str(record: Record<string, unknown>, key: string, path: string, pattern?: RegExp): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') fail(`${path}.${key}`, 'expected a non-empty string');
  if (pattern && !pattern.test(value)) fail(`${path}.${key}`, `"${value}" does not match ${String(pattern)}`);
  return value;
}

function list(record: Record<string, unknown>, key: string, path: string): unknown[] {
  const value = record[key];
  if (!Array.isArray(value)) fail(`${path}.${key}`, 'expected an array');
  return value;
}

/** An optional key restricted to a few values; returns it or the default. */
function choice<T extends string>(record: Record<string, unknown>, key: string, path: string, allowed: readonly T[], fallback: T): T {
  const value = record[key];
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) fail(`${path}.${key}`, `expected one of ${allowed.join(', ')}`);
  return value as T;
}

/** States a fixture may seed a service in: the ones a service rests in between deployments. */
const RESTING_STATES = ['DEPLOYED', 'READY', 'STOPPED', 'BUILD_ERROR', 'DEPLOYMENT_ERROR', 'CANCELED'] as const;

function sourceOf(raw: Record<string, unknown>, kind: SimServiceKind, path: string): SimSourceKind {
  const allowed = SOURCES[kind];
  if (raw.source === undefined) {
    if (allowed.length > 1) fail(`${path}.source`, `a ${kind} needs "source": ${allowed.join(' or ')}`);
    return allowed[0] as SimSourceKind;
  }
  if (!allowed.includes(raw.source as SimSourceKind)) fail(`${path}.source`, `a ${kind} cannot have source "${String(raw.source)}"`);
  return raw.source as SimSourceKind;
}

function versionPattern(source: SimSourceKind): RegExp | undefined {
  return source === 'git' ? SHA : undefined;
}

function deployedOf(raw: Record<string, unknown>, version: string, path: string, source: SimSourceKind): string | null {
  if (!('deployed' in raw)) return version;
  if (raw.deployed === null) return null;
  return str(raw, 'deployed', path, versionPattern(source));
}

function resultOf(state: StateEnum, deployed: string | null): SimResult | null {
  if (state === 'BUILD_ERROR' || state === 'DEPLOYMENT_ERROR' || state === 'CANCELED') return state;
  return deployed === null ? null : 'DEPLOYED';
}

function seedService(state: SimState, raw0: unknown, envId: string, path: string): SimService {
  const raw = obj(raw0, path, [...SERVICE_KEYS]);
  const kind = str(raw, 'kind', path) as SimServiceKind;
  if (!(kind in SOURCES)) fail(`${path}.kind`, `unknown kind "${kind}"`);
  const source = sourceOf(raw, kind, path);
  const version = str(raw, 'version', path, versionPattern(source));
  const deployed = deployedOf(raw, version, path, source);
  const restingState: StateEnum = choice(raw, 'state', path, RESTING_STATES, deployed === null ? 'READY' : 'DEPLOYED');
  let repository: string;
  if (source === 'image') repository = str(raw, 'image', path);
  else if (source === 'database') repository = '';
  else repository = str(raw, 'repository', path);
  const svc: SimService = {
    kind,
    id: str(raw, 'id', path, UUID),
    name: str(raw, 'name', path),
    environmentId: envId,
    source,
    createdAt: SEEDED_AT,
    repository,
    branch: typeof raw.branch === 'string' ? raw.branch : 'main',
    configured: version,
    deployed,
    lastResult: resultOf(restingState, deployed),
    restingState,
    lastDeploymentAt: deployed === null ? null : state.at - 3_600_000,
    lastExecutionId: null,
    deploymentRequestId: null,
    lastTerraformAction: null,
    lastTriggerAction: null,
  };
  if (source === 'chart') svc.chartName = str(raw, 'chart', path);
  if (kind === 'database') {
    svc.databaseType = choice<DatabaseTypeEnum>(raw, 'type', path, ['POSTGRESQL', 'MYSQL', 'MONGODB', 'REDIS'], 'POSTGRESQL');
    svc.databaseMode = choice<DatabaseModeEnum>(raw, 'mode', path, ['CONTAINER', 'MANAGED'], 'CONTAINER');
  }
  if (kind === 'job') {
    svc.jobType = choice(raw, 'job_type', path, ['LIFECYCLE', 'CRON'] as const, 'LIFECYCLE');
    if (svc.jobType === 'CRON') svc.schedule = typeof raw.schedule === 'string' ? raw.schedule : '0 3 * * *';
  }
  if (raw.values_override !== undefined) {
    if (kind !== 'helm') fail(`${path}.values_override`, 'only a helm has a git values override');
    const vpath = `${path}.values_override`;
    const vo = obj(raw.values_override, vpath, ['repository', 'version', 'deployed']);
    const voVersion = str(vo, 'version', vpath, SHA);
    svc.valuesOverride = {
      repository: str(vo, 'repository', vpath),
      configured: voVersion,
      deployed: deployedOf(vo, voVersion, vpath, 'git'),
    };
  }
  return svc;
}

/** Checks a fixture and adds its organizations, projects, environments and services to `state`. */
export function seedFixture(state: SimState, fixture: unknown): void {
  const root = obj(fixture, '$', ['version', 'organizations']);
  if (root.version !== undefined && root.version !== 1) fail('$.version', 'only version 1 is supported');
  const seen = new Set<string>();
  const unique = (id: string, path: string): string => {
    if (seen.has(id)) fail(path, `duplicate id ${id}`);
    seen.add(id);
    return id;
  };
  list(root, 'organizations', '$').forEach((rawOrg, oi) => {
    const opath = `$.organizations[${oi}]`;
    const org = obj(rawOrg, opath, ['id', 'name', 'projects']);
    const orgId = unique(str(org, 'id', opath, UUID), `${opath}.id`);
    const projectIds: string[] = [];
    state.organizations.set(orgId, { id: orgId, name: str(org, 'name', opath), createdAt: SEEDED_AT, projectIds });
    list(org, 'projects', opath).forEach((rawProject, pi) => {
      const ppath = `${opath}.projects[${pi}]`;
      const project = obj(rawProject, ppath, ['id', 'name', 'environments']);
      const projectId = unique(str(project, 'id', ppath, UUID), `${ppath}.id`);
      const environmentIds: string[] = [];
      projectIds.push(projectId);
      state.projects.set(projectId, {
        id: projectId, name: str(project, 'name', ppath), organizationId: orgId, createdAt: SEEDED_AT, environmentIds,
      });
      list(project, 'environments', ppath).forEach((rawEnv, ei) => {
        const epath = `${ppath}.environments[${ei}]`;
        const env = obj(rawEnv, epath, ['id', 'name', 'mode', 'cluster_id', 'cluster_name', 'services']);
        const envId = unique(str(env, 'id', epath, UUID), `${epath}.id`);
        const serviceIds: string[] = [];
        environmentIds.push(envId);
        state.environments.set(envId, {
          id: envId,
          name: str(env, 'name', epath),
          projectId,
          organizationId: orgId,
          mode: choice<EnvironmentModeEnum>(env, 'mode', epath, ['PRODUCTION', 'STAGING', 'DEVELOPMENT', 'PREVIEW'], 'PRODUCTION'),
          clusterId: typeof env.cluster_id === 'string' ? env.cluster_id : 'c1a5e7e0-0000-4000-8000-000000000001',
          clusterName: typeof env.cluster_name === 'string' ? env.cluster_name : 'sim-cluster',
          createdAt: SEEDED_AT,
          serviceIds,
          executionCounter: 0,
          busyUntil: -Infinity,
        });
        const names = new Set<string>();
        list(env, 'services', epath).forEach((rawService, si) => {
          const spath = `${epath}.services[${si}]`;
          const svc = seedService(state, rawService, envId, spath);
          unique(svc.id, `${spath}.id`);
          if (names.has(svc.name.toLowerCase())) fail(`${spath}.name`, `duplicate service name "${svc.name}"`);
          names.add(svc.name.toLowerCase());
          serviceIds.push(svc.id);
          state.services.set(svc.id, svc);
        });
      });
    });
  });
}

/** Reads a fixture from a JSON file (used by the standalone simulator's `--fixture`). */
export async function loadFixtureFile(path: string): Promise<SimFixture> {
  return JSON.parse(await readFile(path, 'utf8')) as SimFixture;
}
