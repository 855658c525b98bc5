/**
 * Qovery's explanation of each failed service (`ApplyResult.failureLogs`), in every format: a
 * block under the text summary, `error`/`log` fields in JSON, one annotation per failed service
 * and a `<details>` block in the job summary. The text was redacted when it was read; here it is
 * kept from starting a workflow command (every log line is indented behind a bar) or breaking HTML.
 */
import type { Colors } from 'picocolors/types.js';
import type { AppliedFile } from '../../results.js';
import type { FailureDetail } from '../../wait/failure-logs.js';

/** A failed service and Qovery's explanation of it. */
export interface ExplainedFailure {
  id: string;
  /** `container web`. */
  label: string;
  state: string;
  detail?: FailureDetail;
}

/** The services of an applied file that ended in a failure state, with what the logs said. */
export function explainedFailures(applied: AppliedFile): ExplainedFailure[] {
  const logs = applied.apply?.failureLogs;
  if (!logs) return [];
  return (applied.apply?.outcomes ?? []).flatMap((o) => {
    const detail = logs.details[o.id];
    if (o.result !== 'failed' || (!detail && !logs.unavailable)) return [];
    const entry = applied.plan?.entries.find((e) => e.id === o.id);
    const label = entry ? `${entry.kind} ${entry.name ?? entry.id}` : o.id;
    return [{ id: o.id, label, state: o.finalState, ...(detail ? { detail } : {}) }];
  });
}

/** The annotation message of a failed service: Qovery's message, else its state. */
export function failureMessage(failure: ExplainedFailure): string {
  const d = failure.detail;
  const parts = [d?.message ?? failure.state, d?.hint ? `hint: ${d.hint}` : undefined, d?.link ? `see ${d.link}` : undefined];
  return parts.filter(Boolean).join('\n');
}

/** The text block under the summary table: per failed service, Qovery's message, hint, link and last lines. */
export function failureText(applied: AppliedFile, c: Colors): string {
  const logs = applied.apply?.failureLogs;
  if (!logs) return '';
  if (logs.unavailable) return `${c.yellow(`Why it failed is not known: ${logs.unavailable}.`)}\n`;
  let out = '';
  for (const f of explainedFailures(applied)) {
    const d = f.detail;
    out += `\n${c.bold(c.red(`${f.label} failed (${f.state})`))}${logs.executionId ? ` in deployment ${logs.executionId}` : ''}\n`;
    if (d?.message) out += `  error: ${d.message}\n`;
    if (d?.hint) out += `  hint:  ${d.hint}\n`;
    if (d?.link) out += `  docs:  ${d.link}\n`;
    if (d && d.lines.length > 0) out += `  last ${d.lines.length} log line${d.lines.length === 1 ? '' : 's'}:\n${d.lines.map((l) => `  │ ${l}\n`).join('')}`;
  }
  return out;
}

/** The `error` and `log` fields of a failed service in `--format json` (nothing for other services). */
export function failureJson(applied: AppliedFile, id: string): { error?: { message: string | null; hint: string | null; link: string | null } | null; log?: string[] | null } {
  const failure = explainedFailures(applied).find((f) => f.id === id);
  if (!failure) return {};
  const d = failure.detail;
  if (!d) return { error: null, log: null };
  return { error: d.message || d.hint || d.link ? { message: d.message ?? null, hint: d.hint ?? null, link: d.link ?? null } : null, log: d.lines };
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The job summary's account of each failed service: message, hint, link, and the lines in a `<details>` block. */
export function failureSummary(applied: AppliedFile): string {
  const logs = applied.apply?.failureLogs;
  if (!logs) return '';
  if (logs.unavailable) return `\n_Why it failed is not known: ${html(logs.unavailable)}._\n`;
  return explainedFailures(applied)
    .map((f) => {
      const d = f.detail;
      let out = `\n**${html(f.label)} failed** (${html(f.state)})${d?.message ? `: ${html(d.message)}` : ''}\n`;
      if (d?.hint) out += `\nHint: ${html(d.hint)}\n`;
      if (d?.link) out += `\nSee <${html(d.link)}>\n`;
      if (d && d.lines.length > 0) out += `\n<details><summary>Last ${d.lines.length} log lines</summary>\n\n<pre>\n${d.lines.map(html).join('\n')}\n</pre>\n</details>\n`;
      return out;
    })
    .join('');
}
