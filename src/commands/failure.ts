import { diagnostic } from '../diagnostics/codes.js';
import { isQoveryDeployError } from '../diagnostics/error.js';
import { FAILURE_REPORTERS, type FailureReport } from '../report/failure/formats.js';
import type { Format } from '../report/reporter.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

export type OutputFormat = Format;

/** What a failure report needs to know about the run it ends. */
export interface FailureOptions extends FailureReport {
  format: OutputFormat;
}

/**
 * Reports a run that stopped early (a bad flag, no token, a refused URL, an unreadable saved plan)
 * in the format asked for: text on stderr; one JSON document on stdout; or, for GitHub, an
 * `::error` line, a line in the job summary and the `exitcode` output. Returns the exit code.
 */
export async function reportFailure(ctx: CommandContext, options: FailureOptions): Promise<number> {
  await FAILURE_REPORTERS[options.format].end(options, ctx);
  return options.exitCode;
}

/**
 * Reports an error a command threw, in the format asked for, and returns the exit code: the
 * diagnostics of an expected failure, or an internal error (its stack with --verbose).
 */
export async function reportError(error: unknown, ctx: CommandContext, command: string | undefined, format: OutputFormat): Promise<number> {
  const known = isQoveryDeployError(error);
  const diagnostics = known ? [...error.diagnostics] : [diagnostic('INTERNAL', { message: error instanceof Error ? error.message : String(error) })];
  const exitCode = exitCodeFor(diagnostics) || EXIT.invalid;
  try {
    await reportFailure(ctx, { command, format, diagnostics, exitCode });
  } catch {
    // The output itself is what failed (a closed pipe): stderr and the exit code are what is left.
    if (format !== 'text') await reportFailure(ctx, { command, format: 'text', diagnostics, exitCode }).catch(() => undefined);
  }
  if (!known && ctx.verbose && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  return exitCode;
}
