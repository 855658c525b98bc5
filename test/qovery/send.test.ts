/**
 * `send`, the one HTTP exchange of qovery-deploy, rule by rule: exactly what goes on the wire,
 * what each kind of answer and failure becomes, the body caps and the deadline. Real `node:http`
 * (and one raw TCP) servers on loopback; deadlines on the virtual clock, so no test waits for one.
 */
import { getEventListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ApiEndpoint } from '../../src/qovery/endpoint.js';
import { classifyFailure, send, sizeText } from '../../src/qovery/http.js';
import { freePort, loopbackServers } from '../helpers/servers.js';
import { virtualClock, type VirtualClock } from '../helpers/virtual-clock.js';

const servers = loopbackServers();
const TOKEN = 'Token qvtok_send_rules_0001';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A server that records each request (body included) before `handler` answers it. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ endpoint: ApiEndpoint; seen: Seen[]; port: number }> {
  const seen: Seen[] = [];
  const { server, url } = await servers.listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      handler(req, res);
    });
  });
  return { endpoint: { baseUrl: url, authorization: TOKEN }, seen, port: (server.address() as AddressInfo).port };
}

/** Holds the request's connection open for good, and tells `clock` so its deadline comes at once. */
const park = (clock: VirtualClock, req: IncomingMessage): void => {
  const port = req.socket.remotePort;
  if (port !== undefined) req.socket.once('close', clock.parked(port));
};

const json = (status: number, body: string, headers: Record<string, string> = {}) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
};

const OPTIONS = { timeoutMs: 10_000 };

describe('send: exactly what goes on the wire', () => {
  it('a GET carries the token, Accept: application/json and the default User-Agent, and no body or Content-Type', async () => {
    const s = await serve(json(200, '{}'));
    await send(s.endpoint, 'GET', '/organization?page=1', OPTIONS);
    expect(s.seen).toHaveLength(1);
    const [req] = s.seen;
    expect(req).toMatchObject({ method: 'GET', url: '/organization?page=1', body: '' });
    expect(req!.headers).toMatchObject({ authorization: TOKEN, accept: 'application/json', 'user-agent': 'qovery-deploy' });
    expect(req!.headers['content-type']).toBeUndefined();
  });

  it('a POST carries its body as JSON, with Content-Type: application/json, at the base URL plus the path', async () => {
    const s = await serve(json(202, '{}'));
    const body = { containers: [{ id: 'x', image_tag: '1.10' }] };
    await send(s.endpoint, 'POST', '/environment/e/service/deploy', { ...OPTIONS, body, userAgent: 'qovery-deploy/9.9 (test)' });
    const [req] = s.seen;
    expect(req).toMatchObject({ method: 'POST', url: '/environment/e/service/deploy', body: JSON.stringify(body) });
    expect(req!.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'qovery-deploy/9.9 (test)', authorization: TOKEN });
  });

  it('a DELETE sends no body and no Content-Type', async () => {
    const s = await serve((_req, res) => res.writeHead(204).end());
    expect(await send(s.endpoint, 'DELETE', '/environment/e', OPTIONS)).toEqual({ type: 'response', status: 204, body: undefined });
    expect(s.seen[0]).toMatchObject({ method: 'DELETE', body: '' });
    expect(s.seen[0]!.headers['content-type']).toBeUndefined();
  });
});

