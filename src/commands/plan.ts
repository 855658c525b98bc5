import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pMap from 'p-map';
import { fingerprintOf, serializeSavedPlans, type SavedPlan } from '../plan/saved.js';
import { renderRunJson } from '../report/run-json.js';
import { renderPlanText } from '../report/plan-report.js';
import { stoppedStatus } from '../workflows/apply-file.js';
import { blockedDiagnostics, planFile, type PlannedFile } from '../workflows/deploy-file.js';
import { createClient, printDiagnostics, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitForStatus, mostSevere } from './exit-codes.js';
import { reportToGithub, type RunFormat } from './run-output.js';

export interface PlanCommandOptions extends ApiOptions {
  files: string[];
  format: RunFormat;
  detailedExitCode: boolean;
  only?: string[];
  /** Save the plan (resolved SHAs, live state seen, bodies) for `apply --plan`. */
  out?: string;
  /** Files planned at the same time. Default: 1. */
  parallel?: number;
}

/** The exit code of one planned file: 1/5 for problems, 2 for pending changes when asked, else 0. */
export function planExitCode(planned: PlannedFile, detailed: boolean): number {
  if (!planned.plan) return exitForStatus(stoppedStatus(planned));
  if (planned.plan.entries.some((e) => e.action === 'blocked')) return EXIT.invalid;
  return detailed && planned.plan.requests.length > 0 ? EXIT.changes : EXIT.ok;
}

/** `qovery-deploy plan [FILE…]`: reads live state and shows, per service, what apply would do. */
export async function runPlan(options: PlanCommandOptions, ctx: CommandContext): Promise<number> {
  if (options.format === 'github') ctx.maskSecrets();
  const client = createClient(ctx, options, (line) => ctx.stderr.write(`${line}\n`));
  if (!client) return EXIT.invalid;
  const results = await pMap(
    options.files,
    async (file) => {
      const planned = await planFile(file, { cwd: ctx.cwd, env: { ...ctx.env }, client }, options.only ? { only: options.only } : {});
      if (planned.plan && planned.resolved) planned.diagnostics.push(...blockedDiagnostics(planned.plan, planned.resolved));
      // Each file's report is written as soon as it is ready, whole, so parallel runs do not interleave.
      // With --format github the problems become annotations at the end instead.
      if (options.format === 'text') printDiagnostics(ctx, planned.diagnostics, new Map([[file, planned.source]]), file);
      if (options.format !== 'json') ctx.stdout.write(renderPlanText(planned, ctx.colors));
      return planned;
    },
    { concurrency: Math.max(1, options.parallel ?? 1) },
  );
  const codes = results.map((p) => planExitCode(p, options.detailedExitCode));
  const exitCode = mostSevere(codes);

  if (options.out) {
    const saved: SavedPlan[] = results.flatMap((p) => (p.plan && p.live ? [{ plan: p.plan, live: fingerprintOf(p.plan, p.live) }] : []));
    // Server text (names, versions, states) is redacted like any output; apply --plan compares the
    // fingerprint through the same redactor, so a plan holding a redacted value still verifies.
    await writeFile(resolve(ctx.cwd, options.out), ctx.redact(serializeSavedPlans(saved)));
  }
  if (options.format === 'json') ctx.stdout.write(renderRunJson('plan', results, codes));
  if (options.format === 'github') await reportToGithub(ctx, 'plan', results, exitCode);
  return exitCode;
}
