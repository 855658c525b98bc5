import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic, Range } from '../diagnostics/types.js';
import { fieldsOf, KIND_KEYS, SERVICE_KINDS, sourceChoice, type ServiceKind } from '../kinds.js';
import type { NodePosition } from '../types.js';
import { escapePointer, pointerSegments, rangeAt } from '../load/positions.js';
import { describeFound, describeNode, kindOfKey, valueAt } from './describe.js';
import type { SchemaError } from './generated/schema-validator.cjs';
import { suggestKey } from './suggest.js';

export interface SchemaErrorContext {
  /** The data checked (after `${VAR}` expansion). */
  data: unknown;
  /** The data as written (before expansion): what messages quote. */
  shown: unknown;
  positions: Record<string, NodePosition>;
  source: string;
  file: string;
  allowedKeys: Record<string, string[]>;
}

/** Which object definition a pointer lands on: the root, the environment, or a service of a kind. */
function definitionAt(pointer: string): { ref: string; kind?: ServiceKind } | undefined {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) return { ref: '#' };
  if (segments.length === 1 && segments[0] === 'environment') return { ref: '#/definitions/environment' };
  const kind = kindOfKey(segments[0] ?? '');
  if (kind && segments.length === 2) return { ref: `#/definitions/${kind}`, kind };
  return undefined;
}

/**
 * Turns ajv's errors into diagnostics a person can act on: one per problem, at the node it is
 * about (the offending key for unknown keys, the parent map for a missing key), with a hint.
 */
export function schemaDiagnostics(errors: readonly SchemaError[], ctx: SchemaErrorContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const typeFailed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));

  // `comit: HEAD` gives both "unknown key comit (did you mean commit?)" and "missing commit": keep the first.
  const misspelt = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const def = definitionAt(error.instancePath);
    const suggestion = suggestKey(String(error.params.additionalProperty), def ? (ctx.allowedKeys[def.ref] ?? []) : []);
    if (suggestion) misspelt.add(`${error.instancePath}|${suggestion}`);
  }

  for (const error of errors) {
    const path = error.instancePath;
    if (error.keyword === 'required' && misspelt.has(`${path}|${String(error.params.missingProperty)}`)) continue;
    // The anyOf error sums up its branches; a wrong type makes every other complaint about that node noise.
    if (error.keyword === 'required' && error.schemaPath.includes('anyOf')) continue;
    if (error.keyword !== 'type' && typeFailed.has(path)) continue;
    const key = `${path}|${error.keyword}|${JSON.stringify(error.params)}|${error.schemaPath.includes('identity')}`;
    const dedupeKey = error.keyword === 'type' ? `${path}|type` : key;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    const d = mapError(error, ctx);
    if (d) out.push(d);
  }
  return out;
}

function mapError(error: SchemaError, ctx: SchemaErrorContext): Diagnostic | undefined {
  const path = error.instancePath;
  const where = describeNode(ctx.shown, path);
  const value = valueAt(ctx.data, path);
  const written = valueAt(ctx.shown, path);
  const def = definitionAt(path);
  const at = (pointer: string, part: 'key' | 'value' = 'value') => rangeAt(ctx, pointer, part);

  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      const allowed = def ? (ctx.allowedKeys[def.ref] ?? []) : [];
      return diagnostic('UNKNOWN_KEY', unknownKeyArgs(name, where, allowed, def?.kind), at(`${path}/${escapePointer(name)}`, 'key'));
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const hint =
        missing === 'version'
          ? 'add `version: 1` at the top of the file'
          : missing === 'environment'
            ? 'add an `environment:` map with the environment `id` (or organization, project and name)'
            : def?.kind
              ? `say which version to deploy: \`${missing}: …\``
              : undefined;
      return diagnostic('MISSING_KEY', { key: missing, where, hint }, at(path));
    }
    case 'anyOf': {
      if (path === '/environment') {
        const env = (value ?? {}) as Record<string, unknown>;
        const missing = ['organization', 'project', 'name'].filter((k) => env[k] === undefined);
        return diagnostic('ENVIRONMENT_INCOMPLETE', { missing: env.id === undefined ? ['id', ...missing] : missing }, at(path));
      }
      if (error.schemaPath.includes('identity')) return diagnostic('SERVICE_WITHOUT_IDENTITY', { where }, at(path));
      const choice = def?.kind && sourceChoice(def.kind);
      if (choice) return diagnostic('SERVICE_WITHOUT_VERSION', { where, fields: choice }, at(path));
      return diagnostic('INVALID_VALUE', { where, problem: 'does not match any allowed form' }, at(path));
    }
    case 'not': {
      const choice = def?.kind && sourceChoice(def.kind);
      if (choice) {
        const [git, other] = choice;
        const later = laterKey(ctx, path, git, other);
        return diagnostic('CONFLICTING_SOURCES', { where, git, other }, at(`${path}/${later}`, 'key'));
      }
      return diagnostic('INVALID_VALUE', { where, problem: 'is not allowed here' }, at(path));
    }
    case 'dependencies': {
      const field = String(error.params.property);
      return diagnostic('FIELD_NEEDS_FIELD', { where, field, needs: String(error.params.missingProperty) }, at(`${path}/${field}`, 'key'));
    }
    case 'type':
      return diagnostic('WRONG_TYPE', typeArgs(String(error.params.type), value, where, ctx, path), at(path));
    case 'const':
      if (path === '/version') return diagnostic('UNSUPPORTED_VERSION', { found: rawText(ctx, path) ?? describeFound(written) }, at(path));
      return diagnostic('INVALID_VALUE', { where, problem: `must be ${JSON.stringify(error.params.allowedValue)}` }, at(path));
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const suggestion = typeof value === 'string' ? suggestKey(value, allowed) : undefined;
      return diagnostic(
        'INVALID_VALUE',
        {
          where,
          problem: `must be one of ${allowed.join(', ')}, found ${describeFound(written)}`,
          hint: suggestion ? `did you mean "${suggestion}"?` : undefined,
        },
        at(path),
      );
    }
    case 'pattern':
      return patternDiagnostic(path, where, written, at(path));
    case 'minLength':
      return diagnostic('INVALID_VALUE', { where, problem: 'must not be empty' }, at(path));
    case 'maxLength':
      return diagnostic('INVALID_VALUE', { where, problem: `is longer than ${String(error.params.limit)} characters` }, at(path));
    case 'maxItems':
      return diagnostic('TOO_MANY_ITEMS', { where, limit: Number(error.params.limit) }, at(path));
    default:
      return diagnostic('INVALID_VALUE', { where, problem: error.message ?? `fails the ${error.keyword} rule` }, at(path));
  }
}