describe('send: what an answer becomes', () => {
  it('JSON is parsed; Retry-After is passed on only when the server sent one', async () => {
    const s = await serve((req, res) => json(429, '{"message":"slow down"}', req.url === '/with' ? { 'retry-after': '7' } : {})(req, res));
    expect(await send(s.endpoint, 'GET', '/with', OPTIONS)).toEqual({ type: 'response', status: 429, body: { message: 'slow down' }, retryAfter: '7' });
    expect(await send(s.endpoint, 'GET', '/without', OPTIONS)).toEqual({ type: 'response', status: 429, body: { message: 'slow down' } });
  });

  it('an empty or blank body is no body (undefined), not an unreadable answer', async () => {
    const s = await serve((req, res) => json(200, req.url === '/blank' ? ' \n\t ' : '')(req, res));
    expect(await send(s.endpoint, 'GET', '/blank', OPTIONS)).toEqual({ type: 'response', status: 200, body: undefined });
    expect(await send(s.endpoint, 'GET', '/empty', OPTIONS)).toEqual({ type: 'response', status: 200, body: undefined });
  });

  it('a byte-order mark before the JSON is dropped, as response.text() would', async () => {
    const s = await serve(json(200, '\ufeff{"ok":true}'));
    expect(await send(s.endpoint, 'GET', '/x', OPTIONS)).toEqual({ type: 'response', status: 200, body: { ok: true } });
  });

  it('a body that is not JSON is unreadable, keeping its status and Retry-After', async () => {
    const s = await serve(json(503, '<html>Service Unavailable</html>', { 'retry-after': '5' }));
    expect(await send(s.endpoint, 'GET', '/x', OPTIONS)).toEqual({ type: 'unreadable', status: 503, reason: 'the answer is not JSON', retryAfter: '5' });
  });

  it('a body cut off mid-way is unreadable ("cut off"), keeping its status and Retry-After', async () => {
    const s = await serve((req, res) => {
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': '100', 'retry-after': '3' });
      res.write('{"message":');
      setTimeout(() => req.socket.destroy(), 10);
    });
    expect(await send(s.endpoint, 'GET', '/x', OPTIONS)).toEqual({ type: 'unreadable', status: 502, reason: 'the answer was cut off', retryAfter: '3' });
  });
});

describe('send: answers are capped at maxBodyBytes, counted while reading', () => {
  const CAP = 64;
  const exactly = (n: number) => JSON.stringify('x'.repeat(n - 2));

  it('a chunked answer of exactly the cap is read; one byte more is refused', async () => {
    const s = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Two writes: no Content-Length, only the bytes read count.
      const text = exactly(req.url === '/over' ? CAP + 1 : CAP);
      res.write(text.slice(0, 10));
      res.end(text.slice(10));
    });
    expect(await send(s.endpoint, 'GET', '/at', { ...OPTIONS, maxBodyBytes: CAP })).toEqual({ type: 'response', status: 200, body: 'x'.repeat(CAP - 2) });
    expect(await send(s.endpoint, 'GET', '/over', { ...OPTIONS, maxBodyBytes: CAP })).toEqual({ type: 'unreadable', status: 200, reason: 'the answer is larger than 64 bytes', tooLarge: CAP });
  });

  it('a Content-Length of exactly the cap is read; one more is refused from the header, before any body arrives', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/at') return json(200, exactly(CAP), { 'content-length': String(CAP) })(req, res);
      // Promises one byte more than the cap, sends one, and waits: only the header can end this.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(CAP + 1), 'retry-after': '1' });
      res.write('"');
    });
    expect(await send(s.endpoint, 'GET', '/at', { ...OPTIONS, maxBodyBytes: CAP })).toMatchObject({ type: 'response', status: 200 });
    expect(await send(s.endpoint, 'GET', '/over', { timeoutMs: 2000, maxBodyBytes: CAP })).toEqual({
      type: 'unreadable',
      status: 200,
      reason: 'the answer is larger than 64 bytes',
      tooLarge: CAP,
      retryAfter: '1',
    });
  });

  it('a bodiless answer that declares more than the cap is refused too, without touching a body', async () => {
    const raw: TcpServer = createTcpServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 204 No Content\r\nContent-Length: 99999999999\r\n\r\n')));
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const endpoint = { baseUrl: `http://127.0.0.1:${(raw.address() as AddressInfo).port}`, authorization: TOKEN };
      expect(await send(endpoint, 'GET', '/x', { ...OPTIONS, maxBodyBytes: CAP })).toMatchObject({ type: 'unreadable', status: 204, tooLarge: CAP });
    } finally {
      await new Promise((r) => raw.close(r));
    }
  });

  it('sizes are said in MiB from 1 MiB up, in bytes below', () => {
    expect(sizeText(32 * 1024 * 1024)).toBe('32 MiB');
    expect(sizeText(1024 * 1024)).toBe('1 MiB');
    expect(sizeText(1024 * 1024 - 1)).toBe('1048575 bytes');
    expect(sizeText(1.6 * 1024 * 1024)).toBe('2 MiB');
  });
});

