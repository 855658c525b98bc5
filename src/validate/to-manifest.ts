import {
  KIND_KEYS,
  SERVICE_KINDS,
  type Manifest,
  type NodePosition,
  type ServiceSpec,
  type TerraformAction,
} from '../types.js';

type Entry = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Builds the typed manifest from data the schema has accepted. */
export function toManifest(file: string, data: Entry, positions: Record<string, NodePosition>): Manifest {
  const env = (data.environment ?? {}) as Entry;
  const environment: Manifest['environment'] = {};
  for (const key of ['id', 'organization', 'project', 'name'] as const) {
    const value = str(env[key]);
    if (value !== undefined) environment[key] = value;
  }
  const services: ServiceSpec[] = [];
  for (const kind of SERVICE_KINDS) {
    const list = (data[KIND_KEYS[kind]] ?? []) as Entry[];
    list.forEach((entry, index) => {
      const base: { pointer: string; id?: string; name?: string } = { pointer: `/${KIND_KEYS[kind]}/${index}` };
      if (str(entry.id) !== undefined) base.id = str(entry.id);
      if (str(entry.name) !== undefined) base.name = str(entry.name);
      services.push(serviceOf(kind, base, entry));
    });
  }
  return { file, version: 1, environment, services, positions };
}

function serviceOf(kind: ServiceSpec['kind'], base: { pointer: string; id?: string; name?: string }, e: Entry): ServiceSpec {
  const pick = <K extends string>(...keys: K[]): Partial<Record<K, string>> => {
    const out: Partial<Record<K, string>> = {};
    for (const k of keys) if (typeof e[k] === 'string') out[k] = e[k] as string;
    return out;
  };
  switch (kind) {
    case 'application':
      return { kind, ...base, commit: str(e.commit) ?? '', ...pick('repository') };
    case 'container':
      return { kind, ...base, image_tag: str(e.image_tag) ?? '' };
    case 'database':
      return { kind, ...base };
    case 'job':
      return { kind, ...base, ...pick('commit', 'repository', 'image_tag') };
    case 'helm':
      return { kind, ...base, ...pick('chart_version', 'commit', 'repository', 'values_override_commit', 'values_override_repository') };
    case 'terraform': {
      const spec: ServiceSpec = { kind, ...base, commit: str(e.commit) ?? '', ...pick('repository') };
      if (typeof e.action === 'string') spec.action = e.action as TerraformAction;
      return spec;
    }
  }
}
