/**
 * The client's rules, each pinned by a test named for it: which read failures are retried and how
 * often, how `Retry-After` is honoured, what each final failure says, that a POST or DELETE is sent
 * exactly once and how its outcome is sorted. A scripted `node:http` server on loopback per test;
 * waits and deadlines on the virtual clock (no test sleeps).
 */
import { getEventListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { QoveryClient, apiMessage, classifyPost, refusal, MAX_API_MESSAGE, type ClientOptions } from '../../src/qovery/client.js';
import { ShapeError } from '../../src/qovery/shape.js';
import { deadline } from '../../src/timing/deadline.js';
import { freePort, loopbackServers } from '../helpers/servers.js';
import { virtualClock, type VirtualClock } from '../helpers/virtual-clock.js';

const servers = loopbackServers();
const SECRET = 'qvtok_client_rules_secret_0001';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const answer =
  (status: number, body?: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  };
const reset: Handler = (req) => req.socket.destroy();

/**
 * A server answering the n-th request with `script[n]` (the last one repeats), and a client of it
 * on a virtual clock: retry waits cost no real time.
 */
async function scripted(script: Handler[], options: Partial<ClientOptions> = {}): Promise<{ client: QoveryClient; seen: Seen[]; clock: VirtualClock; log: string[] }> {
  const seen: Seen[] = [];
  const { url } = await servers.listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      (script[Math.min(seen.length, script.length) - 1] as Handler)(req, res);
    });
  });
  const clock = virtualClock();
  const log: string[] = [];
  const client = new QoveryClient({
    endpoint: { baseUrl: url, authorization: `Token ${SECRET}` },
    requestTimeoutMs: 5000,
    retry: { retries: 3, baseMs: 100, capMs: 1000 },
    clock,
    log: (line) => log.push(line),
    ...options,
  });
  return { client, seen, clock, log };
}

