import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyRepository, needsHttp } from './classify-repository.js';
import { lsRemoteUrlArgs } from './git-argv.js';
import {
  ambiguousName,
  displayUrl,
  invalidRepository,
  invalidRevision,
  notInstalled,
  refNotFound,
  remoteRefUnsupported,
  remoteUnreachable,
} from './problems.js';
import { failureDetail, seconds } from './git-messages.js';
import { refShape, unsafeRevisionReason } from './ref-shape.js';
import { lookupRemoteName, parseLsRemote } from './remote-refs.js';
import { checkLocalRemote, runNeutral } from './repository-trust.js';
import type { GitContext, GitOutcome } from './run-git.js';
import type { GitProblem, RefOutcome } from './types.js';

/**
 * Resolves distinct revisions of a remote URL with at most one `git ls-remote`: HEAD, branch and
 * tag names (tags peeled). A full SHA passes through without git; short SHAs and `HEAD~N` cannot
 * be resolved without history, so they are refused with a clear problem.
 */
export async function resolveRemote(url: string, refs: readonly string[], ctx: GitContext): Promise<Map<string, RefOutcome>> {
  const out = new Map<string, RefOutcome>();
  const kind = classifyRepository(url);
  if (kind.type !== 'remote') {
    const problem = invalidRepository(url, kind.type === 'invalid' ? kind.reason : 'it is a path, not a remote URL');
    for (const ref of refs) out.set(ref, { problem });
    return out;
  }

  const listed: string[] = [];
  for (const ref of refs) {
    const reason = unsafeRevisionReason(ref);
    const shape = refShape(ref);
    if (reason !== undefined) out.set(ref, { problem: invalidRevision(ref, reason) });
    else if (shape === 'full-sha') out.set(ref, { sha: ref.toLowerCase() });
    else if (shape === 'relative') out.set(ref, { problem: remoteRefUnsupported(ref, url, 'relative revision') });
    else listed.push(ref);
  }
  if (listed.length === 0) return out;

  const headsAndTags = listed.every((ref) => refShape(ref) !== 'head' && (!ref.startsWith('refs/') || /^refs\/(heads|tags)\//.test(ref)));
  const run = await listRemote(url, ctx, { headsAndTags });
  if ('problem' in run) {
    for (const ref of listed) out.set(ref, { problem: run.problem });
    return out;
  }
  if (!run.ok) {
    const problem =
      run.reason === 'not-installed'
        ? notInstalled()
        : remoteUnreachable(url, run.reason === 'timeout' ? `no answer within ${seconds(ctx.timeoutMs)}` : failureDetail(run.stderr));
    // A short SHA gets the actionable answer (write it in full) even when the remote is down.
    const shortShaToo = run.reason !== 'not-installed';
    for (const ref of listed) out.set(ref, shortShaToo && refShape(ref) === 'hex' ? { problem: remoteRefUnsupported(ref, url, 'short SHA') } : { problem });
    return out;
  }

  const remoteRefs = parseLsRemote(run.stdout);
  for (const ref of listed) {
    const found = lookupRemoteName(remoteRefs, ref);
    if (found !== undefined) out.set(ref, 'sha' in found ? found : { problem: ambiguousName(ref, found.ambiguous) });
    else if (refShape(ref) === 'hex') out.set(ref, { problem: remoteRefUnsupported(ref, url, 'short SHA') });
    else if (refShape(ref) === 'head') out.set(ref, { problem: refNotFound(ref, displayUrl(url), 'the remote has no HEAD (an empty repository?)') });
    else out.set(ref, { problem: refNotFound(ref, displayUrl(url), 'no branch or tag of that name') });
  }
  return out;
}

/**
 * `git ls-remote <url>`, run in the neutral folder so no repository config is read. A repository
 * on this machine (`file://`, or a path relative to `base`) is checked first: inside the
 * workspace, and with a config that runs nothing (`upload-pack` will read it).
 */
export async function listRemote(
  url: string,
  ctx: GitContext,
  options: { headsAndTags: boolean; base?: string; config?: readonly { key: string; value: string }[] },
): Promise<GitOutcome | { problem: GitProblem }> {
  const kind = classifyRepository(url);
  if (kind.type === 'invalid') return { problem: invalidRepository(url, kind.reason) };
  const path = kind.type === 'local' ? resolve(options.base ?? ctx.neutral, kind.path) : /^file:/i.test(url) ? fileURLToPath(url) : undefined;
  if (path !== undefined) {
    const problem = await checkLocalRemote(path, ctx);
    if (problem) return { problem };
  }
  const target = kind.type === 'local' ? (path as string) : url;
  return runNeutral(lsRemoteUrlArgs(target, { allowHttp: needsHttp(url), headsAndTags: options.headsAndTags }), ctx, options.config);
}
