import { compileRequests } from '../compile/compile-requests.js';
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
    // A blocked service stops the whole apply: nothing is compiled to be sent.
    requests: blocked || deployIds.size === 0 ? [] : compileRequests(resolved, { serviceIds: deployIds }),
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

  const blocked = blockReason(service, live);
  if (blocked) return { ...entry, action: 'blocked', reason: blocked };
  if (force) return { ...entry, reason: '--force' };

  const differs = versionDifference(service, live);
  const state = status?.state;
  if (differs === 'values') return { ...entry, reason: 'the values override commit differs' };
  if (differs === 'version') return { ...entry, reason: live?.version ? 'the version differs' : 'never deployed' };
  if (state !== 'DEPLOYED') return { ...entry, reason: state ? `the service is ${state}` : 'no status reported' };
  if (status?.deploymentStatus !== 'UP_TO_DATE') return { ...entry, reason: `the service is ${status?.deploymentStatus ?? 'not up to date'}` };
  return { ...entry, action: 'unchanged', reason: service.kind === 'database' ? 'DEPLOYED and UP_TO_DATE' : 'already deployed at this version' };
}

/** What a plan entry keeps of a service's live state: its versions and its state. */
export function liveFacts(live: LiveService | undefined, status: LiveStatus | undefined): PlanEntry['live'] {
  return {
    ...(live?.version !== undefined ? { version: live.version } : {}),
    ...(live?.valuesOverrideCommit !== undefined ? { valuesOverrideCommit: live.valuesOverrideCommit } : {}),
    ...(status ? { state: status.state, deploymentStatus: status.deploymentStatus, deploymentRequestId: status.deploymentRequestId } : {}),
  };
}

function desiredOf(service: ResolvedService): PlanEntry['desired'] {
  const d = service.desired;
  switch (d.kind) {
    case 'application':
    case 'terraform':
      return { ref: d.commit.ref, version: d.commit.sha };
    case 'container':
      return { version: d.image_tag };
    case 'database':
      return {};
    case 'job':
      return d.source === 'git' ? { ref: d.commit.ref, version: d.commit.sha } : { version: d.image_tag };
    case 'helm': {
      const base = d.source === 'git' ? { ref: d.commit.ref, version: d.commit.sha } : { version: d.chart_version };
      return d.values_override_commit ? { ...base, valuesOverride: { ...d.values_override_commit } } : base;
    }
  }
}

/** Why the manifest cannot be applied to this live service as written, if it cannot. */
function blockReason(service: ResolvedService, live: LiveService | undefined): string | undefined {
  if (!live) return `no ${service.kind} with id ${service.id} in the environment`;
  if (live.kind !== service.kind) return `it is ${withArticle(live.kind)} in Qovery, not ${withArticle(service.kind)}`;
  const d = service.desired;
  if (d.kind === 'job') {
    if (d.source === 'image' && live.source === 'git') return 'this job is built from git in Qovery: give `commit`, not `image_tag`';
    if (d.source === 'git' && live.source === 'image') return 'this job runs an image in Qovery: give `image_tag`, not `commit`';
  }
  if (d.kind === 'helm') {
    if (d.source === 'chart' && live.source === 'git') return 'this helm comes from git in Qovery: give `commit`, not `chart_version`';
    if (d.source === 'git' && live.source === 'chart') return 'this helm comes from a chart repository in Qovery: give `chart_version`, not `commit`';
    if (d.values_override_commit && !live.hasGitValuesOverride) return 'this helm has no git values override in Qovery: remove `values_override_commit`';
  }
  return undefined;
}

/** Which of the wanted versions the live service does not run: none, its version, or only a helm's values. */
function versionDifference(service: ResolvedService, live: LiveService | undefined): 'none' | 'version' | 'values' {
  const d = service.desired;
  const liveVersion = live?.version;
  const same = (() => {
    switch (d.kind) {
      case 'database':
        return true;
      case 'container':
        return liveVersion === d.image_tag;
      case 'job':
        return d.source === 'git' ? sameSha(liveVersion, d.commit.sha) : liveVersion === d.image_tag;
      case 'helm':
        return d.source === 'git' ? sameSha(liveVersion, d.commit.sha) : liveVersion === d.chart_version;
      case 'application':
      case 'terraform':
        return sameSha(liveVersion, d.commit.sha);
    }
  })();
  if (!same) return 'version';
  const values = d.kind === 'helm' && d.values_override_commit !== undefined && !sameSha(live?.valuesOverrideCommit, d.values_override_commit.sha);
  return values ? 'values' : 'none';
}

function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

function sameSha(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
