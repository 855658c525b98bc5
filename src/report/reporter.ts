import type { Colors } from 'picocolors/types.js';
import type { TextSink } from './io.js';

/** The output formats a command can be asked for (`--format`). */
export type Format = 'text' | 'json' | 'github';

/** Where a reporter writes: the run's redacted streams, and what the formats need to know of the run. */
export interface ReportOutput {
  stdout: TextSink;
  stderr: TextSink;
  colors: Colors;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** For what goes to files (job summary, step outputs): the streams redact on their own. */
  redact: (text: string) => string;
}

/**
 * One output format of one command: the command hands it results, it writes them. `file` takes
 * each file's result as soon as it is known (plan and apply report file by file, in argument
 * order); `end` takes the result of the whole command. A new format is one more of these.
 */
export interface Reporter<End, File = never> {
  file?(result: File, out: ReportOutput): void;
  end(result: End, out: ReportOutput): void | Promise<void>;
}

/** A command's reporters, one per format it offers. */
export type Reporters<End, File = never, F extends Format = Format> = Readonly<Record<F, Reporter<End, File>>>;
