// What the bin needs to run a command line without the commander program: the process's streams,
// its signal handling, and the runner of `schema` and a well-formed `validate`. The build also
// bundles this module alone as CommonJS (dist/bundle/validate.cjs): on
// Node 20 a CommonJS file loads faster than ES modules, and `validate` runs on every pull request.
import { createContext, type CliIO } from './context.js';
import { commandOf, requestedFormat } from './argv.js';
import { reportError } from './failure.js';
import { validateOptions, type FastCommand } from './fast-path.js';
import { deliverInterrupt, signalExitCode } from './interrupt.js';
import { runValidateCommand } from './validate.js';
import { killGitProcesses } from '../git/process-groups.js';

export { fastCommand, type FastCommand } from './fast-path.js';

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
 * Runs a command line `fastCommand` accepted, as the commander program would, and resolves to the
 * exit code; never throws. `schema` is imported when asked for (it reads the schema file next to
 * the package, which only the ES module build can locate).
 */
export async function runFastCommand(fast: FastCommand, argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const ctx = createContext(io, { verbose: argv.includes('--verbose') });
  try {
    if (fast.name === 'schema') return await (await import('./schema.js')).runSchemaCommand(ctx);
    return await runValidateCommand(validateOptions(fast.files, fast.flags), ctx);
  } catch (error) {
    return reportError(error, ctx, commandOf(argv), requestedFormat(argv));
  }
}