describe('send: the deadline and the caller’s signal', () => {
  it('no answer before the deadline is lost (it may have been processed), at exactly the deadline', async () => {
    const clock = virtualClock();
    const s = await serve((req) => park(clock, req));
    const started = clock.now();
    expect(await send(s.endpoint, 'POST', '/x', { body: {}, timeoutMs: 45_000, clock })).toEqual({ type: 'lost', reason: 'no answer before the request deadline' });
    expect(clock.now() - started).toBe(45_000);
  });

  it('a body that stalls past the deadline is unreadable ("stalled"), keeping its status and Retry-After', async () => {
    const clock = virtualClock();
    const s = await serve((req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'content-length': '50', 'retry-after': '2' });
      res.write('{');
      park(clock, req);
    });
    expect(await send(s.endpoint, 'GET', '/x', { timeoutMs: 5000, clock })).toEqual({
      type: 'unreadable',
      status: 503,
      reason: 'the answer stalled: its body did not arrive before the request deadline',
      retryAfter: '2',
    });
  });

  it('the caller aborting before the answer is an abort, not a lost request', async () => {
    const cancel = new AbortController();
    const s = await serve(() => cancel.abort(new Error('interrupted')));
    expect(await send(s.endpoint, 'POST', '/x', { body: {}, timeoutMs: 60_000, signal: cancel.signal })).toEqual({ type: 'aborted' });
  });

  it('the caller aborting while the body is read is an abort, not an unreadable answer', async () => {
    const cancel = new AbortController();
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '50' });
      res.write('{', () => setTimeout(() => cancel.abort(new Error('interrupted')), 20));
    });
    expect(await send(s.endpoint, 'GET', '/x', { timeoutMs: 60_000, signal: cancel.signal })).toEqual({ type: 'aborted' });
  });

  it('a finished exchange leaves nothing attached to the caller’s signal', async () => {
    const s = await serve(json(200, '{}'));
    const run = new AbortController();
    for (let i = 0; i < 3; i++) await send(s.endpoint, 'GET', '/x', { timeoutMs: 60_000, signal: run.signal });
    expect(getEventListeners(run.signal, 'abort')).toEqual([]);
  });

  it('a signal aborted beforehand sends nothing', async () => {
    const s = await serve(json(200, '{}'));
    expect(await send(s.endpoint, 'POST', '/x', { body: {}, timeoutMs: 60_000, signal: AbortSignal.abort() })).toEqual({ type: 'aborted' });
    expect(s.seen).toHaveLength(0);
  });
});

