import { createProgress } from '../report/progress.js';
import { renderApplyText, serviceJson } from '../report/plan-report.js';
import { toJsonDiagnostic } from '../report/json.js';
import { applyFile, type AppliedFile } from '../workflows/apply-file.js';
import { createClient, printDiagnostics, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitForStatus, mostSevere } from './exit-codes.js';

export interface ApplyCommandOptions extends ApiOptions {
  files: string[];
  format: 'text' | 'json';
  dryRun: boolean;
  force: boolean;
  only?: string[];
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs?: number;
}

/** `qovery-deploy apply [FILE…]`: plan, submit what changed exactly once, wait for the outcome. */
export async function runApply(options: ApplyCommandOptions, ctx: CommandContext): Promise<number> {
  // Progress goes to stderr so that stdout holds only the summary (or the JSON document).
  const progress = createProgress(ctx.stderr, ctx.colors, { live: ctx.stderr.isTTY === true && options.format === 'text' });
  const client = createClient(ctx, options, (line) => progress.note(line));
  if (!client) return EXIT.invalid;
  const codes: number[] = [];
  const results: AppliedFile[] = [];
  for (const file of options.files) {
    const applied = await applyFile(file, { cwd: ctx.cwd, env: { ...ctx.env }, client }, {
      force: options.force,
      ...(options.only ? { only: options.only } : {}),
      dryRun: options.dryRun,
      wait: options.wait,
      timeoutMs: options.timeoutMs,
      ...(options.pollIntervalMs ? { poll: { pollInitialMs: options.pollIntervalMs, pollMaxMs: Math.max(options.pollIntervalMs, 10 * options.pollIntervalMs) } } : {}),
      ...(options.pollIntervalMs ? { submit: { settleMs: options.pollIntervalMs, backoffBaseMs: options.pollIntervalMs } } : {}),
      onPlan: (planned) =>
        progress.services((planned.plan?.entries ?? []).filter((e) => e.action === 'deploy').map((e) => ({ id: e.id, label: `${e.kind} ${e.name ?? e.id}` }))),
      onSubmitEvent: (event) => progress.submit(event),
      onState: (event) => progress.state(event),
    });
    progress.done();
    results.push(applied);
    codes.push(exitForStatus(applied.status));
    if (options.format === 'text') {
      printDiagnostics(ctx, applied.diagnostics, new Map([[file, applied.source]]), file);
      if (options.dryRun && applied.plan) {
        for (const r of applied.plan.requests) ctx.stdout.write(`${r.method} ${r.path}\n${JSON.stringify(r.body, null, 2)}\n`);
      }
      ctx.stdout.write(renderApplyText(applied, ctx.colors));
    }
  }
  if (options.format === 'json') {
    const document = {
      format_version: '1.0',
      files: results.map((a, i) => ({
        file: a.file,
        environment_id: a.plan?.environmentId ?? null,
        status: a.status,
        exit_code: codes[i],
        deployment_request_ids: [...new Set((a.apply?.submissions ?? []).flatMap((s) => (s.requestId ? [s.requestId] : [])))],
        services: a.plan?.entries.map((e) => serviceJson(e, a)) ?? [],
        requests: a.plan?.requests.map((r) => ({ method: r.method, path: r.path, body: r.body })) ?? [],
        diagnostics: a.diagnostics.map((d) => toJsonDiagnostic(d, a.file)),
      })),
    };
    ctx.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
  return mostSevere(codes);
}
