import { tableCell } from '../../text/escape.js';
import { locationOf } from '../diagnostics-text.js';
import { appendStepSummary, cappedAnnotations, fitSummary, neutralize, workspaceOf, writeStepOutputs } from '../github.js';
import type { Reporter } from '../reporter.js';
import { errorsOf, fileCounts, plural } from './counts.js';
import type { ValidateReport } from './formats.js';

/**
 * `validate --format github`: the first ten errors as annotations on their lines (GitHub shows no
 * more per step), the rest as plain log lines, all of them in the job summary, and the `exitcode`
 * step output.
 */
export const validateGithub: Reporter<ValidateReport> = {
  async end({ files, exitCode }, out) {
    const all = files.flatMap((r) => r.diagnostics.map((d) => ({ d, file: r.file })));
    let log = cappedAnnotations(all, workspaceOf(out));
    for (const report of files) {
      const errors = errorsOf(report).length;
      log += `${neutralize(errors === 0 ? `${report.file}: valid` : `${report.file}: ${plural(errors, 'error')}`)}\n`;
    }
    out.stdout.write(log);

    const { invalid, line } = fileCounts(files);
    let summary = `## qovery-deploy validate\n\n${invalid === 0 ? '✅' : '❌'} ${line}\n\n`;
    if (all.length > 0) {
      summary += '| Location | Problem | Hint |\n|---|---|---|\n';
      for (const { d, file } of all) {
        summary += `| \`${tableCell(locationOf(d, file))}\` | ${tableCell(d.summary)} | ${tableCell(d.hint ?? '')} |\n`;
      }
    }
    await appendStepSummary(out, fitSummary(`${summary}\n`));
    await writeStepOutputs(out, { exitcode: String(exitCode) });
  },
};
