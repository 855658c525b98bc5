import { dirname } from 'node:path';
import { isShallowRepository } from './find-repository-root.js';
import { catFileArgs } from './git-argv.js';
import { failureDetail, seconds, summarizeStderr } from './git-messages.js';
import { type Answer, decide, type FollowUp, firstRound, type LocalDecision, parseAnswers, readStderr, secondRound } from './local-queries.js';
import {
  ambiguousName,
  ambiguousShortSha,
  gitFailed,
  invalidRevision,
  notARepository,
  notInstalled,
  refNotFound,
  shallowMissing,
  unsafeRepository,
} from './problems.js';
import { unsafeRevisionReason } from './ref-shape.js';
import { lookupRemoteName, parseLsRemote, type RemoteRefs } from './remote-refs.js';
import { type ConfigEntry, configValue } from './repository-config.js';
import { listRemote } from './resolve-remote.js';
import { type GitContext, type GitOutcome, runGitSession } from './run-git.js';
import type { GitProblem, RefOutcome, RepositoryRoot } from './types.js';

type Missing = Extract<LocalDecision, { missing: unknown }>['missing'];

interface Conversation {
  first: Answer[];
  followUps: Map<string, FollowUp>;
  second: Answer[];
}

/**
 * Resolves distinct revisions in one local repository with one `git cat-file --batch-check`
 * (asked one or two rounds). In a shallow clone, names it does not have are then looked up with
 * one `git ls-remote` of origin's URL. `config` is the repository's config, already checked
 * (see repository-trust.ts).
 */
export async function resolveLocal(repo: RepositoryRoot, refs: readonly string[], ctx: GitContext, config: readonly ConfigEntry[]): Promise<Map<string, RefOutcome>> {
  const out = new Map<string, RefOutcome>();
  const safe: string[] = [];
  for (const ref of refs) {
    const reason = unsafeRevisionReason(ref);
    if (reason === undefined) safe.push(ref);
    else out.set(ref, { problem: invalidRevision(ref, reason) });
  }
  if (safe.length === 0) return out;

  const where = repo.root;
  // The ceiling keeps git in the repository that was checked, whatever it finds above it.
  const env = { ...ctx.env, GIT_CEILING_DIRECTORIES: dirname(repo.root) };
  const options = { cwd: repo.root, env, timeoutMs: ctx.timeoutMs, onSpawn: ctx.onSpawn };
  const { outcome, value } = await runGitSession(catFileArgs(), options, async (ask): Promise<Conversation | undefined> => {
    const firstLines = firstRound(safe);
    const first = parseAnswers(await ask(firstLines), firstLines.length);
    if (first === undefined) return undefined;
    const { followUps, lines } = secondRound(safe, first);
    const second = lines.length === 0 ? [] : parseAnswers(await ask(lines), lines.length);
    return second === undefined ? undefined : { first, followUps, second };
  });
  if (!outcome.ok || value === undefined) {
    const problem = outcome.ok ? gitFailed(where, 'unexpected output from git cat-file') : localFailure(outcome, where, ctx);
    for (const ref of safe) out.set(ref, { problem });
    return out;
  }

  const facts = readStderr(outcome.stderr);
  const missing: { ref: string; kind: Missing }[] = [];
  safe.forEach((ref, i) => {
    const decision = decide(ref, value.first[i], value.followUps.get(ref), value.second, facts);
    if ('sha' in decision) out.set(ref, { sha: decision.sha });
    else if ('ambiguous' in decision) out.set(ref, { problem: ambiguousName(ref, decision.ambiguous) });
    else if ('ambiguousShortSha' in decision) out.set(ref, { problem: ambiguousShortSha(ref, where) });
    else missing.push({ ref, kind: decision.missing });
  });
  if (missing.length === 0) return out;

  const shallow = await isShallowRepository(repo);
  const names = missing.filter((m) => m.kind === 'name' || m.kind === 'hex');
  const origin = shallow && names.length > 0 ? await listOrigin(repo, config, ctx) : undefined;
  for (const { ref, kind } of missing) out.set(ref, missingOutcome(ref, kind, where, shallow, origin));
  return out;
}

