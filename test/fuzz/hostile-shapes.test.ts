/**
 * Fuzzing of `load` and `validate` with hostile shapes (issue 7, property 6): alias bombs,
 * self-referencing aliases and deep nesting are refused cleanly. In-process properties only see
 * inputs the depth pre-scan refuses before parsing, or inputs shallow enough for the YAML parser: a
 * second parse of ~1,000 nesting levels can abort V8 (exit 134, reliability.md §2.3), which would
 * take the whole test file down. Deeper and craftier nesting runs in child processes, where an
 * abort is a failed assertion, and through the real bin (the built project, vitest.config.ts). The
 * harness, seeds and replay: harness.ts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { hasStackTrace, ROOT, spawnCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { aliasBomb, deepCompact, deepFlow, deepFlowBehindQuote, deepIndent, renderDeep, selfAlias, type DeepShape } from './arbitraries.js';
import { fuzzer, LONG, runs, seedFor, SEEDS } from './harness.js';
import { describeDeep, diagnosticProblems, errorCodes, lineStarts } from './oracles.js';

const f = fuzzer('hostile-shapes', [
  'alias bombs',
  'self-referencing aliases',
  'deep nesting in-process',
  'deep flow nesting in a child process',
  'one-line block nesting in a child process',
  'real CLI deep files',
]);

// ─── Property 6: deep nesting in child processes ─────────────────────────────────────────────────

/** Loads and validates every file given, twice over, in one process; prints each step as a JSON line. */
const CHILD_SOURCE = `
import { writeSync } from 'node:fs';
import { loadManifest } from './src/load/load-manifest.js';
import { validateManifest } from './src/validate/validate-manifest.js';
const files = process.argv.slice(2);
let invalid = false;
for (let pass = 1; pass <= 2; pass++) {
  for (let i = 0; i < files.length; i++) {
    writeSync(1, JSON.stringify({ start: i, pass }) + '\\n');
    const checked = validateManifest(await loadManifest(files[i]));
    if (checked.diagnostics.some((d) => d.severity === 'error')) invalid = true;
    writeSync(1, JSON.stringify({ done: i, pass, diagnostics: checked.diagnostics }) + '\\n');
  }
}
process.exitCode = invalid ? 1 : 0;
`;

const work = tempDir('qd-fuzz-');
let childBundle = '';

