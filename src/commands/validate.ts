import { resolve } from 'node:path';
import { VALIDATE_REPORTERS } from '../report/validate/formats.js';
import { validateFiles } from '../workflows/validate-files.js';
import type { CommandContext } from './context.js';
import { EXIT } from './exit-codes.js';
import type { OutputFormat } from './failure.js';

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
  await VALIDATE_REPORTERS[options.format].end({ files: reports, exitCode }, ctx);
  return exitCode;
}