function unknownKeyArgs(name: string, where: string, allowed: string[], kind: ServiceKind | undefined) {
  const suggestion = suggestKey(name, allowed);
  if (suggestion || !kind) return { key: name, where, suggestion, allowed };
  // `chart_version` on an application: say which kinds take it rather than listing every key.
  const kinds = SERVICE_KINDS.filter((k) => k !== kind && fieldsOf(k).includes(name));
  if (kinds.length > 0) {
    return { key: name, where, allowed: [], suggestion: undefined, hint: `\`${name}\` belongs to ${kinds.map((k) => KIND_KEYS[k]).join(' and ')}; ${KIND_KEYS[kind]} take ${allowed.join(', ')}` };
  }
  return { key: name, where, suggestion, allowed };
}

function typeArgs(expected: string, value: unknown, where: string, ctx: SchemaErrorContext, path: string) {
  const words: Record<string, string> = {
    string: 'text',
    object: 'a map of keys',
    array: 'a list',
    integer: 'a whole number',
    number: 'a number',
  };
  let hint: string | undefined;
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    hint = `quote it: "${rawText(ctx, path) ?? String(value)}"`;
  } else if (value === null || value === undefined) {
    hint = 'give it a value';
  } else if (expected === 'array' && typeof value === 'object') {
    hint = 'this is a list: start each entry with "- "';
  } else if (expected === 'object' && Array.isArray(value)) {
    hint = 'this is a map, not a list: remove the "- " in front of its keys';
  }
  return { where, expected: words[expected] ?? expected, found: describeFound(valueAt(ctx.shown, path)), hint };
}

function patternDiagnostic(path: string, where: string, value: unknown, range: Range | undefined): Diagnostic {
  const field = pointerSegments(path).at(-1);
  const text = String(value);
  if (field === 'id') return diagnostic('INVALID_UUID', { where, value: text }, range);
  if (field === 'image_tag') {
    return diagnostic(
      'INVALID_VALUE',
      { where, problem: `is not a valid image tag: ${JSON.stringify(text)}`, hint: 'a tag has up to 128 letters, digits, "_", "." and "-", and does not start with "." or "-"' },
      range,
    );
  }
  if (field === 'chart_version') {
    return diagnostic('INVALID_VALUE', { where, problem: `is not a valid chart version: ${JSON.stringify(text)}`, hint: 'use the chart version as published, e.g. 4.11.3' }, range);
  }
  return diagnostic('INVALID_VALUE', { where, problem: 'contains control characters' }, range);
}


/** The text the user typed for a scalar (so a hint can say `quote it: "1.10"`, not "1.1"). */
function rawText(ctx: SchemaErrorContext, pointer: string): string | undefined {
  const range = ctx.positions[pointer]?.value;
  if (range?.start.byte === undefined || range.end.byte === undefined) return undefined;
  const text = ctx.source.slice(range.start.byte, range.end.byte).trim();
  return text.length > 0 && text.length <= 80 && !text.includes('\n') ? text : undefined;
}

function laterKey(ctx: SchemaErrorContext, path: string, a: string, b: string): string {
  const pa = ctx.positions[`${path}/${a}`]?.key?.start.byte ?? 0;
  const pb = ctx.positions[`${path}/${b}`]?.key?.start.byte ?? 0;
  return pa > pb ? a : b;
}
