/**
 * The values that flow through the pipeline:
 * LoadedDocument → Manifest → ResolvedManifest → DeployRequest[] → Plan → Submission → Outcome.
 * What the user wrote and what it resolved to are kept apart: version text stays exactly as typed.
 */
import type { DeployAllRequest, TerraformDeployRequest, TerraformDeployRequestActionEnum } from 'qovery-typescript-axios';
import type { Diagnostic, Range } from './diagnostics/types.js';

export type { Diagnostic, Range } from './diagnostics/types.js';

/** The six kinds of Qovery service a manifest can list. */
export type ServiceKind = 'application' | 'container' | 'database' | 'job' | 'helm' | 'terraform';

/** Manifest keys for each kind, in the order they are listed, compiled and reported. */
export const KIND_KEYS = {
  application: 'applications',
  container: 'containers',
  database: 'databases',
  job: 'jobs',
  helm: 'helms',
  terraform: 'terraforms',
} as const satisfies Record<ServiceKind, string>;

export const SERVICE_KINDS = Object.keys(KIND_KEYS) as ServiceKind[];

/** The terraform actions that go to `POST /terraform/{id}/deploy` instead of the batch call (Qovery's own enum). */
export type TerraformAction = TerraformDeployRequestActionEnum;

/** Source positions of one manifest node, keyed in `Manifest.positions` by JSON pointer. */
export interface NodePosition {
  /** The key of a map entry (absent for list items and the root). */
  key?: Range;
  /** The value node itself. */
  value: Range;
}

/** How the manifest names its environment: by UUID, by names, or both (then they must agree). */
export interface EnvironmentSpec {
  id?: string;
  organization?: string;
  project?: string;
  name?: string;
}

interface ServiceBase {
  /** Service UUID, when the manifest gives one. */
  id?: string;
  /** Service name, when the manifest gives one (compared case-insensitively). */
  name?: string;
  /** JSON pointer of this entry in the manifest, e.g. `/applications/0`; keys `Manifest.positions`. */
  pointer: string;
}

export interface ApplicationSpec extends ServiceBase {
  kind: 'application';
  commit: string;
  repository?: string;
}
export interface ContainerSpec extends ServiceBase {
  kind: 'container';
  image_tag: string;
}
export interface DatabaseSpec extends ServiceBase {
  kind: 'database';
}
export interface JobSpec extends ServiceBase {
  kind: 'job';
  commit?: string;
  repository?: string;
  image_tag?: string;
}
export interface HelmSpec extends ServiceBase {
  kind: 'helm';
  chart_version?: string;
  commit?: string;
  repository?: string;
  values_override_commit?: string;
  values_override_repository?: string;
}
export interface TerraformSpec extends ServiceBase {
  kind: 'terraform';
  commit: string;
  repository?: string;
  action?: TerraformAction;
}

/** One service entry as the user wrote it (after `${VAR}` expansion). */
export type ServiceSpec = ApplicationSpec | ContainerSpec | DatabaseSpec | JobSpec | HelmSpec | TerraformSpec;

/** A validated manifest: typed, with every node's position kept. */
export interface Manifest {
  /** The path the manifest was read from, as given (used in diagnostics). */
  file: string;
  version: 1;
  environment: EnvironmentSpec;
  /** Every service, kinds in `KIND_KEYS` order, entries in file order. */
  services: ServiceSpec[];
  /** Source positions by JSON pointer (`''` is the root, `/environment/id`, `/jobs/1/commit`…). */
  positions: Record<string, NodePosition>;
}

/** A git revision as written and the full commit SHA it resolved to. */
export interface ResolvedRef {
  ref: string;
  sha: string;
}

/** What one service should run, once refs are SHAs and names are ids. */
export type DesiredVersion =
  | { kind: 'application'; commit: ResolvedRef }
  | { kind: 'container'; image_tag: string }
  | { kind: 'database' }
  | { kind: 'job'; source: 'git'; commit: ResolvedRef }
  | { kind: 'job'; source: 'image'; image_tag: string }
  | { kind: 'helm'; source: 'git'; commit: ResolvedRef; values_override_commit?: ResolvedRef }
  | { kind: 'helm'; source: 'chart'; chart_version: string; values_override_commit?: ResolvedRef }
  | { kind: 'terraform'; commit: ResolvedRef; action?: TerraformAction };

/** One service ready to compile: its UUID and exactly what it should run. */
export interface ResolvedService {
  kind: ServiceKind;
  id: string;
  /** The name, as written in the manifest or as the API reports it. */
  name?: string;
  pointer: string;
  desired: DesiredVersion;
}

/** A manifest whose refs are SHAs and whose names are UUIDs. */
export interface ResolvedManifest {
  file: string;
  environmentId: string;
  environment: EnvironmentSpec;
  services: ResolvedService[];
  positions: Record<string, NodePosition>;
}

/** One HTTP request `apply` would send: method, path and the exact JSON body Qovery receives. */
export type DeployRequest =
  | {
      /** `POST /environment/{id}/service/deploy`: every service without a terraform action. */
      kind: 'deploy-all';
      method: 'POST';
      path: string;
      body: DeployAllRequest;
      /** The UUIDs of the services this request deploys, in body order. */
      serviceIds: string[];
    }
  | {
      /** `POST /terraform/{id}/deploy`: one terraform with an explicit action. */
      kind: 'terraform-action';
      method: 'POST';
      path: string;
      body: TerraformDeployRequest;
      serviceIds: [string];
    };

/** A stage result that can carry problems without throwing. */
export interface Checked<T> {
  value?: T;
  diagnostics: Diagnostic[];
}
