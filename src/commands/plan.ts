import { serviceJson, renderPlanText } from '../report/plan-report.js';
import { toJsonDiagnostic } from '../report/json.js';
import { blockedDiagnostics, planFile, type PlannedFile } from '../workflows/deploy-file.js';
import { stoppedStatus } from '../workflows/apply-file.js';
import { createClient, printDiagnostics, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitForStatus, mostSevere } from './exit-codes.js';

export interface PlanCommandOptions extends ApiOptions {
  files: string[];
  format: 'text' | 'json';
  detailedExitCode: boolean;
  only?: string[];
}

/** The exit code of one planned file: 1/5 for problems, 2 for pending changes when asked, else 0. */
export function planExitCode(planned: PlannedFile, detailed: boolean): number {
  if (!planned.plan) return exitForStatus(stoppedStatus(planned));
  if (planned.plan.entries.some((e) => e.action === 'blocked')) return EXIT.invalid;
  return detailed && planned.plan.requests.length > 0 ? EXIT.changes : EXIT.ok;
}

/** `qovery-deploy plan [FILE…]`: reads live state and shows, per service, what apply would do. */
export async function runPlan(options: PlanCommandOptions, ctx: CommandContext): Promise<number> {
  const client = createClient(ctx, options, (line) => ctx.stderr.write(`${line}\n`));
  if (!client) return EXIT.invalid;
  const codes: number[] = [];
  const results: PlannedFile[] = [];
  for (const file of options.files) {
    const planned = await planFile(file, { cwd: ctx.cwd, env: { ...ctx.env }, client }, options.only ? { only: options.only } : {});
    if (planned.plan && planned.resolved) planned.diagnostics.push(...blockedDiagnostics(planned.plan, planned.resolved));
    results.push(planned);
    codes.push(planExitCode(planned, options.detailedExitCode));
    if (options.format === 'text') {
      printDiagnostics(ctx, planned.diagnostics, new Map([[file, planned.source]]), file);
      ctx.stdout.write(renderPlanText(planned, ctx.colors));
    }
  }
  if (options.format === 'json') {
    const document = {
      format_version: '1.0',
      files: results.map((p, i) => ({
        file: p.file,
        environment_id: p.plan?.environmentId ?? null,
        exit_code: codes[i],
        changes: (p.plan?.requests.length ?? 0) > 0,
        services: p.plan?.entries.map((e) => serviceJson(e)) ?? [],
        requests: p.plan?.requests.map((r) => ({ method: r.method, path: r.path, body: r.body })) ?? [],
        diagnostics: p.diagnostics.map((d) => toJsonDiagnostic(d, p.file)),
      })),
    };
    ctx.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
  return mostSevere(codes);
}
