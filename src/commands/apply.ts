import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pMap from 'p-map';
import { diagnostic } from '../diagnostics/codes.js';
import { parseSavedPlans, type SavedPlan } from '../plan/saved.js';
import { renderRunJson } from '../report/run-json.js';
import { renderApplyText } from '../report/plan-report.js';
import { createProgress } from '../report/progress.js';
import { applyFile, applySavedPlan, type AppliedFile, type ApplyFileOptions } from '../workflows/apply-file.js';
import { createClient, printDiagnostics, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitForStatus, mostSevere } from './exit-codes.js';
import { reportToGithub, type RunFormat } from './run-output.js';

export interface ApplyCommandOptions extends ApiOptions {
  files: string[];
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
}

/** `qovery-deploy apply [FILE…]`: plan, submit what changed exactly once, wait for the outcome. */
export async function runApply(options: ApplyCommandOptions, ctx: CommandContext): Promise<number> {
  if (options.format === 'github') ctx.maskSecrets();
  let saved: SavedPlan[] | undefined;
  if (options.planFile) {
    const loaded = await loadSavedPlans(options.planFile, ctx);
    if ('code' in loaded) return loaded.code;
    saved = loaded.plans;
  }
  const many = (saved?.length ?? options.files.length) > 1;
  // Progress goes to stderr so that stdout holds only the summary (or the JSON document).
  const live = ctx.stderr.isTTY === true && options.format === 'text' && (options.parallel ?? 1) === 1;
  const client = createClient(ctx, options, (line) => ctx.stderr.write(`${line}\n`));
  if (!client) return EXIT.invalid;

  const applyOne = async (item: string | SavedPlan): Promise<AppliedFile> => {
    const label = typeof item === 'string' ? item : item.plan.file;
    const progress = createProgress(ctx.stderr, ctx.colors, { live, ...(many ? { prefix: label } : {}) });
    const common: ApplyFileOptions = {
      dryRun: options.dryRun,
      wait: options.wait,
      timeoutMs: options.timeoutMs,
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
    const ctxApi = { cwd: ctx.cwd, env: { ...ctx.env }, client };
    const applied =
      typeof item === 'string'
        ? await applyFile(item, ctxApi, { ...common, force: options.force, ...(options.only ? { only: options.only } : {}) })
        : await applySavedPlan(item, ctxApi, common);
    progress.done();
    // Each file's report is written whole as soon as it is ready, so parallel runs do not interleave.
    if (options.format === 'text') printDiagnostics(ctx, applied.diagnostics, new Map([[applied.file, applied.source]]), applied.file);
    if (options.format !== 'json') {
      if (options.dryRun && applied.plan) {
        for (const r of applied.plan.requests) ctx.stdout.write(`${r.method} ${r.path}\n${JSON.stringify(r.body, null, 2)}\n`);
      }
      ctx.stdout.write(renderApplyText(applied, ctx.colors));
    }
    return applied;
  };

  // One file's failure never stops the others: each ends with its own status.
  const results = await pMap<string | SavedPlan, AppliedFile>(saved ?? options.files, applyOne, { concurrency: Math.max(1, options.parallel ?? 1) });
  const codes = results.map((a) => exitForStatus(a.status));
  const exitCode = mostSevere(codes);
  if (options.format === 'json') ctx.stdout.write(renderRunJson('apply', results, codes));
  if (options.format === 'github') await reportToGithub(ctx, 'apply', results, exitCode);
  return exitCode;
}

async function loadSavedPlans(path: string, ctx: CommandContext): Promise<{ plans: SavedPlan[] } | { code: number }> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, path), 'utf8');
  } catch {
    printDiagnostics(ctx, [diagnostic('PLAN_FILE_INVALID', { path, problem: 'it cannot be read' })]);
    return { code: EXIT.invalid };
  }
  const parsed = parseSavedPlans(text, path);
  if ('diagnostic' in parsed) {
    printDiagnostics(ctx, [parsed.diagnostic]);
    return { code: EXIT.invalid };
  }
  return parsed;
}