/**
 * Lists origin's branches and tags by its URL, read from the checked config: never by the name
 * `origin`, which would make git read the repository's config again (`remote.origin.uploadpack`…).
 * Credentials the checkout keeps in its config travel along through the environment: a URL's
 * user info (GitLab's job token) and `http.<url>.extraheader` (actions/checkout's token).
 */
async function listOrigin(repo: RepositoryRoot, config: readonly ConfigEntry[], ctx: GitContext): Promise<RemoteRefs | { failed: string }> {
  const written = configValue(config, 'remote.origin.url');
  if (written === undefined) return { failed: 'the repository has no remote named origin' };
  const { url, auth } = originAccess(written, config);
  const run = await listRemote(url, ctx, { headsAndTags: true, base: repo.root, config: auth });
  if ('problem' in run) return { failed: run.problem.summary };
  if (run.ok) return parseLsRemote(run.stdout);
  if (run.reason === 'not-installed') return { failed: 'git is not installed' };
  if (run.reason === 'timeout') return { failed: `origin did not answer within ${seconds(ctx.timeoutMs)}` };
  return { failed: failureDetail(run.stderr) };
}

/** Origin's URL without user info, and the config entries that authenticate it. */
function originAccess(written: string, config: readonly ConfigEntry[]): { url: string; auth: { key: string; value: string }[] } {
  const auth = config.flatMap(({ key, value }) => (/^http\..+\.extraheader$/i.test(key) && value !== undefined ? [{ key, value }] : []));
  const userInfo = /^(https?:\/\/)[^/@]*@/i.exec(written);
  if (!userInfo) return { url: written, auth };
  const url = written.replace(userInfo[0], userInfo[1] as string);
  return { url, auth: [...auth, { key: `url.${written}.insteadOf`, value: url }] };
}

function missingOutcome(ref: string, kind: Missing, where: string, shallow: boolean, origin: RemoteRefs | { failed: string } | undefined): RefOutcome {
  if (origin instanceof Map && (kind === 'name' || kind === 'hex')) {
    const found = lookupRemoteName(origin, ref);
    if (found !== undefined) return 'sha' in found ? found : { problem: ambiguousName(ref, found.ambiguous) };
  }
  const originNote = origin !== undefined && !(origin instanceof Map) ? `; origin could not be asked (${origin.failed})` : '';
  switch (kind) {
    case 'head':
      return { problem: refNotFound(ref, where, 'HEAD points at no commit (the repository has no commits yet?)') };
    case 'commit':
      return { problem: shallow ? shallowMissing(ref, where, 'the commit was not fetched') : refNotFound(ref, where, 'no such commit (check the SHA, or `git fetch`)') };
    case 'history':
      return {
        problem: shallow
          ? shallowMissing(ref, where, 'the history it needs was not fetched')
          : refNotFound(ref, where, 'the history is shorter, or the branch or tag before ~/^ does not exist'),
      };
    case 'hex':
      return {
        problem: shallow
          ? shallowMissing(ref, where, `no branch or tag has that name and no fetched commit starts with it${originNote}`)
          : refNotFound(ref, where, 'no commit starts with it, and no branch or tag has that name'),
      };
    case 'name':
      if (!shallow) return { problem: refNotFound(ref, where, `no branch, tag or origin/${ref} of that name`) };
      if (originNote) return { problem: shallowMissing(ref, where, `it was not fetched${originNote}`) };
      return { problem: refNotFound(ref, `${where} or on its origin`, 'no branch or tag of that name') };
  }
}

function localFailure(run: Exclude<GitOutcome, { ok: true }>, where: string, ctx: GitContext): GitProblem {
  if (run.reason === 'not-installed') return notInstalled();
  if (run.reason === 'timeout') return gitFailed(where, `git did not answer within ${seconds(ctx.timeoutMs)}`);
  const detail = summarizeStderr(run.stderr);
  if (/not a git repository/i.test(run.stderr)) return notARepository(where, detail);
  if (/dubious ownership|unsafe repository/i.test(run.stderr)) return unsafeRepository(where, detail);
  return gitFailed(where, detail);
}
