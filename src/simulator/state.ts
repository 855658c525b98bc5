/**
 * The simulator's in-memory model: organizations → projects → environments → services, and the
 * deployment requests queued against them. Plain data, inspectable from tests; the clock-driven
 * transitions live in deployments.ts and only run when `advance()` is called (on every HTTP request
 * and on every read of `Simulator.state`), so no timer ever ticks in the background.
 */
import type {
  DatabaseModeEnum,
  DatabaseTypeEnum,
  DeploymentHistoryTriggerAction,
  EnvironmentModeEnum,
  StateEnum,
} from 'qovery-typescript-axios';

/** The six kinds of service the simulator models. */
export type SimServiceKind = 'application' | 'container' | 'database' | 'job' | 'helm' | 'terraform';

/** Where a service's version comes from. */
export type SimSourceKind = 'git' | 'image' | 'chart' | 'database';

/** How a service's deployment ended. */
export type SimResult = 'DEPLOYED' | 'BUILD_ERROR' | 'DEPLOYMENT_ERROR' | 'CANCELED';

/** The terraform actions accepted by `POST /terraform/{id}/deploy` (null = plan and apply). */
export type SimTerraformAction = 'PLAN' | 'FORCE_UNLOCK' | 'MIGRATE_STATE';

export interface SimOrganization {
  readonly id: string;
  name: string;
  readonly createdAt: string;
  readonly projectIds: string[];
}

export interface SimProject {
  readonly id: string;
  name: string;
  readonly organizationId: string;
  readonly createdAt: string;
  readonly environmentIds: string[];
}

export interface SimEnvironment {
  readonly id: string;
  name: string;
  readonly projectId: string;
  readonly organizationId: string;
  mode: EnvironmentModeEnum;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly createdAt: string;
  readonly serviceIds: string[];
  /** Counter behind each started request's `execution_id` (`<environmentId>-<n>`). */
  executionCounter: number;
  /** When the last request of this environment stopped running (ms); the next one starts no earlier. */
  busyUntil: number;
}

export interface SimValuesOverride {
  /** Git URL of the values-override repository. */
  repository: string;
  configured: string | null;
  deployed: string | null;
}

export interface SimService {
  readonly kind: SimServiceKind;
  readonly id: string;
  name: string;
  readonly environmentId: string;
  readonly source: SimSourceKind;
  readonly createdAt: string;
  /** Git URL (git sources), image name (image sources) or chart repository URL (chart sources). */
  repository: string;
  branch: string;
  /** Helm chart name (chart-source helms). */
  chartName?: string;
  databaseType?: DatabaseTypeEnum;
  databaseMode?: DatabaseModeEnum;
  jobType?: 'LIFECYCLE' | 'CRON';
  /** Cron expression of a CRON job. */
  schedule?: string;
  /** Git values override of a helm, when it has one. */
  valuesOverride?: SimValuesOverride;
  /** What the last accepted deploy call set (Qovery "updates and deploys"); null = never set. */
  configured: string | null;
  /** The version of the last successful deployment; null = never deployed. */
  deployed: string | null;
  /** How the last finished deployment ended; null = never deployed. */
  lastResult: SimResult | null;
  /** State shown when no deployment request involves the service. */
  restingState: StateEnum;
  /** Last deployment end (ms since epoch), if any. */
  lastDeploymentAt: number | null;
  /** `execution_id` of the last started request that included it. */
  lastExecutionId: string | null;
  /** The last deployment request that included it (set when the request is accepted). */
  deploymentRequestId: string | null;
  /** Sub-action of the last request that included it (terraform actions). */
  lastTerraformAction: SimTerraformAction | null;
  /** `trigger_action` of the last request that included it (a RESTART, a STOP…); null = none yet. */
  lastTriggerAction: DeploymentHistoryTriggerAction | null;
}

/** One service inside a deployment request, with the versions it deploys. */
export interface SimDeploymentItem {
  serviceId: string;
  /** Version to deploy (null = a database, or "keep the configured one"). */
  version: string | null;
  valuesOverride: string | null;
  /** A terraform's action; absent = plan and apply. */
  terraformAction?: SimTerraformAction;
}

/** How one service's part of a running request unfolds on the clock (all times in ms). */
export interface SimServiceRun extends SimDeploymentItem {
  outcome: SimResult | 'HANG';
  startAt: number;
  /** Start of BUILDING, or null when the kind has no build stage (databases). */
  buildAt: number | null;
  deployAt: number;
  /** When the run ends (Infinity while it hangs). */
  endAt: number;
  /** When a cancel was requested: CANCELING from then until `endAt`, then CANCELED. */
  cancelingAt?: number;
  /** Set once the run has been finalized. */
  result: SimResult | null;
  /** What its deployment logs say when it fails (from the outcome rule). */
  log?: SimFailureLog;
  finishedAt: number | null;
}

