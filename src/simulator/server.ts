/**
 * The HTTP layer: a plain `node:http` server that reads each request, logs it, applies any
 * scripted fault, authenticates, advances the model, routes, and answers JSON. It tracks its
 * sockets and timers so `close()` leaves nothing behind (keep-alive and hung sockets included).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { authenticate } from './auth.js';
import { advance } from './deployments.js';
import { matchPath, type FaultAction, type FaultInjector } from './faults.js';
import { errorBody, HttpError, ROUTES, type ParsedBody, type RouteResult, type SimContext } from './routes.js';

/** One logged request. The `Authorization` credential is replaced by `[REDACTED]`; its scheme (`Token`, `Bearer`) is kept. */
export interface LoggedRequest {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
  /** Simulator clock (ms since epoch) when the request was read. */
  receivedAt: number;
  /** The route template it matched, if any. */
  route?: string;
  /** Status sent, if an answer (even a partial one) was sent. */
  status?: number;
  /** The fault applied to it, if one fired. */
  fault?: FaultAction;
}

export interface SimServer {
  readonly url: string;
  close(): Promise<void>;
  /** Runs `fn` after `ms` unless the server closes first. */
  later(ms: number, fn: () => void): void;
}

const MAX_BODY = 1024 * 1024;
const MALFORMED = '{"id": "7a1b0c2d", "state": DEPLOYED, <html>502</html>';
/** Well-formed JSON that is no answer of Qovery's: what a maintenance page behind a proxy may send with a 200. */
const WRONG_SHAPE = { status: 503, message: 'maintenance' };

/** Reads the whole body (kept up to MAX_BODY bytes; `tooLarge` past that). */
function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY }));
    req.on('error', reject);
  });
}

