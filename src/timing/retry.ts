import pRetry from 'p-retry';
import { realClock, type Clock } from './clock.js';

/** How reads are retried. Every field is a bound: nothing retries forever. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default: 8. */
  retries: number;
  /** First backoff ceiling; doubles per retry. Default: 500 ms. */
  baseMs: number;
  /** Highest backoff ceiling. Default: 10 s. */
  capMs: number;
  /** Total time spent retrying one read, after which it fails. Default: 120 s. */
  maxRetryTimeMs: number;
  /** A `Retry-After` above this is not waited for: the read fails at once. Default: 60 s. */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 8,
  baseMs: 500,
  capMs: 10_000,
  maxRetryTimeMs: 120_000,
  retryAfterCapMs: 60_000,
};

/** Full-jitter backoff (AWS, gRPC): a uniform delay in [0, min(cap, base·2^(n-1))) for retry n ≥ 1. */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined if unusable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** A failure worth another try, with the server's `Retry-After` if it sent one. */
export class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly retryAfter?: string,
  ) {
    super(message);
    this.name = 'RetryableFailure';
  }
}

/** Raised when the server asks us to wait longer than the policy allows. */
export class RetryAfterTooLong extends Error {
  constructor(readonly waitMs: number) {
    super(`Retry-After ${waitMs} ms exceeds the cap`);
    this.name = 'RetryAfterTooLong';
  }
}

export interface RetryHooks {
  signal?: AbortSignal;
  /** Called before each wait (for logs): the retry number, the delay and why. */
  onRetry?: (info: { retry: number; delayMs: number; reason: string }) => void;
  random?: () => number;
  /** Whose time the waits and the time budget are counted in. Default: the real clock. */
  clock?: Clock;
}

/**
 * Runs `attempt` until it returns, retrying only `RetryableFailure`s, with full jitter, the
 * server's `Retry-After` honoured up to a cap, and a bound on attempts and on total time.
 * p-retry counts attempts and time; the waiting is ours because p-retry has no full jitter and no
 * `Retry-After`.
 */
export async function withRetry<T>(attempt: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<T> {
  const clock = hooks.clock ?? realClock;
  const started = clock.now();
  return pRetry(attempt, {
    retries: policy.retries,
    minTimeout: 0,
    maxTimeout: 0,
    factor: 1,
    // Stryker disable next-line BooleanLiteral: equivalent, p-retry's own delay is 0 (minTimeout 0) with or without its randomising
    randomize: false,
    maxRetryTime: policy.maxRetryTimeMs,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    shouldRetry: async ({ error, retriesConsumed }) => {
      if (!(error instanceof RetryableFailure)) return false;
      const retry = retriesConsumed + 1;
      // No (usable) Retry-After asks for no wait.
      const asked = parseRetryAfter(error.retryAfter, clock.now()) ?? 0;
      if (asked > policy.retryAfterCapMs) throw new RetryAfterTooLong(asked);
      const delay = Math.max(backoffDelay(retry, policy, hooks.random), asked);
      const remaining = policy.maxRetryTimeMs - (clock.now() - started);
      if (delay >= remaining) return false;
      hooks.onRetry?.({ retry, delayMs: delay, reason: error.message });
      await clock.sleep(delay, hooks.signal);
      return true;
    },
  });
}
