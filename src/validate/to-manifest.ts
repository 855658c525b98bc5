import { fieldsOf, KIND_KEYS, requiredField, SERVICE_KINDS, type ServiceKind } from '../kinds.js';
import type { Manifest, NodePosition, ServiceSpec } from '../types.js';

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

/** One entry as its kind's spec: the fields its kind has (src/kinds.ts), a missing required version as "". */
function serviceOf(kind: ServiceKind, base: { pointer: string; id?: string; name?: string }, e: Entry): ServiceSpec {
  const spec: Record<string, unknown> = { kind, ...base };
  const required = requiredField(kind);
  for (const field of fieldsOf(kind)) {
    if (typeof e[field] === 'string') spec[field] = e[field];
    else if (field === required) spec[field] = '';
  }
  return spec as unknown as ServiceSpec;
}
