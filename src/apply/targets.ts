import type { LiveState } from '../qovery/live-state.js';
import type { Plan, PlanEntry } from '../plan/types.js';
import type { DeployRequest } from '../types.js';

/** One service a request must deploy, at the version the plan wants. */
export interface Target {
  id: string;
  /** What the live version must read once the request is accepted (undefined for a database). */
  version?: string;
  valuesOverrideCommit?: string;
}

/** The targets of one request of a plan. */
export function targetsOf(request: DeployRequest, plan: Plan): Target[] {
  const entries = new Map(plan.entries.map((e) => [e.id, e]));
  return request.serviceIds.map((id) => targetOf(id, entries.get(id)));
}

function targetOf(id: string, entry: PlanEntry | undefined): Target {
  const target: Target = { id };
  if (entry?.desired.version !== undefined) target.version = entry.desired.version;
  if (entry?.desired.valuesOverride) target.valuesOverrideCommit = entry.desired.valuesOverride.sha;
  return target;
}

/** Does the live configuration already carry these targets' versions (Qovery sets them when a request is made)? */
export function configuredAtTargets(live: LiveState, targets: readonly Target[]): boolean {
  const byId = new Map(live.services.map((s) => [s.id, s]));
  return targets.every((t) => {
    const service = byId.get(t.id);
    if (!service) return false;
    if (t.version !== undefined && service.version?.toLowerCase() !== t.version.toLowerCase()) return false;
    if (t.valuesOverrideCommit !== undefined && service.valuesOverrideCommit?.toLowerCase() !== t.valuesOverrideCommit.toLowerCase()) return false;
    return true;
  });
}
