import type { FileReport } from '../../results.js';
import { formatDiagnostic } from '../diagnostics-text.js';
import type { Reporter } from '../reporter.js';
import { errorsOf, fileCounts, plural } from './counts.js';
import type { ValidateReport } from './formats.js';

/**
 * `validate --format text`: every diagnostic with its source line and each failed file on stderr;
 * a line per valid file (and, when all passed, the total) on stdout.
 */
export const validateText: Reporter<ValidateReport> = {
  end({ files }, out) {
    const c = out.colors;
    const sources = new Map(files.map((r) => [r.file, r.source]));
    let stderr = '';
    let stdout = '';
    for (const report of files) {
      for (const d of report.diagnostics) stderr += formatDiagnostic(d, sources, c, report.file);
    }
    for (const report of files) {
      const errors = errorsOf(report).length;
      const warnings = report.diagnostics.length - errors;
      if (errors > 0) stderr += `${c.red('✗')} ${report.file}: ${plural(errors, 'error')}\n`;
      else stdout += `${c.green('✓')} ${report.file}: valid (${plural(servicesOf(report), 'service')}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''})\n`;
    }
    if (files.length > 1) {
      const { invalid, line } = fileCounts(files);
      if (invalid > 0) stderr += `${line}\n`;
      else stdout += `${line}\n`;
    }
    out.stderr.write(stderr);
    out.stdout.write(stdout);
  },
};

function servicesOf(report: FileReport): number {
  return report.manifest?.services.length ?? 0;
}
