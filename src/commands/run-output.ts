import { resolve } from 'node:path';
import pMap from 'p-map';
import type { Diagnostic } from '../diagnostics/types.js';
import { apiNameLookup } from '../qovery/names.js';
import type { Format, Reporter } from '../report/reporter.js';
import type { RunEnd } from '../report/run/formats.js';
import { anyOf, deadline } from '../timing/deadline.js';
import { cutShort, cutShortStatus } from '../workflows/apply-file.js';
import { prepareFile, type DeployContext } from '../workflows/plan-file.js';
import { inArgumentOrder, runProblems } from '../workflows/run-checks.js';
import { createClient, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, mostSevere } from './exit-codes.js';
import type { PlannedFile } from '../results.js';

export type RunFormat = Format;

/**
 * What `plan` and `apply` work with: the API client (or why it cannot be built), one name look-up
 * for every file, and the workspace.
 */
export function deployContext(ctx: CommandContext, options: ApiOptions & { workspace?: string }): DeployContext | { diagnostic: Diagnostic } {
  const client = createClient(ctx, options, (line) => ctx.stderr.write(`${line}\n`));
  if ('diagnostic' in client) return client;
  return {
    cwd: ctx.cwd,
    env: { ...ctx.env },
    client,
    ...(options.workspace ? { workspace: resolve(ctx.cwd, options.workspace) } : {}),
  };
}

/**
 * The first half of `plan` and `apply`: every file loaded, validated and resolved (git refs and
 * names, one name look-up shared by all), then the checks of the run as a whole. Nothing has been
 * read of the live state or sent yet. With `timeoutMs` (apply's --timeout) the name look-ups end
 * at that deadline or at an interrupt (`deploy.signal`), and the run is `stopped`: its files end
 * `timeout` or `interrupted`, as when the planning reads are cut short.
 */
export async function prepareRun(
  files: readonly string[],
  deploy: DeployContext,
  options: { only?: readonly string[]; parallel?: number; timeoutMs?: number },
): Promise<{ prepared: PlannedFile[]; problems: Diagnostic[]; stopped?: 'timeout' | 'interrupted' }> {
  const limit = options.timeoutMs === undefined ? anyOf(deploy.signal) : deadline(deploy.client.clock, options.timeoutMs, deploy.signal);
  try {
    const signal = limit.signal;
    const names = deploy.names ?? apiNameLookup(deploy.client, signal ? { signal } : {});
    const prepared = await pMap(files, (file) => prepareFile(file, { ...deploy, ...(signal ? { signal } : {}), names }), { concurrency: Math.max(1, options.parallel ?? 1) });
    if (signal?.aborted) return { prepared: prepared.map((p) => cutShort(p, deploy.signal)), problems: [], stopped: cutShortStatus(deploy.signal) };
    return { prepared, problems: runProblems(prepared, options.only) };
  } finally {
    limit.dispose();
  }
}

/**
 * Runs `work` on each item, at most `parallel` at a time, and hands each result to `report` in
 * argument order as soon as it and those before it are done: whole reports, never interleaved.
 */
export async function eachInOrder<T, R>(items: readonly T[], parallel: number, work: (item: T) => Promise<R>, report: (result: R) => void): Promise<R[]> {
  const results: R[] = [];
  const flush = inArgumentOrder(items.length, (i) => report(results[i]!));
  await pMap(
    items.map((item, index) => ({ item, index })),
    async ({ item, index }) => {
      results[index] = await work(item);
      flush(index);
    },
    { concurrency: Math.max(1, parallel) },
  );
  return results;
}

/** The exit code of a run: the most severe of its files', and 1 for a problem of the run itself. */
export function runExitCode(end: Pick<RunEnd, 'codes' | 'problems'>): number {
  return mostSevere([...end.codes, ...(end.problems.some((d) => d.severity === 'error') ? [EXIT.invalid] : [])]);
}

/**
 * Hands the end of a run to its reporter (the exit code added) and returns that code; with
 * `prComment`, first comments on the pull request (loaded only then: it talks to GitHub).
 */
export async function finishRun<F>(
  ctx: CommandContext,
  reporter: Reporter<RunEnd, F>,
  end: Omit<RunEnd, 'exitCode'>,
  options: { prComment?: boolean; format?: RunFormat } = {},
): Promise<number> {
  const exitCode = runExitCode(end);
  if (options.prComment) await (await import('./pr-comment.js')).commentOnPullRequest(ctx, { ...end, exitCode }, options.format ?? 'text');
  await reporter.end({ ...end, exitCode }, ctx);
  return exitCode;
}
