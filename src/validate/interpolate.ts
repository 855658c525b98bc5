import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic, Range } from '../diagnostics/types.js';
import { escapePointer } from '../load/positions.js';
import { secretsFromEnv } from '../secrets/tokens.js';
import type { NodePosition } from '../types.js';
import { credentialNameReason, credentialValueReason } from './credentials.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface InterpolationInput {
  data: unknown;
  positions: Record<string, NodePosition>;
  source: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Expands `${VAR}`, `${VAR:-default}`, `${VAR:?message}` and `$$` in string values, once: the result
 * is never scanned again, never parsed as YAML, and keys are left alone. Returns a new tree.
 */
export function interpolate(input: InterpolationInput): { data: unknown; diagnostics: Diagnostic[]; failed: Set<string> } {
  const diagnostics: Diagnostic[] = [];
  const failed = new Set<string>();
  // Most manifests hold no `${` or `$$` at all: nothing to expand, nothing to copy.
  if (!/\$[{$]/.test(input.source)) return { data: input.data, diagnostics, failed };
  const secrets = secretsFromEnv(input.env);
  const walk = (value: unknown, pointer: string): unknown => {
    if (typeof value === 'string' && /\$[{$]/.test(value)) {
      const before = diagnostics.length;
      const expanded = expand(value, pointer, input, secrets, diagnostics);
      if (diagnostics.length > before) failed.add(pointer);
      return expanded;
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${pointer}/${i}`));
    if (value !== null && typeof value === 'object') {
      const copy = Object.create(null) as Record<string, unknown>;
      for (const [key, child] of Object.entries(value)) {
        copy[key] = walk(child, `${pointer}/${escapePointer(key)}`);
      }
      return copy;
    }
    return value;
  };
  return { data: walk(input.data, ''), diagnostics, failed };
}

function expand(text: string, pointer: string, input: InterpolationInput, secrets: readonly string[], out: Diagnostic[]): string {
  let result = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      result += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      result += '$';
      i += 2;
      continue;
    }
    if (next !== '{') {
      result += '$';
      i++;
      continue;
    }
    const close = text.indexOf('}', i + 2);
    const at = (expr: string) => locate(input, pointer, expr);
    if (close === -1) {
      out.push(diagnostic('INVALID_INTERPOLATION', { problem: `unterminated ${text.slice(i, i + 20)}` }, at(text.slice(i))));
      return text;
    }
    const expr = text.slice(i, close + 1);
    const body = text.slice(i + 2, close);
    const match = /^([^:]*)(?::([-?])(.*))?$/s.exec(body);
    const name = match?.[1] ?? '';
    const operator = match?.[2];
    const argument = match?.[3] ?? '';
    if (!NAME.test(name)) {
      out.push(diagnostic('INVALID_INTERPOLATION', { problem: `${JSON.stringify(name)} is not a variable name` }, at(expr)));
    } else if (argument.includes('${')) {
      out.push(diagnostic('INVALID_INTERPOLATION', { problem: 'a default or message cannot contain ${…}' }, at(expr)));
    } else if (credential(name, input.env[name], secrets)) {
      out.push(diagnostic('SECRET_VARIABLE', { name, reason: credential(name, input.env[name], secrets)! }, at(expr)));
    } else {
      const value = input.env[name];
      if (operator === '-') {
        result += value === undefined || value === '' ? argument : value;
      } else if (operator === '?') {
        if (value === undefined || value === '') {
          out.push(diagnostic('REQUIRED_VARIABLE', { name, message: argument || 'is required' }, at(expr)));
        } else result += value;
      } else if (value === undefined) {
        out.push(diagnostic('UNSET_VARIABLE', { name }, at(expr)));
      } else {
        result += value;
      }
    }
    i = close + 1;
  }
  return result;
}

/** Why `${name}` may not be used: its name, or its value whatever the name (never quoted); undefined when it may. */
function credential(name: string, value: string | undefined, secrets: readonly string[]): string | undefined {
  return credentialNameReason(name) ?? (value ? credentialValueReason(value, secrets) : undefined);
}

/** The range of `expr` inside the scalar at `pointer`, or the scalar's own range when it cannot be found. */
function locate(input: InterpolationInput, pointer: string, expr: string): Range | undefined {
  const range = input.positions[pointer]?.value;
  if (!range) return undefined;
  const start = range.start.byte;
  const end = range.end.byte;
  if (start === undefined || end === undefined) return range;
  const raw = input.source.slice(start, end);
  const index = raw.indexOf(expr);
  if (index === -1 || raw.slice(0, index).includes('\n')) return range;
  return {
    filename: range.filename,
    start: { line: range.start.line, column: range.start.column + index, byte: start + index },
    end: { line: range.start.line, column: range.start.column + index + expr.length, byte: start + index + expr.length },
  };
}
