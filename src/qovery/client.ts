import { diagnostic } from '../diagnostics/codes.js';
import { QoveryDeployError } from '../diagnostics/error.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { createRedactor } from '../secrets/redact.js';
import type { ApiEndpoint } from './endpoint.js';
import { send, sizeText, type HttpOutcome } from './http.js';
import { realClock, type Clock } from '../timing/clock.js';
import { anyOf } from '../timing/deadline.js';
import { DEFAULT_RETRY_POLICY, RetryableFailure, RetryAfterTooLong, withRetry, type RetryPolicy } from '../timing/retry.js';
import { ShapeError } from './shape.js';

/** How one POST ended, sorted by what it means for a retry. */
export type PostOutcome =
  /** 2xx with a JSON body: accepted. */
  | { type: 'accepted'; status: number; body: unknown }
  /** 2xx whose body was cut off or unreadable: accepted all the same; the request id must be found by reconciling. */
  | { type: 'accepted-unreadable'; status: number; reason: string }
  /** Certainly not processed (connection refused, 409 operation in progress): safe to send again after a wait. */
  | { type: 'not-processed'; reason: string; status?: number; retryAfter?: string }
  /** Maybe processed (reset after sending, deadline passed, 5xx, 429, a cut-off error body): reconcile before any resend. */
  | { type: 'ambiguous'; reason: string; status?: number; retryAfter?: string }
  /** Refused for good (400/401/403/404/422, a redirect, a TLS error): fail with this diagnostic. */
  | { type: 'rejected'; diagnostic: Diagnostic };

export interface ClientOptions {
  endpoint: ApiEndpoint;
  /** Deadline of each request. Default: 30 s. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Receives one line per retry and per notable event (already free of secrets). */
  log?: (line: string) => void;
  userAgent?: string;
  /** Largest answer read (after decompression). Default: 32 MiB. */
  maxBodyBytes?: number;
  /** Whose time request deadlines and retry waits are counted in. Default: the real clock. */
  clock?: Clock;
}

/** The longest server message quoted in a diagnostic. */
export const MAX_API_MESSAGE = 300;

/** 2xx. */
const succeeded = (status: number): boolean => status >= 200 && status < 300;
/** 429 and 5xx: the server may have been overloaded or failing while it processed the request; worth another try. */
const overloaded = (status: number): boolean => status === 429 || status >= 500;

type Redact = (text: string) => string;
const asIs: Redact = (text) => text;

/**
 * Qovery's error bodies are `{status, error, message}` in practice, with no schema: read them
 * defensively. The message is redacted *before* it is cut: a cut first would leave all but the end
 * of a token the server echoed, which no later redaction recognises.
 */
export function apiMessage(body: unknown, status: number, redact: Redact = asIs): string {
  if (body !== null && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const key of ['message', 'error', 'detail', 'title']) {
      const value = b[key];
      if (typeof value !== 'string' || value.trim() === '') continue;
      const message = redact(value.trim().replace(/\s+/g, ' '));
      return message.length > MAX_API_MESSAGE ? `${message.slice(0, MAX_API_MESSAGE - 1)}…` : message;
    }
  }
  return `HTTP ${status}`;
}

/** The diagnostic for a final 4xx answer. */
export function refusal(status: number, body: unknown, path: string, redact: Redact = asIs): Diagnostic {
  const message = apiMessage(body, status, redact);
  if (status === 401) return diagnostic('API_UNAUTHORIZED', { message });
  if (status === 403) return diagnostic('API_FORBIDDEN', { message, path });
  if (status === 404) return diagnostic('API_NOT_FOUND', { message, path });
  return diagnostic('API_BAD_REQUEST', { status, message, path });
}

/**
 * The only place qovery-deploy talks HTTP. Reads are retried (429, 5xx, network errors, unreadable
 * bodies) with bounded full-jitter backoff; the deploy POST is sent exactly once per call and its
 * outcome classified, because p-retry would happily send it four times after a reset.
 */
export class QoveryClient {
  readonly baseUrl: string;
  /** HTTP requests sent so far (each retry counts), for benchmarks and tests. */
  requestCount = 0;
  /** Hides this client's own token (the one the server could echo) in text taken from answers. */
  readonly redact: Redact;
  /** The clock its deadlines and retry waits run on; the stages that use this client (apply, wait) keep time by it too. */
  readonly clock: Clock;
  private readonly endpoint: ApiEndpoint;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly signal: AbortSignal | undefined;
  private readonly log: (line: string) => void;
  private readonly userAgent: string | undefined;
  private readonly maxBodyBytes: number | undefined;

