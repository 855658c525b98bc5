/**
 * Why a deployment failed, from Qovery's own logs: find the execution of our request in
 * `deploymentHistoryV2` (by its services, their versions and its time, never by guessing), then
 * read `GET /environment/{id}/logs?version=<execution id>` (`listEnvironmentLogs`, the last 1,000
 * entries) and keep, per failed service, Qovery's error block and its last lines. Log text is
 * hostile data: every string is redacted here, and control characters are flattened.
 */
import { diagnosticsOf } from '../diagnostics/error.js';
import type { QoveryClient } from '../qovery/client.js';
import { parseHistory, type HistoryEntry, type LiveState } from '../qovery/live-state.js';
import { eachOf, maybeObject, maybeString, needString } from '../qovery/shape.js';

/** Lines shown per failed service. */
export const FAILURE_LOG_LINES = 20;
/** The longest log line kept (after redaction). */
const MAX_LINE = 500;

/** Qovery's explanation of one failed service. */
export interface FailureDetail {
  /** `error.user_log_message`, `error.hint_message`, `error.link` of the service's last error entry. */
  message?: string;
  hint?: string;
  link?: string;
  /** Its last `message.safe_message` lines, oldest first. */
  lines: string[];
}

/** What the logs said, per failed service; `unavailable` says why they could not be read. */
export interface FailureLogs {
  executionId?: string;
  details: Record<string, FailureDetail>;
  unavailable?: string;
}

/** A service of our request and the version it was sent with. */
export interface SentService {
  id: string;
  version?: string;
}

/**
 * The execution of our request (pure): a DEPLOY that the read before sending did not list, not
 * older than that read, carrying every one of our services at our version. Undefined unless
 * exactly one entry fits.
 */
export function findOurExecution(before: Pick<LiveState, 'history' | 'readAt'>, history: readonly HistoryEntry[], sent: readonly SentService[]): HistoryEntry | undefined {
  const known = new Set(before.history.map((h) => h.executionId));
  const since = Date.parse(before.readAt);
  const fits = history.filter(
    (h) =>
      !known.has(h.executionId) &&
      h.triggerAction === 'DEPLOY' &&
      (h.createdAt === undefined || Number.isNaN(since) || Date.parse(h.createdAt) >= since - CLOCK_SKEW_MS) &&
      sent.every((t) => h.services.some((s) => s.id === t.id && (t.version === undefined || s.version?.toLowerCase() === t.version.toLowerCase()))),
  );
  return fits.length === 1 ? fits[0] : undefined;
}

/** Qovery's clock and ours may disagree a little. */
const CLOCK_SKEW_MS = 60_000;

/** Reads the logs of our execution and explains each failed service; never throws for an API failure. */
export async function readFailureLogs(
  client: QoveryClient,
  environmentId: string,
  before: LiveState,
  sent: readonly SentService[],
  failedIds: readonly string[],
  signal?: AbortSignal,
): Promise<FailureLogs> {
  const env = `/environment/${encodeURIComponent(environmentId)}`;
  try {
    const history = await client.get(`${env}/deploymentHistoryV2?pageSize=20`, { signal, parse: parseHistory });
    const ours = findOurExecution(before, history, sent);
    if (!ours) return { details: {}, unavailable: 'the deployment of our request could not be told apart in the history' };
    return { executionId: ours.executionId, details: await readExecutionFailures(client, environmentId, ours.executionId, failedIds, signal) };
  } catch (error) {
    return { details: {}, unavailable: unreadable(error, signal) };
  }
}

/** Why the logs could not be read, in one line (a QoveryDeployError's summary; a bug is rethrown). */
export function unreadable(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) return 'the logs were not read before --timeout';
  return `the deployment logs could not be read: ${diagnosticsOf(error)[0]?.summary ?? 'no reason given'}`;
}

/** Reads one execution's logs (`listEnvironmentLogs`) and explains each of `ids` from them; throws a QoveryDeployError when they cannot be read. */
export async function readExecutionFailures(
  client: QoveryClient,
  environmentId: string,
  executionId: string,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<Record<string, FailureDetail>> {
  const path = `/environment/${encodeURIComponent(environmentId)}/logs?version=${encodeURIComponent(executionId)}`;
  const entries = await client.get(path, { signal, parse: parseLogs });
  const details: Record<string, FailureDetail> = {};
  for (const id of ids) details[id] = explain(entries.filter((e) => e.serviceId === id), client.redact);
  return details;
}

interface LogEntry {
  serviceId?: string;
  timestamp: string;
  line?: string;
  error?: { message?: string; hint?: string; link?: string };
}

/** `EnvironmentLogsResponseList`: an array of `EnvironmentLogs` (`type`, `timestamp`, `details` required). */
export function parseLogs(body: unknown): LogEntry[] {
  return eachOf(body, 'the answer').map(({ item, at }) => {
    const details = maybeObject(item.details, `${at}.details`);
    const error = maybeObject(item.error, `${at}.error`);
    const message = maybeObject(item.message, `${at}.message`);
    const serviceId = maybeString(maybeObject(details?.transmitter, `${at}.details.transmitter`)?.id, `${at}.details.transmitter.id`);
    const line = maybeString(message?.safe_message, `${at}.message.safe_message`);
    return {
      timestamp: needString(item.timestamp, `${at}.timestamp`),
      ...(serviceId ? { serviceId: serviceId.toLowerCase() } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(error
        ? {
            error: {
              ...opt('message', maybeString(error.user_log_message, `${at}.error.user_log_message`)),
              ...opt('hint', maybeString(error.hint_message, `${at}.error.hint_message`)),
              ...opt('link', maybeString(error.link, `${at}.error.link`)),
            },
          }
        : {}),
    };
  });
}

function explain(entries: LogEntry[], redact: (text: string) => string): FailureDetail {
  // Array.prototype.sort is stable: entries of the same time keep the order Qovery gave.
  const ordered = [...entries].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const clean = (text: string) => cut(redact(flatten(text)));
  const error = ordered.filter((e) => e.error).at(-1)?.error;
  const lines = ordered.flatMap((e) => (e.line === undefined ? [] : [clean(e.line)])).slice(-FAILURE_LOG_LINES);
  return {
    ...opt('message', error?.message === undefined ? undefined : clean(error.message)),
    ...opt('hint', error?.hint === undefined ? undefined : clean(error.hint)),
    ...opt('link', error?.link === undefined ? undefined : clean(error.link)),
    lines,
  };
}

/** One line of text: control characters (newlines, escapes that move a terminal's cursor) become spaces. */
function flatten(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trimEnd();
}

function cut(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