describe('send: failures are sorted by whether the request could have been processed', () => {
  it('a refused connection was never sent, and may be retried', async () => {
    const endpoint = { baseUrl: `http://127.0.0.1:${await freePort()}`, authorization: TOKEN };
    expect(await send(endpoint, 'POST', '/x', { body: {}, ...OPTIONS })).toEqual({ type: 'not-sent', reason: 'connection refused' });
  });

  it('a port fetch forbids, TLS to a plain server and a URL that does not parse are never sent, for good', async () => {
    const s = await serve(json(200, '{}'));
    expect(await send({ ...s.endpoint, baseUrl: 'http://127.0.0.1:25' }, 'GET', '/x', OPTIONS)).toEqual({ type: 'not-sent', reason: 'the port is not allowed for fetch', permanent: true });
    expect(await send({ ...s.endpoint, baseUrl: `https://127.0.0.1:${s.port}` }, 'GET', '/x', OPTIONS)).toEqual({
      type: 'not-sent',
      reason: expect.stringMatching(/^TLS\/URL error \(ERR_SSL_/),
      permanent: true,
    });
    expect(await send({ ...s.endpoint, baseUrl: 'http://127.0.0.1:99999' }, 'GET', '/x', OPTIONS)).toEqual({ type: 'not-sent', reason: 'TLS/URL error (ERR_INVALID_URL)', permanent: true });
    expect(s.seen).toHaveLength(0);
  });

  it('a connection closed after the request was sent is lost: it may have been processed', async () => {
    const s = await serve((req) => req.socket.destroy());
    expect(await send(s.endpoint, 'POST', '/x', { body: {}, ...OPTIONS })).toEqual({ type: 'lost', reason: 'the connection failed (UND_ERR_SOCKET)' });
    expect(s.seen).toHaveLength(1);
  });

  for (const status of [301, 302, 303, 307, 308]) {
    it(`a ${status} is never followed: its target receives nothing`, async () => {
      const other = await serve(json(200, '{}'));
      const s = await serve((_req, res) => res.writeHead(status, { location: `${other.endpoint.baseUrl}/steal` }).end());
      expect(await send(s.endpoint, 'POST', '/x', { body: {}, ...OPTIONS })).toEqual({ type: 'redirect' });
      expect(other.seen).toEqual([]);
    });
  }

  it('a proxy refusing the tunnel: 407 and 403 for good, another status may pass; nothing reaches the API', async () => {
    const refusals: string[] = [];
    const { server, url } = await servers.listen();
    server.on('connect', (req, socket) => {
      refusals.push(req.url ?? '');
      const status = req.url?.endsWith(':4403') ? '403 Forbidden' : req.url?.endsWith(':4407') ? '407 Proxy Authentication Required' : '502 Bad Gateway';
      socket.end(`HTTP/1.1 ${status}\r\n\r\n`);
    });
    const via = (port: number): ApiEndpoint => ({ baseUrl: `https://127.0.0.1:${port}`, authorization: TOKEN, proxy: { url, display: url, variable: 'HTTPS_PROXY' } });
    expect(await send(via(4407), 'GET', '/x', OPTIONS)).toEqual({ type: 'not-sent', reason: 'the proxy refused the connection (HTTP 407)', permanent: true });
    expect(await send(via(4403), 'GET', '/x', OPTIONS)).toEqual({ type: 'not-sent', reason: 'the proxy refused the connection (HTTP 403)', permanent: true });
    expect(await send(via(4502), 'GET', '/x', OPTIONS)).toEqual({ type: 'not-sent', reason: 'the proxy refused the connection (HTTP 502)', permanent: false });
    expect(refusals).toEqual(['127.0.0.1:4407', '127.0.0.1:4403', '127.0.0.1:4502']);
  });

  it('a proxy transport that cannot be set up is never sent, for good, and never throws', async () => {
    const endpoint: ApiEndpoint = { baseUrl: 'https://127.0.0.1:4443', authorization: TOKEN, proxy: { url: 'http://[::1', display: 'x', variable: 'HTTPS_PROXY' } };
    expect(await send(endpoint, 'GET', '/x', OPTIONS)).toEqual({ type: 'not-sent', reason: 'the proxy support (the undici package) could not be loaded', permanent: true });
  });
});

/** undici's errors, as `fetch` rejects with them: `TypeError('fetch failed', { cause })`. */
const fetchFailed = (cause?: object, name = 'TypeError', message = 'fetch failed') => Object.assign(new Error(message, cause ? { cause } : {}), { name });

describe('classifyFailure: the table of fetch failures', () => {
  it('never sent (transient): refused, DNS, unreachable, no local address, connect timeout', () => {
    expect(classifyFailure(fetchFailed({ code: 'ECONNREFUSED' }), undefined)).toEqual({ type: 'not-sent', reason: 'connection refused' });
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']) {
      expect(classifyFailure(fetchFailed({ code }), undefined), code).toEqual({ type: 'not-sent', reason: code });
    }
  });

  it('never sent, for good: certificates, TLS, SSL, a bad URL, a forbidden port', () => {
    for (const code of ['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_INVALID_URL', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE_CERT']) {
      expect(classifyFailure(fetchFailed({ code }), undefined), code).toEqual({ type: 'not-sent', reason: `TLS/URL error (${code})`, permanent: true });
    }
    expect(classifyFailure(fetchFailed({ message: 'bad port' }), undefined)).toEqual({ type: 'not-sent', reason: 'the port is not allowed for fetch', permanent: true });
  });

  it('lost (maybe processed): a reset, a closed socket, the deadline; the reason says what failed', () => {
    expect(classifyFailure(fetchFailed({ code: 'ECONNRESET', message: 'read ECONNRESET' }), undefined)).toEqual({ type: 'lost', reason: 'the connection failed (ECONNRESET)' });
    expect(classifyFailure(fetchFailed({ message: 'other side closed' }), undefined)).toEqual({ type: 'lost', reason: 'other side closed' });
    expect(classifyFailure(new Error('terminated'), undefined)).toEqual({ type: 'lost', reason: 'terminated' });
    expect(classifyFailure({}, undefined)).toEqual({ type: 'lost', reason: 'the connection failed' });
    for (const name of ['TimeoutError', 'AbortError']) {
      expect(classifyFailure(fetchFailed(undefined, name, 'aborted'), undefined), name).toEqual({ type: 'lost', reason: 'no answer before the request deadline' });
    }
  });

  it('the caller’s own abort wins over whatever the failure says', () => {
    for (const error of [fetchFailed({ code: 'ECONNREFUSED' }), fetchFailed(undefined, 'AbortError'), fetchFailed({ message: 'unexpected redirect' })]) {
      expect(classifyFailure(error, AbortSignal.abort())).toEqual({ type: 'aborted' });
    }
    expect(classifyFailure(fetchFailed({ code: 'ECONNREFUSED' }), new AbortController().signal)).toEqual({ type: 'not-sent', reason: 'connection refused' });
  });

  it('a redirect refused by fetch, whatever the words, is a redirect', () => {
    expect(classifyFailure(fetchFailed({ message: 'unexpected redirect' }), undefined)).toEqual({ type: 'redirect' });
    expect(classifyFailure(fetchFailed({ message: 'Redirect is not allowed' }), undefined)).toEqual({ type: 'redirect' });
  });

  it('a proxy’s refusal is read from the cause or its cause; only 407 and 403 are for good', () => {
    const tunnel = (status: string) => fetchFailed({ code: 0, message: 'Request was cancelled.', cause: { message: `Proxy response (${status}) !== 200 when HTTP Tunneling` } });
    expect(classifyFailure(tunnel('407'), undefined)).toEqual({ type: 'not-sent', reason: 'the proxy refused the connection (HTTP 407)', permanent: true });
    expect(classifyFailure(tunnel('403'), undefined)).toEqual({ type: 'not-sent', reason: 'the proxy refused the connection (HTTP 403)', permanent: true });
    expect(classifyFailure(tunnel('503'), undefined)).toEqual({ type: 'not-sent', reason: 'the proxy refused the connection (HTTP 503)', permanent: false });
    expect(classifyFailure(fetchFailed({ message: 'Proxy response (502) !== 200 when HTTP Tunneling' }), undefined)).toMatchObject({ reason: 'the proxy refused the connection (HTTP 502)' });
    // Three digits, nothing else.
    expect(classifyFailure(fetchFailed({ message: 'Proxy response (40) x' }), undefined)).toMatchObject({ type: 'lost' });
  });
});
