import { compileRequests } from '../compile/compile-requests.js';
import { hasVersion, kindOf, labelOf, valuesOverrideOf, versionOf } from '../kinds.js';
import type { LiveService, LiveState, LiveStatus } from '../qovery/live-state.js';
import type { ResolvedManifest, ResolvedService } from '../types.js';
import type { Plan, PlanEntry, PlanOptions } from './types.js';


/**
 * Decides, per service, whether apply deploys it (pure). A service is unchanged only when its live
 * version equals the desired one, it is DEPLOYED and it is UP_TO_DATE (README, "What apply guarantees"): Qovery
 * rewrites the configured version when a request is made, so the version alone proves nothing.
 */
export function planDeployment(resolved: ResolvedManifest, live: LiveState, options: PlanOptions = {}): Plan {
  const only = options.only?.map((o) => o.toLowerCase());
  const selected = resolved.services.filter(
    (s) => !only || only.includes(s.id.toLowerCase()) || (s.name !== undefined && only.includes(s.name.toLowerCase())),
  );
  const byId = new Map(live.services.map((s) => [s.id, s]));
  const entries = selected.map((service) => planService(service, byId.get(service.id), live.statuses[service.id], options.force ?? false));
  const deployIds = new Set(entries.filter((e) => e.action === 'deploy').map((e) => e.id));
  const blocked = entries.some((e) => e.action === 'blocked');
  const { organization, project, name } = resolved.environment;
  return {
    version: 1,
    file: resolved.file,
    environmentId: resolved.environmentId,
    ...(organization !== undefined && project !== undefined && name !== undefined ? { environmentNames: { organization, project, name } } : {}),
    createdAt: (options.now ?? new Date()).toISOString(),
    entries,
    // A blocked service stops the whole apply: nothing is compiled to be sent (no deploy entry compiles to no request).
    requests: blocked ? [] : compileRequests(resolved, { serviceIds: deployIds }),
  };
}

function planService(service: ResolvedService, live: LiveService | undefined, status: LiveStatus | undefined, force: boolean): PlanEntry {
  const entry: PlanEntry = {
    kind: service.kind,
    id: service.id,
    pointer: service.pointer,
    desired: desiredOf(service),
    live: liveFacts(live, status),
    action: 'deploy',
    reason: '',
  };
  if (service.name !== undefined) entry.name = service.name;
  else if (live?.name) entry.name = live.name;

  if (!live) return { ...entry, action: 'blocked', reason: `no ${service.kind} with id ${service.id} in the environment` };
  const blocked = blockReason(service, live);
  if (blocked) return { ...entry, action: 'blocked', reason: blocked };
  if (force) return { ...entry, reason: '--force' };

  const differs = versionDifference(service, live);
  if (differs === 'values') return { ...entry, reason: 'the values override commit differs' };
  if (differs === 'version') return { ...entry, reason: live.version ? 'the version differs' : 'never deployed' };
  if (!status?.state) return { ...entry, reason: 'no status reported' };
  if (status.state !== 'DEPLOYED') return { ...entry, reason: `the service is ${status.state}` };
  if (status.deploymentStatus !== 'UP_TO_DATE') return { ...entry, reason: `the service is ${status.deploymentStatus ?? 'not up to date'}` };
  return { ...entry, action: 'unchanged', reason: hasVersion(service.kind) ? 'already deployed at this version' : 'DEPLOYED and UP_TO_DATE' };
}

/** What a plan entry keeps of a service's live state: its versions and its state. */
export function liveFacts(live: LiveService | undefined, status: LiveStatus | undefined): PlanEntry['live'] {
  return {
    ...(live?.version !== undefined ? { version: live.version } : {}),
    ...(live?.valuesOverrideCommit !== undefined ? { valuesOverrideCommit: live.valuesOverrideCommit } : {}),
    ...(status ? { state: status.state, deploymentStatus: status.deploymentStatus, deploymentRequestId: status.deploymentRequestId } : {}),
  };
}

/** What a plan shows a service should run: the ref as written and its SHA, or the version text. */
function desiredOf(service: ResolvedService): PlanEntry['desired'] {
  const version = versionOf(service.desired);
  const values = valuesOverrideOf(service.desired);
  const base = version === undefined ? {} : typeof version.value === 'string' ? { version: version.value } : { ref: version.value.ref, version: version.value.sha };
  return values ? { ...base, valuesOverride: { ...values } } : base;
}

/** Why the manifest cannot be applied to this live service as written, if it cannot. */
function blockReason(service: ResolvedService, live: LiveService): string | undefined {
  if (live.kind !== service.kind) return `it is ${labelOf(live.kind)} in Qovery, not ${labelOf(service.kind)}`;
  const def = kindOf(service.kind);
  const wanted = versionOf(service.desired)?.source;
  const there = def.sources.find((s) => s.source === live.source);
  // Only a kind with several sources can be set up one way in Qovery and written the other way here
  // (a kind's only source is either the one Qovery reports or none of its sources).
  if (wanted && there && wanted !== there) {
    return `this ${service.kind} ${there.inQovery ?? `comes from ${there.source}`} in Qovery: give \`${there.field}\`, not \`${wanted.field}\``;
  }
  if (def.valuesOverride && valuesOverrideOf(service.desired) && !live.hasGitValuesOverride) {
    return `this ${service.kind} has no git values override in Qovery: remove \`${def.valuesOverride.field}\``;
  }
  return undefined;
}

/** Which of the wanted versions the live service does not run: its version, only a helm's values, or none (undefined). */
function versionDifference(service: ResolvedService, live: LiveService): 'version' | 'values' | undefined {
  const version = versionOf(service.desired);
  const liveVersion = live.version;
  // A revision compares as a SHA (in any case); a tag or chart version as the exact text.
  const same = version === undefined || (typeof version.value === 'string' ? liveVersion === version.value : sameSha(liveVersion, version.value.sha));
  if (!same) return 'version';
  const values = valuesOverrideOf(service.desired);
  return values !== undefined && !sameSha(live.valuesOverrideCommit, values.sha) ? 'values' : undefined;
}

function sameSha(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
