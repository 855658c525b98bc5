import { promises as fs } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/types.js';
import { escapeData, escapeProperty, outputValue } from '../text/escape.js';
import type { ReportOutput } from './reporter.js';

/** GitHub shows at most 10 error annotations per step; the rest go to the job summary. */
export const MAX_ANNOTATIONS = 10;
/** GitHub refuses a step summary over 1 MiB, so we stay well under it. */
export const MAX_SUMMARY_BYTES = 1024 * 1024 - 16 * 1024;

/** Formats one workflow command line, e.g. `::error file=a.yaml,line=3::message`. */
export function workflowCommand(command: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

/**
 * The `::add-mask::` commands that register each form of a secret with the runner, so it hides them
 * from the log even where our own redactor could not reach. Escaped, each form is registered exactly
 * (the runner unescapes `%25`, `%0D`, `%0A`).
 */
export function maskCommands(forms: Iterable<string>): string {
  return [...forms].map((form) => `::add-mask::${escapeData(form)}\n`).join('');
}

/**
 * Makes free text safe to print in a GitHub Actions log: no line of it can start a workflow
 * command (`::error::…`, `::set-output …`), whatever a file name or an API message holds.
 */
export function neutralize(text: string): string {
  return text.replace(/\r/g, '').split('\n').map((line) => (/^\s*::/.test(line) ? `› ${line}` : line)).join('\n');
}

/** A path as GitHub wants it in annotations: relative to the workspace, with forward slashes. */
export function annotationPath(file: string, workspace: string): string {
  const rel = relative(workspace, file);
  const path = rel.startsWith('..') ? file : rel;
  return path.split(sep).join('/');
}

/** The `::error file=…,line=…,col=…::` annotation for a diagnostic. */
export function annotation(d: Diagnostic, workspace: string, fallbackFile?: string): string {
  const file = d.range?.filename ?? fallbackFile;
  const range = d.range;
  const singleLine = range !== undefined && range.start.line === range.end.line;
  const message = d.hint ? `${d.summary}\nhint: ${d.hint}` : d.summary;
  return workflowCommand(
    d.severity === 'error' ? 'error' : 'warning',
    {
      file: file ? annotationPath(file, workspace) : undefined,
      line: range?.start.line,
      endLine: range?.end.line,
      col: range?.start.column,
      endColumn: singleLine ? range.end.column : undefined,
      title: `qovery-deploy ${d.code}`,
    },
    message,
  );
}

/**
 * The first `MAX_ANNOTATIONS` problems as annotations on their manifest lines (GitHub shows no more
 * per step); the rest as plain, neutralised log lines, with a pointer to the job summary.
 */
export function cappedAnnotations(list: readonly { d: Diagnostic; file: string }[], workspace: string): string {
  let log = '';
  list.forEach(({ d, file }, i) => {
    log += i < MAX_ANNOTATIONS
      ? annotation(d, workspace, file)
      : `${neutralize(`${d.range ? `${d.range.filename}:${d.range.start.line}:${d.range.start.column}` : file}: ${d.severity}: ${d.summary}${d.hint ? ` (hint: ${d.hint})` : ''}`)}\n`;
  });
  if (list.length > MAX_ANNOTATIONS) {
    log += `${list.length - MAX_ANNOTATIONS} more problems are listed above and in the job summary (GitHub shows ${MAX_ANNOTATIONS} annotations per step).\n`;
  }
  return log;
}

/** Lines for `$GITHUB_OUTPUT`: `name=value`, values kept on one line. */
export function outputLines(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => `${name}=${outputValue(value)}\n`)
    .join('');
}

/** Cuts a Markdown document to fit GitHub's summary cap, saying that it did. */
export function fitSummary(markdown: string, limit = MAX_SUMMARY_BYTES): string {
  if (Buffer.byteLength(markdown) <= limit) return markdown;
  const note = '\n\n_… the rest was cut to stay under GitHub’s 1 MiB summary limit; run with `--format json` for everything._\n';
  let cut = Buffer.from(markdown).subarray(0, limit - Buffer.byteLength(note)).toString('utf8');
  cut = cut.slice(0, cut.lastIndexOf('\n'));
  return `${cut}${note}`;
}

/** Appends step outputs to `$GITHUB_OUTPUT`, when the runner gives one. */
export async function writeStepOutputs(out: Pick<ReportOutput, 'env' | 'redact'>, outputs: Record<string, string>): Promise<void> {
  const file = out.env.GITHUB_OUTPUT;
  if (file) await fs.appendFile(file, out.redact(outputLines(outputs)));
}

/** Appends Markdown to the job summary (`$GITHUB_STEP_SUMMARY`), when the runner gives one. */
export async function appendStepSummary(out: Pick<ReportOutput, 'env' | 'redact'>, markdown: string): Promise<void> {
  const file = out.env.GITHUB_STEP_SUMMARY;
  if (file) await fs.appendFile(file, out.redact(markdown));
}

/** The folder annotation paths are relative to: the workspace on a runner, else the current folder. */
export function workspaceOf(out: Pick<ReportOutput, 'env' | 'cwd'>): string {
  return out.env.GITHUB_WORKSPACE ?? out.cwd;
}
