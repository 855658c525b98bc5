/**
 * A small strict checker for the bodies `compile` produces, written from the field lists of
 * Qovery's OpenAPI spec (components/schemas/DeployAllRequest and TerraformDeployRequest), and
 * stricter where a deploy request must be: every item names its service, commit ids are full
 * lower-case 40-hex SHAs, version strings are non-empty, arrays are never empty, and no value is
 * null except a terraform's `id` and `action` (the spec's only nullable fields).
 *
 * Spec field lists (copied, the spec file is not part of the project):
 *   applications[]: { application_id (required, uuid), git_commit_id }
 *   databases[]:    uuid strings
 *   containers[]:   { id (required, uuid), image_tag }
 *   jobs[]:         { id (uuid), image_tag, git_commit_id }
 *   helms[]:        { id (uuid), chart_version, git_commit_id, values_override_git_commit_id }
 *   terraforms[]:   TerraformDeployRequest { id (uuid, nullable), git_commit_id, action (nullable, PLAN | FORCE_UNLOCK | MIGRATE_STATE) }
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA = /^[0-9a-f]{40}$/;
const TERRAFORM_ACTIONS: readonly string[] = ['PLAN', 'FORCE_UNLOCK', 'MIGRATE_STATE'];

type ListKey = 'applications' | 'containers' | 'jobs' | 'helms' | 'terraforms';

interface ItemRule {
  /** The id field of the item. */
  idField: string;
  /** Every field the spec lists for the item. */
  allowed: readonly string[];
  /** Fields the spec allows to be null. */
  nullable: readonly string[];
  /** Exactly one of these must be present (the service's source), when set. */
  oneOf?: readonly string[];
  /** Must be present. */
  required: readonly string[];
}

const ITEMS: Record<ListKey, ItemRule> = {
  applications: { idField: 'application_id', allowed: ['application_id', 'git_commit_id'], nullable: [], required: ['application_id', 'git_commit_id'] },
  containers: { idField: 'id', allowed: ['id', 'image_tag'], nullable: [], required: ['id', 'image_tag'] },
  jobs: { idField: 'id', allowed: ['id', 'image_tag', 'git_commit_id'], nullable: [], required: ['id'], oneOf: ['image_tag', 'git_commit_id'] },
  helms: {
    idField: 'id',
    allowed: ['id', 'chart_version', 'git_commit_id', 'values_override_git_commit_id'],
    nullable: [],
    required: ['id'],
    oneOf: ['chart_version', 'git_commit_id'],
  },
  terraforms: { idField: 'id', allowed: ['id', 'git_commit_id', 'action'], nullable: ['id', 'action'], required: ['id', 'git_commit_id'] },
};

const TOP_LEVEL: readonly string[] = ['applications', 'databases', 'containers', 'jobs', 'helms', 'terraforms'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Problems of one field's value: its type and format by field name. */
function fieldProblems(path: string, field: string, value: unknown, nullable: boolean): string[] {
  if (value === null) return nullable ? [] : [`${path}.${field}: null`];
  if (value === undefined) return [`${path}.${field}: present but undefined (a JSON body would drop it)`];
  if (typeof value !== 'string') return [`${path}.${field}: expected a string, got ${JSON.stringify(value)}`];
  switch (field) {
    case 'id':
    case 'application_id':
      return UUID.test(value) ? [] : [`${path}.${field}: ${JSON.stringify(value)} is not a lower-case uuid`];
    case 'git_commit_id':
    case 'values_override_git_commit_id':
      return SHA.test(value) ? [] : [`${path}.${field}: ${JSON.stringify(value)} is not a 40-hex commit id`];
    case 'image_tag':
    case 'chart_version':
      return value !== '' && !/\s/.test(value) ? [] : [`${path}.${field}: ${JSON.stringify(value)} is empty or holds whitespace`];
    case 'action':
      return TERRAFORM_ACTIONS.includes(value) ? [] : [`${path}.${field}: ${JSON.stringify(value)} is not a terraform action`];
    default:
      return [];
  }
}

/** Every problem found in a `POST /environment/{id}/service/deploy` body (empty: the body is fine). */
export function checkDeployAllRequest(body: unknown): string[] {
  if (!isPlainObject(body)) return [`body: expected a plain object, got ${JSON.stringify(body)}`];
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const seen = (id: unknown, where: string) => {
    if (typeof id !== 'string') return;
    const first = ids.get(id);
    if (first !== undefined) problems.push(`${where}: service ${id} is already listed at ${first}`);
    else ids.set(id, where);
  };
  const keys = Object.keys(body);
  if (keys.length === 0) problems.push('body: no service to deploy');
  for (const key of keys) {
    const list = body[key];
    if (!TOP_LEVEL.includes(key)) {
      problems.push(`body.${key}: not a DeployAllRequest field`);
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push(`body.${key}: expected an array, got ${JSON.stringify(list)}`);
      continue;
    }
    if (list.length === 0) problems.push(`body.${key}: empty array (leave the field out instead)`);
    if (key === 'databases') {
      list.forEach((id, i) => {
        if (typeof id !== 'string' || !UUID.test(id)) problems.push(`body.databases[${i}]: ${JSON.stringify(id)} is not a lower-case uuid`);
        seen(id, `body.databases[${i}]`);
      });
      continue;
    }
    const rule = ITEMS[key as ListKey];
    list.forEach((item, i) => {
      const path = `body.${key}[${i}]`;
      if (!isPlainObject(item)) {
        problems.push(`${path}: expected an object, got ${JSON.stringify(item)}`);
        return;
      }
      for (const [field, value] of Object.entries(item)) {
        if (!rule.allowed.includes(field)) problems.push(`${path}.${field}: not a field of ${key} items`);
        else problems.push(...fieldProblems(path, field, value, rule.nullable.includes(field)));
      }
      for (const field of rule.required) if (!(field in item) || item[field] === null) problems.push(`${path}.${field}: missing`);
      if (rule.oneOf) {
        const present = rule.oneOf.filter((f) => item[f] !== undefined);
        if (present.length !== 1) problems.push(`${path}: needs exactly one of ${rule.oneOf.join(', ')}, has ${present.length}`);
      }
      seen(item[rule.idField], path);
    });
  }
  try {
    // What goes on the wire: JSON must carry the body unchanged (no undefined, NaN, Infinity, cycles).
    const wire = JSON.stringify(body);
    if (wire !== JSON.stringify(JSON.parse(wire))) problems.push('body: does not survive a JSON round trip');
  } catch (error) {
    problems.push(`body: cannot be serialised: ${(error as Error).message}`);
  }
  return problems;
}

/** Every problem found in a `POST /terraform/{id}/deploy` body (the service id is in the path). */
export function checkTerraformDeployRequest(body: unknown, options: { actionRequired?: boolean } = {}): string[] {
  if (!isPlainObject(body)) return [`body: expected a plain object, got ${JSON.stringify(body)}`];
  const problems: string[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (!ITEMS.terraforms.allowed.includes(field)) problems.push(`body.${field}: not a TerraformDeployRequest field`);
    else problems.push(...fieldProblems('body', field, value, ITEMS.terraforms.nullable.includes(field)));
  }
  if (typeof body.git_commit_id !== 'string') problems.push('body.git_commit_id: missing');
  if (options.actionRequired && typeof body.action !== 'string') problems.push('body.action: missing');
  return problems;
}
