import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pMap from 'p-map';
import type { Diagnostic } from '../diagnostics/types.js';
import { apiNameLookup } from '../qovery/names.js';
import { cappedAnnotations, workflowCommand } from '../report/github.js';
import { applyFailureMessage, runSummary } from '../report/github-run.js';
import { renderRunJson } from '../report/run-json.js';
import type { AppliedFile } from '../workflows/apply-file.js';
import { prepareFile, type DeployContext, type PlannedFile } from '../workflows/plan-file.js';
import { inArgumentOrder, runProblems } from '../workflows/run-checks.js';
import { createClient, printDiagnostics, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, mostSevere } from './exit-codes.js';
import { writeOutputs } from './failure.js';

export type RunFormat = 'text' | 'json' | 'github';

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
    names: apiNameLookup(client),
    ...(options.workspace ? { workspace: resolve(ctx.cwd, options.workspace) } : {}),
  };
}

/**
 * The first half of `plan` and `apply`: every file loaded, validated and resolved (git refs and
 * names, one name look-up shared by all), then the checks of the run as a whole. Nothing has been
 * read of the live state or sent yet.
 */
export async function prepareRun(
  files: readonly string[],
  deploy: DeployContext,
  options: { only?: readonly string[]; parallel?: number },
): Promise<{ prepared: PlannedFile[]; problems: Diagnostic[] }> {
  const prepared = await pMap(files, (file) => prepareFile(file, deploy), { concurrency: Math.max(1, options.parallel ?? 1) });
  return { prepared, problems: runProblems(prepared, options.only) };
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

/** What ends a plan or apply run, whatever its format. */
export interface RunEnd {
  command: 'plan' | 'apply';
  format: RunFormat;
  files: readonly (PlannedFile | AppliedFile)[];
  /** Exit code of each file, in order. */
  codes: readonly number[];
  /** Problems of the run as a whole (not of one file). */
  problems: readonly Diagnostic[];
  /** Where `plan --out` saved the plan. */
  planFile?: string;
}

/** The exit code of a run: the most severe of its files', and 1 for a problem of the run itself. */
export function runExitCode(end: Pick<RunEnd, 'codes' | 'problems'>): number {
  return mostSevere([...end.codes, ...(end.problems.some((d) => d.severity === 'error') ? [EXIT.invalid] : [])]);
}

/**
 * Writes the end of a run: in text the run's own problems (files were reported as they finished);
 * in JSON the one document; for GitHub the annotations, the job summary and the step outputs.
 */
export async function finishRun(ctx: CommandContext, end: RunEnd): Promise<number> {
  const exitCode = runExitCode(end);
  if (end.format === 'text') printDiagnostics(ctx, end.problems);
  if (end.format === 'json') ctx.stdout.write(renderRunJson(end.command, end.files, end.codes, end.problems, end.planFile));
  if (end.format === 'github') await reportToGithub(ctx, end, exitCode);
  return exitCode;
}

/**
 * The GitHub side of a plan or apply run: annotations on the manifest lines (at most 10), the
 * Markdown job summary, and the step outputs `exitcode`, `changes`, `deployment-request-ids`.
 */
async function reportToGithub(ctx: CommandContext, end: RunEnd, exitCode: number): Promise<void> {
  const { command, files } = end;
  const problems: { d: Diagnostic; file: string }[] = [
    ...end.problems.map((d) => ({ d, file: '' })),
    ...files.flatMap((f) => f.diagnostics.map((d) => ({ d, file: f.file }))),
  ];
  ctx.stdout.write(cappedAnnotations(problems, ctx.env.GITHUB_WORKSPACE ?? ctx.cwd));
  // A failed or timed-out deployment has no diagnostic to annotate, yet the step must show why it failed.
  for (const f of files) {
    const message = 'status' in f ? applyFailureMessage(f) : undefined;
    if (message) ctx.stdout.write(workflowCommand('error', { title: `qovery-deploy ${command}` }, message));
  }
  if (end.planFile) ctx.stdout.write(`Saved the plan to ${end.planFile}.\n`);
  const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, ctx.redact(runSummary(command, files, undefined, end.problems)));
  const ids = files.flatMap((f) => ('apply' in f ? (f.apply?.submissions ?? []) : [])).flatMap((s) => (s.requestId ? [s.requestId] : []));
  const changes = command === 'plan' ? files.some((f) => (f.plan?.requests.length ?? 0) > 0) : ids.length > 0;
  await writeOutputs(ctx, { exitcode: String(exitCode), changes: String(changes), 'deployment-request-ids': [...new Set(ids)].join(',') });
}
