import { resolve } from 'node:path';
import { compileRequests } from '../compile/compile-requests.js';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { tokenFromEnv } from '../qovery/endpoint.js';
import { apiNameLookup } from '../qovery/names.js';
import { resolveManifest } from '../resolve/resolve-manifest.js';
import { checkFile } from '../workflows/validate-files.js';
import { RENDER_REPORTERS } from '../report/render/formats.js';
import type { Manifest } from '../types.js';
import { createClient, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { reportFailure } from './failure.js';

export interface RenderCommandOptions extends ApiOptions {
  file: string;
  format: 'text' | 'json';
  /** The folder local `repository:` paths must stay in. */
  workspace?: string;
}

/**
 * `qovery-deploy render [FILE]`: the method, path and exact JSON body of every request apply would
 * send, with each resolved SHA beside the ref the user wrote. Offline when the manifest uses UUIDs.
 */
export async function runRenderCommand(options: RenderCommandOptions, ctx: CommandContext): Promise<number> {
  const checked = await checkFile(options.file, { cwd: ctx.cwd, env: ctx.env });
  const fail = (diagnostics: Diagnostic[]) =>
    reportFailure(ctx, { command: 'render', format: options.format, diagnostics, exitCode: exitCodeFor(diagnostics) || EXIT.invalid, file: options.file, source: checked.source });
  if (!checked.manifest) return fail(checked.diagnostics);
  const manifest = checked.manifest;
  // Names need the API; a manifest of UUIDs renders with no token and no network.
  const named = namedThings(manifest);
  let names;
  if (named.length > 0 && tokenFromEnv(ctx.env)) {
    const client = createClient(ctx, options, () => {});
    if ('diagnostic' in client) return fail([client.diagnostic]);
    names = apiNameLookup(client);
  }
  const resolved = await resolveManifest(manifest, {
    cwd: ctx.cwd,
    env: { ...ctx.env },
    ...(names ? { names } : {}),
    ...(options.workspace ? { workspace: resolve(ctx.cwd, options.workspace) } : {}),
  });
  if (!resolved.value) {
    // Without a token every name would fail on its own: say once what is missing and why.
    const withoutToken = named.length > 0 && !names;
    const diagnostics = withoutToken
      ? [diagnostic('NEEDS_API_TOKEN', { what: named.join(' and ') }), ...resolved.diagnostics.filter((d) => d.code !== 'NEEDS_API')]
      : resolved.diagnostics;
    return fail(diagnostics);
  }
  const requests = compileRequests(resolved.value);
  await RENDER_REPORTERS[options.format].end({ file: options.file, source: checked.source, resolved: resolved.value, requests, warnings: checked.diagnostics }, ctx);
  return EXIT.ok;
}

/** What in a manifest is given by name only, so that finding it needs the API (for one message). */
function namedThings(manifest: Manifest): string[] {
  const out: string[] = [];
  const env = manifest.environment;
  if (env.name !== undefined) out.push(`the environment ${env.organization}/${env.project}/${env.name}`);
  const services = manifest.services.filter((s) => s.id === undefined || s.name !== undefined);
  if (services.length > 0) out.push(`${services.length === 1 ? 'the service' : `${services.length} services`} given by name`);
  return out;
}
