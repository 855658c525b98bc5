/**
 * The values that flow through the pipeline:
 * LoadedDocument → Manifest → ResolvedManifest → DeployRequest[] → Plan → Submission → Outcome.
 * What the user wrote and what it resolved to are kept apart: version text stays exactly as typed.
 */
import type { DeployAllRequest, TerraformDeployRequest } from './qovery/api-types.js';
import type { Diagnostic, Range } from './diagnostics/types.js';
import type { DesiredVersion, ServiceKind, ServiceSpec } from './kinds.js';

export type { Diagnostic, Range } from './diagnostics/types.js';
export type {
  ApplicationSpec,
  ContainerSpec,
  DatabaseSpec,
  DesiredVersion,
  HelmSpec,
  JobSpec,
  ResolvedRef,
  ServiceKind,
  ServiceSpec,
  TerraformSpec,
  VersionSource,
} from './kinds.js';
export { KIND_KEYS, SERVICE_KINDS } from './kinds.js';
export type * from './qovery/api-types.js';

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
