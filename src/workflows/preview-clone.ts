/**
 * Cloning the source into the preview exactly once. Qovery's clone has no idempotency key, so it
 * is treated like the deploy POST: sent once, and after an answer that may hide a clone (reset,
 * deadline, 5xx, 429, a cut-off body) the project's environments are listed until the clone shows
 * up; only proof that none was made allows a second clone. A 400 because the name is taken is a
 * racing run's clone: it is found the same way and used.
 */
import { DEFAULT_SUBMIT_POLICY, type SubmitPolicy } from '../apply/submit.js';
import { diagnostic } from '../diagnostics/codes.js';
import { isQoveryDeployError } from '../diagnostics/error.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { QoveryClient } from '../qovery/client.js';
import { cloneEnvironment, listEnvironments, parseEnvironment, type CloneEnvironmentRequest, type EnvironmentInfo } from '../qovery/environments.js';
import { backoffDelay, parseRetryAfter } from '../timing/retry.js';
import { findNamed } from '../preview/plan.js';
import type { CloneEvent } from '../preview/types.js';

/** What the clone loop needs. */
export interface CloneContext {
  client: QoveryClient;
  projectId: string;
  policy?: Partial<SubmitPolicy>;
  /** When the whole run must end (ms since epoch). */
  deadline: number;
  signal?: AbortSignal;
  onEvent?: (event: CloneEvent) => void;
}

/** The clone, how it was obtained, and how many clone requests were sent. */
export type CloneResult =
  | { environment: EnvironmentInfo; how: 'cloned' | 'found'; sends: number }
  | { diagnostic: Diagnostic; sends: number };

/** Clones `sourceId` as `body.name`, at most once, reconciling ambiguous answers by listing the project. */
export async function clonePreview(sourceId: string, body: CloneEnvironmentRequest, ctx: CloneContext): Promise<CloneResult> {
  const policy = { ...DEFAULT_SUBMIT_POLICY, ...ctx.policy };
  const clock = ctx.client.clock;
  const name = body.name;
  let sends = 0;
  let lastReason = '';
  const unknown = (reason: string): CloneResult => ({ diagnostic: diagnostic('PREVIEW_CLONE_UNKNOWN', { name, sends, reason }), sends });
  // Lists the project up to `reads` times; a read that fails after an ambiguous clone proves nothing.
  const look = async (reads: number): Promise<EnvironmentInfo | Diagnostic | undefined> => {
    for (let read = 0; read < reads; read++) {
      if (read > 0) await clock.sleep(policy.settleMs, ctx.signal);
      const found = findNamed(await listEnvironments(ctx.client, ctx.projectId, ctx.signal), name);
      if ('diagnostic' in found) return found.diagnostic;
      if (found.found) return found.found;
    }
    return undefined;
  };
  const reconcile = async (reads: number): Promise<CloneResult | undefined> => {
    try {
      const found = await look(reads);
      ctx.onEvent?.({ type: 'reconciled', found: found !== undefined && !('code' in found) });
      if (found === undefined) return undefined;
      return 'code' in found ? { diagnostic: found, sends } : { environment: found, how: 'found', sends };
    } catch (error) {
      if (!isQoveryDeployError(error) || lastReason === '') throw error;
      return unknown(`${lastReason}, and the environments could not be listed: ${error.diagnostics[0]?.summary ?? String(error)}`);
    }
  };

  while (sends < policy.maxSends) {
    if (clock.now() >= ctx.deadline) return unknown(`the deadline passed${lastReason ? ` (last: ${lastReason})` : ''}`);
    // Before a second clone: the first may have landed late, or another run may have cloned meanwhile.
    if (sends > 0) {
      const found = await reconcile(1);
      if (found) return found;
    }
    const outcome = await cloneEnvironment(ctx.client, sourceId, body);
    const answeredAt = clock.now();
    sends++;
    ctx.onEvent?.({ type: 'sent', attempt: sends, outcome: outcome.type });
    switch (outcome.type) {
      case 'accepted': {
        try {
          return { environment: parseEnvironment(outcome.body), how: 'cloned', sends };
        } catch {
          // A 2xx that is not an Environment may not come from Qovery: reconcile as a lost answer.
          lastReason = `HTTP ${outcome.status}, but not Qovery's answer`;
          const found = await reconcile(policy.settleReads);
          if (found) return found;
          break;
        }
      }
      case 'accepted-unreadable': {
        lastReason = outcome.reason;
        const found = await reconcile(policy.settleReads);
        return found ?? unknown(`the clone was accepted (HTTP ${outcome.status}) but its answer was unreadable, and no environment named ${name} was listed`);
      }
      case 'rejected': {
        // 400 "name exists": another run's clone won the race; take it, whatever else was refused.
        if (outcome.diagnostic.code === 'API_BAD_REQUEST') {
          const found = await reconcile(1);
          if (found) return found;
        }
        return { diagnostic: outcome.diagnostic, sends };
      }
      case 'not-processed':
      case 'ambiguous': {
        if (outcome.type === 'ambiguous') {
          lastReason = outcome.reason;
          const found = await reconcile(policy.settleReads);
          if (found) return found;
        }
        const asked = parseRetryAfter(outcome.retryAfter, answeredAt);
        if (asked !== undefined && asked > policy.retryAfterCapMs) return unknown(`the API asked to wait ${Math.round(asked / 1000)} s`);
        const ms = asked ?? backoffDelay(sends, { baseMs: policy.backoffBaseMs, capMs: policy.backoffCapMs });
        if (clock.now() + ms >= ctx.deadline) return unknown(`the deadline would pass before the next attempt (last: ${outcome.reason})`);
        ctx.onEvent?.({ type: 'waiting', ms, reason: outcome.reason });
        await clock.sleep(ms, ctx.signal);
        break;
      }
    }
  }
  return unknown(`no clone request was accepted in ${sends} attempts (last: ${lastReason || 'refused'})`);
}
