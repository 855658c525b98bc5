import { tableCell } from '../../text/escape.js';
import { locationOf } from '../diagnostics-text.js';
import { appendStepSummary, cappedAnnotations, workspaceOf, writeStepOutputs } from '../github.js';
import type { Reporter } from '../reporter.js';
import type { FailureReport } from './formats.js';

/** The GitHub side of a failure: annotations, a job summary section and the step outputs. */
export const failureGithub: Reporter<FailureReport> = {
  async end({ command, diagnostics, exitCode, file }, out) {
    out.stdout.write(cappedAnnotations(diagnostics.map((d) => ({ d, file: file ?? '' })), workspaceOf(out)));
    if (out.env.GITHUB_STEP_SUMMARY) {
      const lines = diagnostics.map((d) => {
        const where = locationOf(d, file);
        return `- ${where ? `\`${tableCell(where)}\` ` : ''}${tableCell(d.summary)} (\`${d.code}\`)${d.hint ? ` — ${tableCell(d.hint)}` : ''}`;
      });
      await appendStepSummary(out, `## qovery-deploy ${command ?? ''}`.trimEnd() + `\n\n❌ stopped with exit code ${exitCode}, nothing was sent\n\n${lines.join('\n')}\n\n`);
    }
    await writeStepOutputs(out, { exitcode: String(exitCode), ...(command === 'plan' || command === 'apply' ? { changes: 'false', 'deployment-request-ids': '' } : {}) });
  },
};
