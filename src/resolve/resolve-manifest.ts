import { diagnostic } from '../diagnostics/codes.js';
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

function desiredVersion(spec: ServiceSpec, refs: ReadonlyMap<string, ResolvedRef>): DesiredVersion | undefined {
  const ref = (field: string) => refs.get(`${spec.pointer}/${field}`);
  switch (spec.kind) {
    case 'application': {
      const commit = ref('commit');
      return commit && { kind: 'application', commit };
    }
    case 'container':
      return { kind: 'container', image_tag: spec.image_tag };
    case 'database':
      return { kind: 'database' };
    case 'job': {
      if (spec.image_tag !== undefined) return { kind: 'job', source: 'image', image_tag: spec.image_tag };
      const commit = ref('commit');
      return commit && { kind: 'job', source: 'git', commit };
    }
    case 'helm': {
      const values = spec.values_override_commit === undefined ? undefined : ref('values_override_commit');
      if (spec.values_override_commit !== undefined && !values) return undefined;
      const extra = values ? { values_override_commit: values } : {};
      if (spec.chart_version !== undefined) return { kind: 'helm', source: 'chart', chart_version: spec.chart_version, ...extra };
      const commit = ref('commit');
      return commit && { kind: 'helm', source: 'git', commit, ...extra };
    }
    case 'terraform': {
      const commit = ref('commit');
      return commit && { kind: 'terraform', commit, ...(spec.action ? { action: spec.action } : {}) };
    }
  }
}
