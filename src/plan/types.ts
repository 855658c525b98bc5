import type { DeployRequest, ServiceKind } from '../types.js';

/** What apply will do with one service. */
export type PlanAction = 'deploy' | 'unchanged' | 'blocked';

/** One service in a plan: what is wanted, what runs now, and the decision with its reason. */
export interface PlanEntry {
  kind: ServiceKind;
  id: string;
  name?: string;
  pointer: string;
  desired: {
    /** The ref as written (`main`), when the version comes from git. */
    ref?: string;
    /** Commit SHA, image tag or chart version; absent for a database. */
    version?: string;
    valuesOverride?: { ref: string; sha: string };
  };
  live: {
    version?: string;
    valuesOverrideCommit?: string;
    state?: string;
    deploymentStatus?: string;
    deploymentRequestId?: string | null;
  };
  action: PlanAction;
  reason: string;
}

/** The plan: a pure, versioned value that `apply` consumes and `plan --out` saves. */
export interface Plan {
  /** Format version of a saved plan. */
  version: 1;
  file: string;
  environmentId: string;
  /** The environment's names, when the manifest gave them (so a saved plan's report can show them). */
  environmentNames?: { organization: string; project: string; name: string };
  createdAt: string;
  entries: PlanEntry[];
  /** The exact requests for the `deploy` entries (empty when nothing changes). */
  requests: DeployRequest[];
}

export interface PlanOptions {
  /** Deploy every service even when it already runs the desired version. */
  force?: boolean;
  /** Plan only these services (names, compared case-insensitively, or ids). */
  only?: readonly string[];
  /** The time to stamp the plan with. Default: now. */
  now?: Date;
}
