import { hasVersion } from '../../kinds.js';
import type { LastFailures, StatusRow } from '../../results.js';
import { writeDiagnostics } from '../diagnostics-text.js';
import type { Reporter } from '../reporter.js';
import { textTable } from '../text-table.js';
import { short } from '../versions.js';
import type { Colors } from 'picocolors/types.js';
import type { StatusReport } from './formats.js';

const NOT_IN_MANIFEST = 'not in the manifest';
const NOT_FOUND = 'not found in the environment';
const STATE_COLUMN = 4;

/** `status --format text`: the diagnostics on stderr; one row per service, coloured by state, then a summary. */
export const statusText: Reporter<StatusReport> = {
  end({ file, source, manifest, live, rows, diagnostics, failures }, out) {
    const c = out.colors;
    writeDiagnostics(out, diagnostics, new Map([[file, source]]), file);
    const env = manifest.environment;
    const names = env.organization ? `${env.organization}/${env.project}/${env.name} ` : '';
    const cells = rows.map((r) => [
      r.kind,
      r.name ?? '—',
      r.id ?? '—',
      !hasVersion(r.kind) ? '—' : short(r.version ?? undefined),
      r.state ?? '—',
      r.deploymentStatus ?? '—',
      r.deploymentRequestId ?? '—',
      noteOf(r),
    ]);
    const paint = (cell: string, column: number) =>
      column !== STATE_COLUMN || cell === '—' ? undefined : isFailedState(cell) ? c.red : cell === 'DEPLOYED' ? c.green : c.yellow;
    const counts = new Map<string, number>();
    for (const r of rows) if (r.state) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
    const listed = rows.filter((r) => r.inManifest).length;
    let text = `${c.bold(`${file} → environment ${names}(${live.environmentId})`)}\n`;
    text += textTable(['KIND', 'SERVICE', 'ID', 'VERSION', 'STATE', 'DEPLOYMENT', 'LAST REQUEST', 'NOTE'], cells, c, paint);
    const byState = [...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'no states reported';
    text += `${listed} in the manifest, ${rows.length - listed} ${NOT_IN_MANIFEST}: ${byState}.\n`;
    for (const q of live.queue) text += `Deployment request ${q.id} is queued or running (${q.serviceIds.length} service(s)).\n`;
    out.stdout.write(text + failuresText(rows, failures, c));
  },
};

/** A state that ended badly: shown in red. */
function isFailedState(state: string): boolean {
  return state.endsWith('_ERROR') || state === 'CANCELED';
}

function noteOf(r: StatusRow): string {
  const notes = [r.inManifest ? undefined : NOT_IN_MANIFEST, r.id === null ? NOT_FOUND : r.state === null ? 'no status reported' : undefined];
  if (r.requestsCount > 0) notes.push(`${r.requestsCount} request(s) queued or running`);
  return notes.filter(Boolean).join('; ');
}

/** Under the table: why each failed service's last deployment failed (message, hint, link). */
function failuresText(rows: readonly StatusRow[], failures: LastFailures | undefined, c: Colors): string {
  if (!failures) return '';
  if (failures.unavailable) return `${c.yellow(`Why the failed services failed is not known: ${failures.unavailable}.`)}\n`;
  let text = '';
  for (const r of rows) {
    const failure = r.id === null ? undefined : failures.byService[r.id];
    if (!failure) continue;
    const d = failure.detail;
    text += `\n${c.bold(c.red(`${r.kind} ${r.name ?? r.id} ${r.state ?? ''}`))} in deployment ${failure.executionId}\n`;
    if (d.message) text += `  error: ${d.message}\n`;
    if (d.hint) text += `  hint:  ${d.hint}\n`;
    if (d.link) text += `  docs:  ${d.link}\n`;
  }
  return text;
}
