import { appendFile } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics/types.js';
import { cappedAnnotations, outputLines } from '../report/github.js';
import { runSummary } from '../report/github-run.js';
import type { AppliedFile } from '../workflows/apply-file.js';
import type { PlannedFile } from '../workflows/deploy-file.js';
import type { CommandContext } from './context.js';

export type RunFormat = 'text' | 'json' | 'github';

/**
 * The GitHub side of a plan or apply run: annotations on the manifest lines (at most 10), the
 * Markdown job summary, and the step outputs `exitcode`, `changes`, `deployment-request-ids`.
 */
export async function reportToGithub(
  ctx: CommandContext,
  command: 'plan' | 'apply',
  files: readonly (PlannedFile | AppliedFile)[],
  exitCode: number,
): Promise<void> {
  const problems: { d: Diagnostic; file: string }[] = files.flatMap((f) => f.diagnostics.map((d) => ({ d, file: f.file })));
  ctx.stdout.write(cappedAnnotations(problems, ctx.env.GITHUB_WORKSPACE ?? ctx.cwd));
  const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, ctx.redact(runSummary(command, files)));
  const outputFile = ctx.env.GITHUB_OUTPUT;
  if (outputFile) {
    const ids = files.flatMap((f) => ('apply' in f ? (f.apply?.submissions ?? []) : [])).flatMap((s) => (s.requestId ? [s.requestId] : []));
    const changes = command === 'plan' ? files.some((f) => (f.plan?.requests.length ?? 0) > 0) : ids.length > 0;
    await appendFile(outputFile, ctx.redact(outputLines({ exitcode: String(exitCode), changes: String(changes), 'deployment-request-ids': [...new Set(ids)].join(',') })));
  }
}
