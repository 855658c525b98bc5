/**
 * The fuzz oracles (properties 1–3 of issue 7's fuzzing): what must hold for any input `load` and
 * `validate` see, whatever it is, and for what they accept.
 */
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { catalogue } from '../../src/diagnostics/codes.js';
import { classifyRepository } from '../../src/git/classify-repository.js';
import { parseManifest } from '../../src/load/parse.js';
import type { Manifest, ServiceSpec } from '../../src/types.js';
import { validateManifest } from '../../src/validate/validate-manifest.js';
import { CANARY, type DeepShape } from './arbitraries.js';

/** The name every in-process input is parsed under. */
export const FILE = 'fuzz.yaml';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SHA = /^[0-9a-f]{40}$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const CHART_VERSION = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/;
const VERSION_FIELDS = ['image_tag', 'chart_version', 'commit', 'values_override_commit'] as const;
/** File-level problems found before any text exists have no position by design (src/load/read-file.ts). */
const NO_POSITION = new Set(['FILE_NOT_FOUND', 'FILE_IS_DIRECTORY', 'FILE_NOT_REGULAR', 'FILE_UNREADABLE']);
export const KNOWN_CODES = new Set(Object.keys(catalogue));

const repositoryProblem = (value: string) => {
  const kind = classifyRepository(value);
  return kind.type === 'invalid' ? kind.reason : undefined;
};

/** The built-in prototypes no input may pollute (checklist item 15). */
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
/** Their own property names, in order, when this module loaded. */
const PROTOTYPE_NAMES = PROTOTYPES.map((p) => Object.getOwnPropertyNames(p));

/**
 * Whether a built-in prototype gained, lost or reordered an own property since this module loaded.
 * Checked after every input, so the lists are compared as they are: sorting and joining them each
 * time cost about 5 % of the fuzzing.
 */
export function prototypesChanged(): boolean {
  return PROTOTYPES.some((p, i) => {
    const names = Object.getOwnPropertyNames(p);
    const before = PROTOTYPE_NAMES[i]!;
    return names.length !== before.length || names.some((name, j) => name !== before[j]);
  });
}

/** Offsets at which each line starts (lines end at `\n`, like yaml's LineCounter). */
export function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionOf(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/**
 * What is wrong with one diagnostic: an unknown code, no position, or a position outside the
 * document. With `exact`, also a line:col that is not where its own character offset is.
 */
export function diagnosticProblems(d: Diagnostic, source: string, file: string, starts: number[], exact = false): string[] {
  const problems: string[] = [];
  const label = `${d.code} "${d.summary}"`;
  if (!KNOWN_CODES.has(d.code)) problems.push(`${label}: code not in the catalogue`);
  if (d.severity !== 'error' && d.severity !== 'warning') problems.push(`${label}: severity ${String(d.severity)}`);
  if (typeof d.summary !== 'string' || d.summary.trim() === '') problems.push(`${label}: empty summary`);
  if (d.code === 'INTERNAL') problems.push(`${label}: an internal error reached the user`);
  if (`${d.summary}${d.detail ?? ''}${d.hint ?? ''}`.includes(CANARY)) problems.push(`${label}: shows a secret's value`);
  if (!d.range) {
    if (!NO_POSITION.has(d.code)) problems.push(`${label}: no position`);
    return problems;
  }
  const { start, end, filename } = d.range;
  const lines = starts.length;
  if (filename !== file) problems.push(`${label}: filename ${JSON.stringify(filename)}`);
  for (const [name, p] of [['start', start], ['end', end]] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.column) || p.line < 1 || p.column < 1) {
      problems.push(`${label}: ${name} ${p.line}:${p.column} is not 1-based`);
      continue;
    }
    if (p.line > lines + 1) problems.push(`${label}: ${name} line ${p.line} past the ${lines} lines of the document`);
    if (p.byte === undefined) continue;
    // yaml reports some errors with an end one character past the end of the text (an unclosed
    // quote at the very end): tolerated for `end`, where it only widens the underline.
    const limit = name === 'end' ? source.length + 1 : source.length;
    if (!Number.isInteger(p.byte) || p.byte < 0 || p.byte > limit) {
      problems.push(`${label}: ${name} offset ${p.byte} outside the document (${source.length} characters)`);
    } else if (exact && p.byte <= source.length) {
      const at = positionOf(starts, p.byte);
      if (at.line !== p.line || at.column !== p.column) {
        problems.push(`${label}: ${name} says ${p.line}:${p.column}, but its offset ${p.byte} is at ${at.line}:${at.column}`);
      }
    }
  }
  if (end.line < start.line || (end.line === start.line && end.column < start.column)) {
    problems.push(`${label}: ends (${end.line}:${end.column}) before it starts (${start.line}:${start.column})`);
  }
  return problems;
}

export interface Outcome {
  manifest?: Manifest;
  diagnostics: Diagnostic[];
  problems: string[];
}

