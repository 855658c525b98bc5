import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { LiveState } from '../qovery/live-state.js';
import type { Plan } from './types.js';

/** What a service looked like when the plan was made: any change makes the plan stale. */
export interface LiveFingerprint {
  version: string | null;
  valuesOverrideCommit: string | null;
  state: string | null;
  deploymentStatus: string | null;
  deploymentRequestId: string | null;
}

/** One reviewed plan with the live state it was made against. */
export interface SavedPlan {
  plan: Plan;
  live: Record<string, LiveFingerprint>;
}

/** The file `plan --out` writes: versioned, so the format can evolve. */
export interface SavedPlanFile {
  format: 'qovery-deploy-plan';
  version: 1;
  created_at: string;
  plans: SavedPlan[];
}

/** The fingerprint of every service a plan names. */
export function fingerprintOf(plan: Plan, live: LiveState): Record<string, LiveFingerprint> {
  const out: Record<string, LiveFingerprint> = {};
  for (const entry of plan.entries) {
    const service = live.services.find((s) => s.id === entry.id);
    const status = live.statuses[entry.id];
    out[entry.id] = {
      version: service?.version ?? null,
      valuesOverrideCommit: service?.valuesOverrideCommit ?? null,
      state: status?.state ?? null,
      deploymentStatus: status?.deploymentStatus ?? null,
      deploymentRequestId: status?.deploymentRequestId ?? null,
    };
  }
  return out;
}

/**
 * What moved since the plan was made, in words; empty when nothing did (pure). A saved plan holds
 * redacted server text, so the live values are compared through `redact` too.
 */
export function liveChanges(saved: SavedPlan, live: LiveState, redact: (text: string) => string = (text) => text): string[] {
  const now = fingerprintOf(saved.plan, live);
  const seen = (value: string | null) => (value === null ? null : redact(value));
  const changes: string[] = [];
  for (const entry of saved.plan.entries) {
    const was = saved.live[entry.id];
    const is = now[entry.id];
    if (!was || !is) continue;
    const name = entry.name ?? entry.id;
    for (const key of ['version', 'valuesOverrideCommit', 'state', 'deploymentStatus', 'deploymentRequestId'] as const) {
      if (seen(was[key]) !== seen(is[key])) changes.push(`${name} ${key} was ${was[key] ?? 'unset'}, is ${is[key] ?? 'unset'}`);
    }
  }
  return changes;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const REQUEST_PATH = new RegExp(`^/(environment/${UUID}/service|terraform/${UUID})/deploy$`);

/** The text `plan --out` writes. */
export function serializeSavedPlans(plans: SavedPlan[], now = new Date()): string {
  const file: SavedPlanFile = { format: 'qovery-deploy-plan', version: 1, created_at: now.toISOString(), plans };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads a saved plan file back, refusing anything this version did not write (pure). */
export function parseSavedPlans(text: string, path: string): { plans: SavedPlan[] } | { diagnostic: Diagnostic } {
  const fail = (problem: string) => ({ diagnostic: diagnostic('PLAN_FILE_INVALID', { path, problem }) });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('it is not JSON');
  }
  const file = data as Partial<SavedPlanFile>;
  if (file?.format !== 'qovery-deploy-plan') return fail('it has no "format": "qovery-deploy-plan"');
  if (file.version !== 1) return fail(`version ${String(file.version)} is not supported (this release reads version 1)`);
  if (!Array.isArray(file.plans)) return fail('it has no "plans" list');
  for (const saved of file.plans) {
    const plan = saved?.plan as Partial<Plan> | undefined;
    if (!plan || plan.version !== 1 || typeof plan.environmentId !== 'string' || !Array.isArray(plan.entries) || !Array.isArray(plan.requests)) {
      return fail('a plan in it is incomplete');
    }
    if (typeof saved.live !== 'object' || saved.live === null) return fail('a plan in it has no live fingerprint');
    // A saved plan is replayed as is: its requests may only go where apply itself would send them.
    for (const request of plan.requests) {
      if (request.method !== 'POST' || !REQUEST_PATH.test(request.path)) return fail(`it holds a request to ${JSON.stringify(request.path)}`);
    }
  }
  return { plans: file.plans };
}
