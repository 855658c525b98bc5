/**
 * Why a deployment failed, from Qovery's logs (src/wait/failure-logs.ts), rule by rule: which
 * history entry is ours, which logs are read, what is kept of them per service (the last error,
 * the last lines, flattened, cut and redacted), and what is said when they cannot be read. A
 * scripted `node:http` server answers the history and logs reads.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { diagnostic } from '../../src/diagnostics/codes.js';
import { QoveryDeployError } from '../../src/diagnostics/error.js';
import { QoveryClient } from '../../src/qovery/client.js';
import type { HistoryEntry, LiveState } from '../../src/qovery/live-state.js';
import { ShapeError } from '../../src/qovery/shape.js';
import { FAILURE_LOG_LINES, findOurExecution, parseLogs, readExecutionFailures, readFailureLogs, unreadable } from '../../src/wait/failure-logs.js';
import { loopbackServers } from '../helpers/servers.js';
import { virtualClock } from '../helpers/virtual-clock.js';

const servers = loopbackServers();

const ENV = '00000000-0000-4000-8000-0000000000e3';
const WEB = '00000000-0000-4000-8000-0000000000b1';
const API = '00000000-0000-4000-8000-0000000000b2';
const SECRET = 'qvtok_failure_logs_secret_0001';
const EXECUTION = `${ENV}-3`;
const HISTORY = `/environment/${ENV}/deploymentHistoryV2?pageSize=20`;
const LOGS = `/environment/${ENV}/logs?version=${encodeURIComponent(EXECUTION)}`;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const json =
  (body: unknown, status = 200): Handler =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** A history answer: our execution of web at 1.10 (created just after the read before sending). */
const historyOf = (executionId = EXECUTION, version = '1.10') => ({
  results: [
    {
      identifier: { execution_id: executionId },
      status: 'BUILD_ERROR',
      trigger_action: 'DEPLOY',
      auditing_data: { created_at: '2026-12-02T10:00:05Z' },
      stages: [{ services: [{ identifier: { service_id: WEB }, details: { tag: version }, status_details: { action: 'DEPLOY' }, status: 'BUILD_ERROR' }] }],
    },
  ],
});

/** One `EnvironmentLogs` entry. */
const log = (serviceId: string | undefined, timestamp: string, line?: string, error?: Record<string, string>) => ({
  type: error ? 'ERROR' : 'INFO',
  timestamp,
  details: serviceId === undefined ? {} : { transmitter: { id: serviceId, type: 'SERVICE', name: 'x' } },
  ...(line === undefined ? {} : { message: { safe_message: line } }),
  ...(error ? { error } : {}),
});

async function harness(routes: Record<string, Handler>): Promise<{ client: QoveryClient; seen: string[] }> {
  const seen: string[] = [];
  const { url } = await servers.listen((req, res) => {
    seen.push(req.url ?? '');
    (routes[req.url ?? ''] ?? json({ message: 'no such route' }, 418))(req, res);
  });
  return { client: new QoveryClient({ endpoint: { baseUrl: url, authorization: `Token ${SECRET}` }, retry: { retries: 0 }, clock: virtualClock() }), seen };
}

const before: LiveState = { environmentId: ENV, readAt: '2026-12-02T10:00:00Z', services: [], statuses: {}, queue: [], history: [] };
const sent = [{ id: WEB, version: '1.10' }];
const at = (second: number) => `2026-12-02T10:01:${String(second).padStart(2, '0')}Z`;