  constructor(options: ClientOptions) {
    this.endpoint = options.endpoint;
    this.baseUrl = options.endpoint.baseUrl;
    this.redact = createRedactor([options.endpoint.authorization.slice(options.endpoint.authorization.indexOf(' ') + 1)]);
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.signal = options.signal;
    this.log = options.log ?? (() => {});
    this.userAgent = options.userAgent;
    this.maxBodyBytes = options.maxBodyBytes;
    this.clock = options.clock ?? realClock;
  }

  /**
   * GET with retries; resolves to the parsed body or throws a QoveryDeployError (exit 5 class).
   * `parse` checks the body's shape inside the retry loop: a `ShapeError` (a well-formed answer of
   * the wrong shape, e.g. a proxy's `200 {"status":503}`) is retried like a 5xx and, when it
   * persists, fails with API_BAD_RESPONSE naming the field; it is never read as an empty answer.
   * `signal` cancels this read (and its retries), e.g. when the overall deadline passes.
   */
  async get<T = unknown>(path: string, options: { signal?: AbortSignal; parse?: (body: unknown) => T } = {}): Promise<T> {
    let attempts = 0;
    let last: HttpOutcome | undefined;
    let badShape: string | undefined;
    const linked = anyOf(this.signal, options.signal);
    const signal = linked.signal;
    try {
      return await withRetry(
        async () => {
          attempts++;
          const outcome = await this.exchange('GET', path, undefined, signal);
          // An aborted attempt says nothing about the API: remember the last real failure instead.
          if (outcome.type !== 'aborted') {
            last = outcome;
            badShape = undefined;
          }
          const body = this.readResult(outcome, path, signal);
          if (!options.parse) return body as T;
          try {
            return options.parse(body);
          } catch (error) {
            if (!(error instanceof ShapeError)) throw error;
            badShape = error.message;
            throw new RetryableFailure(`unexpected answer: ${error.message}`);
          }
        },
        this.policy,
        {
          ...(signal ? { signal } : {}),
          clock: this.clock,
          onRetry: ({ retry, delayMs, reason }) => this.log(`GET ${path}: ${reason}; retry ${retry} in ${delayMs} ms`),
        },
      );
    } catch (error) {
      throw this.finalReadError(error, signal?.aborted === true, last, path, attempts, badShape);
    } finally {
      linked.dispose();
    }
  }

  /**
   * One POST, never retried here: the caller decides from the classified outcome. `signal` (the
   * run's deadline, an interrupt) cuts it short; an answer lost that way is `ambiguous`: it may have landed.
   */
  async post(path: string, body: unknown, options: { signal?: AbortSignal } = {}): Promise<PostOutcome> {
    const linked = anyOf(this.signal, options.signal);
    try {
      const outcome = await this.exchange('POST', path, body, linked.signal);
      return classifyPost(outcome, path, this.redact);
    } finally {
      linked.dispose();
    }
  }

  /** One DELETE, never retried here: its outcome is classified like a POST's (the caller reconciles). */
  async delete(path: string): Promise<PostOutcome> {
    return classifyPost(await this.exchange('DELETE', path), path, this.redact);
  }

  private exchange(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signal = this.signal): Promise<HttpOutcome> {
    this.requestCount++;
    return send(this.endpoint, method, path, { timeoutMs: this.timeoutMs, userAgent: this.userAgent, clock: this.clock, body, signal, maxBodyBytes: this.maxBodyBytes });
  }

  private readResult(outcome: HttpOutcome, path: string, signal: AbortSignal | undefined): unknown {
    switch (outcome.type) {
      case 'response':
        if (succeeded(outcome.status)) return outcome.body;
        if (overloaded(outcome.status)) throw new RetryableFailure(`HTTP ${outcome.status}`, outcome.retryAfter);
        throw new QoveryDeployError([refusal(outcome.status, outcome.body, path, this.redact)]);
      case 'unreadable':
        // Reading a huge answer again would not make it smaller.
        if (outcome.tooLarge !== undefined) throw new QoveryDeployError([diagnostic('API_RESPONSE_TOO_LARGE', { path, limit: sizeText(outcome.tooLarge) })]);
        if (succeeded(outcome.status)) throw new RetryableFailure(outcome.reason);
        if (overloaded(outcome.status)) throw new RetryableFailure(`HTTP ${outcome.status}`, outcome.retryAfter);
        throw new QoveryDeployError([refusal(outcome.status, undefined, path)]);
      case 'not-sent':
        if (outcome.permanent) throw new QoveryDeployError([diagnostic('API_UNREACHABLE', { url: this.baseUrl, reason: outcome.reason })]);
        throw new RetryableFailure(outcome.reason);
      case 'lost':
        throw new RetryableFailure(outcome.reason);
      case 'redirect':
        throw new QoveryDeployError([diagnostic('API_REDIRECT', { path })]);
      // p-retry rethrows the abort after the attempt whatever it returns: this case only says so.
      // Stryker disable next-line all: equivalent (see above)
      case 'aborted':
        // Stryker disable next-line all: equivalent (see above)
        throw signal?.reason;
    }
  }

