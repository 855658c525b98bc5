/**
 * What a timed-out or interrupted apply says about the requests it leaves behind: each one's id,
 * how to follow it, and what cancelling did (`--cancel-on-timeout`, `--cancel-on-interrupt`).
 */
import type { AppliedFile } from '../../results.js';

/** The request ids of an applied file, in order, without repeats. */
export function requestIds(applied: AppliedFile): string[] {
  return [...new Set((applied.apply?.submissions ?? []).flatMap((s) => (s.requestId ? [s.requestId] : [])))];
}

/** Lines (no colour, no trailing newline) that explain a timeout or an interrupt; empty for any other end. */
export function stoppedLines(applied: AppliedFile): string[] {
  if (applied.status !== 'timeout' && applied.status !== 'interrupted') return [];
  const cancel = applied.apply?.cancel;
  const ids = requestIds(applied);
  if (cancel) {
    return cancel.calls.map((c) =>
      c.result === 'requested'
        ? `Cancelled deployment request ${c.requestId} (only ours: the environment's other requests were left alone).`
        : c.result === 'finished'
          ? `Deployment request ${c.requestId} was not cancelled: it had already finished or was being cancelled (HTTP 409).`
          : `Could not cancel deployment request ${c.requestId}: ${c.detail ?? 'the API refused'}. Cancel it in the Qovery console.`,
    );
  }
  if (ids.length === 0) {
    if (applied.status === 'interrupted') return ['Interrupted before any deployment request was accepted.'];
    // Cut short while reading (names, live state): nothing was sent. A POST without an answer says so itself.
    return applied.apply ? [] : ['Timed out (--timeout) before anything was sent: nothing was deployed.'];
  }
  const flag = applied.status === 'timeout' ? '--cancel-on-timeout' : '--cancel-on-interrupt';
  return ids.map(
    (id) =>
      `Deployment request ${id} may still be running: follow it with \`qovery-deploy status ${applied.file}\`, or cancel it in the Qovery console (or next time with ${flag}).`,
  );
}