describe('findOurExecution: by services, versions and time, never a guess', () => {
  const entry = (createdAt: string | undefined, more: Partial<HistoryEntry> = {}): HistoryEntry => ({
    executionId: 'e-1',
    status: 'BUILD_ERROR',
    triggerAction: 'DEPLOY',
    ...(createdAt === undefined ? {} : { createdAt }),
    services: [{ id: WEB, action: 'DEPLOY', version: '1.10' }],
    ...more,
  });

  it('an entry created up to 60 s before the read counts (clock skew); older does not', () => {
    expect(findOurExecution(before, [entry('2026-12-02T09:59:00Z')], sent)?.executionId).toBe('e-1');
    expect(findOurExecution(before, [entry('2026-12-02T09:58:59.999Z')], sent)).toBeUndefined();
  });

  it('an entry without a time, or a read whose time is unknown, is judged by services and versions alone', () => {
    expect(findOurExecution(before, [entry(undefined)], sent)?.executionId).toBe('e-1');
    expect(findOurExecution({ ...before, readAt: 'not a time' }, [entry('2020-01-01T00:00:00Z')], sent)?.executionId).toBe('e-1');
  });

  it('a service sent without a version matches any; one sent with a version needs it (any case) in the entry', () => {
    expect(findOurExecution(before, [entry(undefined)], [{ id: WEB }])?.executionId).toBe('e-1');
    expect(findOurExecution(before, [entry(undefined, { services: [{ id: WEB, action: 'DEPLOY', version: 'V1.10' }] })], [{ id: WEB, version: 'v1.10' }])?.executionId).toBe('e-1');
    expect(findOurExecution(before, [entry(undefined, { services: [{ id: WEB, action: 'DEPLOY' }] })], sent)).toBeUndefined();
    expect(findOurExecution(before, [entry(undefined, { services: [{ id: API, action: 'DEPLOY', version: '1.10' }] })], sent)).toBeUndefined();
  });

  it('every service sent must be in the entry', () => {
    expect(findOurExecution(before, [entry(undefined)], [...sent, { id: API, version: '2.0' }])).toBeUndefined();
  });

  it('only a DEPLOY the read before sending did not list', () => {
    expect(findOurExecution(before, [entry(undefined, { triggerAction: 'RESTART' })], sent)).toBeUndefined();
    expect(findOurExecution({ ...before, history: [entry(undefined)] }, [entry(undefined)], sent)).toBeUndefined();
  });
});

describe('readFailureLogs: our execution’s logs, per failed service', () => {
  it('reads the history, then the logs of our execution, and explains each failed service', async () => {
    const { client, seen } = await harness({
      [HISTORY]: json(historyOf()),
      [LOGS]: json([log(WEB, at(1), 'Building web'), log(WEB, at(2), 'npm ERR! 1'), log(WEB, at(3), undefined, { user_log_message: 'build failed', hint_message: 'check it', link: 'https://docs' }), log(API, at(2), 'api line')]),
    });
    expect(await readFailureLogs(client, ENV, before, sent, [WEB])).toEqual({
      executionId: EXECUTION,
      details: { [WEB]: { message: 'build failed', hint: 'check it', link: 'https://docs', lines: ['Building web', 'npm ERR! 1'] } },
    });
    expect(seen).toEqual([HISTORY, LOGS]);
  });

  it('no execution in the history is told apart as ours: unavailable, and no logs are read', async () => {
    const { client, seen } = await harness({ [HISTORY]: json(historyOf(EXECUTION, '2.0')) });
    expect(await readFailureLogs(client, ENV, before, sent, [WEB])).toEqual({ details: {}, unavailable: 'the deployment of our request could not be told apart in the history' });
    expect(seen).toEqual([HISTORY]);
  });

  it('a history or logs read that fails: unavailable, saying why; never thrown', async () => {
    const history = await harness({ [HISTORY]: json({ message: 'nope' }, 403) });
    expect(await readFailureLogs(history.client, ENV, before, sent, [WEB])).toEqual({
      details: {},
      unavailable: `the deployment logs could not be read: the Qovery API refused access to ${HISTORY} (403): nope`,
    });
    const logs = await harness({ [HISTORY]: json(historyOf()), [LOGS]: json({ message: 'gone' }, 404) });
    expect(await readFailureLogs(logs.client, ENV, before, sent, [WEB])).toMatchObject({ unavailable: expect.stringContaining('(404): gone') });
  });

  it('past the deadline: the logs were not read before --timeout', async () => {
    const { client, seen } = await harness({ [HISTORY]: json(historyOf()) });
    expect(await readFailureLogs(client, ENV, before, sent, [WEB], AbortSignal.abort())).toEqual({ details: {}, unavailable: 'the logs were not read before --timeout' });
    expect(seen).toEqual([]);
  });

  it('the deadline is passed on to the reads, the history’s and the logs’', async () => {
    const cancel = new AbortController();
    const { client } = await harness({ [HISTORY]: () => cancel.abort(new Error('deadline')) });
    expect(await readFailureLogs(client, ENV, before, sent, [WEB], cancel.signal)).toEqual({ details: {}, unavailable: 'the logs were not read before --timeout' });
    const late = new AbortController();
    const logs = await harness({ [HISTORY]: json(historyOf()), [LOGS]: () => late.abort(new Error('deadline')) });
    expect(await readFailureLogs(logs.client, ENV, before, sent, [WEB], late.signal)).toEqual({ details: {}, unavailable: 'the logs were not read before --timeout' });
  });
});

