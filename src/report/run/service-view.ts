import type { PlanEntry } from '../../plan/types.js';
import type { AppliedFile, PlannedFile } from '../../results.js';
import type { ServiceOutcome } from '../../wait/wait-for-request.js';

/** The environment's names (`Acme/shop/production`) when the manifest gave them. */
export function environmentNames(planned: PlannedFile): string | undefined {
  const env = planned.resolved?.environment;
  if (env?.organization) return `${env.organization}/${env.project}/${env.name}`;
  const saved = planned.plan?.environmentNames;
  return saved ? `${saved.organization}/${saved.project}/${saved.name}` : undefined;
}

/** How one service of an apply ended, as every report shows it (text, job summary, JSON). */
export interface ServiceView {
  outcome?: ServiceOutcome;
  /**
   * What runs after the apply: the version read after the wait for a deployed service; the one
   * from before for a service that failed, was cancelled or is still going (Qovery's configured
   * version already says the wanted one then, but that is not what runs).
   */
  after?: string;
  /** The helm values-override commit that goes with `after`. */
  afterValues?: string;
  /** The final state for people: DEPLOYED, BUILD_ERROR…, or what happened instead. */
  state?: string;
  requestId?: string;
}

/** The outcome, version after, final state and request id of one service of an apply. */
export function serviceView(entry: PlanEntry, applied: AppliedFile): ServiceView {
  const outcome = applied.apply?.outcomes.find((o) => o.id === entry.id);
  const requestId = applied.apply?.submissions.find((s) => s.serviceIds.includes(entry.id))?.requestId;
  const before = { ...opt('after', entry.live.version), ...opt('afterValues', entry.live.valuesOverrideCommit) };
  if (entry.action === 'unchanged') return { ...before, ...opt('state', entry.live.state), ...opt('requestId', requestId) };
  const read = applied.apply?.after?.services.find((s) => s.id === entry.id);
  const now = outcome?.result === 'deployed' ? { ...opt('after', read?.version), ...opt('afterValues', read?.valuesOverrideCommit) } : outcome ? before : {};
  const state = outcome?.finalState ?? { submitted: 'submitted', 'dry-run': 'not sent (dry run)' }[applied.status as string];
  return { ...opt('outcome', outcome), ...now, ...opt('state', state), ...opt('requestId', requestId) };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
