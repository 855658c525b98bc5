import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderValidateGithub, renderValidateJson, renderValidateText } from '../report/validate-report.js';
import { validateFiles } from '../workflows/validate-files.js';
import type { CommandContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { writeOutputs, type OutputFormat } from './failure.js';

export type { OutputFormat } from './failure.js';

export interface ValidateCommandOptions {
  files: string[];
  format: OutputFormat;
  /** Check that git refs resolve (local repositories only). */
  git: boolean;
  /** Never use the network (no `git ls-remote origin` in a shallow clone). */
  offline?: boolean;
  /** The folder local `repository:` paths must stay in. */
  workspace?: string;
}

/** `qovery-deploy validate [FILE…]`: checks every file; exit 0 when all are valid, else 1. */
export async function runValidateCommand(options: ValidateCommandOptions, ctx: CommandContext): Promise<number> {
  const reports = await validateFiles(options.files, {
    cwd: ctx.cwd,
    env: ctx.env,
    git: options.git,
    gitEnv: { ...ctx.env },
    ...(options.offline ? { offline: true } : {}),
    ...(options.workspace ? { workspace: resolve(ctx.cwd, options.workspace) } : {}),
  });
  const valid = reports.every((r) => r.diagnostics.every((d) => d.severity !== 'error'));
  const exitCode = valid ? EXIT.ok : EXIT.invalid;

  if (options.format === 'json') {
    ctx.stdout.write(renderValidateJson(reports));
  } else if (options.format === 'github') {
    const { log, summary } = renderValidateGithub(reports, ctx.env.GITHUB_WORKSPACE ?? ctx.cwd);
    ctx.stdout.write(log);
    const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) await appendFile(summaryFile, ctx.redact(summary));
    await writeOutputs(ctx, { exitcode: String(exitCode) });
  } else {
    // Problems and failed files on stderr; the files that passed stay on stdout with several files.
    const { stdout, stderr } = renderValidateText(reports, ctx.colors);
    ctx.stderr.write(stderr);
    ctx.stdout.write(stdout);
  }
  return exitCode;
}
