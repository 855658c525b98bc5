import { realClock, type Clock } from '../timing/clock.js';
import { ABORTED, deadline, orAborted } from '../timing/deadline.js';
import type { ApiEndpoint } from './endpoint.js';
import { proxiedFetch, type FetchFunction } from './proxy.js';

/**
 * What one HTTP exchange ended as, before any retry decision. Edge results are values, not
 * exceptions: the caller must decide what each one means.
 */
export type HttpOutcome =
  /** A full answer. `body` is the parsed JSON, or undefined when the body was empty. */
  | { type: 'response'; status: number; body: unknown; retryAfter?: string }
  /** The status line arrived but the body was cut off, stalled, was not JSON, or was over `tooLarge` bytes. */
  | { type: 'unreadable'; status: number; reason: string; retryAfter?: string; tooLarge?: number }
  /** The connection was never made: the request was certainly not processed. `permanent`: retrying cannot help (TLS, bad port). */
  | { type: 'not-sent'; reason: string; permanent?: boolean }
  /** Sent (or maybe sent), then the connection failed or the deadline passed: outcome unknown. */
  | { type: 'lost'; reason: string }
  /** The server answered with a redirect, which is never followed. */
  | { type: 'redirect' }
  /** The caller's own signal aborted the request. */
  | { type: 'aborted' };

export interface SendOptions {
  body?: unknown;
  /** Deadline for this one request, body included (Node's default is minutes). */
  timeoutMs: number;
  signal?: AbortSignal;
  userAgent?: string;
  /** Largest answer read, counted after decompression. Default: MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Whose time the deadline is counted in. Default: the real clock. */
  clock?: Clock;
}

/** 32 MiB: Qovery's largest lists are a few hundred KiB; past this an answer is refused, not read. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A connection that was never made (refused, no such host, no route): the request was certainly not processed. */
function neverConnected(code: string): boolean {
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL'].includes(code);
}

/** Sends one request with its own deadline, no redirects, and JSON in and out. Never throws. */
export function send(endpoint: ApiEndpoint, method: 'GET' | 'POST' | 'DELETE', path: string, options: SendOptions): Promise<HttpOutcome> {
  const clock = options.clock ?? realClock;
  return clock.io(async () => {
    // Loading the proxy support (once) is not part of the request's time.
    let transport: FetchFunction = fetch;
    if (endpoint.proxy) {
      try {
        transport = await proxiedFetch(endpoint.proxy);
      } catch {
        return { type: 'not-sent', reason: 'the proxy support (the undici package) could not be loaded', permanent: true };
      }
    }
    const limit = deadline(clock, options.timeoutMs, options.signal);
    try {
      return await exchange(transport, endpoint, method, path, options, limit.signal);
    } finally {
      limit.dispose();
    }
  });
}

async function exchange(
  transport: FetchFunction,
  endpoint: ApiEndpoint,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: SendOptions,
  signal: AbortSignal,
): Promise<HttpOutcome> {
  const headers: Record<string, string> = {
    Authorization: endpoint.authorization,
    Accept: 'application/json',
    'User-Agent': options.userAgent ?? 'qovery-deploy',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    const pending = transport(`${endpoint.baseUrl}${path}`, {
      method,
      headers,
      // JSON.stringify(undefined) is undefined: no body.
      body: JSON.stringify(options.body),
      // Never follow a redirect: it could carry the token to another host.
      redirect: 'error',
      signal,
    });
    // The abort should reject fetch, but is not relied upon (see orAborted): the deadline ends the wait.
    const first = await orAborted(pending, signal);
    if (first === ABORTED) {
      // Stryker disable next-line ArrowFunction: equivalent in tests, a late answer exists only when undici lost the abort (a Node 20 GC race)
      pending.then((late) => abandon(late.body), () => {});
      return expired(options.signal);
    }
    response = first;
  } catch (error) {
    return classifyFailure(error, options.signal);
  }

  const status = response.status;
  const retryAfter = response.headers.get('retry-after') ?? undefined;
  const extra = retryAfter ? { retryAfter } : {};
  const body = await readBody(response, signal, options.maxBodyBytes ?? MAX_BODY_BYTES);
  if ('text' in body) return fromText(body.text, status, extra);
  switch (body.failure) {
    case 'expired':
      if (options.signal?.aborted) return { type: 'aborted' };
      return { type: 'unreadable', status, reason: 'the answer stalled: its body did not arrive before the request deadline', ...extra };
    case 'failed': {
      const failure = classifyFailure(body.error, options.signal);
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent in tests, the caller's abort settles the read as 'expired' first; only a read that fails in the same tick lands here
      if (failure.type === 'aborted') return failure;
      return { type: 'unreadable', status, reason: 'the answer was cut off', ...extra };
    }
    case 'too-large':
      return { type: 'unreadable', status, reason: `the answer is larger than ${sizeText(body.cap)}`, tooLarge: body.cap, ...extra };
  }
}

