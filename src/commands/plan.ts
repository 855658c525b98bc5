import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { fingerprintOf, serializeSavedPlans, type SavedPlan } from '../plan/saved.js';
import { PLAN_REPORTERS } from '../report/run/formats.js';
import { stoppedStatus } from '../workflows/apply-file.js';
import { blockedDiagnostics, planPrepared } from '../workflows/plan-file.js';
import type { ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitForStatus } from './exit-codes.js';
import { reportFailure } from './failure.js';
import { deployContext, eachInOrder, finishRun, prepareRun, type RunFormat } from './run-output.js';
import type { PlannedFile } from '../results.js';

export interface PlanCommandOptions extends ApiOptions {
  files: string[];
  format: RunFormat;
  detailedExitCode: boolean;
  only?: string[];
  /** Save the plan (resolved SHAs, live state seen, bodies) for `apply --plan`. */
  out?: string;
  /** Files planned at the same time. Default: 1. */
  parallel?: number;
  /** The folder local `repository:` paths must stay in. */
  workspace?: string;
}

/** The exit code of one planned file: 1/5 for problems, 2 for pending changes when asked, else 0. */
export function planExitCode(planned: PlannedFile, detailed: boolean): number {
  if (!planned.plan) return exitForStatus(stoppedStatus(planned));
  if (planned.plan.entries.some((e) => e.action === 'blocked')) return EXIT.invalid;
  return detailed && planned.plan.requests.length > 0 ? EXIT.changes : EXIT.ok;
}

/** `qovery-deploy plan [FILE…]`: reads live state and shows, per service, what apply would do. */
export async function runPlanCommand(options: PlanCommandOptions, ctx: CommandContext): Promise<number> {
  if (options.format === 'github') ctx.maskSecrets();
  const fail = (diagnostics: Diagnostic[]) => reportFailure(ctx, { command: 'plan', format: options.format, diagnostics, exitCode: EXIT.invalid });
  // A plan that cannot be saved is known before the API is asked anything.
  const out = options.out === undefined ? undefined : resolve(ctx.cwd, options.out);
  const folderProblem = out === undefined ? undefined : await unusableFolder(dirname(out));
  if (folderProblem) return fail([diagnostic('PLAN_OUT_UNWRITABLE', { path: options.out!, reason: folderProblem })]);
  const deploy = deployContext(ctx, options);
  if ('diagnostic' in deploy) return fail([deploy.diagnostic]);

  const { prepared, problems } = await prepareRun(options.files, deploy, options);
  const reporter = PLAN_REPORTERS[options.format];
  // Each file's report is written whole, in argument order.
  const report = (planned: PlannedFile) => reporter.file?.(planned, ctx);
  const plan = async (file: PlannedFile) => {
    const planned = await planPrepared(file, deploy, options.only ? { only: options.only } : {});
    if (planned.plan && planned.resolved) planned.diagnostics.push(...blockedDiagnostics(planned.plan, planned.resolved));
    return planned;
  };
  const results = problems.length > 0 ? prepared : await eachInOrder(prepared, options.parallel ?? 1, plan, report);
  if (problems.length > 0) results.forEach(report);
  const codes = results.map((p) => planExitCode(p, options.detailedExitCode));

  let saved: string | undefined;
  if (out && problems.length === 0) {
    const plans: SavedPlan[] = results.flatMap((p) => (p.plan && p.live ? [{ plan: p.plan, live: fingerprintOf(p.plan, p.live) }] : []));
    try {
      // Server text (names, versions, states) is redacted like any output; apply --plan compares the
      // fingerprint through the same redactor, so a plan holding a redacted value still verifies.
      await writeFile(out, ctx.redact(serializeSavedPlans(plans)));
      saved = options.out;
    } catch (error) {
      problems.push(diagnostic('PLAN_OUT_UNWRITABLE', { path: options.out!, reason: (error as Error).message }));
    }
  }
  return finishRun(ctx, reporter, { command: 'plan', files: results, codes, problems, ...(saved ? { planFile: saved } : {}) });
}

/** Why a file cannot be created in this folder, or undefined when it can be tried. */
async function unusableFolder(folder: string): Promise<string | undefined> {
  const info = await stat(folder).catch(() => undefined);
  if (!info) return `the folder ${folder} does not exist`;
  return info.isDirectory() ? undefined : `${folder} is not a folder`;
}