/** What `get` rejected with: the first diagnostic's code and summary. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; summary: string }> {
  const error = (await promise.then(
    () => expect.unreachable('the read succeeded'),
    (e: unknown) => e,
  )) as { diagnostics?: { code: string; summary: string }[] };
  expect(error.diagnostics, String(error)).toBeDefined();
  const [d] = error.diagnostics!;
  return { code: d!.code, summary: d!.summary };
}

describe('get: which failures are retried, and how often', () => {
  it('429 and every 5xx are retried until an answer comes', async () => {
    const { client, seen } = await scripted([answer(429), answer(500), answer(503), answer(599), answer(200, { ok: 1 })], { retry: { retries: 4, baseMs: 10 } });
    await expect(client.get('/x')).resolves.toEqual({ ok: 1 });
    expect(seen).toHaveLength(5);
    expect(client.requestCount).toBe(5);
  });

  it('a 5xx that persists is tried `retries + 1` times, then API_SERVER_ERROR names the status and the attempts', async () => {
    const { client, seen } = await scripted([answer(502, { message: 'bad gateway' })]);
    expect(await failure(client.get('/organization'))).toEqual({ code: 'API_SERVER_ERROR', summary: 'the Qovery API kept failing on /organization (HTTP 502 after 4 attempts)' });
    expect(seen).toHaveLength(4);
  });

  it('a 429 that persists ends as API_SERVER_ERROR too', async () => {
    const { client } = await scripted([answer(429)]);
    expect(await failure(client.get('/x'))).toMatchObject({ code: 'API_SERVER_ERROR', summary: expect.stringContaining('(HTTP 429 after 4 attempts)') });
  });

  it('by default a read is tried 9 times (8 retries) before it fails', async () => {
    const { client, seen } = await scripted([answer(503)], { retry: {} });
    expect(await failure(client.get('/x'))).toMatchObject({ code: 'API_SERVER_ERROR', summary: expect.stringContaining('after 9 attempts') });
    expect(seen).toHaveLength(9);
  });

  for (const [status, code, summary] of [
    [400, 'API_BAD_REQUEST', 'the Qovery API rejected the request to /x (400): nope'],
    [401, 'API_UNAUTHORIZED', 'the Qovery API refused the token (401): nope'],
    [403, 'API_FORBIDDEN', 'the Qovery API refused access to /x (403): nope'],
    [404, 'API_NOT_FOUND', 'the Qovery API has no /x for this token (404): nope'],
    [409, 'API_BAD_REQUEST', 'the Qovery API rejected the request to /x (409): nope'],
    [499, 'API_BAD_REQUEST', 'the Qovery API rejected the request to /x (499): nope'],
    [300, 'API_BAD_REQUEST', 'the Qovery API rejected the request to /x (300): nope'],
  ] as const) {
    it(`a ${status} is final at once: ${code}`, async () => {
      const { client, seen } = await scripted([answer(status, { message: 'nope' }), answer(200, {})]);
      expect(await failure(client.get('/x'))).toEqual({ code, summary });
      expect(seen).toHaveLength(1);
    });
  }

  it('a 2xx whose body is unreadable is retried; when it persists, API_BAD_RESPONSE says why', async () => {
    const recovered = await scripted([answer(200, '{"cut'), answer(200, { ok: 1 })]);
    await expect(recovered.client.get('/x')).resolves.toEqual({ ok: 1 });
    expect(recovered.seen).toHaveLength(2);
    const { client, seen } = await scripted([answer(200, 'not json')]);
    expect(await failure(client.get('/x'))).toEqual({ code: 'API_BAD_RESPONSE', summary: 'the Qovery API answered /x with something qovery-deploy cannot use: the answer is not JSON' });
    expect(seen).toHaveLength(4);
  });

  it('an unreadable 429 or 5xx is retried like the status, and ends as API_SERVER_ERROR', async () => {
    const recovered = await scripted([answer(429, '<html>'), answer(200, [])]);
    await expect(recovered.client.get('/x')).resolves.toEqual([]);
    const { client, seen } = await scripted([answer(503, '<html>')]);
    expect(await failure(client.get('/x'))).toMatchObject({ code: 'API_SERVER_ERROR', summary: expect.stringContaining('(HTTP 503 after 4 attempts)') });
    expect(seen).toHaveLength(4);
  });

  it('an unreadable 4xx is final at once, its status named', async () => {
    const { client, seen } = await scripted([answer(422, '<html>'), answer(200, {})]);
    expect(await failure(client.get('/x'))).toEqual({ code: 'API_BAD_REQUEST', summary: 'the Qovery API rejected the request to /x (422): HTTP 422' });
    expect(seen).toHaveLength(1);
  });

  it('an answer over the size cap is final at once: reading it again would not make it smaller', async () => {
    const { client, seen } = await scripted([answer(200, 'x'.repeat(100)), answer(200, {})], { maxBodyBytes: 50 });
    expect(await failure(client.get('/x'))).toEqual({ code: 'API_RESPONSE_TOO_LARGE', summary: 'the Qovery API answered /x with more than 50 bytes; it was not read' });
    expect(seen).toHaveLength(1);
  });

  it('a connection lost after sending is retried; when it persists, API_UNREACHABLE gives the reason and the attempts', async () => {
    const recovered = await scripted([reset, answer(200, 1)]);
    await expect(recovered.client.get('/x')).resolves.toBe(1);
    const { client, seen } = await scripted([reset]);
    expect(await failure(client.get('/x'))).toEqual({
      code: 'API_UNREACHABLE',
      summary: `the Qovery API at ${client.baseUrl} could not be reached: the connection failed (UND_ERR_SOCKET) (4 attempts)`,
    });
    expect(seen).toHaveLength(4);
  });

  it('a refused connection is retried, then API_UNREACHABLE', async () => {
    const port = await freePort();
    const clock = virtualClock();
    const client = new QoveryClient({ endpoint: { baseUrl: `http://127.0.0.1:${port}`, authorization: 'Token x' }, retry: { retries: 2, baseMs: 10 }, clock });
    expect(await failure(client.get('/x'))).toEqual({ code: 'API_UNREACHABLE', summary: `the Qovery API at http://127.0.0.1:${port} could not be reached: connection refused (3 attempts)` });
    expect(client.requestCount).toBe(3);
  });

  it('a request that can never be sent (a port fetch forbids) is final at once', async () => {
    const client = new QoveryClient({ endpoint: { baseUrl: 'http://127.0.0.1:25', authorization: 'Token x' }, retry: { retries: 3, baseMs: 10 }, clock: virtualClock() });
    expect(await failure(client.get('/x'))).toEqual({ code: 'API_UNREACHABLE', summary: 'the Qovery API at http://127.0.0.1:25 could not be reached: the port is not allowed for fetch' });
    expect(client.requestCount).toBe(1);
  });

  it('a redirect is final at once: API_REDIRECT', async () => {
    const { client, seen } = await scripted([(_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/steal' }).end(), answer(200, {})]);
    expect(await failure(client.get('/x'))).toEqual({ code: 'API_REDIRECT', summary: 'the Qovery API answered /x with a redirect, which qovery-deploy never follows' });
    expect(seen).toHaveLength(1);
  });

  it('each request waits at most the request deadline, 30 s unless told otherwise', async () => {
    for (const [given, expected] of [[undefined, 30_000], [1234, 1234]] as const) {
      const clock = virtualClock();
      const { client } = await scripted([(req) => req.socket.once('close', clock.parked(req.socket.remotePort!))], { clock, retry: { retries: 0 }, requestTimeoutMs: given });
      const started = clock.now();
      expect(await failure(client.get('/x'))).toMatchObject({ code: 'API_UNREACHABLE', summary: expect.stringContaining('no answer before the request deadline (1 attempts)') });
      expect(clock.now() - started).toBe(expected);
    }
  });
});

describe('get: Retry-After', () => {
  it('delay-seconds are waited for (in the client’s clock), then the read is retried', async () => {
    const { client, clock, log } = await scripted([answer(503, {}, { 'retry-after': '7' }), answer(200, '"ok"')]);
    const started = clock.now();
    await expect(client.get('/x')).resolves.toBe('ok');
    expect(clock.now() - started).toBe(7000);
    expect(log).toEqual(['GET /x: HTTP 503; retry 1 in 7000 ms']);
  });

  it('an HTTP date is waited for until that time', async () => {
    const clock = virtualClock();
    const at = new Date(Math.ceil((clock.now() + 12_000) / 1000) * 1000).toUTCString();
    const { client } = await scripted([answer(429, {}, { 'retry-after': at }), answer(200, '"ok"')], { clock });
    await expect(client.get('/x')).resolves.toBe('ok');
    expect(clock.now()).toBe(Date.parse(at));
  });

  it('a Retry-After above the cap fails at once: API_RETRY_AFTER_TOO_LONG with both durations', async () => {
    const { client, seen } = await scripted([answer(429, {}, { 'retry-after': '120' })]);
    expect(await failure(client.get('/x'))).toEqual({
      code: 'API_RETRY_AFTER_TOO_LONG',
      summary: 'the Qovery API asked to wait 120s before retrying /x, more than the 60s we wait',
    });
    expect(seen).toHaveLength(1);
    const capped = await scripted([answer(429, {}, { 'retry-after': '20' })], { retry: { retryAfterCapMs: 10_000 } });
    expect(await failure(capped.client.get('/x'))).toMatchObject({ summary: expect.stringContaining('wait 20s before retrying /x, more than the 10s we wait') });
  });

  it('the Retry-After of an unreadable answer is honoured too', async () => {
    const { client, clock } = await scripted([answer(503, '<html>', { 'retry-after': '9' }), answer(200, '"ok"')]);
    const started = clock.now();
    await expect(client.get('/x')).resolves.toBe('ok');
    expect(clock.now() - started).toBe(9000);
  });
});

describe('get: retries are logged, and the shape is checked inside them', () => {
  it('each retry logs the path, the reason, the retry number and the delay', async () => {
    const { client, log } = await scripted([answer(500), reset, answer(503, '<html>'), answer(200, 'x'), answer(200, 1)], { retry: { retries: 5, baseMs: 100 } });
    await client.get('/environment/e/statuses');
    expect(log).toHaveLength(4);
    expect(log[0]).toMatch(/^GET \/environment\/e\/statuses: HTTP 500; retry 1 in \d+ ms$/);
    expect(log[1]).toMatch(/^GET \/environment\/e\/statuses: the connection failed \(UND_ERR_SOCKET\); retry 2 in \d+ ms$/);
    expect(log[2]).toMatch(/^GET \/environment\/e\/statuses: HTTP 503; retry 3 in \d+ ms$/);
    expect(log[3]).toMatch(/^GET \/environment\/e\/statuses: the answer is not JSON; retry 4 in \d+ ms$/);
  });

  it('a wrong shape, then a 5xx that persists, ends as the 5xx (the shape of an earlier attempt is forgotten)', async () => {
    const { client } = await scripted([answer(200, { nope: 1 }), answer(503)]);
    const parse = (body: unknown) => {
      if (!(body as { results?: unknown }).results) throw new ShapeError('results', 'is missing');
      return body;
    };
    expect(await failure(client.get('/x', { parse }))).toMatchObject({ code: 'API_SERVER_ERROR' });
  });

  it('a wrong shape that persists is API_BAD_RESPONSE naming the field and the attempts', async () => {
    const { client, seen } = await scripted([answer(200, { nope: 1 })]);
    const parse = (): never => {
      throw new ShapeError('results', 'is missing');
    };
    expect(await failure(client.get('/x', { parse }))).toEqual({
      code: 'API_BAD_RESPONSE',
      summary: 'the Qovery API answered /x with something qovery-deploy cannot use: its shape is not the one Qovery documents: results is missing (4 attempts)',
    });
    expect(seen).toHaveLength(4);
  });

  it('a parse error that is not about the shape is a bug: thrown as is, never retried', async () => {
    const { client, seen } = await scripted([answer(200, {})]);
    const bug = new TypeError('bug');
    await expect(
      client.get('/x', {
        parse: () => {
          throw bug;
        },
      }),
    ).rejects.toBe(bug);
    expect(seen).toHaveLength(1);
  });
});

describe('get: deadlines and cancelling', () => {
  it('the caller’s deadline cutting the retries short reports what kept failing, not the abort', async () => {
    const { client, clock, seen } = await scripted([answer(503)], { retry: { retries: 100, baseMs: 1000, capMs: 1000, maxRetryTimeMs: 3_600_000 } });
    const limit = deadline(clock, 10_000);
    expect(await failure(client.get('/x', { signal: limit.signal }))).toMatchObject({ code: 'API_SERVER_ERROR', summary: expect.stringContaining('HTTP 503') });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.length).toBeLessThan(100);
    limit.dispose();
  });

  it('an attempt cut short by the deadline does not replace the last real failure', async () => {
    const clock = virtualClock();
    const { client } = await scripted([answer(503), (req) => req.socket.once('close', clock.parked(req.socket.remotePort!))], { clock, requestTimeoutMs: 60_000 });
    const limit = deadline(clock, 30_000);
    expect(await failure(client.get('/x', { signal: limit.signal }))).toMatchObject({ code: 'API_SERVER_ERROR', summary: expect.stringContaining('HTTP 503 after 2 attempts') });
    limit.dispose();
  });

  it('a deadline that passes before any answer leaves the abort as it is', async () => {
    const { client, seen } = await scripted([answer(200, {})]);
    const reason = new Error('deadline');
    await expect(client.get('/x', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(seen).toHaveLength(0);
  });

  it('the caller’s signal ends a retry wait at once, even a long Retry-After (real clock)', async () => {
    const cancel = new AbortController();
    // The real clock: without the signal reaching the wait, this test would sleep 30 s and time out.
    const { client, seen } = await scripted([answer(503, {}, { 'retry-after': '30' })], { clock: undefined, log: () => cancel.abort(new Error('deadline')) });
    expect(await failure(client.get('/x', { signal: cancel.signal }))).toMatchObject({ code: 'API_SERVER_ERROR', summary: expect.stringContaining('HTTP 503 after 1 attempts') });
    expect(seen).toHaveLength(1);
  });

  it('a wrong shape, then the deadline during the next attempt: the shape is what is reported', async () => {
    const clock = virtualClock();
    const { client } = await scripted([answer(200, { nope: 1 }), (req) => req.socket.once('close', clock.parked(req.socket.remotePort!))], { clock, requestTimeoutMs: 60_000 });
    const limit = deadline(clock, 30_000);
    const parse = (): never => {
      throw new ShapeError('results', 'is missing');
    };
    expect(await failure(client.get('/x', { signal: limit.signal, parse }))).toEqual({
      code: 'API_BAD_RESPONSE',
      summary: 'the Qovery API answered /x with something qovery-deploy cannot use: its shape is not the one Qovery documents: results is missing (2 attempts)',
    });
    limit.dispose();
  });

  it('a finished read, POST or DELETE leaves nothing attached to the client’s or the caller’s signal', async () => {
    const run = new AbortController();
    const deadlineSignal = new AbortController();
    const { client } = await scripted([answer(500), answer(200, {}), answer(202, {}), answer(204)], { signal: run.signal });
    await client.get('/x', { signal: deadlineSignal.signal });
    await client.post('/p', {}, { signal: deadlineSignal.signal });
    await client.delete('/d');
    expect(getEventListeners(run.signal, 'abort')).toEqual([]);
    expect(getEventListeners(deadlineSignal.signal, 'abort')).toEqual([]);
  });

  it('the client’s own signal (the user cancelling) stays an abort, even after failures', async () => {
    const cancel = new AbortController();
    const reason = new Error('interrupted');
    const { client, seen } = await scripted(
      [
        answer(503),
        (_req, res) => {
          cancel.abort(reason);
          answer(503)(_req, res);
        },
      ],
      { signal: cancel.signal },
    );
    await expect(client.get('/x')).rejects.toBe(reason);
    expect(seen).toHaveLength(2);
  });
});

describe('post and delete: sent exactly once, the outcome sorted', () => {
  it('a POST sends the JSON body with the token, Accept, Content-Type and User-Agent, once, even after a 503', async () => {
    const { client, seen } = await scripted([answer(503), answer(202, {})], { userAgent: 'qovery-deploy/1.2.3' });
    const body = { containers: [{ id: 'c', image_tag: '1.10' }] };
    expect(await client.post('/environment/e/service/deploy', body)).toEqual({ type: 'ambiguous', status: 503, reason: 'HTTP 503' });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/environment/e/service/deploy',
        body: JSON.stringify(body),
        headers: expect.objectContaining({ authorization: `Token ${SECRET}`, accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'qovery-deploy/1.2.3' }),
      },
    ]);
    expect(client.requestCount).toBe(1);
  });

  it('a POST whose connection is lost is sent once and is ambiguous', async () => {
    const { client, seen } = await scripted([reset, answer(202, {})]);
    expect(await client.post('/p', {})).toEqual({ type: 'ambiguous', reason: 'the connection failed (UND_ERR_SOCKET)' });
    expect(seen).toHaveLength(1);
  });

  it('the default User-Agent is qovery-deploy', async () => {
    const { client, seen } = await scripted([answer(202, {})]);
    await client.post('/p', {});
    expect(seen[0]!.headers['user-agent']).toBe('qovery-deploy');
  });

  it('the caller’s signal cutting a POST short makes it ambiguous: it may have landed', async () => {
    const cancel = new AbortController();
    const { client } = await scripted([() => cancel.abort(new Error('deadline'))]);
    expect(await client.post('/p', {}, { signal: cancel.signal })).toEqual({ type: 'ambiguous', reason: 'cancelled while sending' });
  });

  it('the client’s own signal cuts a POST and a DELETE short too', async () => {
    const cancel = new AbortController();
    const { client } = await scripted([() => cancel.abort(new Error('interrupted'))], { signal: cancel.signal });
    expect(await client.post('/p', {})).toEqual({ type: 'ambiguous', reason: 'cancelled while sending' });
    expect(await client.delete('/d')).toEqual({ type: 'ambiguous', reason: 'cancelled while sending' });
  });

  it('a DELETE sends no body, once, and is sorted like a POST', async () => {
    const { client, seen } = await scripted([answer(204), answer(409, { message: 'busy' })]);
    expect(await client.delete('/environment/e')).toEqual({ type: 'accepted', status: 204, body: undefined });
    expect(await client.delete('/environment/e')).toEqual({ type: 'not-processed', status: 409, reason: 'busy' });
    expect(seen.map((s) => [s.method, s.url, s.body, s.headers['content-type']])).toEqual([
      ['DELETE', '/environment/e', '', undefined],
      ['DELETE', '/environment/e', '', undefined],
    ]);
  });

  it('the token the server echoes is hidden in what a refusal quotes', async () => {
    const { client } = await scripted([answer(400, { message: `token ${SECRET} is not allowed here` })]);
    const outcome = await client.post('/p', {});
    expect(outcome).toMatchObject({ type: 'rejected' });
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
    expect(JSON.stringify(outcome)).toContain('token *** is not allowed here');
    const read = await scripted([answer(403, { message: `no access for ${SECRET}` })]);
    expect((await failure(read.client.get('/x'))).summary).toBe('the Qovery API refused access to /x (403): no access for ***');
  });
});

describe('classifyPost: what a POST’s outcome means for a resend', () => {
  const p = '/p';
  it('2xx is accepted, with its body', () => {
    for (const status of [200, 202, 299]) expect(classifyPost({ type: 'response', status, body: { a: 1 } }, p)).toEqual({ type: 'accepted', status, body: { a: 1 } });
  });

  it('409 was not processed: safe to send again, after the server’s Retry-After', () => {
    expect(classifyPost({ type: 'response', status: 409, body: { message: 'deployment in progress' }, retryAfter: '3' }, p)).toEqual({
      type: 'not-processed',
      status: 409,
      reason: 'deployment in progress',
      retryAfter: '3',
    });
    expect(classifyPost({ type: 'response', status: 409, body: {} }, p)).toEqual({ type: 'not-processed', status: 409, reason: 'HTTP 409' });
  });

  it('429 and 5xx are ambiguous (it may have landed), with the server’s Retry-After', () => {
    expect(classifyPost({ type: 'response', status: 429, body: {}, retryAfter: '5' }, p)).toEqual({ type: 'ambiguous', status: 429, reason: 'HTTP 429', retryAfter: '5' });
    expect(classifyPost({ type: 'response', status: 500, body: {} }, p)).toEqual({ type: 'ambiguous', status: 500, reason: 'HTTP 500' });
  });

  it('any other status is refused for good, with the server’s message', () => {
    for (const status of [300, 400, 422, 428, 499]) {
      expect(classifyPost({ type: 'response', status, body: { message: 'bad' } }, p)).toEqual({ type: 'rejected', diagnostic: refusal(status, { message: 'bad' }, p) });
    }
    expect(classifyPost({ type: 'response', status: 404, body: {} }, p)).toMatchObject({ type: 'rejected', diagnostic: { code: 'API_NOT_FOUND' } });
  });

  it('an unreadable answer: 2xx accepted all the same, 409 not processed, 429/5xx ambiguous, others refused', () => {
    expect(classifyPost({ type: 'unreadable', status: 202, reason: 'cut' }, p)).toEqual({ type: 'accepted-unreadable', status: 202, reason: 'cut' });
    expect(classifyPost({ type: 'unreadable', status: 200, reason: 'cut' }, p)).toMatchObject({ type: 'accepted-unreadable' });
    expect(classifyPost({ type: 'unreadable', status: 299, reason: 'cut' }, p)).toMatchObject({ type: 'accepted-unreadable' });
    expect(classifyPost({ type: 'unreadable', status: 409, reason: 'cut' }, p)).toEqual({ type: 'not-processed', status: 409, reason: 'operation in progress' });
    expect(classifyPost({ type: 'unreadable', status: 429, reason: 'cut' }, p)).toEqual({ type: 'ambiguous', status: 429, reason: 'HTTP 429, cut' });
    expect(classifyPost({ type: 'unreadable', status: 500, reason: 'cut' }, p)).toEqual({ type: 'ambiguous', status: 500, reason: 'HTTP 500, cut' });
    expect(classifyPost({ type: 'unreadable', status: 300, reason: 'cut' }, p)).toEqual({ type: 'rejected', diagnostic: refusal(300, undefined, p) });
    expect(classifyPost({ type: 'unreadable', status: 499, reason: 'cut' }, p)).toEqual({ type: 'rejected', diagnostic: refusal(499, undefined, p) });
    expect(classifyPost({ type: 'unreadable', status: 199, reason: 'cut' }, p)).toMatchObject({ type: 'rejected' });
  });

  it('never sent: not processed, or refused for good when retrying cannot help', () => {
    expect(classifyPost({ type: 'not-sent', reason: 'connection refused' }, p)).toEqual({ type: 'not-processed', reason: 'connection refused' });
    expect(classifyPost({ type: 'not-sent', reason: 'TLS', permanent: true }, p)).toEqual({
      type: 'rejected',
      diagnostic: expect.objectContaining({ code: 'API_UNREACHABLE', summary: 'the Qovery API at /p could not be reached: TLS' }),
    });
  });

  it('lost or cancelled: ambiguous; a redirect: refused', () => {
    expect(classifyPost({ type: 'lost', reason: 'reset' }, p)).toEqual({ type: 'ambiguous', reason: 'reset' });
    expect(classifyPost({ type: 'aborted' }, p)).toEqual({ type: 'ambiguous', reason: 'cancelled while sending' });
    expect(classifyPost({ type: 'redirect' }, p)).toEqual({
      type: 'rejected',
      diagnostic: expect.objectContaining({ code: 'API_REDIRECT', summary: 'the Qovery API answered /p with a redirect, which qovery-deploy never follows' }),
    });
  });

  it('below 200 nothing is accepted', () => {
    expect(classifyPost({ type: 'response', status: 199, body: {} }, p)).toMatchObject({ type: 'rejected' });
  });
});

describe('apiMessage: the server’s words, read defensively', () => {
  it('takes message, error, detail, title, in that order, skipping blanks and non-strings', () => {
    expect(apiMessage({ message: 'm', error: 'e', detail: 'd', title: 't' }, 400)).toBe('m');
    expect(apiMessage({ message: '  ', error: 'e', detail: 'd' }, 400)).toBe('e');
    expect(apiMessage({ message: 5, error: null, detail: 'd', title: 't' }, 400)).toBe('d');
    expect(apiMessage({ title: 't' }, 400)).toBe('t');
    expect(apiMessage({ other: 'x' }, 418)).toBe('HTTP 418');
    expect(apiMessage(null, 500)).toBe('HTTP 500');
    expect(apiMessage('a string body', 502)).toBe('HTTP 502');
  });

  it('flattens whitespace to one line', () => {
    expect(apiMessage({ message: '  line one\n\n\tline  two  ' }, 400)).toBe('line one line two');
  });

  it(`cuts at ${MAX_API_MESSAGE} characters with an ellipsis, after redacting`, () => {
    expect(apiMessage({ message: 'a'.repeat(MAX_API_MESSAGE) }, 400)).toBe('a'.repeat(MAX_API_MESSAGE));
    const long = apiMessage({ message: 'a'.repeat(MAX_API_MESSAGE + 1) }, 400);
    expect(long).toBe(`${'a'.repeat(MAX_API_MESSAGE - 1)}…`);
    expect(long).toHaveLength(MAX_API_MESSAGE);
    // The token straddles the cut: redacted first, so no part of it survives.
    const echoed = `${'b'.repeat(MAX_API_MESSAGE - 25)} ${SECRET} trailing`;
    const redact = (text: string) => text.split(SECRET).join('[REDACTED]');
    const cut = apiMessage({ message: echoed }, 400, redact);
    expect(cut).toContain('[REDACTED]');
    expect(cut).not.toContain(SECRET.slice(0, 8));
  });
});

describe('refusal: the diagnostic for a final 4xx', () => {
  it('401, 403 and 404 have their own codes; anything else is API_BAD_REQUEST with its status', () => {
    expect(refusal(401, { message: 'm' }, '/p')).toMatchObject({ code: 'API_UNAUTHORIZED', summary: 'the Qovery API refused the token (401): m' });
    expect(refusal(403, { message: 'm' }, '/p')).toMatchObject({ code: 'API_FORBIDDEN', summary: 'the Qovery API refused access to /p (403): m' });
    expect(refusal(404, { message: 'm' }, '/p')).toMatchObject({ code: 'API_NOT_FOUND', summary: 'the Qovery API has no /p for this token (404): m' });
    expect(refusal(410, { message: 'm' }, '/p')).toMatchObject({ code: 'API_BAD_REQUEST', summary: 'the Qovery API rejected the request to /p (410): m' });
  });
});