beforeAll(async () => {
  childBundle = join(work.dir, 'child.mjs');
  await build({
    stdin: { contents: CHILD_SOURCE, resolveDir: ROOT, sourcefile: 'fuzz-child.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: childBundle,
    banner: { js: "import { createRequire as __qdRequire } from 'node:module'; const require = __qdRequire(import.meta.url);" },
    logLevel: 'silent',
  });
}, LONG);

let batchNumber = 0;

/**
 * Runs a batch of deep shapes through one child process (each file loaded and validated twice) and
 * returns what went wrong: an abort (exit 134 / SIGABRT), another exit code than 1, or an input
 * that was not refused as too deep.
 */
function childProblems(shapes: DeepShape[]): string[] {
  const batch = batchNumber++;
  const files = shapes.map((shape, i) => work.write(`deep-${batch}-${i}.yaml`, renderDeep(shape).text));
  const result = spawnSync(process.execPath, [childBundle, ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  const events = result.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { start?: number; done?: number; pass: number; diagnostics?: Diagnostic[] });
  const problems: string[] = [];
  if (result.signal !== null || result.status !== 1) {
    const last = events.at(-1);
    const culprit = last?.start !== undefined ? shapes[last.start] : undefined;
    problems.push(
      `child process ended with ${result.signal ?? `exit code ${String(result.status)}`} (wanted exit code 1)` +
        (culprit ? ` while validating input #${last!.start} on pass ${last!.pass}: ${describeDeep(culprit)}` : '') +
        `\n${result.stderr.split('\n').filter((l) => /FATAL|Error|error/.test(l)).slice(0, 3).join('\n')}`,
    );
  }
  for (const e of events) {
    if (e.done === undefined) continue;
    const shape = shapes[e.done]!;
    const codes = (e.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => d.code);
    if (!codes.includes('YAML_TOO_DEEP')) problems.push(`pass ${e.pass}, ${describeDeep(shape)}: not refused as too deep, got ${JSON.stringify(codes)}`);
    const source = renderDeep(shape).text;
    for (const d of e.diagnostics ?? []) problems.push(...diagnosticProblems(d, source, files[e.done]!, lineStarts(source)).map((p) => `${describeDeep(shape)}: ${p}`));
  }
  return problems;
}

const batchOf = (arb: fc.Arbitrary<DeepShape>) => fc.array(arb, { minLength: 1, maxLength: 12 });

describe('deep nesting in child processes: exit 1, never an abort (property 6)', () => {
  it('deep flow nesting, including behind stray quotes and directives', async () => {
    await f.fuzz(
      'deep flow nesting in a child process',
      fc.property(batchOf(fc.oneof(deepFlow, deepFlowBehindQuote)), (shapes) => {
        const problems = childProblems(shapes);
        if (problems.length > 0) throw new Error(problems.slice(0, 12).join('\n'));
      }),
      {
        numRuns: runs(8),
        endOnFailure: true,
        // Regression (found by this fuzzer): the depth pre-scan trusts the quote in `%FOO '`, so it
        // never counts the brackets after it; the second parse of the 1,000 `[` aborts V8 (exit 134).
        examples: [[[{ form: 'flow', prefix: "%FOO '\n---\n", unit: '[', depth: 1000, closed: true, suffix: '\n' }]]],
      },
      ([shapes]) => shapes.length,
    );
  }, LONG);

  it('block nesting written on one line (- - - …, ? ? ? …)', async () => {
    await f.fuzz(
      'one-line block nesting in a child process',
      fc.property(batchOf(deepCompact), (shapes) => {
        const problems = childProblems(shapes);
        if (problems.length > 0) throw new Error(problems.slice(0, 12).join('\n'));
      }),
      {
        numRuns: runs(4),
        endOnFailure: true,
        // Regression (found by this fuzzer): `- ` × 1,000 on one line (2 KB) has no brackets and no
        // indentation, so the pre-scan lets it through; the second parse aborts V8 (exit 134).
        examples: [[[{ form: 'compact', prefix: '', unit: '- ', depth: 1000, suffix: 'a\n' }]]],
      },
      ([shapes]) => shapes.length,
    );
  }, LONG);

  it('the real CLI validates generated deep files twice in one run and exits 1', async () => {
    const shapes = fc.sample(fc.oneof(deepFlow, deepIndent), { seed: seedFor(SEEDS['real CLI deep files']), numRuns: 20 });
    const files = shapes.map((shape, i) => {
      work.write(`cli-deep-${i}.yaml`, renderDeep(shape).text);
      return `cli-deep-${i}.yaml`;
    });
    const result = await spawnCli(['validate', '--no-git', '--format', 'json', ...files, ...files], { cwd: work.dir });
    expect(result.code, result.stderr.slice(0, 500)).toBe(1);
    const out = JSON.parse(result.stdout) as { valid: boolean; files: { valid: boolean }[]; diagnostics: { code: string }[] };
    expect(out.valid).toBe(false);
    expect(out.files).toHaveLength(files.length * 2);
    expect(new Set(out.diagnostics.map((d) => d.code))).toEqual(new Set(['YAML_TOO_DEEP']));
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
    f.count('real CLI deep files', files.length * 2);
  }, LONG);
});

// ─── Property 6: hostile shapes, in-process ──────────────────────────────────────────────────────

describe('hostile shapes are refused cleanly (property 6)', () => {
  it('alias bombs of any width and depth give YAML_ALIAS_LIMIT', async () => {
    await f.fuzz(
      'alias bombs',
      fc.property(aliasBomb, (bomb) => {
        expect(errorCodes(bomb.text).codes, `width ${bomb.width}, depth ${bomb.depth}\n${bomb.text}`).toEqual(['YAML_ALIAS_LIMIT']);
      }),
      { numRuns: runs(100) },
    );
  }, LONG);

  it('self-referencing aliases give YAML_ALIAS_CYCLE', async () => {
    await f.fuzz(
      'self-referencing aliases',
      fc.property(selfAlias, (text) => {
        expect(errorCodes(text).codes, text).toEqual(['YAML_ALIAS_CYCLE']);
      }),
      { numRuns: runs(250) },
    );
  }, LONG);

  it('deep flow nesting and deep indentation give YAML_TOO_DEEP on the line where it happens', async () => {
    await f.fuzz(
      'deep nesting in-process',
      fc.property(fc.oneof(deepFlow, deepIndent), (shape) => {
        const { text, line } = renderDeep(shape);
        // Twice: a second parse of deep nesting is what aborts V8 when the pre-scan misses it.
        for (let pass = 0; pass < 2; pass++) {
          expect(errorCodes(text), describeDeep(shape)).toEqual({ codes: ['YAML_TOO_DEEP'], lines: [line] });
        }
      }),
      // No shrinking: should the pre-scan ever miss one of these, each shrink step would parse deep
      // nesting again in this process, and a second such parse can abort V8 (the worker with it).
      { numRuns: runs(300), endOnFailure: true },
      () => 2,
    );
  }, LONG);
});

f.budget();
