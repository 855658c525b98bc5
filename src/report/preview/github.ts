import type { PreviewDownResult, PreviewUpResult } from '../../preview/types.js';
import { tableCell } from '../../text/escape.js';
import { appendStepSummary, cappedAnnotations, workspaceOf, writeStepOutputs } from '../github.js';
import type { Reporter } from '../reporter.js';
import { applyGithub } from '../run/github.js';
import { previewDownLine, previewUpLines } from './text.js';

/** The job summary's section about the preview: its name, id and URLs. */
export function previewSummary({ environment, urls }: Pick<PreviewUpResult, 'environment' | 'urls'>): string {
  if (!environment) return '';
  const list = urls.length > 0 ? urls.map((u) => `- ${tableCell(u.service)}: ${u.url}`).join('\n') : '_no public URL_';
  return `### Preview environment \`${tableCell(environment.name)}\`\n\n${environment.created ? 'Cloned by this run' : 'Already there'} · \`${environment.id}\`\n\n${list}\n\n`;
}

/**
 * `preview up --format github`: the apply's log, annotations, summary and outputs, then the
 * preview's section of the summary and the outputs `environment-id`, `environment-name`, `urls`
 * (a JSON array of `{service, url}`).
 */
export const previewUpGithub: Reporter<PreviewUpResult> = {
  async end(result, out) {
    const { applied, exitCode } = result;
    applyGithub.file?.({ applied, dryRun: false }, out);
    out.stdout.write(previewUpLines(result));
    await applyGithub.end({ command: 'apply', files: [applied], codes: [exitCode], problems: [], exitCode }, out);
    if (out.env.GITHUB_STEP_SUMMARY && result.environment) await appendStepSummary(out, previewSummary(result));
    await writeStepOutputs(out, {
      'environment-id': result.environment?.id ?? '',
      'environment-name': result.environment?.name ?? '',
      urls: JSON.stringify(result.urls),
    });
  },
};

/** `preview down --format github`: annotations, one line, and the outputs `exitcode`, `environment-id`, `deleted`. */
export const previewDownGithub: Reporter<PreviewDownResult> = {
  async end(result, out) {
    out.stdout.write(cappedAnnotations(result.diagnostics.map((d) => ({ d, file: result.file })), workspaceOf(out)));
    out.stdout.write(previewDownLine(result));
    await writeStepOutputs(out, {
      exitcode: String(result.exitCode),
      'environment-id': result.environment?.id ?? '',
      'environment-name': result.environment?.name ?? result.name,
      deleted: String(result.deleted),
    });
  },
};
