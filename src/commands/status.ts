import type { Diagnostic } from '../diagnostics/types.js';
import { diagnosticsOf } from '../diagnostics/error.js';
import { rangeAt } from '../load/positions.js';
import { readLiveState, type LiveState } from '../qovery/live-state.js';
import { apiNameLookup } from '../qovery/names.js';
import { STATUS_REPORTERS } from '../report/status/formats.js';
import type { Manifest } from '../types.js';
import { lastFailures } from '../workflows/last-failures.js';
import { statusRows } from '../workflows/service-status.js';
import { checkFile } from '../workflows/validate-files.js';
import { createClient, type ApiOptions } from './api.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { reportFailure } from './failure.js';

export interface StatusCommandOptions extends ApiOptions {
  file: string;
  format: 'text' | 'json';
}

/**
 * `qovery-deploy status [FILE]`: the live state of every service of the environment the manifest
 * names, manifest services first, then the others. Reads the API only (names, then one live-state
 * read); git is not needed. Exits 0 whatever the services' states; 1 or 5 when it cannot tell.
 */
export async function runStatusCommand(options: StatusCommandOptions, ctx: CommandContext): Promise<number> {
  const checked = await checkFile(options.file, { cwd: ctx.cwd, env: ctx.env });
  const fail = (diagnostics: Diagnostic[]) =>
    reportFailure(ctx, { command: 'status', format: options.format, diagnostics, exitCode: exitCodeFor(diagnostics) || EXIT.invalid, file: options.file, source: checked.source });
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
  const failures = await lastFailures(client, live, rows);
  await STATUS_REPORTERS[options.format].end({ file: options.file, source: checked.source, manifest, live, rows, diagnostics, failures }, ctx);
  return exitCodeFor(diagnostics);
}

/** The environment's id: as written, or found by its names (which also checks an id given beside them). */
export async function environmentIdOf(manifest: Manifest, names: ReturnType<typeof apiNameLookup>): Promise<string | Diagnostic> {
  const env = manifest.environment;
  if (env.name === undefined && env.id !== undefined) return env.id;
  const found = await names.environment(env);
  if ('id' in found) return found.id;
  return { ...found.diagnostic, range: rangeAt({ positions: manifest.positions, file: manifest.file }, `/environment/${found.field}`) };
}
