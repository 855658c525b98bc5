/**
 * `status`: why each failed service's last deployment failed. The service's last execution is the
 * newest history entry that lists it; its logs (`listEnvironmentLogs`, one read per execution)
 * give Qovery's message, hint and link. Never fails the command: an unreadable log is one line.
 */
import type { QoveryClient } from '../qovery/client.js';
import type { LiveState } from '../qovery/live-state.js';
import type { LastFailures, StatusRow } from '../results.js';
import { readExecutionFailures, unreadable } from '../wait/failure-logs.js';
import { classifyState } from '../wait/states.js';

/** Reads the last deployment's failure of every row whose state is a failure. */
export async function lastFailures(client: QoveryClient, live: LiveState, rows: readonly StatusRow[]): Promise<LastFailures> {
  const failed = rows.filter((r) => r.id !== null && r.state !== null && classifyState(r.state) === 'failure').map((r) => r.id as string);
  const byExecution = new Map<string, string[]>();
  for (const id of failed) {
    const last = live.history.find((h) => h.services.some((s) => s.id === id));
    if (last) byExecution.set(last.executionId, [...(byExecution.get(last.executionId) ?? []), id]);
  }
  const out: LastFailures = { byService: {} };
  try {
    for (const [executionId, ids] of byExecution) {
      const details = await readExecutionFailures(client, live.environmentId, executionId, ids);
      for (const id of ids) if (details[id]) out.byService[id] = { executionId, detail: details[id] };
    }
  } catch (error) {
    out.unavailable = unreadable(error);
  }
  return out;
}
