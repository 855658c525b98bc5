/**
 * Every kind of Qovery service qovery-deploy deploys, in one table: the manifest key that lists it,
 * how a sentence names it, its version fields (which are git revisions, and which field names the
 * repository each resolves in), where Qovery's API keeps the configured version of each source, and
 * how it goes into the deploy requests. The per-kind lists and decisions of every stage are derived
 * from it. A new kind is its spec and desired-version types below, one table entry, its definition
 * in the schema (test/kinds.test.ts checks they agree) and the simulator's model of it.
 */
import type { DeployAllRequest, TerraformAction, TerraformDeployRequest } from './qovery/api-types.js';

/** A git revision as written and the full commit SHA it resolved to. */
export interface ResolvedRef {
  ref: string;
  sha: string;
}

interface ServiceBase {
  /** Service UUID, when the manifest gives one. */
  id?: string;
  /** Service name, when the manifest gives one (compared case-insensitively). */
  name?: string;
  /** JSON pointer of this entry in the manifest, e.g. `/applications/0`; keys `Manifest.positions`. */
  pointer: string;
}

export interface ApplicationSpec extends ServiceBase {
  kind: 'application';
  commit: string;
  repository?: string;
}
export interface ContainerSpec extends ServiceBase {
  kind: 'container';
  image_tag: string;
}
export interface DatabaseSpec extends ServiceBase {
  kind: 'database';
}
export interface JobSpec extends ServiceBase {
  kind: 'job';
  commit?: string;
  repository?: string;
  image_tag?: string;
}
export interface HelmSpec extends ServiceBase {
  kind: 'helm';
  chart_version?: string;
  commit?: string;
  repository?: string;
  values_override_commit?: string;
  values_override_repository?: string;
}
export interface TerraformSpec extends ServiceBase {
  kind: 'terraform';
  commit: string;
  repository?: string;
  action?: TerraformAction;
}

/** One service entry as the user wrote it (after `${VAR}` expansion). */
export type ServiceSpec = ApplicationSpec | ContainerSpec | DatabaseSpec | JobSpec | HelmSpec | TerraformSpec;

/** The kinds of Qovery service a manifest can list. */
export type ServiceKind = ServiceSpec['kind'];

/** What one service should run, once refs are SHAs and names are ids. */
export type DesiredVersion =
  | { kind: 'application'; commit: ResolvedRef }
  | { kind: 'container'; image_tag: string }
  | { kind: 'database' }
  | { kind: 'job'; source: 'git'; commit: ResolvedRef }
  | { kind: 'job'; source: 'image'; image_tag: string }
  | { kind: 'helm'; source: 'git'; commit: ResolvedRef; values_override_commit?: ResolvedRef }
  | { kind: 'helm'; source: 'chart'; chart_version: string; values_override_commit?: ResolvedRef }
  | { kind: 'terraform'; commit: ResolvedRef; action?: TerraformAction };

/** Where a service's version comes from in Qovery: a git commit, an image tag or a chart version. */
export type VersionSource = 'git' | 'image' | 'chart';

type DesiredOf<K extends ServiceKind> = Extract<DesiredVersion, { kind: K }>;
/** The manifest fields of a kind's entry, besides its identity. */
type FieldOf<K extends ServiceKind> = K extends ServiceKind ? Exclude<keyof Extract<ServiceSpec, { kind: K }>, keyof ServiceBase | 'kind'> & string : never;

/** One way a kind gets its version: the manifest field that gives it, and where Qovery keeps it. */
export interface SourceDefinition<K extends ServiceKind = ServiceKind> {
  source: VersionSource;
  /** The manifest field: `commit`, `image_tag`, `chart_version`. */
  field: FieldOf<K>;
  /** For a git revision: the manifest field naming the repository it resolves in. */
  repository?: FieldOf<K>;
  /**
   * Where `GET /environment/{id}/services` keeps the configured version: a dotted path in the
   * service's item, `?` after a segment Qovery may leave out or null. A git source's path ends at
   * a `GitRepository` (its `deployed_commit_id` and `url`), the others at the version itself.
   */
  live: string;
  /** For a kind with several sources: the path whose presence says Qovery uses this one. */
  liveWhen?: string;
  /** How a plan says Qovery has set the service up this way: `is built from git`. */
  inQovery?: string;
}

