/**
 * Strict checks of deploy bodies (`DeployAllRequest`, `TerraformDeployRequest`) against the
 * spec and the environment's services. What the spec allows passes; where the spec is silent
 * (unknown keys, duplicates, version formats) the checks stay strict: the simulator exists to
 * catch a client sending a wrong body. docs/simulator.md lists those choices.
 */
import type { SimDeploymentItem, SimEnvironment, SimService, SimServiceKind, SimState, SimTerraformAction } from './state.js';

export type BodyCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** `format: uuid`: hex digits in either case (RFC 4122 reads them case-insensitively). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA = /^[0-9a-f]{40}$/;
/** Docker's tag grammar. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** What Helm's version parser reads (Masterminds/semver): `4.11` is 4.11.0, a leading `v` is allowed. */
const CHART_VERSION = /^v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const TERRAFORM_ACTIONS = ['PLAN', 'FORCE_UNLOCK', 'MIGRATE_STATE'];
/** Versions the spec says "can be empty only if the service has been already deployed". */
const MAY_BE_EMPTY: Partial<Record<SimServiceKind, string[]>> = {
  application: ['git_commit_id'],
  container: ['image_tag'],
  job: ['image_tag', 'git_commit_id'],
};

type ListKey = 'applications' | 'containers' | 'jobs' | 'helms' | 'terraforms';
const LISTS: Record<ListKey, { kind: SimServiceKind; idKey: string; keys: string[] }> = {
  applications: { kind: 'application', idKey: 'application_id', keys: ['application_id', 'git_commit_id'] },
  containers: { kind: 'container', idKey: 'id', keys: ['id', 'image_tag'] },
  jobs: { kind: 'job', idKey: 'id', keys: ['id', 'image_tag', 'git_commit_id'] },
  helms: { kind: 'helm', idKey: 'id', keys: ['id', 'chart_version', 'git_commit_id', 'values_override_git_commit_id'] },
  terraforms: { kind: 'terraform', idKey: 'id', keys: ['id', 'git_commit_id', 'action'] },
};
const TOP_KEYS = ['applications', 'databases', 'containers', 'jobs', 'helms', 'terraforms'];

class BodyError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields an item may carry to set its version, given the service's source. */
function versionFields(svc: SimService): { version: string | null; allowed: string[] } {
  if (svc.kind === 'application' || svc.kind === 'terraform') return { version: 'git_commit_id', allowed: ['git_commit_id'] };
  if (svc.kind === 'container') return { version: 'image_tag', allowed: ['image_tag'] };
  if (svc.kind === 'job') return svc.source === 'image' ? { version: 'image_tag', allowed: ['image_tag'] } : { version: 'git_commit_id', allowed: ['git_commit_id'] };
  if (svc.kind === 'helm') {
    const allowed = svc.source === 'chart' ? ['chart_version'] : ['git_commit_id'];
    if (svc.valuesOverride) allowed.push('values_override_git_commit_id');
    return { version: allowed[0] as string, allowed };
  }
  return { version: null, allowed: [] };
}

function checkFormat(field: string, value: string, path: string): void {
  if (value === '') throw new BodyError(`${path}: must not be empty (omit it to keep the configured version)`);
  if ((field === 'git_commit_id' || field === 'values_override_git_commit_id') && !SHA.test(value)) {
    throw new BodyError(`${path}: "${value}" is not a full git commit id (40 lower-case hex characters)`);
  }
  if (field === 'image_tag' && !IMAGE_TAG.test(value)) throw new BodyError(`${path}: "${value}" is not a valid image tag`);
  if (field === 'chart_version' && !CHART_VERSION.test(value)) throw new BodyError(`${path}: "${value}" is not a valid chart version`);
}

function lookup(state: SimState, env: SimEnvironment, id: unknown, kind: SimServiceKind, path: string): SimService {
  if (typeof id !== 'string') throw new BodyError(`${path}: expected a service id (string)`);
  if (!UUID.test(id)) throw new BodyError(`${path}: "${id}" is not a valid UUID (8-4-4-4-12 hex digits)`);
  const svc = state.services.get(id.toLowerCase());
  if (!svc || svc.environmentId !== env.id) throw new BodyError(`${path}: no ${kind} with id ${id} in environment ${env.id}`);
  if (svc.kind !== kind) throw new BodyError(`${path}: service ${id} is a ${svc.kind}, not a ${kind}`);
  return svc;
}

function itemOf(svc: SimService, raw: Record<string, unknown>, path: string): SimDeploymentItem {
  const { version: versionField, allowed } = versionFields(svc);
  const given: Record<string, string> = {};
  for (const field of ['git_commit_id', 'image_tag', 'chart_version', 'values_override_git_commit_id']) {
    if (!(field in raw)) continue;
    const value = raw[field];
    if (typeof value !== 'string') throw new BodyError(`${path}.${field}: expected a string`);
    if (!allowed.includes(field)) {
      const why = svc.kind === 'helm' && field === 'values_override_git_commit_id'
        ? 'it has no git values override'
        : `its source is ${svc.source}`;
      throw new BodyError(`${path}.${field}: not allowed for ${svc.kind} ${svc.id} (${why})`);
    }
    // Empty where the spec allows it means "keep the version": the same as leaving it out.
    if (value === '' && MAY_BE_EMPTY[svc.kind]?.includes(field)) continue;
    checkFormat(field, value, `${path}.${field}`);
    given[field] = value;
  }
  const version = versionField === null ? undefined : given[versionField];
  // Spec: a version "can be empty only if the service has been already deployed".
  if (versionField !== null && version === undefined && svc.deployed === null) {
    throw new BodyError(`${path}.${versionField}: required, ${svc.kind} ${svc.id} has never been deployed`);
  }
  const override = given.values_override_git_commit_id;
  return {
    serviceId: svc.id,
    version: version ?? svc.configured,
    valuesOverride: svc.valuesOverride ? (override ?? svc.valuesOverride.configured) : null,
  };
}

