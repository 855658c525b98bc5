// The entry of the command line. It parses only enough to run `schema` and a well-formed
// `validate` itself (commands/fast-path.ts) and loads everything else when needed:
// commander and the other commands (commands/program.ts), the API client, git, the error reports.
import { commandOf, requestedFormat } from './commands/argv.js';
import { createContext, type CliIO, type CommandContext } from './commands/context.js';
import { reportError } from './commands/failure.js';
import { fastCommand, validateOptions, type FastCommand } from './commands/fast-path.js';
import { runValidateCommand } from './commands/validate.js';
import { deliverInterrupt, signalExitCode } from './commands/interrupt.js';
import { killGitProcesses } from './git/process-groups.js';

export type { CliIO } from './commands/context.js';

/** The process's own streams, environment and folder; stdin is opened only if a command reads it. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * For the bin: SIGINT and SIGTERM kill every git process still running, then exit 130 / 143 as a
 * shell expects (Node's default handling would leave git, in its own process group, running).
 * A command that listens for interrupts (`onInterrupt`: apply stops waiting, reports, may cancel)
 * gets the first one instead and returns its own exit code; a second signal exits at once.
 */
export function exitOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killGitProcesses();
      if (deliverInterrupt(signal)) return;
      process.exit(signalExitCode(signal));
    });
  }
}

/**
 * Runs the command line and resolves to the exit code. Never calls process.exit and never throws:
 * a usage error or a bug becomes a message and a code. Commands are imported only when used, so
 * `validate` does not pay for commander or the API client at start-up.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const verbose = argv.includes('--verbose');
  const ctx = createContext(io, { verbose });
  // Known before parsing, so that a usage error is reported in the format asked for.
  const format = requestedFormat(argv);
  const command = commandOf(argv);
  try {
    const fast = fastCommand(argv);
    if (fast) return await runFast(fast, ctx);
    const { runProgram } = await import('./commands/program.js');
    return await runProgram(argv, ctx, format, command);
  } catch (error) {
    return reportError(error, ctx, command, format);
  }
}

/** Runs a command line the entry parsed itself, as the commander program would. */
async function runFast(fast: FastCommand, ctx: CommandContext): Promise<number> {
  switch (fast.name) {
    case 'schema':
      return (await import('./commands/schema.js')).runSchemaCommand(ctx);
    case 'validate':
      return runValidateCommand(validateOptions(fast.files, fast.flags), ctx);
  }
}

