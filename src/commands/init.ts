import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import { parseServices, parseStatuses } from '../qovery/live-state.js';
import { apiNameLookup } from '../qovery/names.js';
import { diagnosticsOf } from '../diagnostics/error.js';
import { buildInitManifest, parseEnvironmentArgument } from '../workflows/init-manifest.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { createClient, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { reportFailure } from './failure.js';
import type { InitManifest } from '../results.js';
import { INIT_REPORTERS } from '../report/init/formats.js';

export interface InitCommandOptions extends ApiOptions {
  /** `ID` or `ORGANIZATION/PROJECT/ENVIRONMENT`. */
  environment: string;
  /** Write here instead of stdout. */
  out?: string;
  /** Overwrite `out` when it exists. */
  force: boolean;
  format: 'text' | 'json';
}

/**
 * `qovery-deploy init --environment ID|ORG/PROJECT/ENV [--out FILE]`: writes a manifest of every
 * service of the environment, pinned to the version Qovery has for it now. Reads the API only.
 */
export async function runInitCommand(options: InitCommandOptions, ctx: CommandContext): Promise<number> {
  const fail = (diagnostics: Diagnostic[], exitCode = exitCodeFor(diagnostics) || EXIT.invalid) =>
    reportFailure(ctx, { command: 'init', format: options.format, diagnostics, exitCode });
  const usage = (message: string, hint?: string) => fail([diagnostic('USAGE', { message, ...(hint ? { hint } : {}) })]);
  const spec = parseEnvironmentArgument(options.environment);
  if (!spec) {
    return usage(
      `--environment ${JSON.stringify(options.environment)} is neither an environment id nor ORGANIZATION/PROJECT/ENVIRONMENT`,
      'give the environment UUID (from the Qovery console URL) or its names, e.g. --environment Acme/shop/production',
    );
  }
  // Checked before any API call so a typo costs nothing; the write itself refuses too (no race).
  const target = options.out === undefined ? undefined : resolve(ctx.cwd, options.out);
  if (target && !options.force && (await exists(target))) return usage(`${options.out} already exists`, 'pass --force to overwrite it');

  const client = createClient(ctx, options, (line) => ctx.stderr.write(`${line}\n`));
  if ('diagnostic' in client) return fail([client.diagnostic]);
  let manifest: InitManifest;
  let environmentId: string;
  try {
    if (spec.id !== undefined) environmentId = spec.id;
    else {
      const found = await apiNameLookup(client).environment(spec);
      if ('diagnostic' in found) return fail([found.diagnostic]);
      environmentId = found.id;
    }
    const env = encodeURIComponent(environmentId);
    // Both shapes are checked inside the reads' retries; the raw services answer is kept for the manifest.
    const [services, statuses] = await Promise.all([
      client.get(`/environment/${env}/services`, { parse: (body) => (parseServices(body), body) }),
      client.get(`/environment/${env}/statuses`, { parse: parseStatuses }),
    ]);
    const names = spec.id === undefined ? { organization: spec.organization!, project: spec.project!, name: spec.name! } : undefined;
    manifest = buildInitManifest({ environmentId, services, statuses, ...(names ? { names } : {}) });
  } catch (error) {
    const diagnostics = diagnosticsOf(error);
    return fail(diagnostics, exitCodeFor(diagnostics) || EXIT.api);
  }

  if (target) {
    try {
      // 'wx' fails if the file appeared since the check above.
      // Names and versions come from the API: redacted like every other output.
      await writeFile(target, ctx.redact(manifest.text), { flag: options.force ? 'w' : 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return usage(`cannot write ${options.out}: ${code === 'EEXIST' ? 'it already exists' : ((error as Error).message ?? code)}`, code === 'EEXIST' ? 'pass --force to overwrite it' : 'check the path and its permissions');
    }
  }
  await INIT_REPORTERS[options.format].end({ environmentId, ...(options.out !== undefined ? { out: options.out } : {}), manifest }, ctx);
  return EXIT.ok;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
