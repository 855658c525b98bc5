import { appendFile } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics/types.js';
import { cappedAnnotations, outputLines } from '../report/github.js';
import { tableCell } from '../text/escape.js';
import { locationOf } from '../report/diagnostics-text.js';
import { toJsonDiagnostic } from '../report/json.js';
import { printDiagnostics } from './api.js';
import type { CommandContext } from './context.js';

export type OutputFormat = 'text' | 'json' | 'github';

/** What a failure report needs to know about the run it ends. */
export interface FailureOptions {
  /** The command that failed (`validate`, `plan`…); undefined when none was recognised. */
  command: string | undefined;
  format: OutputFormat;
  diagnostics: readonly Diagnostic[];
  exitCode: number;
  /** The manifest the problems are about, when there is one (render, status). */
  file?: string;
  /** The source of `file`, for excerpts in text. */
  source?: string;
}

/**
 * The one JSON document of a command that stopped before it had anything else to report: the
 * command's own shape, empty, with the diagnostics. Scripts parse one shape per command.
 */
export function failureJson(command: string | undefined, diagnostics: readonly Diagnostic[], file?: string): string {
  const list = diagnostics.map((d) => toJsonDiagnostic(d, file));
  const errors = list.filter((d) => d.severity === 'error').length;
  const base = { format_version: '1.0' };
  let document: object;
  switch (command) {
    case 'validate':
      document = { ...base, valid: false, error_count: errors, warning_count: list.length - errors, diagnostics: list, files: [] };
      break;
    case 'plan':
    case 'apply':
      document = { ...base, files: [], diagnostics: list };
      break;
    case 'render':
      document = { ...base, file: file ?? null, environment_id: null, refs: [], requests: [], diagnostics: list };
      break;
    case 'status':
      document = { ...base, file: file ?? null, environment_id: null, read_at: null, services: [], queue: [], diagnostics: list };
      break;
    case 'init':
      document = { ...base, environment_id: null, file: null, manifest: null, services: [], diagnostics: list };
      break;
    default:
      document = { ...base, valid: false, diagnostics: list };
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Reports a run that stopped early (a bad flag, no token, a refused URL, an unreadable saved plan)
 * in the format asked for: text on stderr; one JSON document on stdout; or, for GitHub, an
 * `::error` line, a line in the job summary and the `exitcode` output. Returns the exit code.
 */
export async function reportFailure(ctx: CommandContext, options: FailureOptions): Promise<number> {
  const { command, format, diagnostics, exitCode, file } = options;
  if (format === 'json') ctx.stdout.write(failureJson(command, diagnostics, file));
  else if (format === 'github') await githubFailure(ctx, command, diagnostics, exitCode, file);
  else printDiagnostics(ctx, diagnostics, file && options.source !== undefined ? new Map([[file, options.source]]) : new Map(), file);
  return exitCode;
}

/** The GitHub side of a failure: annotations, a job summary section and the step outputs. */
async function githubFailure(ctx: CommandContext, command: string | undefined, diagnostics: readonly Diagnostic[], exitCode: number, file?: string): Promise<void> {
  ctx.stdout.write(cappedAnnotations(diagnostics.map((d) => ({ d, file: file ?? '' })), ctx.env.GITHUB_WORKSPACE ?? ctx.cwd));
  const summaryFile = ctx.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    const lines = diagnostics.map((d) => {
      const where = locationOf(d, file);
      return `- ${where ? `\`${tableCell(where)}\` ` : ''}${tableCell(d.summary)} (\`${d.code}\`)${d.hint ? ` — ${tableCell(d.hint)}` : ''}`;
    });
    await appendFile(summaryFile, ctx.redact(`## qovery-deploy ${command ?? ''}`.trimEnd() + `\n\n❌ stopped with exit code ${exitCode}, nothing was sent\n\n${lines.join('\n')}\n\n`));
  }
  await writeOutputs(ctx, { exitcode: String(exitCode), ...(command === 'plan' || command === 'apply' ? { changes: 'false', 'deployment-request-ids': '' } : {}) });
}

/** Appends step outputs to `$GITHUB_OUTPUT`, when the runner gives one. */
export async function writeOutputs(ctx: CommandContext, outputs: Record<string, string>): Promise<void> {
  const outputFile = ctx.env.GITHUB_OUTPUT;
  if (outputFile) await appendFile(outputFile, ctx.redact(outputLines(outputs)));
}
