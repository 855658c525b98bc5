/**
 * A small checker of values against the subset of Qovery's OpenAPI spec kept in
 * fixtures/qovery-spec-subset.json: required fields, types, enums, nullability, uuid/date-time
 * formats, and properties the spec does not know.
 */
import { readFileSync } from 'node:fs';

interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  nullable?: boolean;
  format?: string;
  additionalProperties?: Schema | boolean;
}

const SPEC = JSON.parse(readFileSync(new URL('./fixtures/qovery-spec-subset.json', import.meta.url), 'utf8')) as {
  schemas: Record<string, Schema>;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const target = SPEC.schemas[schema.$ref];
  if (!target) throw new Error(`schema ${schema.$ref} is not in the spec subset`);
  return resolve(target);
}

/** Property names a schema knows, through allOf/oneOf/anyOf. */
function known(schema0: Schema, out = new Set<string>()): Set<string> {
  const schema = resolve(schema0);
  for (const key of Object.keys(schema.properties ?? {})) out.add(key);
  for (const sub of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) known(sub, out);
  return out;
}

function typeOk(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function check(schema0: Schema, value: unknown, path: string, errors: string[], top: boolean): void {
  const schema = resolve(schema0);
  if (value === null) {
    if (!schema.nullable) errors.push(`${path}: null but not nullable`);
    return;
  }
  if (schema.type && !typeOk(schema.type, value)) {
    errors.push(`${path}: expected ${schema.type}, got ${JSON.stringify(value)}`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (schema.format === 'uuid' && typeof value === 'string' && !UUID.test(value)) errors.push(`${path}: "${value}" is not a uuid`);
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    errors.push(`${path}: "${value}" is not a date-time`);
  }
  for (const sub of schema.allOf ?? []) check(sub, value, path, errors, false);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const fits = alternatives.some((sub) => {
      const subErrors: string[] = [];
      check(sub, value, path, subErrors, false);
      return subErrors.length === 0;
    });
    if (!fits) errors.push(`${path}: matches none of the oneOf alternatives`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => check(schema.items as Schema, item, `${path}[${i}]`, errors, true));
  if (typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) errors.push(`${path}: missing required "${key}"`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (key in record && record[key] !== undefined) check(sub, record[key], `${path}.${key}`, errors, true);
    }
    // Unknown fields are judged once per object, against everything its schema composes.
    if (top && schema.additionalProperties === undefined) {
      const names = known(schema);
      if (names.size > 0) for (const key of Object.keys(record)) if (!names.has(key)) errors.push(`${path}: unknown field "${key}"`);
    }
  }
}

/** Errors of `value` against the named schema of the spec (empty when it conforms). */
export function specErrors(schemaName: string, value: unknown): string[] {
  const errors: string[] = [];
  check({ $ref: schemaName }, value, schemaName, errors, true);
  return errors;
}

/** Required fields of a schema (own and allOf), as the spec lists them. */
export function requiredOf(schemaName: string): string[] {
  const out = new Set<string>();
  const walk = (s0: Schema): void => {
    const s = resolve(s0);
    for (const key of s.required ?? []) out.add(key);
    for (const sub of s.allOf ?? []) walk(sub);
  };
  walk({ $ref: schemaName });
  return [...out];
}
