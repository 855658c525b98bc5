import type { Colors } from 'picocolors/types.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { ReportOutput } from './reporter.js';

/** `file:line:col` of a diagnostic, or just the file, or nothing. */
export function locationOf(d: Diagnostic, fallbackFile?: string): string {
  if (!d.range) return fallbackFile ?? '';
  return `${d.range.filename}:${d.range.start.line}:${d.range.start.column}`;
}

/**
 * Renders one diagnostic for people: `file:line:col: error: summary [CODE]`, the source line with a
 * caret under the fault, and the hint.
 */
export function formatDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>, c: Colors, fallbackFile?: string): string {
  const where = locationOf(d, fallbackFile);
  const severity = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
  const lines = [`${where ? `${c.bold(where)}: ` : ''}${severity}: ${d.summary} ${c.dim(`[${d.code}]`)}`];
  const excerpt = d.range ? sourceExcerpt(d, sources.get(d.range.filename)) : undefined;
  if (excerpt) lines.push(...excerpt.map((l) => c.dim(l)));
  if (d.detail) lines.push(`  ${d.detail}`);
  if (d.hint) lines.push(`  ${c.cyan('hint:')} ${d.hint}`);
  return `${lines.join('\n')}\n`;
}

function sourceExcerpt(d: Diagnostic, source: string | undefined): string[] | undefined {
  if (!source || !d.range) return undefined;
  const { line, column } = d.range.start;
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined || text.trim() === '') return undefined;
  // Cut long lines around the fault so the caret stays on screen.
  const start = Math.max(0, column - 60);
  const shown = text.slice(start, start + 100).replace(/\t/g, ' ');
  const sameLine = d.range.end.line === line;
  const width = sameLine ? Math.max(1, Math.min(d.range.end.column - column, shown.length - (column - 1 - start))) : 1;
  const gutter = String(line).padStart(4);
  return [`${gutter} | ${shown}`, `${' '.repeat(gutter.length)} | ${' '.repeat(column - 1 - start)}${'^'.repeat(width)}`];
}

/** Writes diagnostics for people on stderr, with source excerpts when the sources are known. */
export function writeDiagnostics(
  out: Pick<ReportOutput, 'stderr' | 'colors'>,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string> = new Map(),
  file?: string,
): void {
  for (const d of diagnostics) out.stderr.write(formatDiagnostic(d, sources, out.colors, file));
}
