import type { PreviewDownResult, PreviewUpResult } from '../../preview/types.js';
import { writeDiagnostics } from '../diagnostics-text.js';
import type { ReportOutput, Reporter } from '../reporter.js';
import { applyText } from '../run/text.js';

/** The preview's lines after the apply's report: where it is and its URLs. */
export function previewUpLines({ name, environment, urls }: Pick<PreviewUpResult, 'name' | 'environment' | 'urls'>): string {
  if (!environment) return '';
  const how = environment.created ? 'cloned by this run' : 'already there';
  let text = `Preview environment ${environment.name} (${environment.id}), ${how}.\n`;
  if (urls.length === 0) text += `No public URL for ${name}.\n`;
  else text += `URLs:\n${urls.map((u) => `  ${u.service}  ${u.url}`).join('\n')}\n`;
  return text;
}

/** What `down` did, in one line. */
export function previewDownLine({ name, environment, deleted, exitCode }: PreviewDownResult): string {
  if (deleted && environment) return `Deleted preview environment ${environment.name} (${environment.id}).\n`;
  // A refusal or a failure is told by its diagnostic alone.
  if (!environment && exitCode === 0) return `No environment named ${name}: nothing to delete.\n`;
  return '';
}

/** `preview up --format text`: the apply's report (problems on stderr), then the environment and its URLs. */
export const previewUpText: Reporter<PreviewUpResult> = {
  end(result, out: ReportOutput) {
    applyText.file?.({ applied: result.applied, dryRun: false }, out);
    out.stdout.write(previewUpLines(result));
  },
};

/** `preview down --format text`: problems on stderr, what was deleted on stdout. */
export const previewDownText: Reporter<PreviewDownResult> = {
  end(result, out) {
    writeDiagnostics(out, result.diagnostics, new Map([[result.file, result.source]]), result.file);
    out.stdout.write(previewDownLine(result));
  },
};
