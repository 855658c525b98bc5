import { appendFile } from 'node:fs/promises';
import { renderValidateGithub, renderValidateJson, renderValidateText } from '../report/validate-report.js';
import { validateFiles } from '../workflows/validate-files.js';
import type { CommandContext } from './context.js';
import { EXIT } from './exit-codes.js';

export type OutputFormat = 'text' | 'json' | 'github';

export interface ValidateCommandOptions {
  files: string[];
  format: OutputFormat;
  /** Check that git refs resolve (local repositories only). */
  git: boolean;
}

/** `qovery-deploy validate [FILE…]`: offline checks of every file; exit 0 when all are valid, else 1. */
export async function runValidate(options: ValidateCommandOptions, ctx: CommandContext): Promise<number> {
  const reports = await validateFiles(options.files, { cwd: ctx.cwd, env: ctx.env, git: options.git, gitEnv: { ...ctx.env } });
  const valid = reports.every((r) => r.diagnostics.every((d) => d.severity !== 'error'));

  if (options.format === 'json') {
    ctx.stdout.write(renderValidateJson(reports));
  } else if (options.format === 'github') {
    const { log, summary } = renderValidateGithub(reports, ctx.env.GITHUB_WORKSPACE ?? ctx.cwd);
    ctx.stdout.write(log);
    const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) await appendFile(summaryFile, ctx.redact(summary));
  } else {
    const text = renderValidateText(reports, ctx.colors);
    (valid ? ctx.stdout : ctx.stderr).write(text);
  }
  return valid ? EXIT.ok : EXIT.invalid;
}
