/**
 * What the workflows hand back for one file or one environment: the results every format reports.
 * Here, below both `workflows/` (which produce them) and `report/` (which renders them).
 */
import type { ApplyResult } from './apply/apply-plan.js';
import type { Diagnostic } from './diagnostics/types.js';
import type { Plan } from './plan/types.js';
import type { LiveService, LiveState } from './qovery/live-state.js';
import type { Manifest, ResolvedManifest, ServiceKind } from './types.js';
import type { FailureDetail } from './wait/failure-logs.js';

/** The outcome of checking one manifest file. */
export interface FileReport {
  /** The path as the user gave it (what diagnostics show). */
  file: string;
  /** The text read, for source excerpts (empty when the file could not be read). */
  source: string;
  manifest?: Manifest;
  diagnostics: Diagnostic[];
}

/** One file taken as far as a plan: each stage's result, and every problem met on the way. */
export interface PlannedFile {
  file: string;
  source: string;
  diagnostics: Diagnostic[];
  resolved?: ResolvedManifest;
  live?: LiveState;
  plan?: Plan;
}

/** How applying one file ended; the CLI turns it into an exit code. */
export type FileStatus = 'invalid' | 'api-error' | 'no-changes' | 'dry-run' | 'submitted' | 'deployed' | 'failed' | 'timeout' | 'interrupted';

export interface AppliedFile extends PlannedFile {
  status: FileStatus;
  apply?: ApplyResult;
}

/** One line of `status`: a service and its live state. */
export interface StatusRow {
  kind: ServiceKind | 'other';
  /** Null when a manifest entry names no service of the environment. */
  id: string | null;
  name: string | null;
  inManifest: boolean;
  /** JSON pointer of the manifest entry, when it is in the manifest. */
  pointer?: string;
  version: string | null;
  valuesOverrideCommit: string | null;
  state: string | null;
  deploymentStatus: string | null;
  deploymentRequestId: string | null;
  /** Deployment requests of this service queued or running. */
  requestsCount: number;
  /** What the latest request does and how far it is (Qovery's `status_details`). */
  action: string | null;
  actionStatus: string | null;
}

/** One live service and what init did with it. */
export interface InitEntry {
  kind: ServiceKind | 'other';
  id: string;
  name: string;
  /** Where Qovery builds or pulls it from: decides the manifest field (`commit`, `image_tag`, `chart_version`). */
  source: LiveService['source'];
  /** The pinned version (commit SHA, image tag or chart version); absent for databases and skipped services. */
  version?: string;
  /** The remote repository of a git service, when Qovery reports one the manifest accepts. */
  repository?: string;
  valuesOverrideCommit?: string;
  valuesOverrideRepository?: string;
  listed: boolean;
  /** Why a service was left out, or a note about one that was listed. */
  note?: string;
}

/** The manifest `init` writes, and what it did with each live service. */
export interface InitManifest {
  text: string;
  entries: InitEntry[];
}

/** `status`: the last failure of each failed service, by service id; `unavailable` when the logs could not be read. */
export interface LastFailures {
  byService: Record<string, { executionId: string; detail: FailureDetail }>;
  unavailable?: string;
}