/** Lifecycle of a deployment request. */
export type SimRequestStatus = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'ERROR' | 'CANCELED';

export interface SimDeploymentRequest {
  /** The `deployment_request_id`. */
  readonly id: string;
  /** Creation order across the simulator. */
  readonly seq: number;
  readonly environmentId: string;
  /** Who may merge into it: the token that queued it, or a unique key for foreign requests. */
  readonly ownerKey: string;
  readonly triggeredBy: string;
  readonly triggerAction: DeploymentHistoryTriggerAction;
  readonly terraformAction: SimTerraformAction | null;
  /** True when added by a test as someone else's request (never merges with API calls). */
  readonly foreign: boolean;
  readonly items: SimDeploymentItem[];
  /** Service ids in `items` order. */
  readonly serviceIds: string[];
  status: SimRequestStatus;
  queuedAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  executionId: string | null;
  runs: SimServiceRun[];
  /** How many later calls were merged into it. */
  mergeCount: number;
}

/** A scripted end for a service's next deployment(s), consumed when a matching run starts. */
export interface SimOutcomeRule {
  serviceId: string;
  result: SimResult | 'HANG';
  /** Only a deployment of this version (image tag, SHA, chart version) matches; any when absent. */
  version?: string;
  /** How many more runs it applies to (Infinity = always). */
  remaining: number;
  /** What the deployment logs say about the failure. */
  log?: SimFailureLog;
}

/** The scripted part of a failed run's deployment logs (`listEnvironmentLogs`). */
export interface SimFailureLog {
  /** `error.user_log_message`; default: a generic message naming the state. */
  message?: string;
  /** `error.hint_message` and `error.link`, when set. */
  hint?: string;
  link?: string;
  /** Lines (`message.safe_message`) the service logs before failing, after the simulator's own. */
  lines?: string[];
}

/** Stage durations of the state machine, in milliseconds. */
export interface StageDurations {
  /** Time a request waits in the queue before it starts (longer while another request runs). */
  queuedMs: number;
  /** BUILDING (every kind but databases). */
  buildingMs: number;
  /** DEPLOYING. */
  deployingMs: number;
  /** CANCELING: from a cancel of a running request until its services are CANCELED. */
  cancelingMs: number;
}

/** The live model. `at` is the clock reading of the last `advance()`. */
export class SimState {
  readonly organizations = new Map<string, SimOrganization>();
  readonly projects = new Map<string, SimProject>();
  readonly environments = new Map<string, SimEnvironment>();
  readonly services = new Map<string, SimService>();
  /** Every deployment request ever created, in creation order. */
  readonly requests: SimDeploymentRequest[] = [];
  /** Scripted outcomes, first match wins. */
  readonly outcomeRules: SimOutcomeRule[] = [];
  at: number;
  private seqCounter = 0;

  constructor(
    readonly clock: () => number,
    readonly stages: StageDurations,
  ) {
    this.at = clock();
  }

  /** Returns the next creation sequence number. */
  nextSeq(): number {
    this.seqCounter += 1;
    return this.seqCounter;
  }

  /** Finds a service by id, or by name when the name is unique in the simulator. */
  findService(ref: string): SimService | undefined {
    const byId = this.services.get(ref);
    if (byId) return byId;
    const matches = [...this.services.values()].filter((s) => s.name.toLowerCase() === ref.toLowerCase());
    if (matches.length > 1) throw new Error(`service name "${ref}" is ambiguous; use its id`);
    return matches[0];
  }

  /** Like findService, but throws when nothing matches. */
  getService(ref: string): SimService {
    const svc = this.findService(ref);
    if (!svc) throw new Error(`no service "${ref}" in the simulator`);
    return svc;
  }

  /** Finds an environment by id, or by name when the name is unique. */
  getEnvironment(ref: string): SimEnvironment {
    const byId = this.environments.get(ref);
    if (byId) return byId;
    const matches = [...this.environments.values()].filter((e) => e.name.toLowerCase() === ref.toLowerCase());
    if (matches.length > 1) throw new Error(`environment name "${ref}" is ambiguous; use its id`);
    if (matches.length === 0) throw new Error(`no environment "${ref}" in the simulator`);
    return matches[0] as SimEnvironment;
  }

  /** The requests of one environment, in creation order. */
  requestsOf(environmentId: string): SimDeploymentRequest[] {
    return this.requests.filter((r) => r.environmentId === environmentId);
  }

  /** A request by its deployment_request_id. */
  findRequest(id: string): SimDeploymentRequest | undefined {
    return this.requests.find((r) => r.id === id);
  }
}

/** Whether a request is still queued or running. */
export function isUnfinished(r: SimDeploymentRequest): boolean {
  return r.status === 'QUEUED' || r.status === 'RUNNING';
}
