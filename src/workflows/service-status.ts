/**
 * `qovery-deploy status`, the pure half: which live service each manifest entry is, and one row
 * per service with what Qovery says about it. Matching follows resolve's rules (ids, or names
 * compared case-insensitively within a kind) but needs no git: status shows what runs, not what
 * the refs resolve to, so a shallow clone or a missing tag must not stop it.
 */
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { LiveService, LiveState } from '../qovery/live-state.js';
import type { Manifest, ServiceKind, ServiceSpec } from '../types.js';
import { rangeAt } from '../load/positions.js';

/** One line of `status`: a service and its live state. */
export interface StatusRow {
  kind: ServiceKind | 'other';
  /** Null when a manifest entry names no service of the environment. */
  id: string | null;
  name: string | null;
  inManifest: boolean;
  /** JSON pointer of the manifest entry, when it is in the manifest. */
  pointer?: string;
  version: string | null;
  valuesOverrideCommit: string | null;
  state: string | null;
  deploymentStatus: string | null;
  deploymentRequestId: string | null;
  /** Deployment requests of this service queued or running. */
  requestsCount: number;
  /** What the latest request does and how far it is (Qovery's `status_details`). */
  action: string | null;
  actionStatus: string | null;
}

/** The rows, manifest services first (in file order), then every other service of the environment. */
export function statusRows(manifest: Manifest, live: LiveState): { rows: StatusRow[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const matched = new Set<string>();
  const rows: StatusRow[] = [];
  for (const spec of manifest.services) {
    const found = findService(spec, live.services, manifest, diagnostics);
    if (found) matched.add(found.id);
    rows.push({ ...rowOf(found, live, spec.kind), ...(found ? {} : { name: spec.name ?? null, id: spec.id ?? null }), inManifest: true, pointer: spec.pointer });
  }
  for (const service of live.services) {
    if (!matched.has(service.id)) rows.push({ ...rowOf(service, live, service.kind), inManifest: false });
  }
  return { rows, diagnostics };
}

function rowOf(service: LiveService | undefined, live: LiveState, kind: ServiceKind | 'other'): Omit<StatusRow, 'inManifest'> {
  const status = service ? live.statuses[service.id] : undefined;
  return {
    kind,
    id: service?.id ?? null,
    name: service?.name ?? null,
    version: service?.version ?? null,
    valuesOverrideCommit: service?.valuesOverrideCommit ?? null,
    state: status?.state ?? null,
    deploymentStatus: status?.deploymentStatus ?? null,
    deploymentRequestId: status?.deploymentRequestId ?? null,
    requestsCount: status?.requestsCount ?? 0,
    action: status?.action ?? null,
    actionStatus: status?.actionStatus ?? null,
  };
}

/** The live service a manifest entry means, or a diagnostic at the entry saying why there is none. */
function findService(spec: ServiceSpec, listed: readonly LiveService[], manifest: Manifest, out: Diagnostic[]): LiveService | undefined {
  const at = (field: string) => rangeAt({ positions: manifest.positions, file: manifest.file }, `${spec.pointer}/${field}`);
  const label = spec.name !== undefined ? `"${spec.name}"` : spec.id!;
  if (spec.id !== undefined) {
    const found = listed.find((s) => s.id === spec.id);
    if (!found) out.push(diagnostic('SERVICE_ID_NOT_FOUND', { kind: spec.kind, id: spec.id }, at('id')));
    else if (found.kind !== spec.kind) out.push(diagnostic('SERVICE_KIND_MISMATCH', { listedAs: spec.kind, actual: found.kind, label }, at('id')));
    else if (spec.name !== undefined && spec.name.toLowerCase() !== found.name.toLowerCase()) {
      out.push(diagnostic('SERVICE_NAME_MISMATCH', { id: spec.id, expected: spec.name, actual: found.name }, at('name')));
    } else return found;
    return undefined;
  }
  const wanted = spec.name!.toLowerCase();
  const sameName = listed.filter((s) => s.name.toLowerCase() === wanted);
  const matches = sameName.filter((s) => s.kind === spec.kind);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    out.push(diagnostic('NAME_AMBIGUOUS', { what: spec.kind, name: spec.name!, candidates: matches.map((m) => `${m.name} (${m.id})`) }, at('name')));
  } else if (sameName.length > 0) {
    out.push(diagnostic('SERVICE_KIND_MISMATCH', { listedAs: spec.kind, actual: sameName[0]!.kind, label }, at('name')));
  } else {
    const candidates = listed.filter((s) => s.kind === spec.kind).map((s) => s.name);
    out.push(diagnostic('SERVICE_NOT_FOUND', { kind: spec.kind, name: spec.name!, candidates }, at('name')));
  }
  return undefined;
}

/** A state that ended badly: shown in red, and counted apart in the summary. */
export function isFailedState(state: string | null): boolean {
  return state !== null && (state.endsWith('_ERROR') || state === 'CANCELED');
}
