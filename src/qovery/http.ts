import type { ApiEndpoint } from './endpoint.js';
import { deadline } from './signals.js';

/**
 * What one HTTP exchange ended as, before any retry decision. Edge results are values, not
 * exceptions: the caller must decide what each one means.
 */
export type HttpOutcome =
  /** A full answer. `body` is the parsed JSON, or undefined when the body was empty. */
  | { type: 'response'; status: number; body: unknown; retryAfter?: string }
  /** The status line arrived but the body was cut off or was not JSON. */
  | { type: 'unreadable'; status: number; reason: string; retryAfter?: string }
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
  /** Deadline for this one request (Node's default is minutes). */
  timeoutMs: number;
  signal?: AbortSignal;
  userAgent?: string;
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);

/** Sends one request with its own deadline, no redirects, and JSON in and out. Never throws. */
export async function send(endpoint: ApiEndpoint, method: 'GET' | 'POST', path: string, options: SendOptions): Promise<HttpOutcome> {
  const limit = deadline(options.timeoutMs, options.signal);
  try {
    return await exchange(endpoint, method, path, options, limit.signal);
  } finally {
    limit.dispose();
  }
}

async function exchange(endpoint: ApiEndpoint, method: 'GET' | 'POST', path: string, options: SendOptions, signal: AbortSignal): Promise<HttpOutcome> {
  const headers: Record<string, string> = {
    Authorization: endpoint.authorization,
    Accept: 'application/json',
    'User-Agent': options.userAgent ?? 'qovery-deploy',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(`${endpoint.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // Never follow a redirect: it could carry the token to another host.
      redirect: 'error',
      signal,
    });
  } catch (error) {
    return classifyFailure(error, options.signal);
  }

  const retryAfter = response.headers.get('retry-after') ?? undefined;
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const failure = classifyFailure(error, options.signal);
    if (failure.type === 'aborted') return failure;
    return { type: 'unreadable', status: response.status, reason: 'the answer was cut off', ...(retryAfter ? { retryAfter } : {}) };
  }
  if (text.trim() === '') return { type: 'response', status: response.status, body: undefined, ...(retryAfter ? { retryAfter } : {}) };
  try {
    return { type: 'response', status: response.status, body: JSON.parse(text) as unknown, ...(retryAfter ? { retryAfter } : {}) };
  } catch {
    return { type: 'unreadable', status: response.status, reason: 'the answer is not JSON', ...(retryAfter ? { retryAfter } : {}) };
  }
}

function classifyFailure(error: unknown, userSignal: AbortSignal | undefined): HttpOutcome {
  if (userSignal?.aborted) return { type: 'aborted' };
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return { type: 'lost', reason: 'no answer before the request deadline' };
  const cause = err.cause;
  if (cause?.message === 'unexpected redirect' || /redirect/i.test(cause?.message ?? '')) return { type: 'redirect' };
  const code = cause?.code;
  if (cause?.message === 'bad port') return { type: 'not-sent', reason: 'the port is not allowed for fetch', permanent: true };
  if (code && (/CERT|TLS|SSL/.test(code) || code === 'ERR_INVALID_URL')) return { type: 'not-sent', reason: `TLS/URL error (${code})`, permanent: true };
  if (code && NOT_SENT.has(code)) return { type: 'not-sent', reason: code === 'ECONNREFUSED' ? 'connection refused' : code };
  return { type: 'lost', reason: code ? `the connection failed (${code})` : (cause?.message ?? err.message ?? 'the connection failed') };
}