/** One item of the batch call: the `DeployAllRequest` list it goes in, and the item. */
export type DeployAllItem = {
  [L in keyof DeployAllRequest]-?: { list: L; item: NonNullable<DeployAllRequest[L]>[number] };
}[keyof DeployAllRequest];

/** How one service goes into the requests: an item of the batch call, or a terraform action of its own. */
export type CompiledService = DeployAllItem | { terraformAction: TerraformDeployRequest };

/** Everything qovery-deploy knows about one kind of service. */
export interface KindDefinition<K extends ServiceKind = ServiceKind> {
  /** The manifest key that lists it: `applications`. */
  key: string;
  /** The kind in a sentence, with its article: `an application`. */
  label: string;
  /** Qovery's `service_type` for it in `GET /environment/{id}/services`. */
  serviceType: string;
  /** The list of `GET /environment/{id}/statuses` that holds it (all required by the spec). */
  statusList: string;
  /**
   * Its sources: an entry gives the field of exactly one (the schema says so); none for a kind
   * without a version, a database. Tried in order; the last one when an entry gives none.
   */
  sources: readonly SourceDefinition<K>[];
  /** A second git revision deployed with it: a helm's values override, and where Qovery keeps it. */
  valuesOverride?: { field: FieldOf<K>; repository: FieldOf<K>; live: string };
  /** Manifest fields passed on as written (a terraform's `action`). */
  options?: readonly FieldOf<K>[];
  /** How a resolved service of this kind goes into the requests. */
  compile(id: string, desired: DesiredOf<K>): CompiledService;
}

/** The table's type: the compiler refuses a kind without an entry. */
export type KindTable = { [K in ServiceKind]: KindDefinition<K> };

/** Every kind, in the order a manifest lists them and `compile` and reports go through them. */
export const KINDS: KindTable = {
  application: {
    key: 'applications',
    label: 'an application',
    serviceType: 'APPLICATION',
    statusList: 'applications',
    sources: [{ source: 'git', field: 'commit', repository: 'repository', live: 'git_repository?' }],
    compile: (id, d) => ({ list: 'applications', item: { application_id: id, git_commit_id: d.commit.sha } }),
  },
  container: {
    key: 'containers',
    label: 'a container',
    serviceType: 'CONTAINER',
    statusList: 'containers',
    sources: [{ source: 'image', field: 'image_tag', live: 'tag' }],
    compile: (id, d) => ({ list: 'containers', item: { id, image_tag: d.image_tag } }),
  },
  database: {
    key: 'databases',
    label: 'a database',
    serviceType: 'DATABASE',
    statusList: 'databases',
    sources: [],
    compile: (id) => ({ list: 'databases', item: id }),
  },
  job: {
    key: 'jobs',
    label: 'a job',
    serviceType: 'JOB',
    statusList: 'jobs',
    sources: [
      { source: 'image', field: 'image_tag', live: 'source.image.tag', liveWhen: 'source.image', inQovery: 'runs an image' },
      { source: 'git', field: 'commit', repository: 'repository', live: 'source.docker.git_repository?', inQovery: 'is built from git' },
    ],
    compile: (id, d) => ({ list: 'jobs', item: d.source === 'git' ? { id, git_commit_id: d.commit.sha } : { id, image_tag: d.image_tag } }),
  },
  helm: {
    key: 'helms',
    label: 'a helm',
    serviceType: 'HELM',
    statusList: 'helms',
    sources: [
      { source: 'chart', field: 'chart_version', live: 'source.repository.chart_version', liveWhen: 'source.repository', inQovery: 'comes from a chart repository' },
      { source: 'git', field: 'commit', repository: 'repository', live: 'source.git.git_repository', inQovery: 'comes from git' },
    ],
    valuesOverride: { field: 'values_override_commit', repository: 'values_override_repository', live: 'values_override.file?.git?.git_repository' },
    compile: (id, d) => ({
      list: 'helms',
      item: {
        id,
        ...(d.source === 'git' ? { git_commit_id: d.commit.sha } : { chart_version: d.chart_version }),
        ...(d.values_override_commit ? { values_override_git_commit_id: d.values_override_commit.sha } : {}),
      },
    }),
  },
  terraform: {
    key: 'terraforms',
    label: 'a terraform',
    serviceType: 'TERRAFORM',
    statusList: 'terraforms',
    sources: [{ source: 'git', field: 'commit', repository: 'repository', live: 'terraform_files_source?.git?.git_repository?' }],
    options: ['action'],
    // An explicit action goes alone to `POST /terraform/{id}/deploy`, as Qovery's own CLI does.
    compile: (id, d) =>
      d.action ? { terraformAction: { git_commit_id: d.commit.sha, action: d.action } } : { list: 'terraforms', item: { id, git_commit_id: d.commit.sha } },
  },
};