/** A `TerraformDeployRequest.action`: one of the enum, or null / absent (plan and apply). */
function terraformAction(value: unknown, path: string): SimTerraformAction | null {
  const action = value ?? null;
  if (action !== null && (typeof action !== 'string' || !TERRAFORM_ACTIONS.includes(action))) {
    throw new BodyError(`${path}: must be one of ${TERRAFORM_ACTIONS.join(', ')} or null`);
  }
  return action as SimTerraformAction | null;
}

function checkDeployAll(state: SimState, env: SimEnvironment, body: unknown): SimDeploymentItem[] {
  if (!isObject(body)) throw new BodyError('the body must be a JSON object (DeployAllRequest)');
  for (const key of Object.keys(body)) {
    if (!TOP_KEYS.includes(key)) throw new BodyError(`unknown field "${key}" (DeployAllRequest has ${TOP_KEYS.join(', ')})`);
    if (!Array.isArray(body[key])) throw new BodyError(`${key}: expected an array`);
  }
  const items: SimDeploymentItem[] = [];
  const seen = new Set<string>();
  const add = (item: SimDeploymentItem, path: string): void => {
    if (seen.has(item.serviceId)) throw new BodyError(`${path}: service ${item.serviceId} is listed twice`);
    seen.add(item.serviceId);
    items.push(item);
  };
  ((body.databases ?? []) as unknown[]).forEach((id, i) => {
    const svc = lookup(state, env, id, 'database', `databases[${i}]`);
    add({ serviceId: svc.id, version: svc.configured, valuesOverride: null }, `databases[${i}]`);
  });
  for (const [key, spec] of Object.entries(LISTS) as [ListKey, (typeof LISTS)[ListKey]][]) {
    ((body[key] ?? []) as unknown[]).forEach((raw, i) => {
      const path = `${key}[${i}]`;
      if (!isObject(raw)) throw new BodyError(`${path}: expected an object`);
      for (const field of Object.keys(raw)) {
        if (!spec.keys.includes(field)) throw new BodyError(`${path}: unknown field "${field}"`);
      }
      if (!(spec.idKey in raw)) throw new BodyError(`${path}.${spec.idKey}: required`);
      const svc = lookup(state, env, raw[spec.idKey], spec.kind, `${path}.${spec.idKey}`);
      const item = itemOf(svc, raw, path);
      // terraforms[] items are `TerraformDeployRequest`s: each may carry its own action.
      const action = key === 'terraforms' ? terraformAction(raw.action, `${path}.action`) : null;
      add(action === null ? item : { ...item, terraformAction: action }, path);
    });
  }
  if (items.length === 0) throw new BodyError('the request deploys no service');
  return items;
}

/** Checks a `DeployAllRequest` body against an environment; returns the items to queue. */
export function checkDeployAllBody(state: SimState, env: SimEnvironment, body: unknown): BodyCheck<SimDeploymentItem[]> {
  try {
    return { ok: true, value: checkDeployAll(state, env, body) };
  } catch (error) {
    if (error instanceof BodyError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Checks a `TerraformDeployRequest` body for `POST /terraform/{id}/deploy`. */
export function checkTerraformBody(
  svc: SimService,
  body: unknown,
): BodyCheck<{ item: SimDeploymentItem; action: SimTerraformAction | null }> {
  try {
    if (!isObject(body)) throw new BodyError('the body must be a JSON object (TerraformDeployRequest)');
    for (const key of Object.keys(body)) {
      if (!['id', 'git_commit_id', 'action'].includes(key)) throw new BodyError(`unknown field "${key}"`);
    }
    if (body.id !== undefined && body.id !== null) {
      if (typeof body.id !== 'string' || !UUID.test(body.id)) throw new BodyError('id: not a valid UUID (8-4-4-4-12 hex digits)');
      if (body.id.toLowerCase() !== svc.id) throw new BodyError(`id: ${body.id} does not match the terraform in the path (${svc.id})`);
    }
    const action = terraformAction(body.action, 'action');
    // Spec: "You must provide a git commit id."
    if (typeof body.git_commit_id !== 'string') throw new BodyError('git_commit_id: required (a string)');
    checkFormat('git_commit_id', body.git_commit_id, 'git_commit_id');
    const item: SimDeploymentItem = { serviceId: svc.id, version: body.git_commit_id, valuesOverride: null };
    return { ok: true, value: { item: action === null ? item : { ...item, terraformAction: action }, action } };
  } catch (error) {
    if (error instanceof BodyError) return { ok: false, message: error.message };
    throw error;
  }
}
