import { compileRequests } from '../compile/index.js';
import { tokenFromEnv } from '../qovery/endpoint.js';
import { apiNameLookup } from '../qovery/names.js';
import { resolveManifest } from '../resolve/index.js';
import { checkFile } from '../workflows/validate-files.js';
import { short } from '../report/plan-report.js';
import type { ResolvedManifest } from '../types.js';
import { createClient, printDiagnostics, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

export interface RenderCommandOptions extends ApiOptions {
  file: string;
  format: 'text' | 'json';
}

/** Every revision the manifest names, with the SHA it resolved to. */
function refsOf(resolved: ResolvedManifest) {
  return resolved.services.flatMap((s) => {
    const d = s.desired;
    const label = { service: s.name ?? s.id, kind: s.kind, id: s.id };
    const out: { service: string; kind: string; id: string; field: string; ref: string; sha: string }[] = [];
    if ('commit' in d) out.push({ ...label, field: 'commit', ...d.commit });
    if ('values_override_commit' in d && d.values_override_commit) out.push({ ...label, field: 'values_override_commit', ...d.values_override_commit });
    return out;
  });
}

/**
 * `qovery-deploy render [FILE]`: the method, path and exact JSON body of every request apply would
 * send, with each resolved SHA beside the ref the user wrote. Offline when the manifest uses UUIDs.
 */
export async function runRender(options: RenderCommandOptions, ctx: CommandContext): Promise<number> {
  const checked = await checkFile(options.file, { cwd: ctx.cwd, env: ctx.env });
  const sources = new Map([[options.file, checked.source]]);
  if (!checked.manifest) {
    printDiagnostics(ctx, checked.diagnostics, sources, options.file);
    return exitCodeFor(checked.diagnostics) || EXIT.invalid;
  }
  const manifest = checked.manifest;
  // Names need the API; a manifest of UUIDs renders with no token and no network.
  const needsApi = manifest.environment.id === undefined || manifest.services.some((s) => s.id === undefined || s.name !== undefined);
  let names;
  if (needsApi && tokenFromEnv(ctx.env)) {
    const client = createClient(ctx, options, () => {});
    if (!client) return EXIT.invalid;
    names = apiNameLookup(client);
  }
  const resolved = await resolveManifest(manifest, { cwd: ctx.cwd, env: { ...ctx.env }, ...(names ? { names } : {}) });
  if (!resolved.value) {
    printDiagnostics(ctx, resolved.diagnostics, sources, options.file);
    return exitCodeFor(resolved.diagnostics) || EXIT.invalid;
  }
  const requests = compileRequests(resolved.value);
  const refs = refsOf(resolved.value);

  if (options.format === 'json') {
    const document = {
      format_version: '1.0',
      file: options.file,
      environment_id: resolved.value.environmentId,
      refs,
      requests: requests.map((r) => ({ method: r.method, path: r.path, body: r.body })),
    };
    ctx.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return EXIT.ok;
  }
  let out = `# ${options.file} → environment ${resolved.value.environmentId}\n`;
  for (const r of refs) out += `# ${r.kind} ${r.service}: ${r.field} ${r.ref} → ${r.sha}${r.ref === r.sha ? '' : ` (${short(r.sha)})`}\n`;
  if (requests.length === 0) out += '# no services: apply would send nothing\n';
  for (const r of requests) out += `\n${r.method} ${r.path}\n${JSON.stringify(r.body, null, 2)}\n`;
  ctx.stdout.write(out);
  return EXIT.ok;
}
