/**
 * `qovery-deploy status`, the pure half: which live service each manifest entry is, and one row
 * per service with what Qovery says about it. Matching follows resolve's rules (ids, or names
 * compared case-insensitively within a kind) but needs no git: status shows what runs, not what
 * the refs resolve to, so a shallow clone or a missing tag must not stop it.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { LiveService, LiveState } from '../qovery/live-state.js';
import { matchService } from '../resolve/match-service.js';
import type { Manifest, ServiceKind, ServiceSpec } from '../types.js';
import { rangeAt } from '../load/positions.js';
import type { StatusRow } from '../results.js';

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
  const match = matchService(spec, listed, (field) => rangeAt({ positions: manifest.positions, file: manifest.file }, `${spec.pointer}/${field}`));
  if ('service' in match) return match.service;
  out.push(match.diagnostic);
  return undefined;
}