describe('readExecutionFailures: what is kept of the logs', () => {
  const read = async (entries: unknown[], ids = [WEB]) => {
    const { client, seen } = await harness({ [LOGS]: json(entries) });
    const details = await readExecutionFailures(client, ENV, EXECUTION, ids);
    return { details, seen };
  };

  it('the execution id and the environment are passed encoded', async () => {
    const { client, seen } = await harness({});
    await readExecutionFailures(client, 'env/1', 'exec 1?', [WEB]).catch(() => undefined);
    expect(seen).toEqual(['/environment/env%2F1/logs?version=exec%201%3F']);
  });

  it(`the last ${FAILURE_LOG_LINES} lines of the service, in time order (ties kept in order), oldest first`, async () => {
    const entries = Array.from({ length: 25 }, (_, i) => log(WEB, at(30 - i), `line at ${30 - i}`));
    entries.push(log(WEB, at(30), 'second line at 30'), log(WEB, at(31)), log(API, at(59), 'not web'));
    const { details } = await read(entries);
    expect(details[WEB]!.lines).toEqual([...Array.from({ length: 19 }, (_, i) => `line at ${i + 12}`), 'second line at 30'].slice(-20));
    expect(details[WEB]!.lines).toHaveLength(FAILURE_LOG_LINES);
    expect(details[WEB]!.lines.at(-2)).toBe('line at 30');
  });

  it('the last error entry gives message, hint and link; what it lacks is left out', async () => {
    const { details } = await read([log(WEB, at(5), undefined, { user_log_message: 'last' }), log(WEB, at(1), undefined, { user_log_message: 'first', hint_message: 'h', link: 'l' })]);
    expect(details[WEB]).toStrictEqual({ message: 'last', lines: [] });
  });

  it('lines logged after the error do not hide it', async () => {
    const { details } = await read([log(WEB, at(1), undefined, { user_log_message: 'failed', hint_message: 'h', link: 'l' }), log(WEB, at(2), 'cleaning up')]);
    expect(details[WEB]).toStrictEqual({ message: 'failed', hint: 'h', link: 'l', lines: ['cleaning up'] });
  });

  it('a service without entries gets an empty explanation', async () => {
    const { details } = await read([log(API, at(1), 'x')], [WEB, API]);
    expect(details).toEqual({ [WEB]: { lines: [] }, [API]: { lines: ['x'] } });
  });

  it('control characters become spaces (tabs stay), trailing space is trimmed, long lines are cut at 500', async () => {
    const long = 'x'.repeat(600);
    const { details } = await read([
      log(WEB, at(1), 'a\u001b[2Jb\rc\u0085d\u2028e\u2029f\tg\u007f  \n'),
      log(WEB, at(2), long),
      log(WEB, at(3), 'y'.repeat(500)),
      log(WEB, at(4), undefined, { user_log_message: 'm\nn', hint_message: 'h\u0000i', link: 'l\u009fk' }),
    ]);
    expect(details[WEB]).toEqual({ message: 'm n', hint: 'h i', link: 'l k', lines: ['a [2Jb c d e f\tg', `${'x'.repeat(499)}…`, 'y'.repeat(500)] });
  });

  it('the client’s token is hidden in every string kept', async () => {
    const { details } = await read([log(WEB, at(1), `token ${SECRET} here`), log(WEB, at(2), undefined, { user_log_message: SECRET, hint_message: `h ${SECRET}`, link: `https://x/?t=${SECRET}` })]);
    expect(JSON.stringify(details)).not.toContain(SECRET);
    expect(details[WEB]!.lines).toEqual(['token *** here']);
  });

  it('service ids in the logs are matched in any case', async () => {
    const { details } = await read([log(WEB.toUpperCase(), at(1), 'upper')]);
    expect(details[WEB]!.lines).toEqual(['upper']);
  });
});