function parseBody(raw: string): ParsedBody {
  if (raw.trim() === '') return { raw, json: undefined, valid: true };
  try {
    return { raw, json: JSON.parse(raw) as unknown, valid: true };
  } catch {
    return { raw, json: undefined, valid: false };
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = name === 'authorization' ? redactCredential(String(value)) : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Routes, authenticates and handles one request; returns the answer to send. */
function dispatch(ctx: SimContext, req: IncomingMessage, url: URL, body: ParsedBody, entry: LoggedRequest): RouteResult {
  const method = req.method ?? 'GET';
  const candidates = ROUTES.map((route) => ({ route, params: matchPath(route.path, url.pathname) })).filter((c) => c.params);
  if (candidates.length === 0) return { status: 404, body: errorBody(404, `No route for ${url.pathname}`) };
  const hit = candidates.find((c) => c.route.method === method);
  if (!hit) return { status: 405, body: errorBody(405, `${method} is not allowed on ${url.pathname}`) };
  entry.route = hit.route.path;
  const token = authenticate(req.headers.authorization, ctx.tokens);
  if (!token) return { status: 401, body: errorBody(401, 'Access token is missing or invalid') };
  advance(ctx.state);
  try {
    return hit.route.handle({ ctx, token, params: hit.params ?? {}, query: url.searchParams, body });
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, body: errorBody(error.status, error.message) };
    return { status: 500, body: errorBody(500, `simulator bug: ${(error as Error).message}`) };
  }
}

function send(res: ServerResponse, entry: LoggedRequest, status: number, text: string, headers: Record<string, string> = {}): void {
  entry.status = status;
  res.writeHead(status, {
    ...(text === '' ? {} : { 'content-type': 'application/json' }),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

const textOf = (result: RouteResult): string => (result.body === undefined ? '' : JSON.stringify(result.body));

/** Starts the HTTP server on `host:port` (0 = a free port). */
export async function startServer(
  ctx: SimContext,
  faults: FaultInjector,
  log: LoggedRequest[],
  listen: { host: string; port: number; onRequest?: (entry: LoggedRequest) => void; parked?: (peerPort: number) => () => void },
): Promise<SimServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) fn();
    }, ms);
    timers.add(timer);
  };

  /** Tells the clock (if it asks) that this connection is held open on purpose, until it closes. */
  const hold = (req: IncomingMessage): void => {
    const port = req.socket.remotePort;
    if (!listen.parked || port === undefined || req.socket.destroyed) return;
    req.socket.once('close', listen.parked(port));
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { text: raw, tooLarge } = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const body = parseBody(raw);
    const entry: LoggedRequest = {
      seq: log.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: headersOf(req),
      body: body.valid ? body.json : raw,
      receivedAt: ctx.state.clock(),
    };
    log.push(entry);
    listen.onRequest?.(entry);
    if (tooLarge) {
      send(res, entry, 413, JSON.stringify(errorBody(413, `The request body exceeds ${MAX_BODY} bytes`)));
      return;
    }
    const fault = faults.take(entry.method, entry.path);
    if (fault) entry.fault = fault;
    const handle = (): RouteResult => dispatch(ctx, req, url, body, entry);
    const successStatus = entry.method === 'POST' ? 202 : 200;
    switch (fault?.type) {
      case undefined:
        break;
      case 'delay': {
        let done = false;
        const run = (): void => {
          if (done || closed) return;
          done = true;
          const result = handle();
          send(res, entry, result.status, textOf(result));
        };
        later(fault.ms, run);
        fault.until?.then(run, run);
        return;
      }
      case 'reset-before':
        res.socket?.resetAndDestroy();
        return;
      case 'reset-after':
        handle();
        res.socket?.resetAndDestroy();
        return;
      case 'hang':
        if (fault.process) handle();
        hold(req);
        return; // the socket stays open until the client gives up or close() destroys it
      case 'redirect':
        send(res, entry, fault.status ?? 302, '', { location: fault.location });
        return;
      case 'status': {
        if (fault.process) handle();
        const text = JSON.stringify(fault.body ?? errorBody(fault.status, `Simulated ${fault.status}`));
        send(res, entry, fault.status, text, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
        return;
      }
      case 'wrong-shape': {
        const result = fault.process ? handle() : undefined;
        send(res, entry, fault.status ?? result?.status ?? successStatus, JSON.stringify(fault.body ?? WRONG_SHAPE));
        return;
      }
      case 'malformed-json': {
        const result = fault.process ? handle() : undefined;
        send(res, entry, fault.status ?? result?.status ?? successStatus, MALFORMED);
        return;
      }
      case 'truncated-json': {
        const result = fault.process ? handle() : undefined;
        const text = result ? textOf(result) : JSON.stringify({ id: '7a1b0c2d-0000-4000-8000-000000000001', state: 'DEPLOYED', padding: 'x'.repeat(64) });
        const full = Buffer.from(text.length >= 8 ? text : `${text}${' '.repeat(8)}`);
        entry.status = fault.status ?? result?.status ?? successStatus;
        res.writeHead(entry.status, { 'content-type': 'application/json', 'content-length': String(full.length) });
        // Flush half the promised bytes, then close: the client sees a body cut short.
        res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.socket?.destroy());
        return;
      }
      case 'stall-body': {
        const result = fault.process ? handle() : undefined;
        const full = Buffer.from(result ? textOf(result) : JSON.stringify({ results: [], padding: 'x'.repeat(64) }));
        entry.status = fault.status ?? result?.status ?? successStatus;
        const trickle = fault.trickleMs;
        res.writeHead(entry.status, { 'content-type': 'application/json', ...(trickle === undefined ? { 'content-length': String(full.length) } : {}) });
        res.write(full.subarray(0, Math.floor(full.length / 2)));
        const drip = (ms: number): void => later(ms, () => {
          if (res.destroyed) return;
          res.write(' ');
          drip(ms);
        });
        if (trickle !== undefined) drip(Math.max(1, trickle));
        hold(req);
        return; // the body never ends: close() destroys the socket
      }
    }
    const result = handle();
    send(res, entry, result.status, textOf(result));
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { seq: 0 } as LoggedRequest, 500, JSON.stringify(errorBody(500, String(error))));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}`,
    later,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}

/** `Token abc` → `Token [REDACTED]`: tests can check the scheme without the log holding the secret. */
function redactCredential(value: string): string {
  const scheme = /^(Token|Bearer)\s/i.exec(value)?.[1];
  return scheme ? `${scheme} [REDACTED]` : '[REDACTED]';
}
