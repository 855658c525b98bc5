/**
 * `qovery-deploy preview up|down`: one environment per pull request, cloned from the manifest's
 * environment, deployed with the manifest's versions, deleted when the pull request closes.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import { diagnosticsOf } from '../diagnostics/error.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { previewName } from '../preview/name.js';
import { apiNameLookup } from '../qovery/names.js';
import { PREVIEW_DOWN_REPORTERS, PREVIEW_UP_REPORTERS } from '../report/preview/formats.js';
import { createProgress } from '../report/run/progress.js';
import { deadline } from '../timing/deadline.js';
import { previewDown, previewUp, readsTimeout } from '../workflows/preview.js';
import { checkFile } from '../workflows/validate-files.js';
import type { ApiOptions } from './api.js';
import { applyFileOptions } from './apply.js';
import type { CommandContext } from './context.js';
import { EXIT, exitCodeFor, exitForStatus } from './exit-codes.js';
import { reportFailure } from './failure.js';
import { deployContext, type RunFormat } from './run-output.js';
import { environmentIdOf } from './status.js';

interface PreviewCommon extends ApiOptions {
  file: string;
  /** `--name`; default: pr-<number> of the pull or merge request. */
  name?: string;
  format: RunFormat;
}

export interface PreviewUpCommandOptions extends PreviewCommon {
  clusterId?: string;
  force: boolean;
  only?: string[];
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs?: number;
  workspace?: string;
}

export interface PreviewDownCommandOptions extends PreviewCommon {
  timeoutMs: number;
  pollIntervalMs?: number;
}

/** The GitHub event payload, when the run has one (unreadable: none). */
async function githubEvent(ctx: CommandContext): Promise<unknown> {
  const path = ctx.env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    return JSON.parse(await readFile(resolve(ctx.cwd, path), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The preview's name, or the failure report (exit 1, nothing sent) when there is none. */
async function nameOf(options: PreviewCommon, command: string, ctx: CommandContext): Promise<string | number> {
  const name = previewName({ ...(options.name !== undefined ? { flag: options.name } : {}), env: ctx.env, githubEvent: await githubEvent(ctx) });
  if (name !== undefined) return name;
  return reportFailure(ctx, { command, format: options.format, diagnostics: [diagnostic('PREVIEW_NAME_REQUIRED', {})], exitCode: EXIT.invalid });
}

/** `preview up [FILE]`: find or clone the preview, apply the manifest to it, print its URLs. */
export async function runPreviewUpCommand(options: PreviewUpCommandOptions, ctx: CommandContext): Promise<number> {
  if (options.format === 'github') ctx.maskSecrets();
  const name = await nameOf(options, 'preview up', ctx);
  if (typeof name === 'number') return name;
  const deploy = deployContext(ctx, { ...options });
  if ('diagnostic' in deploy) return reportFailure(ctx, { command: 'preview up', format: options.format, diagnostics: [deploy.diagnostic], exitCode: EXIT.invalid });
  const live = ctx.stderr.isTTY === true && options.format === 'text';
  const progress = createProgress(ctx.stderr, ctx.colors, { live });
  const outcome = await previewUp(options.file, deploy, {
    ...applyFileOptions({ ...options, dryRun: false }, progress),
    name,
    force: options.force,
    ...(options.only ? { only: options.only } : {}),
    ...(options.clusterId ? { clusterId: options.clusterId } : {}),
    ...(options.pollIntervalMs ? { clonePolicy: { settleMs: options.pollIntervalMs, backoffBaseMs: options.pollIntervalMs } } : {}),
    onClone: (event) => {
      if (event.type === 'sent') progress.note(`clone ${name}: attempt ${event.attempt}, ${event.outcome}`);
      else if (event.type === 'reconciled') progress.note(`clone ${name}: ${event.found ? 'found it in the project' : 'not in the project'}`);
      else progress.note(`clone ${name}: waiting ${event.ms} ms (${event.reason})`);
    },
    onEnvironment: (env) => progress.note(`preview environment ${env.name} (${env.id})${env.created ? ', cloned' : ''}`),
  });
  progress.done();
  const exitCode = exitForStatus(outcome.applied.status);
  await PREVIEW_UP_REPORTERS[options.format].end({ name, ...outcome, exitCode }, ctx);
  return exitCode;
}

/** `preview down [FILE]`: delete the preview (never the source, never a non-PREVIEW environment) and wait until it is gone. */
export async function runPreviewDownCommand(options: PreviewDownCommandOptions, ctx: CommandContext): Promise<number> {
  if (options.format === 'github') ctx.maskSecrets();
  const checked = await checkFile(options.file, { cwd: ctx.cwd, env: ctx.env });
  const fail = (diagnostics: Diagnostic[]) =>
    reportFailure(ctx, { command: 'preview down', format: options.format, diagnostics, exitCode: exitCodeFor(diagnostics) || EXIT.invalid, file: options.file, source: checked.source });
  if (!checked.manifest) return fail(checked.diagnostics);
  const name = await nameOf(options, 'preview down', ctx);
  if (typeof name === 'number') return name;
  const deploy = deployContext(ctx, options);
  if ('diagnostic' in deploy) return fail([deploy.diagnostic]);
  let sourceId: string | Diagnostic;
  // --timeout bounds the name look-ups too.
  const lookups = deadline(deploy.client.clock, options.timeoutMs, deploy.signal);
  try {
    sourceId = await environmentIdOf(checked.manifest, apiNameLookup(deploy.client, { signal: lookups.signal }));
  } catch (error) {
    if (lookups.signal.aborted && !deploy.signal?.aborted) return fail([readsTimeout(options.timeoutMs)]);
    return fail(diagnosticsOf(error));
  } finally {
    lookups.dispose();
  }
  if (typeof sourceId !== 'string') return fail([sourceId]);
  const outcome = await previewDown(sourceId, deploy, { name, timeoutMs: options.timeoutMs, ...(options.pollIntervalMs ? { pollMs: options.pollIntervalMs } : {}) });
  const exitCode = exitCodeFor(outcome.diagnostics);
  await PREVIEW_DOWN_REPORTERS[options.format].end({ file: options.file, source: checked.source, name, ...outcome, exitCode }, ctx);
  return exitCode;
}
