import type { PreviewDownResult, PreviewUpResult } from '../../preview/types.js';
import { toJsonDiagnostic } from '../json.js';
import type { ReportOutput, Reporter } from '../reporter.js';
import { runJsonDocument } from '../run/json.js';

/** One document: the format version, the preview's name, what is particular to the command, the exit code. */
function write(out: ReportOutput, name: string, fields: Record<string, unknown>, exitCode: number): void {
  out.stdout.write(`${JSON.stringify({ format_version: '1.0', name, ...fields, exit_code: exitCode }, null, 2)}\n`);
}

/** `preview up --format json`: the environment, its URLs, and the apply's file as `apply --format json` shows it. */
export const previewUpJson: Reporter<PreviewUpResult> = {
  end({ name, environment, applied, urls, exitCode }, out) {
    const apply = runJsonDocument({ command: 'apply', files: [applied], codes: [exitCode], problems: [] }).files[0];
    const env = environment ? { id: environment.id, name: environment.name, created: environment.created } : null;
    write(out, name, { environment: env, urls, apply }, exitCode);
  },
};

/** `preview down --format json`: what was deleted (or refused) and why. */
export const previewDownJson: Reporter<PreviewDownResult> = {
  end({ file, name, environment, deleted, diagnostics, exitCode }, out) {
    const env = environment ? { id: environment.id, name: environment.name, mode: environment.mode } : null;
    write(out, name, { environment: env, deleted, diagnostics: diagnostics.map((d) => toJsonDiagnostic(d, file)) }, exitCode);
  },
};
