/**
 * What `preview up` and `preview down` must do, decided from what the API listed (pure): reuse or
 * clone, delete or leave alone, and the manifest's services moved onto the preview's.
 */
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { CloneEnvironmentRequest, EnvironmentInfo } from '../qovery/environments.js';
import type { ServiceIdentity } from '../resolve/types.js';
import type { ResolvedManifest } from '../types.js';
import { sameName } from './name.js';

/** What `up` does about the environment. */
export type UpDecision = { action: 'clone'; body: CloneEnvironmentRequest } | { action: 'reuse'; environment: EnvironmentInfo } | { diagnostic: Diagnostic };

/** What `down` does. */
export type DownDecision = { action: 'nothing' } | { action: 'delete'; environment: EnvironmentInfo } | { diagnostic: Diagnostic };

/** The one environment of a project with this name (case-insensitively), none, or the diagnostic for several. */
export function findNamed(list: readonly EnvironmentInfo[], name: string): { found?: EnvironmentInfo } | { diagnostic: Diagnostic } {
  const matches = list.filter((e) => sameName(e.name, name));
  if (matches.length > 1) return { diagnostic: diagnostic('NAME_AMBIGUOUS', { what: 'environment', name, candidates: matches.map((m) => `${m.name} (${m.id})`) }) };
  return matches[0] ? { found: matches[0] } : {};
}

/** Never the source, never an environment that is not a preview: `verb` says what was refused. */
function refusal(found: EnvironmentInfo, sourceId: string, verb: string): Diagnostic | undefined {
  if (found.id === sourceId) return diagnostic('PREVIEW_IS_SOURCE', { name: found.name, id: found.id });
  if (found.mode !== 'PREVIEW') return diagnostic('PREVIEW_NOT_PREVIEW', { name: found.name, id: found.id, mode: found.mode, verb });
  return undefined;
}

/** The body of the clone: a PREVIEW environment, deployment rules applied, on `clusterId` when given. */
export function cloneBody(name: string, clusterId?: string): CloneEnvironmentRequest {
  return { name, mode: 'PREVIEW', apply_deployment_rule: true, ...(clusterId ? { cluster_id: clusterId } : {}) };
}

/** `up`: reuse the preview called `name`, or clone the source when there is none. */
export function decideUp(list: readonly EnvironmentInfo[], name: string, sourceId: string, clusterId?: string): UpDecision {
  const named = findNamed(list, name);
  if ('diagnostic' in named) return named;
  if (!named.found) return { action: 'clone', body: cloneBody(name, clusterId) };
  const refused = refusal(named.found, sourceId, 'deploy to');
  return refused ? { diagnostic: refused } : { action: 'reuse', environment: named.found };
}

/** `down`: delete the preview called `name`; nothing when there is none. */
export function decideDown(list: readonly EnvironmentInfo[], name: string, sourceId: string): DownDecision {
  const named = findNamed(list, name);
  if ('diagnostic' in named) return named;
  if (!named.found) return { action: 'nothing' };
  const refused = refusal(named.found, sourceId, 'delete');
  return refused ? { diagnostic: refused } : { action: 'delete', environment: named.found };
}

/**
 * The manifest resolved against the source, moved onto the preview: each service becomes the
 * preview's service of the same kind and name (the source's name when the manifest gave an id).
 */
export function mapToPreview(
  resolved: ResolvedManifest,
  sourceServices: readonly ServiceIdentity[],
  preview: { id: string; name: string; services: readonly ServiceIdentity[] },
): { resolved: ResolvedManifest } | { diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const services = resolved.services.map((service) => {
    const name = sourceServices.find((s) => s.id === service.id)?.name ?? service.name ?? service.id;
    const match = preview.services.find((s) => s.kind === service.kind && sameName(s.name, name));
    if (!match) diagnostics.push(diagnostic('PREVIEW_SERVICE_MISSING', { kind: service.kind, name, environment: preview.name }));
    return { ...service, id: match?.id ?? service.id, name: match?.name ?? name };
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { resolved: { ...resolved, environmentId: preview.id, environment: { ...resolved.environment, id: preview.id, ...(resolved.environment.name !== undefined ? { name: preview.name } : {}) }, services } };
}
