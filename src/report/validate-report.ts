import type { Colors } from 'picocolors/types.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { FileReport } from '../workflows/validate-files.js';
import { formatDiagnostic, locationOf } from './diagnostics-text.js';
import { tableCell } from '../text/escape.js';
import { cappedAnnotations, fitSummary, neutralize } from './github.js';
import { toJsonDiagnostic } from './json.js';

const errorsOf = (r: FileReport): Diagnostic[] => r.diagnostics.filter((d) => d.severity === 'error');
const sourcesOf = (reports: readonly FileReport[]) => new Map(reports.map((r) => [r.file, r.source]));

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `validate --format text`: every diagnostic with its source line and each failed file for stderr;
 * a line per valid file (and, when all passed, the total) for stdout.
 */
export function renderValidateText(reports: readonly FileReport[], c: Colors): { stdout: string; stderr: string } {
  const sources = sourcesOf(reports);
  let stderr = '';
  let stdout = '';
  for (const report of reports) {
    for (const d of report.diagnostics) stderr += formatDiagnostic(d, sources, c, report.file);
  }
  for (const report of reports) {
    const errors = errorsOf(report).length;
    const warnings = report.diagnostics.length - errors;
    if (errors > 0) stderr += `${c.red('✗')} ${report.file}: ${plural(errors, 'error')}\n`;
    else stdout += `${c.green('✓')} ${report.file}: valid (${plural(report.manifest?.services.length ?? 0, 'service')}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''})\n`;
  }
  if (reports.length > 1) {
    const invalid = reports.filter((r) => errorsOf(r).length > 0).length;
    const total = `${plural(reports.length, 'file')}: ${reports.length - invalid} valid, ${invalid} invalid\n`;
    if (invalid > 0) stderr += total;
    else stdout += total;
  }
  return { stdout, stderr };
}

/** `validate --format json`: Terraform's `validate -json` shape, over every file, plus a per-file list. */
export function renderValidateJson(reports: readonly FileReport[]): string {
  const diagnostics = reports.flatMap((r) => r.diagnostics.map((d) => toJsonDiagnostic(d, r.file)));
  const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
  const document = {
    format_version: '1.0',
    valid: errorCount === 0,
    error_count: errorCount,
    warning_count: diagnostics.length - errorCount,
    diagnostics,
    files: reports.map((r) => ({
      filename: r.file,
      valid: errorsOf(r).length === 0,
      error_count: errorsOf(r).length,
      services: r.manifest?.services.length ?? 0,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * `validate --format github`: the first ten errors as annotations on their lines (GitHub shows no
 * more per step), the rest as plain log lines, and all of them in the job summary.
 */
export function renderValidateGithub(reports: readonly FileReport[], workspace: string): { log: string; summary: string } {
  const all = reports.flatMap((r) => r.diagnostics.map((d) => ({ d, file: r.file })));
  let log = cappedAnnotations(all, workspace);
  for (const report of reports) {
    const errors = errorsOf(report).length;
    log += `${neutralize(errors === 0 ? `${report.file}: valid` : `${report.file}: ${plural(errors, 'error')}`)}\n`;
  }

  const invalid = reports.filter((r) => errorsOf(r).length > 0).length;
  let summary = `## qovery-deploy validate\n\n${invalid === 0 ? '✅' : '❌'} ${plural(reports.length, 'file')}: ${reports.length - invalid} valid, ${invalid} invalid\n\n`;
  if (all.length > 0) {
    summary += '| Location | Problem | Hint |\n|---|---|---|\n';
    for (const { d, file } of all) {
      summary += `| \`${tableCell(locationOf(d, file))}\` | ${tableCell(d.summary)} | ${tableCell(d.hint ?? '')} |\n`;
    }
  }
  return { log, summary: fitSummary(`${summary}\n`) };
}
