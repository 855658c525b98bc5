import { FAILURE_REPORTERS, type FailureReport } from '../report/failure/formats.js';
import type { Format } from '../report/reporter.js';
import type { CommandContext } from './context.js';

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
