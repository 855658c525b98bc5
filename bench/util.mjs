// Shared helpers for the benchmarks: whole-process timing and medians. Benchmarks print figures;
// they never fail a test run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = `${ROOT}bin/qovery-deploy.js`;

/** Wall time of one process run, in milliseconds. */
export function timeProcess(args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore', ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (options.expectStatus !== undefined && result.status !== options.expectStatus) {
    throw new Error(`${args.join(' ')} exited ${result.status}, expected ${options.expectStatus}`);
  }
  return ms;
}

/** The median of `runs` measurements (after one warm-up). */
export function median(runs, measure) {
  measure();
  const samples = Array.from({ length: runs }, () => measure()).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
