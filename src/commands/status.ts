import type { Colors } from 'picocolors/types.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { readLiveState, type LiveState } from '../qovery/live-state.js';
import { apiNameLookup } from '../qovery/names.js';
import { toJsonDiagnostic } from '../report/json.js';
import { short } from '../report/plan-report.js';
import { hasVersion } from '../kinds.js';
import type { Manifest } from '../types.js';
import { rangeAt } from '../load/positions.js';
import { diagnosticsOf } from '../diagnostics/error.js';
import { isFailedState, statusRows, type StatusRow } from '../workflows/service-status.js';
import { checkFile } from '../workflows/validate-files.js';
import { createClient, printDiagnostics, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

export interface StatusCommandOptions extends ApiOptions {
  file: string;
  format: 'text' | 'json';
}

const NOT_IN_MANIFEST = 'not in the manifest';
const NOT_FOUND = 'not found in the environment';

/**
 * `qovery-deploy status [FILE]`: the live state of every service of the environment the manifest
 * names, manifest services first, then the others. Reads the API only (names, then one live-state
 * read); git is not needed. Exits 0 whatever the services' states; 1 or 5 when it cannot tell.
 */
export async function runStatusCommand(options: StatusCommandOptions, ctx: CommandContext): Promise<number> {
  const checked = await checkFile(options.file, { cwd: ctx.cwd, env: ctx.env });
  const sources = new Map([[options.file, checked.source]]);
  const fail = (diagnostics: Diagnostic[]) => {
    if (options.format === 'json') writeJson(ctx, options.file, undefined, [], diagnostics);
    else printDiagnostics(ctx, diagnostics, sources, options.file);
    return exitCodeFor(diagnostics) || EXIT.invalid;
  };
  if (!checked.manifest) return fail(checked.diagnostics);
  const manifest = checked.manifest;
  const client = createClient(ctx, options, (line) => ctx.stderr.write(`${line}\n`));
  if ('diagnostic' in client) return fail([client.diagnostic]);

  let live: LiveState;
  try {
    const environmentId = await environmentIdOf(manifest, apiNameLookup(client));
    if (typeof environmentId !== 'string') return fail([environmentId]);
    live = await readLiveState(client, environmentId);
  } catch (error) {
    return fail(diagnosticsOf(error));
  }
  const { rows, diagnostics } = statusRows(manifest, live);
  if (options.format === 'json') writeJson(ctx, options.file, live, rows, diagnostics);
  else {
    printDiagnostics(ctx, diagnostics, sources, options.file);
    ctx.stdout.write(renderStatusText(options.file, manifest, live, rows, ctx.colors));
  }
  return exitCodeFor(diagnostics);
}

/** The environment's id: as written, or found by its names (which also checks an id given beside them). */
async function environmentIdOf(manifest: Manifest, names: ReturnType<typeof apiNameLookup>): Promise<string | Diagnostic> {
  const env = manifest.environment;
  if (env.name === undefined && env.id !== undefined) return env.id;
  const found = await names.environment(env);
  if ('id' in found) return found.id;
  return { ...found.diagnostic, range: rangeAt({ positions: manifest.positions, file: manifest.file }, `/environment/${found.field}`) };
}

function writeJson(ctx: CommandContext, file: string, live: LiveState | undefined, rows: StatusRow[], diagnostics: Diagnostic[]): void {
  const document = {
    format_version: '1.0',
    file,
    environment_id: live?.environmentId ?? null,
    read_at: live?.readAt ?? null,
    services: rows.map((r) => ({
      kind: r.kind,
      name: r.name,
      id: r.id,
      in_manifest: r.inManifest,
      version: r.version,
      values_override_commit: r.valuesOverrideCommit,
      state: r.state,
      deployment_status: r.deploymentStatus,
      deployment_request_id: r.deploymentRequestId,
      deployment_requests_count: r.requestsCount,
      action: r.action,
      action_status: r.actionStatus,
    })),
    queue: (live?.queue ?? []).map((q) => ({ deployment_request_id: q.id, service_ids: q.serviceIds })),
    diagnostics: diagnostics.map((d) => toJsonDiagnostic(d, file)),
  };
  ctx.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

function noteOf(r: StatusRow): string {
  const notes = [r.inManifest ? undefined : NOT_IN_MANIFEST, r.id === null ? NOT_FOUND : r.state === null ? 'no status reported' : undefined];
  if (r.requestsCount > 0) notes.push(`${r.requestsCount} request(s) queued or running`);
  return notes.filter(Boolean).join('; ');
}

/** The status table for people: one row per service, colour by state, then a one-line summary. */
export function renderStatusText(file: string, manifest: Manifest, live: LiveState, rows: StatusRow[], c: Colors): string {
  const env = manifest.environment;
  const names = env.organization ? `${env.organization}/${env.project}/${env.name} ` : '';
  const header = ['KIND', 'SERVICE', 'ID', 'VERSION', 'STATE', 'DEPLOYMENT', 'LAST REQUEST', 'NOTE'];
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
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const paint = (state: string) => (isFailedState(state) ? c.red : state === 'DEPLOYED' ? c.green : state === '—' ? (s: string) => s : c.yellow);
  const line = (row: string[], colour = true) =>
    `  ${row.map((cell, i) => (i === 4 && colour ? paint(cell)(cell.padEnd(widths[i]!)) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  const counts = new Map<string, number>();
  for (const r of rows) if (r.state) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const listed = rows.filter((r) => r.inManifest).length;
  const others = rows.length - listed;
  let out = `${c.bold(`${file} → environment ${names}(${live.environmentId})`)}\n`;
  out += `${c.dim(line(header, false))}\n${cells.map((row) => line(row)).join('\n')}${cells.length > 0 ? '\n' : ''}`;
  const byState = [...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'no states reported';
  out += `${listed} in the manifest, ${others} ${NOT_IN_MANIFEST}: ${byState}.\n`;
  for (const q of live.queue) out += `Deployment request ${q.id} is queued or running (${q.serviceIds.length} service(s)).\n`;
  return out;
}
