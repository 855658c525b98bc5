import type { Diagnostic } from '../../diagnostics/types.js';
import { toJsonDiagnostic } from '../json.js';
import type { Reporter } from '../reporter.js';
import type { FailureReport } from './formats.js';

/**
 * The one JSON document of a command that stopped before it had anything else to report: the
 * command's own shape, empty, with the diagnostics. Scripts parse one shape per command.
 */
export const failureJson: Reporter<FailureReport> = {
  end({ command, diagnostics, file }, out) {
    out.stdout.write(`${JSON.stringify(emptyDocument(command, diagnostics, file), null, 2)}\n`);
  },
};

function emptyDocument(command: string | undefined, diagnostics: readonly Diagnostic[], file?: string): object {
  const list = diagnostics.map((d) => toJsonDiagnostic(d, file));
  const errors = list.filter((d) => d.severity === 'error').length;
  const base = { format_version: '1.0' };
  switch (command) {
    case 'validate':
      return { ...base, valid: false, error_count: errors, warning_count: list.length - errors, diagnostics: list, files: [] };
    case 'plan':
    case 'apply':
      return { ...base, files: [], diagnostics: list };
    case 'render':
      return { ...base, file: file ?? null, environment_id: null, refs: [], requests: [], diagnostics: list };
    case 'status':
      return { ...base, file: file ?? null, environment_id: null, read_at: null, services: [], queue: [], diagnostics: list };
    case 'init':
      return { ...base, environment_id: null, file: null, manifest: null, services: [], diagnostics: list };
    default:
      return { ...base, valid: false, diagnostics: list };
  }
}
