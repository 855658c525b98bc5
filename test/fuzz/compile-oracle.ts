/**
 * Property 4 of the fuzzing: what `validate` accepts compiles to requests Qovery's spec allows, and
 * that carry every service's version exactly as resolved.
 */
import { createHash } from 'node:crypto';
import { compileRequests } from '../../src/compile/compile-requests.js';
import type { DesiredVersion, Manifest, ResolvedManifest, ResolvedRef, ResolvedService } from '../../src/types.js';
import { checkDeployAllRequest, checkTerraformDeployRequest } from './deploy-all-request.js';
import { SHA, UUID } from './oracles.js';

/** A stand-in commit for a ref that is not a SHA (resolve would ask git; here a hash of the text). */
const standInSha = (ref: string) => createHash('sha1').update(`ref:${ref}`).digest('hex');

/**
 * Builds the ResolvedManifest `resolve` would produce, by hand: refs that are full SHAs resolve to
 * themselves, services with ids keep them. With `strict`, anything else is a failure; otherwise
 * other refs and missing ids get deterministic stand-ins.
 */
export function resolveByHand(m: Manifest, strict: boolean): { resolved: ResolvedManifest; problems: string[] } {
  const problems: string[] = [];
  const taken = new Set(m.services.flatMap((s) => (s.id ? [s.id] : [])));
  let counter = 0;
  const standInId = () => {
    let id: string;
    do id = `fffffffe-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;
    while (taken.has(id));
    return id;
  };
  const ref = (r: string): ResolvedRef => {
    if (SHA.test(r)) return { ref: r, sha: r };
    if (strict) problems.push(`ref ${JSON.stringify(r)} is not a full SHA`);
    return { ref: r, sha: standInSha(r) };
  };
  const services: ResolvedService[] = m.services.map((s) => {
    if (strict && s.id === undefined) problems.push(`${s.pointer} has no id`);
    let desired: DesiredVersion;
    switch (s.kind) {
      case 'application':
        desired = { kind: 'application', commit: ref(s.commit) };
        break;
      case 'container':
        desired = { kind: 'container', image_tag: s.image_tag };
        break;
      case 'database':
        desired = { kind: 'database' };
        break;
      case 'job':
        desired = s.commit !== undefined ? { kind: 'job', source: 'git', commit: ref(s.commit) } : { kind: 'job', source: 'image', image_tag: s.image_tag ?? '' };
        break;
      case 'helm': {
        const values = s.values_override_commit !== undefined ? { values_override_commit: ref(s.values_override_commit) } : {};
        desired = s.commit !== undefined
          ? { kind: 'helm', source: 'git', commit: ref(s.commit), ...values }
          : { kind: 'helm', source: 'chart', chart_version: s.chart_version ?? '', ...values };
        break;
      }
      case 'terraform':
        desired = { kind: 'terraform', commit: ref(s.commit), ...(s.action ? { action: s.action } : {}) };
        break;
    }
    return { kind: s.kind, id: s.id ?? standInId(), ...(s.name !== undefined ? { name: s.name } : {}), pointer: s.pointer, desired };
  });
  const environmentId = m.environment.id ?? '7a1b0c2d-0000-4000-8000-00000000fffe';
  return { resolved: { file: m.file, environmentId, environment: m.environment, services, positions: m.positions }, problems };
}

/** Compiles a resolved manifest and checks every request against the spec and against the manifest. */
export function compileProblems(resolved: ResolvedManifest): string[] {
  const problems: string[] = [];
  let requests: ReturnType<typeof compileRequests>;
  try {
    requests = compileRequests(resolved);
  } catch (error) {
    return [`compileRequests threw: ${(error as Error)?.stack ?? String(error)}`];
  }
  const sent: string[] = [];
  const batch = requests.filter((r) => r.kind === 'deploy-all');
  if (batch.length > 1) problems.push(`${batch.length} deploy-all requests`);
  for (const r of requests) {
    sent.push(...r.serviceIds);
    if (r.kind === 'deploy-all') {
      problems.push(...checkDeployAllRequest(r.body));
      if (r.path !== `/environment/${resolved.environmentId}/service/deploy`) problems.push(`deploy-all path ${r.path}`);
    } else {
      problems.push(...checkTerraformDeployRequest(r.body, { actionRequired: true }));
      if (!new RegExp(`^/terraform/${UUID.source.slice(1, -1)}/deploy$`).test(r.path)) problems.push(`terraform path ${r.path}`);
    }
  }
  const want = resolved.services.map((s) => s.id).sort();
  if (JSON.stringify([...sent].sort()) !== JSON.stringify(want)) problems.push(`services sent ${JSON.stringify(sent)}, wanted ${JSON.stringify(want)}`);

  // Every service's version reaches the body exactly as resolved (verbatim tags, the resolved SHA).
  const body = (batch[0]?.body ?? {}) as Record<string, Record<string, unknown>[] | string[] | undefined>;
  const item = (list: string, field: string, id: string) =>
    ((body[list] ?? []) as Record<string, unknown>[]).find((x) => typeof x === 'object' && x[field] === id);
  for (const s of resolved.services) {
    const d = s.desired;
    const expectField = (got: Record<string, unknown> | undefined, field: string, value: string | undefined) => {
      if (got === undefined) problems.push(`${s.pointer}: not in the body`);
      else if (got[field] !== value) problems.push(`${s.pointer}: ${field} is ${JSON.stringify(got[field])}, wanted ${JSON.stringify(value)}`);
    };
    switch (d.kind) {
      case 'application':
        expectField(item('applications', 'application_id', s.id), 'git_commit_id', d.commit.sha);
        break;
      case 'container':
        expectField(item('containers', 'id', s.id), 'image_tag', d.image_tag);
        break;
      case 'database':
        if (!((body.databases ?? []) as string[]).includes(s.id)) problems.push(`${s.pointer}: database not in the body`);
        break;
      case 'job':
        expectField(item('jobs', 'id', s.id), d.source === 'git' ? 'git_commit_id' : 'image_tag', d.source === 'git' ? d.commit.sha : d.image_tag);
        break;
      case 'helm': {
        const got = item('helms', 'id', s.id);
        expectField(got, d.source === 'git' ? 'git_commit_id' : 'chart_version', d.source === 'git' ? d.commit.sha : d.chart_version);
        expectField(got, 'values_override_git_commit_id', d.values_override_commit?.sha);
        break;
      }
      case 'terraform':
        if (d.action) {
          const r = requests.find((x) => x.kind === 'terraform-action' && x.serviceIds[0] === s.id);
          if (!r) problems.push(`${s.pointer}: no terraform action request`);
          else if (JSON.stringify(r.body) !== JSON.stringify({ git_commit_id: d.commit.sha, action: d.action })) {
            problems.push(`${s.pointer}: terraform action body ${JSON.stringify(r.body)}`);
          }
        } else expectField(item('terraforms', 'id', s.id), 'git_commit_id', d.commit.sha);
        break;
    }
  }
  return problems;
}

/** Property 4 for any accepted manifest (stand-ins for refs and ids it does not give). */
export function compileAccepted(manifest: Manifest | undefined): string[] {
  if (!manifest) return [];
  const { resolved } = resolveByHand(manifest, false);
  return compileProblems(resolved);
}
