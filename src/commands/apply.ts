import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { parseSavedPlans, type SavedPlan } from '../plan/saved.js';
import { APPLY_REPORTERS } from '../report/run/formats.js';
import { createProgress, type Progress } from '../report/run/progress.js';
import { applyPrepared, applySavedPlan, type ApplyFileOptions } from '../workflows/apply-file.js';
import type { ApiOptions } from './api.js';
import { canAsk, confirmer } from './confirm.js';
import type { CommandContext } from './context.js';
import { EXIT, exitForStatus } from './exit-codes.js';
import { reportFailure } from './failure.js';
import { onInterrupt, signalExitCode, type InterruptSignal } from './interrupt.js';
import { deployContext, eachInOrder, finishRun, prepareRun, type RunFormat } from './run-output.js';
import type { AppliedFile, PlannedFile } from '../results.js';

export interface ApplyCommandOptions extends ApiOptions {
  files: string[];
  /** Whether the files were given on the command line (not the default): refused with `--plan`. */
  filesGiven?: boolean;
  format: RunFormat;
  dryRun: boolean;
  force: boolean;
  only?: string[];
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs?: number;
  /** Apply exactly this saved plan (from `plan --out`) instead of planning the files. */
  planFile?: string;
  /** Files applied at the same time. Default: 1. */
  parallel?: number;
  /** The folder local `repository:` paths must stay in. */
  workspace?: string;
  /** Deploy without asking, even on an interactive terminal. */
  yes?: boolean;
  /** Post the outcome as a sticky comment on the pull request (GitHub, with GITHUB_TOKEN). */
  prComment?: boolean;
  /** Cancel our own deployment requests when --timeout passes, or on SIGINT/SIGTERM. */
  cancelOnTimeout?: boolean;
  cancelOnInterrupt?: boolean;
}