/** A body read whole: JSON, or nothing when it is blank. */
function fromText(text: string, status: number, extra: { retryAfter?: string }): HttpOutcome {
  if (text.trim() === '') return { type: 'response', status, body: undefined, ...extra };
  try {
    return { type: 'response', status, body: JSON.parse(text) as unknown, ...extra };
  } catch {
    return { type: 'unreadable', status, reason: 'the answer is not JSON', ...extra };
  }
}

type BodyRead = { text: string } | { failure: 'expired' } | { failure: 'too-large'; cap: number } | { failure: 'failed'; error: unknown };

/**
 * Reads the body chunk by chunk, each read racing the deadline, counting the bytes after
 * decompression so that a small gzip answer cannot expand past the cap. On expiry or overflow the
 * stream is cancelled (which closes the socket) without waiting for undici to agree.
 */
async function readBody(response: Response, signal: AbortSignal, cap: number): Promise<BodyRead> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > cap) {
    abandon(response.body);
    return { failure: 'too-large', cap };
  }
  if (!response.body) return { text: '' };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await orAborted(reader.read(), signal);
      if (next === ABORTED) {
        abandon(reader);
        return { failure: 'expired' };
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > cap) {
        abandon(reader);
        return { failure: 'too-large', cap };
      }
      chunks.push(next.value);
    }
  } catch (error) {
    abandon(reader);
    return { failure: 'failed', error };
  }
  // TextDecoder drops a byte-order mark, as response.text() does.
  return { text: new TextDecoder().decode(Buffer.concat(chunks)) };
}

/** Cancels a body without waiting: cancelling is what closes the socket, and it may never settle. */
function abandon(body: { cancel(): Promise<void> } | null | undefined): void {
  body?.cancel().catch(() => {});
}

function expired(userSignal: AbortSignal | undefined): HttpOutcome {
  return userSignal?.aborted ? { type: 'aborted' } : { type: 'lost', reason: 'no answer before the request deadline' };
}

/** A byte count for messages: `32 MiB`, or bytes below one MiB. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}

/** What a failed fetch (or body read) means: aborted by the caller, lost after sending, never sent, or a redirect refused. */
export function classifyFailure(error: unknown, userSignal: AbortSignal | undefined): HttpOutcome {
  if (userSignal?.aborted) return { type: 'aborted' };
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string; cause?: { message?: string } } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return { type: 'lost', reason: 'no answer before the request deadline' };
  const cause = err.cause;
  // undici says `unexpected redirect` (redirect: 'error').
  if (/redirect/i.test(`${cause?.message}`)) return { type: 'redirect' };
  // undici's ProxyAgent: the proxy refused the CONNECT tunnel, so nothing reached the API.
  const tunnel = /Proxy response \((\d{3})\)/.exec(`${cause?.message} ${cause?.cause?.message}`);
  if (tunnel) return { type: 'not-sent', reason: `the proxy refused the connection (HTTP ${tunnel[1]})`, permanent: tunnel[1] === '407' || tunnel[1] === '403' };
  const code = cause?.code;
  if (cause?.message === 'bad port') return { type: 'not-sent', reason: 'the port is not allowed for fetch', permanent: true };
  if (code && (/CERT|TLS|SSL/.test(code) || code === 'ERR_INVALID_URL')) return { type: 'not-sent', reason: `TLS/URL error (${code})`, permanent: true };
  if (code && neverConnected(code)) return { type: 'not-sent', reason: code === 'ECONNREFUSED' ? 'connection refused' : code };
  return { type: 'lost', reason: code ? `the connection failed (${code})` : (cause?.message ?? err.message ?? 'the connection failed') };
}
