import type { Diagnostic } from '../diagnostics/types.js';
import type { EnvironmentSpec, ServiceKind } from '../types.js';

/** A service as the API lists it: enough to turn a name into an id. */
export interface ServiceIdentity {
  id: string;
  name: string;
  kind: ServiceKind | 'other';
}

/** Where a name-lookup problem points in the manifest's `environment` map. */
export type EnvironmentField = 'id' | 'organization' | 'project' | 'name';

/** Turns names into UUIDs through the Qovery API (implemented in src/qovery/names.ts). */
export interface NameLookup {
  /** The environment's id; when the spec has both an id and names, also checks that they agree. */
  environment(spec: EnvironmentSpec): Promise<{ id: string } | { diagnostic: Diagnostic; field: EnvironmentField }>;
  /** Every service of an environment. */
  services(environmentId: string): Promise<readonly ServiceIdentity[]>;
}
