/**
 * Fuzzing of `load` and `validate` (issue 7 "Fuzzing", checklist item 23): the harness both fuzz
 * files share. load-validate.test.ts runs in-process, from the sources; hostile-shapes.test.ts
 * runs child processes and the built CLI, so it waits for the build (vitest.config.ts).
 *
 * Every property runs with a fixed seed, so a run is reproducible; set FUZZ_SEED to another integer
 * (or to `random`) to explore, and FUZZ_SCALE to multiply the number of runs. A failure prints the
 * seed, the counterexample and the command that replays it:
 *
 *   FUZZ_SEED=<seed> FUZZ_PATH="<path>" npx vitest run test/fuzz -t '<test title>'
 *
 * Bugs this fuzzer found stay in the properties as `examples:` (marked "Regression"), so the
 * property stays red until the bug is fixed.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

export const SCALE = process.env.FUZZ_SCALE ? Number(process.env.FUZZ_SCALE) : 1;
const RANDOM_SEED = (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;

/** Each property's default seed (FUZZ_SEED replaces all of them). */
export const SEEDS = {
  'random bytes and strings': 0x0f00_0001,
  'YAML-shaped documents': 0x0f00_0002,
  'mutated manifests': 0x0f00_0003,
  'generated valid manifests': 0x0f00_0004,
  'ids and SHAs compile': 0x0f00_0005,
  'alias bombs': 0x0f00_0006,
  'self-referencing aliases': 0x0f00_0007,
  'deep nesting in-process': 0x0f00_0008,
  'deep flow nesting in a child process': 0x0f00_0009,
  'one-line block nesting in a child process': 0x0f00_000a,
  'real CLI deep files': 0x0f00_000b,
  'CLI validate': 0x0f00_000c,
  'positions agree with offsets': 0x0f00_000d,
} as const;
export type PropertyName = keyof typeof SEEDS;

/** The seed a property runs with: its own, or FUZZ_SEED's. */
export function seedFor(defaultSeed: number): number {
  const value = process.env.FUZZ_SEED;
  if (value === undefined || value === '') return defaultSeed;
  if (value === 'random') return RANDOM_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${JSON.stringify(value)}`);
  return seed | 0;
}

/** A property's number of runs, scaled by FUZZ_SCALE. */
export const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** Per-test timeout: generous for a loaded 2-core machine, scaled with FUZZ_SCALE (tests assert outcomes, never time). */
export const LONG = 120_000 * Math.max(1, SCALE);

/** The whole fuzzing budget of a run: at least this many inputs checked, over both files. */
export const BUDGET = 10_000;
/** What each fuzz file checks at the least; together at least BUDGET (load-validate.test.ts asserts it). */
export const SHARES = { 'load-validate': 10_000, 'hostile-shapes': 1_000 } as const;

/** One file's fuzzing: its properties, what they checked, and its share of the budget. */
export interface Fuzzer {
  /** Registers the test of this file's share of the budget: call it last in the file, after the properties. */
  budget(): void;
  /** Records that a property checked `inputs` inputs without fast-check (a plain loop over samples). */
  count(name: PropertyName, inputs: number): void;
  /**
   * Runs a property with its seed (FUZZ_SEED overrides it) and fails with fast-check's report plus
   * the command that replays the counterexample. `inputsPerRun` counts a batch as its inputs.
   */
  fuzz<Ts>(name: PropertyName, property: fc.IRawProperty<Ts>, params: fc.Parameters<Ts>, inputsPerRun?: (args: Ts) => number): Promise<void>;
}

/**
 * The harness of one fuzz file, whose properties are `names`: logs their seeds before the file runs
 * and, with `budget()`, checks after them that they checked the file's share of inputs (when they
 * all ran and passed).
 */
export function fuzzer(file: keyof typeof SHARES, names: readonly PropertyName[]): Fuzzer {
  /** Inputs checked by each property in this run (a batch property counts every input of a batch). */
  const counted = new Map<string, number>();
  /** Properties that failed in this run (they stop early, so the budget cannot be judged). */
  const failedProperties = new Set<string>();

  beforeAll(() => {
    const seeds = names.map((name) => `${name}=${seedFor(SEEDS[name])}`);
    console.log(`[fuzz] FUZZ_SEED=${process.env.FUZZ_SEED ?? '(unset: fixed defaults)'} FUZZ_SCALE=${SCALE}; seeds: ${seeds.join(', ')}`);
  });

  /** Registers the budget's test; call it last, so that it runs after the file's properties. */
  function budget(): void {
    describe('the fuzzing budget', () => {
      it(`checked at least ${SHARES[file].toLocaleString('en')} inputs in this run (this file's share of ${BUDGET.toLocaleString('en')})`, (ctx) => {
        const total = [...counted.values()].reduce((a, b) => a + b, 0);
        console.log(`[fuzz] inputs: ${[...counted].map(([k, v]) => `${k}=${v}`).join(', ')}; total ${total}`);
        // Only meaningful when the whole file ran (not with -t or FUZZ_PATH), and when no property
        // stopped early on a failure (that failure is already reported).
        if (process.env.FUZZ_PATH || counted.size < names.length || failedProperties.size > 0) {
          ctx.skip(`not judged: ${failedProperties.size > 0 ? `failed: ${[...failedProperties].join(', ')}` : 'partial run'}`);
        }
        expect(total).toBeGreaterThanOrEqual(SHARES[file] * Math.min(1, SCALE));
      });
    });
  }

  async function fuzz<Ts>(name: PropertyName, property: fc.IRawProperty<Ts>, params: fc.Parameters<Ts>, inputsPerRun: (args: Ts) => number = () => 1): Promise<void> {
    const seed = seedFor(SEEDS[name]);
    const path = process.env.FUZZ_PATH || undefined;
    let inputs = 0;
    // Count every input the property sees (runs and shrink steps), whatever fast-check decides.
    const originalRun = property.run.bind(property);
    property.run = ((value: Ts, ...rest: unknown[]) => {
      inputs += inputsPerRun(value);
      return (originalRun as (v: Ts, ...r: unknown[]) => ReturnType<typeof originalRun>)(value, ...rest);
    }) as typeof property.run;
    const details = await fc.check(property, { ...params, seed, ...(path ? { path } : {}) });
    counted.set(name, inputs);
    if (details.failed) {
      failedProperties.add(name);
      const title = (expect.getState().currentTestName ?? name).split(' > ').at(-1) ?? name;
      const pattern = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, '.');
      const report = fc.defaultReportMessage(details) ?? `property "${name}" failed`;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(
        `${report}\n\nWhat went wrong:\n${cause}\n\nReplay: FUZZ_SEED=${details.seed} FUZZ_PATH="${details.counterexamplePath ?? ''}" npx vitest run test/fuzz -t '${pattern}'\n` +
          '(FUZZ_PATH replays only this counterexample: pass it together with -t, so no other property reads it.)',
      );
    }
  }

  return { count: (name, inputs) => void counted.set(name, inputs), fuzz, budget };
}
