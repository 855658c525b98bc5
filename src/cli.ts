// The entry of the command line. It parses only enough to run `schema` and a well-formed
// `validate` itself (commands/fast-entry.ts, commands/fast-path.ts) and loads everything else when needed:
// commander and the other commands (commands/program.ts), the API client, git, the error reports.
import { commandOf, requestedFormat } from './commands/argv.js';
import { createContext } from './commands/context.js';
import { reportError } from './commands/failure.js';
import { fastCommand, processIO, runFastCommand } from './commands/fast-entry.js';

export type { CliIO } from './commands/context.js';
export { exitOnSignals, processIO } from './commands/fast-entry.js';

/**
 * Runs the command line and resolves to the exit code. Never calls process.exit and never throws:
 * a usage error or a bug becomes a message and a code. Commands are imported only when used, so
 * `validate` does not pay for commander or the API client at start-up.
 */
export async function main(argv: readonly string[], io = processIO()): Promise<number> {
  const fast = fastCommand(argv);
  if (fast) return runFastCommand(fast, argv, io);
  const ctx = createContext(io, { verbose: argv.includes('--verbose') });
  // Known before parsing, so that a usage error is reported in the format asked for.
  const format = requestedFormat(argv);
  const command = commandOf(argv);
  try {
    const { runProgram } = await import('./commands/program.js');
    return await runProgram(argv, ctx, format, command);
  } catch (error) {
    return reportError(error, ctx, command, format);
  }
}
