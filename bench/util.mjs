// Shared helpers for the benchmarks: whole-process timing, medians, and the Node binaries to time
// (the lanes). Benchmarks print figures; they never fail a test run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = `${ROOT}bin/qovery-deploy.js`;

/**
 * The environment of a CI runner's step, with nothing of this machine's: start-up figures are
 * measured in it, because variables such as NODE_EXTRA_CA_CERTS (which makes every Node start read
 * and parse a bundle of certificates) or NODE_OPTIONS would add the same cost to every run and
 * hide the ratio.
 */
export function cleanEnv() {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
}

/**
 * The Node binaries to measure: this one, then the one given with `--node PATH` (or in
 * QD_BENCH_NODE), so that two Node versions are timed in the same run, one table.
 */
export function lanes(argv = process.argv.slice(2), env = process.env) {
  const at = argv.indexOf('--node');
  const other = at >= 0 ? argv[at + 1] : env.QD_BENCH_NODE;
  const paths = [process.execPath, ...(other ? [other] : [])];
  return paths.map((path) => ({ node: path, version: spawnSync(path, ['--version'], { encoding: 'utf8', env: cleanEnv() }).stdout.trim() }));
}

/** Wall time of one process run, in milliseconds. */
export function timeProcess(args, options = {}) {
  const { node = process.execPath, expectStatus, ...spawnOptions } = options;
  const start = process.hrtime.bigint();
  const result = spawnSync(node, args, { stdio: 'ignore', ...spawnOptions });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (expectStatus !== undefined && result.status !== expectStatus) {
    throw new Error(`${args.join(' ')} exited ${result.status}, expected ${expectStatus}`);
  }
  return ms;
}

const middle = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The median of `runs` measurements (after one warm-up). */
export function median(runs, measure) {
  measure();
  return middle(Array.from({ length: runs }, () => measure()));
}

/**
 * Medians of several measurements taken in turns (a, b, c, a, b, c…) after one warm-up round, so
 * that a burst of load on a shared machine weighs on all of them alike, not on one.
 */
export function interleavedMedians(runs, measures) {
  for (const measure of measures) measure();
  const samples = measures.map(() => []);
  for (let run = 0; run < runs; run++) measures.forEach((measure, i) => samples[i].push(measure()));
  return samples.map(middle);
}
