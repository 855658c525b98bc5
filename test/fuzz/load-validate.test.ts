/**
 * Fuzzing of `load` and `validate` in-process (issue 7 "Fuzzing", checklist item 23; properties
 * 1–5): random bytes and text, YAML-shaped documents, mutated and generated manifests never make
 * them throw, give known diagnostics whose line:col match their own offsets, keep accepted values
 * intact and compile them to valid requests; `validate --format json` agrees with its exit code.
 * Hostile shapes (alias bombs, deep nesting, child processes): hostile-shapes.test.ts. The
 * harness, seeds and replay: harness.ts.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRequests } from '../../src/compile/compile-requests.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { bytesAsText, CANARY, mutatedManifest, MUTATION_ENV, randomBytes, randomText, validManifest, yamlDocument } from './arbitraries.js';
import { compileAccepted, compileProblems, resolveByHand } from './compile-oracle.js';
import { checkDeployAllRequest, checkTerraformDeployRequest } from './deploy-all-request.js';
import { BUDGET, fuzzer, LONG, runs, SHARES } from './harness.js';
import { assertClean, checkInput, diagnosticProblems, FILE, KNOWN_CODES, lineStarts, prototypesChanged } from './oracles.js';

const f = fuzzer('load-validate', [
  'random bytes and strings',
  'YAML-shaped documents',
  'mutated manifests',
  'generated valid manifests',
  'ids and SHAs compile',
  'positions agree with offsets',
  'CLI validate',
]);
const work = tempDir('qd-fuzz-');

// ─── In-process properties ───────────────────────────────────────────────────────────────────────

describe('fuzzing load and validate in-process (properties 1–4)', () => {
  afterAll(() => {
    expect(prototypesChanged()).toBe(false);
  });

  it('random bytes and strings never throw and give positioned, known diagnostics', async () => {
    await f.fuzz(
      'random bytes and strings',
      fc.property(fc.oneof(bytesAsText, randomText), (source) => {
        const outcome = checkInput(source);
        assertClean(source, [...outcome.problems, ...compileAccepted(outcome.manifest)]);
      }),
      { numRuns: runs(5000) },
    );
  }, LONG);

  it('YAML-shaped documents never throw and give positioned, known diagnostics', async () => {
    await f.fuzz(
      'YAML-shaped documents',
      fc.property(yamlDocument, (source) => {
        const outcome = checkInput(source);
        assertClean(source, [...outcome.problems, ...compileAccepted(outcome.manifest)]);
      }),
      {
        numRuns: runs(1800),
        // Regression (found by this fuzzer with FUZZ_SEED=1447170112): a `version` map written over
        // two lines has no one-line source text, and the fallback String(value) on a null-prototype
        // map throws "Cannot convert object to primitive value" out of validateManifest.
        examples: [['version: {\n}\n']],
      },
    );
  }, LONG);

  it('mutated manifests never throw, and what is accepted is intact and compiles to a valid body', async () => {
    let accepted = 0;
    await f.fuzz(
      'mutated manifests',
      fc.property(mutatedManifest, (source) => {
        const outcome = checkInput(source, MUTATION_ENV);
        if (outcome.manifest) accepted++;
        assertClean(source, [...outcome.problems, ...compileAccepted(outcome.manifest)]);
      }),
      { numRuns: runs(1500) },
    );
    // The mutations must leave some manifests valid, or properties 3 and 4 would test nothing here.
    expect(accepted).toBeGreaterThan(0);
  }, LONG);

  it('generated valid manifests are accepted with every value as written, over all six kinds', async () => {
    await f.fuzz(
      'generated valid manifests',
      fc.property(validManifest(), (g) => {
        const outcome = checkInput(g.text, g.env);
        const problems = [...outcome.problems];
        if (!outcome.manifest) problems.push(`rejected: ${outcome.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.code} ${d.summary}`).join('; ')}`);
        else {
          if (outcome.diagnostics.length > 0) problems.push(`diagnostics on a valid manifest: ${JSON.stringify(outcome.diagnostics)}`);
          try {
            expect(outcome.manifest.environment).toEqual(g.expected.environment);
            expect(outcome.manifest.services).toEqual(g.expected.services);
          } catch (error) {
            problems.push((error as Error).message);
          }
          problems.push(...compileAccepted(outcome.manifest));
        }
        assertClean(g.text, problems);
      }),
      { numRuns: runs(600) },
    );
  }, LONG);

  it('manifests with ids and full SHAs compile to a body that passes the DeployAllRequest checker', async () => {
    await f.fuzz(
      'ids and SHAs compile',
      fc.property(validManifest({ idsAndShas: true }), (g) => {
        const outcome = checkInput(g.text, g.env);
        const problems = [...outcome.problems];
        if (!outcome.manifest) {
          problems.push(`rejected: ${outcome.diagnostics.map((d) => `${d.code} ${d.summary}`).join('; ')}`);
        } else {
          expect(outcome.manifest.services).toEqual(g.expected.services);
          const { resolved, problems: resolveProblems } = resolveByHand(outcome.manifest, true);
          problems.push(...resolveProblems, ...compileProblems(resolved));
          // Identity resolution: the requests carry the manifest's own ids and SHAs, and nothing else.
          const wire = JSON.stringify(compileRequests(resolved));
          const ids = new Set(g.model.services.map((x) => x.id));
          const shas = new Set(g.model.services.flatMap((x) => [x.fields.commit, x.fields.values_override_commit]));
          for (const id of wire.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []) {
            if (!ids.has(id) && id !== resolved.environmentId) problems.push(`the requests name ${id}, which the manifest does not`);
          }
          for (const sha of wire.match(/"[0-9a-f]{40}"/g) ?? []) {
            if (!shas.has(sha.slice(1, -1))) problems.push(`the requests carry commit ${sha}, which the manifest does not`);
          }
        }
        assertClean(g.text, problems);
      }),
      { numRuns: runs(400) },
    );
  }, LONG);

  it('every diagnostic line:col is where its own character offset is', async () => {
    await f.fuzz(
      'positions agree with offsets',
      fc.property(fc.oneof(yamlDocument, mutatedManifest, randomText), (source) => {
        const outcome = checkInput(source, MUTATION_ENV);
        const starts = lineStarts(source);
        assertClean(source, outcome.diagnostics.flatMap((d) => diagnosticProblems(d, source, FILE, starts, true)));
      }),
      {
        numRuns: runs(1000),
        // Regression (found by this fuzzer): yaml's LineCounter misses the line break inside the
        // stray scalar ` c` (yaml reports it as "b\n c"), so every later diagnostic is one line
        // short: `d` at offset 9 is on line 4, reported at 3:1.
        examples: [['- a\nb\n c\nd\n']],
      },
    );
  }, LONG);

  it('the DeployAllRequest checker itself refuses what the spec or a deploy forbids', () => {
    const id = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
    const sha = '3c90c3cc0d444b5088888dd25736052a3c90c3cc';
    expect(checkDeployAllRequest({ applications: [{ application_id: id, git_commit_id: sha }], databases: [id.replace('3c', '4d')] })).toEqual([]);
    expect(checkDeployAllRequest({ terraforms: [{ id, git_commit_id: sha, action: null }] })).toEqual([]);
    const bad: [unknown, RegExp][] = [
      [{}, /no service/],
      [{ applications: [] }, /empty array/],
      [{ applications: [{ git_commit_id: sha }] }, /application_id: missing/],
      [{ applications: [{ application_id: id, git_commit_id: 'main' }] }, /40-hex/],
      [{ applications: [{ application_id: id.toUpperCase(), git_commit_id: sha }] }, /lower-case uuid/],
      [{ containers: [{ id, image_tag: 1.1 }] }, /expected a string/],
      [{ containers: [{ id, image_tag: null }] }, /null/],
      [{ containers: [{ id, image_tag: '1.10', commit: sha }] }, /not a field/],
      [{ jobs: [{ id, image_tag: 'x', git_commit_id: sha }] }, /exactly one/],
      [{ helms: [{ id }] }, /exactly one/],
      [{ services: [] }, /not a DeployAllRequest field/],
      [{ databases: [id, id] }, /already listed/],
      [{ terraforms: [{ id, git_commit_id: sha, action: 'APPLY' }] }, /terraform action/],
    ];
    for (const [body, message] of bad) expect(checkDeployAllRequest(body).join('\n'), JSON.stringify(body)).toMatch(message);
    expect(checkTerraformDeployRequest({ git_commit_id: sha, action: 'PLAN' }, { actionRequired: true })).toEqual([]);
    expect(checkTerraformDeployRequest({ git_commit_id: sha }, { actionRequired: true }).join()).toMatch(/action: missing/);
  });

  it('the shares of the fuzz files add up to the whole budget', () => {
    expect(Object.values(SHARES).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(BUDGET);
  });
});

// ─── Property 5: the CLI path ────────────────────────────────────────────────────────────────────

interface JsonReport {
  valid: boolean;
  error_count: number;
  diagnostics: { code: string; severity: string; range?: { filename: string; start: { line: number; column: number } } }[];
  files: { filename: string; valid: boolean; error_count: number }[];
}

const cliInput: fc.Arbitrary<{ content: string | Uint8Array; env: Record<string, string>; mustPass: boolean }> = fc.oneof(
  randomBytes.map((content) => ({ content, env: {}, mustPass: false })),
  fc.oneof(randomText, yamlDocument).map((content) => ({ content, env: {}, mustPass: false })),
  mutatedManifest.map((content) => ({ content, env: { ...MUTATION_ENV }, mustPass: false })),
  validManifest().map((g) => ({ content: g.text, env: g.env, mustPass: true })),
);

describe('the CLI path (property 5)', () => {
  it('validate --format json exits 0 or 1, prints JSON that agrees, and never a stack trace', async () => {
    let n = 0;
    await f.fuzz(
      'CLI validate',
      fc.asyncProperty(cliInput, async (input) => {
        const file = `cli-${n++ % 4}.yaml`;
        work.write(file, typeof input.content === 'string' ? input.content : Buffer.from(input.content));
        const result = await runCli(['validate', '--no-git', '--format', 'json', file], { cwd: work.dir, env: input.env });
        const shown = typeof input.content === 'string' ? input.content.slice(0, 1500) : `bytes ${Buffer.from(input.content).toString('hex').slice(0, 400)}`;
        const context = `--- input ---\n${shown}\n--- stderr ---\n${result.stderr.slice(0, 1000)}`;
        expect([0, 1], context).toContain(result.code);
        expect(hasStackTrace(result.stdout) || hasStackTrace(result.stderr), context).toBe(false);
        expect(result.stdout + result.stderr, context).not.toContain(CANARY);
        let out: JsonReport;
        try {
          out = JSON.parse(result.stdout) as JsonReport;
        } catch {
          throw new Error(`stdout is not JSON:\n${result.stdout.slice(0, 500)}\n${context}`);
        }
        expect(out.valid, context).toBe(result.code === 0);
        expect(out.files.map((f) => [f.filename, f.valid]), context).toEqual([[file, result.code === 0]]);
        expect(out.error_count, context).toBe(out.diagnostics.filter((d) => d.severity === 'error').length);
        for (const d of out.diagnostics) {
          expect(KNOWN_CODES.has(d.code) && d.code !== 'INTERNAL', `${d.code}\n${context}`).toBe(true);
          expect(d.range?.filename, context).toBe(file);
          expect(d.range!.start.line >= 1 && d.range!.start.column >= 1, context).toBe(true);
        }
        if (input.mustPass) expect(result.code, `${JSON.stringify(out.diagnostics)}\n${context}`).toBe(0);
      }),
      {
        numRuns: runs(250),
        // Regression (the same bug as in "YAML-shaped documents"): the CLI prints an INTERNAL error
        // on stderr and no JSON at all, so every other file's result is lost too.
        examples: [[{ content: 'version: {\n}\nenvironment:\n  id: 7a1b0c2d-0000-4000-8000-000000000001\n', env: {}, mustPass: false }]],
      },
    );
  }, LONG);
});

f.budget();