/** Every kind, in table order. */
export const SERVICE_KINDS = Object.keys(KINDS) as ServiceKind[];

/** Manifest keys for each kind, in the order they are listed, compiled and reported. */
export const KIND_KEYS = Object.fromEntries(SERVICE_KINDS.map((kind) => [kind, KINDS[kind].key])) as Readonly<Record<ServiceKind, string>>;

/** The definition of a kind. Throws on a kind the table does not have: it must never drop silently. */
export function kindOf(kind: string): KindDefinition {
  const found = (KINDS as unknown as Record<string, KindDefinition | undefined>)[kind];
  if (!found) throw new Error(`qovery-deploy has no service kind "${kind}"`);
  return found;
}

/** `an application`; any other service Qovery lists (an Argo CD app…) is "a service of another type". */
export function labelOf(kind: ServiceKind | 'other'): string {
  return kind === 'other' ? 'a service of another type' : kindOf(kind).label;
}

/** Whether a kind has a version qovery-deploy sets (a database has none, nor a service of another type). */
export function hasVersion(kind: ServiceKind | 'other'): boolean {
  return kind !== 'other' && kindOf(kind).sources.length > 0;
}

/** Every manifest field of a kind besides `id` and `name`: its versions, their repositories, its options. */
export function fieldsOf(kind: ServiceKind): string[] {
  const def = kindOf(kind);
  const fields = def.sources.flatMap((s) => [s.field, ...(s.repository ? [s.repository] : [])]);
  if (def.valuesOverride) fields.push(def.valuesOverride.field, def.valuesOverride.repository);
  return [...new Set([...fields, ...(def.options ?? [])])];
}

/** The version field every entry of a kind must give, when it has a single source. */
export function requiredField(kind: ServiceKind): string | undefined {
  const sources = kindOf(kind).sources;
  return sources.length === 1 ? sources[0]!.field : undefined;
}

/** For a kind with a git and another source: the two fields, git first (`commit`, `image_tag`). */
export function sourceChoice(kind: ServiceKind): [git: string, other: string] | undefined {
  const sources = kindOf(kind).sources;
  const git = sources.find((s) => s.repository !== undefined);
  const other = sources.find((s) => s.repository === undefined);
  return sources.length === 2 && git && other ? [git.field, other.field] : undefined;
}

/** Every git revision field of any kind, with the field naming the repository it resolves in. */
export const REVISION_FIELDS: readonly { field: string; repository: string }[] = (() => {
  const all = SERVICE_KINDS.flatMap((kind) => {
    const def = kindOf(kind);
    const revisions = def.sources.flatMap((s) => (s.repository ? [{ field: s.field, repository: s.repository }] : []));
    return def.valuesOverride ? [...revisions, def.valuesOverride] : revisions;
  });
  return [...new Map(all.map((r) => [r.field, { field: r.field, repository: r.repository }])).values()];
})();

/** Every field whose value is a version: kept as the text the user wrote (`1.10` stays "1.10"). */
export const VERSION_FIELDS: ReadonlySet<string> = new Set(
  SERVICE_KINDS.flatMap((kind) => [...kindOf(kind).sources.map((s) => s.field), ...REVISION_FIELDS.map((r) => r.field)]),
);

/** The source and version a desired version carries: a resolved revision or the text written; none for a database. */
export function versionOf(desired: DesiredVersion): { source: SourceDefinition; value: ResolvedRef | string } | undefined {
  const d = desired as unknown as Record<string, ResolvedRef | string | undefined>;
  for (const source of kindOf(desired.kind).sources) {
    const value = d[source.field];
    if (value !== undefined) return { source, value };
  }
  return undefined;
}

/** The values-override revision a desired version carries, if its kind has one and it is set. */
export function valuesOverrideOf(desired: DesiredVersion): ResolvedRef | undefined {
  const field = kindOf(desired.kind).valuesOverride?.field;
  return field === undefined ? undefined : (desired as unknown as Record<string, ResolvedRef | undefined>)[field];
}

/** For switches over kinds or sources: a case left out fails to compile here. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
