import { toJsonDiagnostic } from '../json.js';
import type { Reporter } from '../reporter.js';
import { errorsOf } from './counts.js';
import type { ValidateReport } from './formats.js';

/** `validate --format json`: Terraform's `validate -json` shape, over every file, plus a per-file list. */
export const validateJson: Reporter<ValidateReport> = {
  end({ files }, out) {
    const diagnostics = files.flatMap((r) => r.diagnostics.map((d) => toJsonDiagnostic(d, r.file)));
    const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
    const document = {
      format_version: '1.0',
      valid: errorCount === 0,
      error_count: errorCount,
      warning_count: diagnostics.length - errorCount,
      diagnostics,
      files: files.map((r) => ({
        filename: r.file,
        valid: errorsOf(r).length === 0,
        error_count: errorsOf(r).length,
        services: r.manifest?.services.length ?? 0,
      })),
    };
    out.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  },
};
