import { diagnostic } from '../diagnostics/codes.js';
import { kindOf } from '../kinds.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Checked, DesiredVersion, Manifest, ResolvedManifest, ResolvedRef, ResolvedService, ServiceSpec } from '../types.js';
import { rangeAt } from '../load/positions.js';
import { resolveGitRefs, type GitRefOptions } from './git-refs.js';
import { matchService } from './match-service.js';
import type { NameLookup, ServiceIdentity } from './types.js';


export interface ResolveOptions extends Omit<GitRefOptions, 'localOnly'> {
  /** Resolves names through the API. Without it, a manifest that names things fails with NEEDS_API. */
  names?: NameLookup;
}

/** Resolves one manifest: git refs to SHAs and names to UUIDs. */
export async function resolveManifest(manifest: Manifest, options: ResolveOptions = {}): Promise<Checked<ResolvedManifest>> {
  const [result] = await resolveManifests([manifest], options);
  return result!;
}

/**
 * Resolves many manifests: every git revision of every file in one batch (one git process per
 * repository), then names to ids when a lookup is given. Each manifest gets its own diagnostics.
 */
export async function resolveManifests(manifests: readonly Manifest[], options: ResolveOptions = {}): Promise<Checked<ResolvedManifest>[]> {
  const refs = await resolveGitRefs(manifests, options);
  return Promise.all(manifests.map((manifest, i) => resolveOne(manifest, refs[i]!.refs, refs[i]!.diagnostics, options.names)));
}

async function resolveOne(
  manifest: Manifest,
  refs: ReadonlyMap<string, ResolvedRef>,
  gitDiagnostics: Diagnostic[],
  names: NameLookup | undefined,
): Promise<Checked<ResolvedManifest>> {
  const diagnostics = [...gitDiagnostics];
  const at = (pointer: string) => rangeAt({ positions: manifest.positions, file: manifest.file }, pointer);

  let environmentId = manifest.environment.id;
  const hasNames = manifest.environment.name !== undefined;
  if (names && (environmentId === undefined || hasNames)) {
    const found = await names.environment(manifest.environment);
    if ('diagnostic' in found) diagnostics.push({ ...found.diagnostic, range: at(`/environment/${found.field}`) });
    else environmentId = found.id;
  } else if (environmentId === undefined) {
    diagnostics.push(diagnostic('NEEDS_API', { what: 'an environment given by names' }, at('/environment')));
  }

  const needsServiceList = manifest.services.some((s) => s.id === undefined || s.name !== undefined);
  let listed: readonly ServiceIdentity[] | undefined;
  if (names && environmentId !== undefined && needsServiceList && diagnostics.length === 0) listed = await names.services(environmentId);

  const services: ResolvedService[] = [];
  for (const spec of manifest.services) {
    const id = serviceId(spec, listed, diagnostics, at);
    const desired = desiredVersion(spec, refs);
    if (id === undefined || desired === undefined) continue;
    const service: ResolvedService = { kind: spec.kind, id, pointer: spec.pointer, desired };
    const name = spec.name ?? listed?.find((s) => s.id === id)?.name;
    if (name !== undefined) service.name = name;
    services.push(service);
  }

  if (diagnostics.length > 0 || environmentId === undefined) return { diagnostics };
  return {
    value: { file: manifest.file, environmentId, environment: manifest.environment, services, positions: manifest.positions },
    diagnostics,
  };
}

function serviceId(
  spec: ServiceSpec,
  listed: readonly ServiceIdentity[] | undefined,
  out: Diagnostic[],
  at: (pointer: string) => ReturnType<typeof rangeAt>,
): string | undefined {
  if (!listed) {
    if (spec.id !== undefined) return spec.id;
    out.push(diagnostic('NEEDS_API', { what: `the service named "${spec.name}"` }, at(`${spec.pointer}/name`)));
    return undefined;
  }
  const match = matchService(spec, listed, (field) => at(`${spec.pointer}/${field}`));
  if ('diagnostic' in match) {
    out.push(match.diagnostic);
    return undefined;
  }
  return match.service.id;
}

/**
 * What a service should run, from its kind's entry in src/kinds.ts: the source whose field the
 * entry gives (the last one when it gives none, so a missing revision stays missing), its version
 * resolved when it is a git revision. Undefined when a revision did not resolve (already reported).
 */
function desiredVersion(spec: ServiceSpec, refs: ReadonlyMap<string, ResolvedRef>): DesiredVersion | undefined {
  const def = kindOf(spec.kind);
  const written = spec as unknown as Record<string, string | undefined>;
  const ref = (field: string) => refs.get(`${spec.pointer}/${field}`);
  const desired: Record<string, unknown> = { kind: spec.kind };
  const source = def.sources.find((s) => written[s.field] !== undefined) ?? def.sources.at(-1);
  if (source) {
    if (def.sources.length > 1) desired.source = source.source;
    const value = source.repository ? ref(source.field) : written[source.field];
    if (value === undefined) return undefined;
    desired[source.field] = value;
  }
  const values = def.valuesOverride?.field;
  if (values !== undefined && written[values] !== undefined) {
    const resolved = ref(values);
    if (!resolved) return undefined;
    desired[values] = resolved;
  }
  for (const option of def.options ?? []) if (written[option]) desired[option] = written[option];
  return desired as unknown as DesiredVersion;
}
