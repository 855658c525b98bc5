import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { QoveryClient } from '../../src/qovery/client.js';
import { MAX_BODY_BYTES, send, type HttpOutcome } from '../../src/qovery/http.js';
import { loopbackServers } from '../helpers/servers.js';
import { virtualClock, type VirtualClock } from '../helpers/virtual-clock.js';

/**
 * Issue 10 item 3: a body that stalls, trickles or never ends must not outlive the request
 * deadline, whatever undici does with the abort; and no answer is read past the size cap.
 * Real `node:http` servers on loopback; no stubs. The deadlines run on a virtual clock: a server
 * that stalls says so (`parked`), and the clock jumps to the deadline instead of waiting for it.
 */

// A forced collection is what makes Node 20's fetch lose the abort (undici holds the request's
// controller through a WeakRef): without it the bug shows only now and then, under load.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface TestServer {
  url: string;
  /** Connections that carry an answer still being sent. */
  answering: Set<Socket>;
  requests: number;
}

const servers = loopbackServers();

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const state = { url: '', answering: new Set<Socket>(), requests: 0 };
  const { url } = await servers.listen((req, res) => {
    state.requests++;
    state.answering.add(req.socket);
    req.socket.on('close', () => state.answering.delete(req.socket));
    res.on('finish', () => state.answering.delete(req.socket));
    handler(req, res);
  });
  state.url = url;
  return state;
}

const endpoint = (s: TestServer) => ({ baseUrl: s.url, authorization: 'Token qvtok_test_stalled_body_0001' });

/** Rejects when `promise` is still pending after `ms`: the test's own guard against a hang. */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/**
 * Headers, then part of the body, then silence (or one byte every 50 ms with `trickle`); after
 * 20 ms, while the client waits on the body, a collection, and the connection is announced to
 * `clock` as held open for good.
 */
function stallingHandler(trickle: boolean, clock: VirtualClock) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/warm-up') return void res.end('{}');
    res.writeHead(200, { 'content-type': 'application/json', ...(trickle ? {} : { 'content-length': '4096' }) });
    res.write('{"results": [');
    const port = req.socket.remotePort;
    setTimeout(() => {
      gc();
      if (port !== undefined && !req.socket.destroyed) req.socket.once('close', clock.parked(port));
    }, 20);
    if (trickle) {
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    }
  };
}

describe('a body that stalls ends at the request deadline (issue 10, item 3)', () => {
  for (const trickle of [false, true]) {
    it(`${trickle ? 'a byte every 50 ms forever' : 'headers, half a body, silence'}: every read ends, garbage collections or not, and the socket is closed`, async () => {
      const clock = virtualClock();
      const server = await serve(stallingHandler(trickle, clock));
      // The first fetch of a process loads undici, which can take longer than the deadline here.
      await send(endpoint(server), 'GET', '/warm-up', { timeoutMs: 30_000 });
      for (let round = 0; round < 4; round++) {
        const outcomes = await settlesWithin(Promise.all([0, 1, 2].map(() => send(endpoint(server), 'GET', '/organization', { timeoutMs: 500, clock }))), 10_000);
        for (const outcome of outcomes) {
          expect(outcome).toMatchObject({ type: 'unreadable', status: 200, reason: expect.stringContaining('stalled') });
        }
      }
      expect(server.requests).toBe(13);
      // Cancelling the body is what closes the connection: nothing is left trickling.
      await settlesWithin(
        (async () => {
          while (server.answering.size > 0) await new Promise((r) => setTimeout(r, 20));
        })(),
        10_000,
      );
    });
  }

  it('a stalled read is retried, and a read that keeps stalling ends as API_BAD_RESPONSE', async () => {
    const clock = virtualClock();
    const server = await serve(stallingHandler(false, clock));
    const client = new QoveryClient({ endpoint: endpoint(server), requestTimeoutMs: 500, retry: { retries: 2, baseMs: 10 }, clock });
    await expect(settlesWithin(client.get('/organization'), 10_000)).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'API_BAD_RESPONSE', summary: expect.stringContaining('did not arrive before the request deadline') })],
    });
    expect(client.requestCount).toBe(3);
  });

  it('the caller cancelling during a stalled body is an abort, not a failure', async () => {
    // Real time here: the caller's own signal ends the read, not a deadline.
    const server = await serve(stallingHandler(true, virtualClock()));
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(new Error('cancelled')), 100);
    const outcome = await settlesWithin(send(endpoint(server), 'GET', '/organization', { timeoutMs: 60_000, signal: cancel.signal }), 10_000);
    expect(outcome).toEqual({ type: 'aborted' });
  });
});

/** Streams `bytes` of JSON (`[0,0,0,…`) gzip-compressed, without holding it in memory. */
function gzipJson(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
  const gzip = createGzip();
  gzip.pipe(res);
  const piece = Buffer.from('0,'.repeat(32 * 1024));
  let sent = 0;
  gzip.write('[');
  const pump = (): void => {
    while (sent < bytes) {
      sent += piece.length;
      if (!gzip.write(piece)) {
        gzip.once('drain', pump);
        return;
      }
    }
    gzip.end('0]');
  };
  pump();
  res.on('close', () => gzip.destroy());
}

describe('answers are capped (issue 10, item 3)', () => {
  it('a small gzip answer that expands past the cap is refused while reading, and not retried', async () => {
    const server = await serve((_req, res) => gzipJson(res, 256 * 1024));
    const client = new QoveryClient({ endpoint: endpoint(server), requestTimeoutMs: 10_000, retry: { baseMs: 10 }, maxBodyBytes: 64 * 1024 });
    await expect(client.get('/organization')).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'API_RESPONSE_TOO_LARGE', summary: expect.stringContaining('more than 65536 bytes') })],
    });
    expect(client.requestCount).toBe(1);
  });

  it('the same gzip answer under the cap is read whole', async () => {
    const server = await serve((_req, res) => gzipJson(res, 256 * 1024));
    const outcome = await send(endpoint(server), 'GET', '/organization', { timeoutMs: 10_000, maxBodyBytes: 1024 * 1024 });
    expect(outcome.type).toBe('response');
    expect((outcome as Extract<HttpOutcome, { type: 'response' }>).body).toHaveLength(128 * 1024 + 1);
  });

  it('at the real default (32 MiB): a gzip bomb of 40 MiB is refused', async () => {
    expect(MAX_BODY_BYTES).toBe(32 * 1024 * 1024);
    const server = await serve((_req, res) => gzipJson(res, 40 * 1024 * 1024));
    const outcome = await send(endpoint(server), 'GET', '/organization', { timeoutMs: 60_000 });
    expect(outcome).toMatchObject({ type: 'unreadable', reason: 'the answer is larger than 32 MiB', tooLarge: MAX_BODY_BYTES });
  }, 60_000);

  it('a Content-Length above the cap is refused before the body is read', async () => {
    // It promises a gigabyte, sends a few bytes and waits: only the header can end this early.
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1024 ** 3) });
      res.write('[');
    });
    const outcome = await settlesWithin(send(endpoint(server), 'GET', '/organization', { timeoutMs: 60_000 }), 10_000);
    expect(outcome).toMatchObject({ type: 'unreadable', tooLarge: MAX_BODY_BYTES });
  });
});
