import { KIND_KEYS, type ServiceKind } from '../kinds.js';
import { pointerSegments } from '../load/positions.js';

const KIND_BY_KEY = new Map<string, ServiceKind>(
  Object.entries(KIND_KEYS).map(([kind, key]) => [key, kind as ServiceKind]),
);

/** The kind a manifest key lists (`applications` → `application`), if it is one. */
export function kindOfKey(key: string): ServiceKind | undefined {
  return KIND_BY_KEY.get(key);
}

/** The value at a JSON pointer in plain data, or undefined. */
export function valueAt(data: unknown, pointer: string): unknown {
  let node: unknown = data;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Names a manifest node the way a user thinks of it: `application #2 "api"`, `environment`. */
export function describeNode(data: unknown, pointer: string): string {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) return 'the manifest';
  const [top, index, field, ...rest] = segments;
  const kind = kindOfKey(top ?? '');
  if (segments.length === 1) return `\`${top}\``;
  if (kind && index !== undefined && /^\d+$/.test(index)) {
    const service = describeService(kind, Number(index), valueAt(data, `/${top}/${index}`));
    if (field === undefined) return service;
    return `\`${[field, ...rest].join('.')}\` of ${service}`;
  }
  if (top === 'environment' && segments.length === 2) return `\`environment.${index}\``;
  return `\`${segments.join('.')}\``;
}

/** `application #2 "api"` — position in the list (1-based) and the name or id when there is one. */
export function describeService(kind: ServiceKind, index: number, value: unknown): string {
  const entry = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const label = typeof entry.name === 'string' ? entry.name : typeof entry.id === 'string' ? entry.id : undefined;
  return label === undefined ? `${kind} #${index + 1}` : `${kind} #${index + 1} "${label}"`;
}

/** How a YAML value reads to a person: `a number (1.1)`, `a list`, `an empty value`. */
export function describeFound(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'boolean') return `true/false (${String(value)})`;
  if (typeof value === 'number') return `a number (${String(value)})`;
  return `text (${JSON.stringify(value)})`;
}
