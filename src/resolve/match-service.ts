import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic, Range } from '../diagnostics/types.js';
import type { ServiceSpec } from '../types.js';
import type { ServiceIdentity } from './types.js';

/**
 * The listed service a manifest entry means, as resolve and status both find it: by id (of the
 * entry's kind, with the entry's name when it gives one too), or by name, compared
 * case-insensitively within the kind as Qovery compares names. Otherwise the diagnostic saying why
 * there is none, at the entry's `id` or `name`.
 */
export function matchService<T extends ServiceIdentity>(spec: ServiceSpec, listed: readonly T[], at: (field: 'id' | 'name') => Range): { service: T } | { diagnostic: Diagnostic } {
  const label = spec.name !== undefined ? `"${spec.name}"` : spec.id!;
  if (spec.id !== undefined) {
    const found = listed.find((s) => s.id === spec.id);
    if (!found) return { diagnostic: diagnostic('SERVICE_ID_NOT_FOUND', { kind: spec.kind, id: spec.id }, at('id')) };
    if (found.kind !== spec.kind) return { diagnostic: diagnostic('SERVICE_KIND_MISMATCH', { listedAs: spec.kind, actual: found.kind, label }, at('id')) };
    if (spec.name !== undefined && spec.name.toLowerCase() !== found.name.toLowerCase()) {
      return { diagnostic: diagnostic('SERVICE_NAME_MISMATCH', { id: spec.id, expected: spec.name, actual: found.name }, at('name')) };
    }
    return { service: found };
  }
  const wanted = spec.name!.toLowerCase();
  const sameName = listed.filter((s) => s.name.toLowerCase() === wanted);
  const matches = sameName.filter((s) => s.kind === spec.kind);
  if (matches.length === 1) return { service: matches[0]! };
  if (matches.length > 1) {
    return { diagnostic: diagnostic('NAME_AMBIGUOUS', { what: spec.kind, name: spec.name!, candidates: matches.map((m) => `${m.name} (${m.id})`) }, at('name')) };
  }
  if (sameName.length > 0) return { diagnostic: diagnostic('SERVICE_KIND_MISMATCH', { listedAs: spec.kind, actual: sameName[0]!.kind, label }, at('name')) };
  const candidates = listed.filter((s) => s.kind === spec.kind).map((s) => s.name);
  return { diagnostic: diagnostic('SERVICE_NOT_FOUND', { kind: spec.kind, name: spec.name!, candidates }, at('name')) };
}
