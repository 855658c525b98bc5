import pc from 'picocolors';
import { createRedactor, secretForms } from '../secrets/redact.js';
import { secretsFromEnv } from '../secrets/tokens.js';
import { maskCommands } from '../report/github.js';
import { redactingSink, type TextSink } from '../report/io.js';
import type { ReportOutput } from '../report/reporter.js';
import { realClock, type Clock } from '../timing/clock.js';

/** Where answers come from: a terminal, a pipe, a test stream. */
export type InputSource = NodeJS.ReadableStream & { isTTY?: boolean };

/** What the CLI is given by its caller: streams, environment and working directory. */
export interface CliIO {
  stdout: TextSink;
  stderr: TextSink;
  /** Read only to confirm an apply on an interactive terminal. */
  stdin?: InputSource;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Where the API path gets its time (deadlines, polls, retry waits). Default: the real clock. */
  clock?: Clock;
}

/** Everything a command needs, built once at the entry: redacted streams, colours, flags (and all a reporter writes to). */
export interface CommandContext extends ReportOutput {
  stdin?: InputSource;
  clock: Clock;
  verbose: boolean;
  /**
   * Registers every form of the token with GitHub Actions (`::add-mask::`), so the runner hides it
   * from the log even where our own redactor could not reach. The one place the raw token is written:
   * the runner consumes these lines and never shows them.
   */
  maskSecrets: () => void;
}

/** Wraps the caller's streams in the one redactor and decides colour (terminal, NO_COLOR, FORCE_COLOR). */
export function createContext(io: CliIO, options: { verbose?: boolean; color?: boolean } = {}): CommandContext {
  const redact = createRedactor(secretsFromEnv(io.env));
  const env = io.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forceColor = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const wantColor = options.color ?? (!noColor && (forceColor || (io.stdout.isTTY === true && env.TERM !== 'dumb')));
  return {
    stdout: redactingSink(io.stdout, redact),
    stderr: redactingSink(io.stderr, redact),
    // Read when used: only apply's question needs it, and opening stdin costs every command start-up time.
    get stdin() {
      return io.stdin;
    },
    env,
    cwd: io.cwd,
    clock: io.clock ?? realClock,
    colors: pc.createColors(wantColor),
    verbose: options.verbose ?? false,
    redact,
    maskSecrets: () => {
      const lines = maskCommands(new Set(secretsFromEnv(env).flatMap(secretForms)));
      if (lines) io.stdout.write(lines);
    },
  };
}