/** Properties 1–3 for one input: never throws, known codes with positions, value ⇔ no errors, accepted values intact. */
export function checkInput(source: string, env: Readonly<Record<string, string>> = {}): Outcome {
  let checked: ReturnType<typeof validateManifest>;
  try {
    const loaded = parseManifest(source, FILE);
    checked = validateManifest(loaded, { env, repositoryProblem });
  } catch (error) {
    return { diagnostics: [], problems: [`threw: ${(error as Error)?.stack ?? String(error)}`] };
  }
  const starts = lineStarts(source);
  const problems = checked.diagnostics.flatMap((d) => diagnosticProblems(d, source, FILE, starts));
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if ((checked.value !== undefined) !== (errors.length === 0)) {
    problems.push(`value ${checked.value ? 'present' : 'absent'} with ${errors.length} errors`);
  }
  if (checked.value) problems.push(...acceptedProblems(source, checked.value));
  if (prototypesChanged()) problems.push('a built-in prototype changed');
  return { ...(checked.value ? { manifest: checked.value } : {}), diagnostics: checked.diagnostics, problems };
}

const fieldsOf = (s: ServiceSpec) => s as unknown as Record<string, unknown>;

/** Property 3: what an accepted manifest may hold, checked against the source and the schema's own patterns. */
function acceptedProblems(source: string, m: Manifest): string[] {
  const problems: string[] = [];
  const env = m.environment;
  if (env.id !== undefined && !UUID.test(env.id)) problems.push(`environment id ${JSON.stringify(env.id)} is not a lower-case uuid`);
  if (env.id === undefined && (env.organization === undefined || env.project === undefined || env.name === undefined)) {
    problems.push('environment has neither an id nor all three names');
  }
  for (const s of m.services) {
    const f = fieldsOf(s);
    const where = `${s.pointer} (${s.kind})`;
    if (s.id === undefined && s.name === undefined) problems.push(`${where}: neither id nor name`);
    if (s.id !== undefined && !UUID.test(s.id)) problems.push(`${where}: id ${JSON.stringify(s.id)} is not a lower-case uuid`);
    for (const [k, v] of Object.entries(f)) {
      if (k === 'kind' || k === 'pointer') continue;
      if (typeof v !== 'string') problems.push(`${where}.${k}: ${JSON.stringify(v)} is not a string`);
      else if (/[\u0000-\u001f\u007f]/.test(v)) problems.push(`${where}.${k}: ${JSON.stringify(v)} holds a control character`);
      else if (v.includes(CANARY)) problems.push(`${where}.${k}: holds a secret's value`);
    }
    for (const k of ['commit', 'values_override_commit']) {
      const v = f[k];
      if (typeof v !== 'string') continue;
      // What git forbids in a ref (ASCII controls and space, `..`, `@{`, `:?*[\`) and what reads as an option.
      if (v === '' || v.startsWith('-') || /[\u0000-\u0020\u007f]|\.\.|@\{|[:?*[\\]/.test(v)) problems.push(`${where}.${k}: accepted ${JSON.stringify(v)}`);
    }
    for (const k of ['repository', 'values_override_repository']) {
      const v = f[k];
      if (typeof v === 'string' && (v === '' || v.startsWith('-') || /[\u0000-\u0020\u007f]/.test(v))) problems.push(`${where}.${k}: accepted ${JSON.stringify(v)}`);
    }
    if (typeof f.image_tag === 'string' && !IMAGE_TAG.test(f.image_tag)) problems.push(`${where}.image_tag: accepted ${JSON.stringify(f.image_tag)}`);
    if (typeof f.chart_version === 'string' && !CHART_VERSION.test(f.chart_version)) {
      problems.push(`${where}.chart_version: accepted ${JSON.stringify(f.chart_version)}`);
    }
    if (f.action !== undefined && !['PLAN', 'FORCE_UNLOCK', 'MIGRATE_STATE'].includes(String(f.action))) problems.push(`${where}.action: ${String(f.action)}`);
    // Version fields written as plain scalars keep their exact text: `1.10` is never 1.1.
    for (const k of VERSION_FIELDS) {
      const v = f[k];
      const range = m.positions[`${s.pointer}/${k}`]?.value;
      if (typeof v !== 'string' || range?.start.byte === undefined || range.end.byte === undefined) continue;
      const written = source.slice(range.start.byte, range.end.byte);
      if (/^[^"'|>*!&]/.test(written) && !written.includes('$') && v !== written) {
        problems.push(`${where}.${k}: written ${JSON.stringify(written)}, read ${JSON.stringify(v)}`);
      }
    }
  }
  return problems;
}


/** Fails with every problem found and the input (cut to 2,000 characters). */
export function assertClean(source: string, problems: string[]): void {
  if (problems.length > 0) {
    const shown = source.length > 2000 ? `${source.slice(0, 2000)}… (${source.length} chars)` : source;
    throw new Error(`${problems.join('\n')}\n--- input ---\n${shown}`);
  }
}

/** The codes of an input's error diagnostics, after checking properties 1 and 2 on it. */
export function errorCodes(source: string): { codes: string[]; lines: number[] } {
  const outcome = checkInput(source);
  assertClean(source, outcome.problems);
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  return { codes: errors.map((d) => d.code), lines: errors.map((d) => d.range?.start.line ?? 0) };
}

/** A deep shape in one line, for a failure's message. */
export const describeDeep = (s: DeepShape) => `${s.form} ${JSON.stringify(s.prefix)} ${JSON.stringify(s.unit)}×${s.depth}`;