  private finalReadError(error: unknown, aborted: boolean, last: HttpOutcome | undefined, path: string, attempts: number, badShape?: string): unknown {
    // Stryker disable next-line ConditionalExpression: equivalent, a refusal is only rewritten below if the deadline fires between its throw and this catch
    if (error instanceof QoveryDeployError) return error;
    if (error instanceof RetryAfterTooLong) {
      return new QoveryDeployError([
        diagnostic('API_RETRY_AFTER_TOO_LONG', { path, seconds: Math.round(error.waitMs / 1000), capSeconds: Math.round(this.policy.retryAfterCapMs / 1000) }),
      ]);
    }
    // Retries ran out, or the caller's deadline cut them short after a real answer: either way, say
    // what kept failing. The client's own signal (the user cancelling) stays an abort; any other
    // error (a bug in `parse`) is thrown as it is.
    const cutShort = aborted && !this.signal?.aborted;
    if (!(error instanceof RetryableFailure || cutShort) || last === undefined) return error;
    if (badShape !== undefined) return new QoveryDeployError([diagnostic('API_BAD_RESPONSE', { path, reason: `its shape is not the one Qovery documents: ${badShape} (${attempts} attempts)` })]);
    switch (last.type) {
      case 'not-sent':
      case 'lost':
        return new QoveryDeployError([diagnostic('API_UNREACHABLE', { url: this.baseUrl, reason: `${last.reason} (${attempts} attempts)` })]);
      case 'unreadable':
        if (!overloaded(last.status)) return new QoveryDeployError([diagnostic('API_BAD_RESPONSE', { path, reason: last.reason })]);
        return new QoveryDeployError([diagnostic('API_SERVER_ERROR', { status: last.status, path, attempts })]);
      case 'response':
        // Only a 429 or a 5xx is retried (a 2xx of the wrong shape has `badShape`).
        return new QoveryDeployError([diagnostic('API_SERVER_ERROR', { status: last.status, path, attempts })]);
      default:
        // Redirects are refused at once; aborted attempts are never `last`.
        return error;
    }
  }

}

/** Sorts a POST's outcome by what it means for a resend: sent again, reconciled first, or refused. */
export function classifyPost(outcome: HttpOutcome, path: string, redact: Redact = asIs): PostOutcome {
  switch (outcome.type) {
    case 'response': {
      const { status } = outcome;
      if (succeeded(status)) return { type: 'accepted', status, body: outcome.body };
      if (status === 409) return { type: 'not-processed', status, reason: apiMessage(outcome.body, status, redact), ...retryAfterOf(outcome) };
      if (overloaded(status)) return { type: 'ambiguous', status, reason: `HTTP ${status}`, ...retryAfterOf(outcome) };
      return { type: 'rejected', diagnostic: refusal(status, outcome.body, path, redact) };
    }
    case 'unreadable':
      if (succeeded(outcome.status)) return { type: 'accepted-unreadable', status: outcome.status, reason: outcome.reason };
      if (outcome.status === 409) return { type: 'not-processed', status: 409, reason: 'operation in progress' };
      if (overloaded(outcome.status)) return { type: 'ambiguous', status: outcome.status, reason: `HTTP ${outcome.status}, ${outcome.reason}` };
      return { type: 'rejected', diagnostic: refusal(outcome.status, undefined, path) };
    case 'not-sent':
      if (outcome.permanent) return { type: 'rejected', diagnostic: diagnostic('API_UNREACHABLE', { url: path, reason: outcome.reason }) };
      return { type: 'not-processed', reason: outcome.reason };
    case 'lost':
      return { type: 'ambiguous', reason: outcome.reason };
    case 'redirect':
      return { type: 'rejected', diagnostic: diagnostic('API_REDIRECT', { path }) };
    case 'aborted':
      return { type: 'ambiguous', reason: 'cancelled while sending' };
  }
}

function retryAfterOf(outcome: { retryAfter?: string }): { retryAfter?: string } {
  return outcome.retryAfter ? { retryAfter: outcome.retryAfter } : {};
}