describe('parseLogs: EnvironmentLogsResponseList, read defensively', () => {
  it('keeps timestamp, service, line and error; leaves out what is absent', () => {
    expect(parseLogs([log(undefined, at(1)), { timestamp: at(2), details: null, message: null, error: null }])).toStrictEqual([{ timestamp: at(1) }, { timestamp: at(2) }]);
    expect(parseLogs([{ timestamp: at(3), message: {} }])).toStrictEqual([{ timestamp: at(3) }]);
    expect(parseLogs([log(WEB, at(1), 'l', { user_log_message: 'm' })])).toStrictEqual([{ timestamp: at(1), serviceId: WEB, line: 'l', error: { message: 'm' } }]);
    expect(parseLogs([{ timestamp: at(1), error: {} }])).toStrictEqual([{ timestamp: at(1), error: {} }]);
  });

  it('a missing timestamp or a field of the wrong type is a ShapeError naming it', () => {
    expect(() => parseLogs([{}])).toThrow(new ShapeError('the answer[0].timestamp', 'is missing'));
    expect(() => parseLogs({})).toThrow(ShapeError);
    for (const [bad, field] of [
      [{ details: 'x' }, 'details'],
      [{ error: 'x' }, 'error'],
      [{ message: 'x' }, 'message'],
      [{ details: { transmitter: 'x' } }, 'details.transmitter'],
      [{ details: { transmitter: { id: 5 } } }, 'details.transmitter.id'],
      [{ message: { safe_message: 5 } }, 'message.safe_message'],
      [{ error: { link: 5 } }, 'error.link'],
      [{ error: { hint_message: 5 } }, 'error.hint_message'],
      [{ error: { user_log_message: 5 } }, 'error.user_log_message'],
    ] as const) {
      expect(() => parseLogs([{ timestamp: at(1), ...bad }]), field).toThrow(expect.objectContaining({ name: 'ShapeError', field: `the answer[0].${field}` }));
    }
  });
});

describe('unreadable: why the logs could not be read, in one line', () => {
  it('an API error’s summary, or that the deadline came first; a bug is thrown', () => {
    const error = new QoveryDeployError([diagnostic('API_SERVER_ERROR', { status: 503, path: '/p', attempts: 3 })]);
    expect(unreadable(error)).toBe('the deployment logs could not be read: the Qovery API kept failing on /p (HTTP 503 after 3 attempts)');
    expect(unreadable(error, new AbortController().signal)).toMatch(/^the deployment logs could not be read/);
    expect(unreadable(error, AbortSignal.abort())).toBe('the logs were not read before --timeout');
    expect(unreadable(new QoveryDeployError([]))).toBe('the deployment logs could not be read: no reason given');
    const bug = new TypeError('bug');
    expect(() => unreadable(bug)).toThrow(bug);
  });
});