/** `qovery-deploy apply [FILE…]`: plan, submit what changed exactly once, wait for the outcome. */
export async function runApplyCommand(options: ApplyCommandOptions, ctx: CommandContext): Promise<number> {
  if (options.format === 'github') ctx.maskSecrets();
  const fail = (diagnostics: Diagnostic[]) => reportFailure(ctx, { command: 'apply', format: options.format, diagnostics, exitCode: EXIT.invalid });
  let saved: SavedPlan[] | undefined;
  if (options.planFile) {
    // A saved plan is applied exactly as reviewed: options that would change it are refused.
    const flags = [...(options.filesGiven ? ['manifest files'] : []), ...(options.only ? ['--only'] : []), ...(options.force ? ['--force'] : [])];
    if (flags.length > 0) return fail([diagnostic('PLAN_WITH_SELECTION', { flags })]);
    const loaded = await loadSavedPlans(options.planFile, ctx);
    if ('diagnostic' in loaded) return fail([loaded.diagnostic]);
    saved = loaded.plans;
  }
  const deploy = deployContext(ctx, options);
  if ('diagnostic' in deploy) return fail([deploy.diagnostic]);
  // The first SIGINT/SIGTERM stops sending and waiting; the files then report what is known.
  const interrupt = new AbortController();
  let caught: InterruptSignal | undefined;
  const release = onInterrupt((signal) => {
    caught = signal;
    ctx.stderr.write(`${signal}: stopping${options.cancelOnInterrupt ? ' and cancelling our deployment requests' : ''} (send it again to exit at once)\n`);
    interrupt.abort();
  });
  deploy.signal = interrupt.signal;
  const many = (saved?.length ?? options.files.length) > 1;
  const parallel = options.parallel ?? 1;
  // Progress goes to stderr so that stdout holds only the summary (or the JSON document).
  const live = ctx.stderr.isTTY === true && options.format === 'text' && parallel === 1;
  const asking = !options.yes && !options.dryRun && ctx.stdin !== undefined && canAsk(ctx) ? confirmer(ctx, ctx.stdin) : undefined;

  const applyOne = async (item: PlannedFile | SavedPlan): Promise<AppliedFile> => {
    const label = 'source' in item ? item.file : item.plan.file;
    const progress = createProgress(ctx.stderr, ctx.colors, { live, ...(many ? { prefix: label } : {}) });
    const common: ApplyFileOptions = { ...applyFileOptions(options, progress), ...(asking ? { confirm: asking.confirm } : {}) };
    const applied =
      'source' in item
        ? await applyPrepared(item, deploy, { ...common, force: options.force, ...(options.only ? { only: options.only } : {}) })
        : await applySavedPlan(item, deploy, common);
    progress.done();
    return applied;
  };
  // Each file's report is written whole, in argument order.
  const reporter = APPLY_REPORTERS[options.format];
  const report = (applied: AppliedFile) => reporter.file?.({ applied, dryRun: options.dryRun }, ctx);

  try {
    let problems: Diagnostic[] = [];
    let items: (PlannedFile | SavedPlan)[] = saved ?? [];
    // --timeout bounds the name look-ups too; an interrupt ends them.
    let stopped: AppliedFile['status'] | undefined;
    if (!saved) {
      const run = await prepareRun(options.files, deploy, options);
      problems = run.problems;
      items = run.prepared;
      stopped = run.stopped;
    }
    // A problem of the run (two files for one environment, an unknown --only name) stops every file.
    if (problems.length > 0) stopped = 'invalid';
    const results: AppliedFile[] = stopped
      ? (items as PlannedFile[]).map((p) => ({ ...p, status: stopped }))
      : await eachInOrder(items, parallel, applyOne, report);
    if (stopped) results.forEach(report);
    // An interrupted run exits as the signal asks (130 or 143), whatever its files did.
    const codes = results.map((a) => (a.status === 'interrupted' && caught ? signalExitCode(caught) : exitForStatus(a.status)));
    return await finishRun(
      ctx,
      reporter,
      { command: 'apply', files: results, codes: caught ? [...codes, signalExitCode(caught)] : codes, problems },
      { prComment: options.prComment === true, format: options.format },
    );
  } finally {
    release();
    asking?.close();
  }
}

/** What apply's flags and progress make of one file's apply (shared with `preview up`). */
export function applyFileOptions(
  options: Pick<ApplyCommandOptions, 'dryRun' | 'wait' | 'timeoutMs' | 'pollIntervalMs' | 'cancelOnTimeout' | 'cancelOnInterrupt'>,
  progress: Progress,
): ApplyFileOptions {
  return {
    dryRun: options.dryRun,
    wait: options.wait,
    timeoutMs: options.timeoutMs,
    ...(options.cancelOnTimeout ? { cancelOnTimeout: true } : {}),
    ...(options.cancelOnInterrupt ? { cancelOnInterrupt: true } : {}),
    ...(options.pollIntervalMs
      ? {
          poll: { pollInitialMs: options.pollIntervalMs, pollMaxMs: Math.max(options.pollIntervalMs, 10 * options.pollIntervalMs) },
          submit: { settleMs: options.pollIntervalMs, backoffBaseMs: options.pollIntervalMs },
        }
      : {}),
    onPlan: (planned) =>
      progress.services((planned.plan?.entries ?? []).filter((e) => e.action === 'deploy').map((e) => ({ id: e.id, label: `${e.kind} ${e.name ?? e.id}` }))),
    onSubmitEvent: (event) => progress.submit(event),
    onState: (event) => progress.state(event),
  };
}

async function loadSavedPlans(path: string, ctx: CommandContext): Promise<{ plans: SavedPlan[] } | { diagnostic: Diagnostic }> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, path), 'utf8');
  } catch {
    return { diagnostic: diagnostic('PLAN_FILE_INVALID', { path, problem: 'it cannot be read' }) };
  }
  return parseSavedPlans(text, path);
}
