/**
 * How reads are retried (src/timing/retry.ts), rule by rule: which failures, how many times, how
 * long each wait is (full jitter, `Retry-After`), and the bounds on waiting. Pure: the attempts
 * are functions and the waits run on the virtual clock, so a minute of backoff costs nothing.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, RetryableFailure, RetryAfterTooLong, withRetry, type RetryPolicy } from '../../src/timing/retry.js';
import { virtualClock } from '../helpers/virtual-clock.js';

const POLICY: RetryPolicy = { retries: 3, baseMs: 100, capMs: 1000, maxRetryTimeMs: 60_000, retryAfterCapMs: 60_000 };

/** Runs `withRetry` over attempts that throw `failures` in turn, then return 'done'. */
async function run(failures: Error[], policy: Partial<RetryPolicy> = {}, random = () => 0.5, signal?: AbortSignal) {
  const clock = virtualClock();
  const started = clock.now();
  const retries: { retry: number; delayMs: number; reason: string; at: number }[] = [];
  let attempts = 0;
  const result = withRetry(
    async () => {
      const failure = failures[attempts++];
      if (failure) throw failure;
      return 'done';
    },
    { ...POLICY, ...policy },
    { clock, random, ...(signal ? { signal } : {}), onRetry: (info) => retries.push({ ...info, at: clock.now() - started }) },
  );
  const outcome: { value?: string; error?: unknown } = await result.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, attempts: () => attempts, retries, elapsed: clock.now() - started };
}

const retryable = (message = 'HTTP 503', retryAfter?: string) => new RetryableFailure(message, retryAfter);

describe('backoffDelay: full jitter, a uniform delay below min(cap, base·2^(n-1))', () => {
  it('the ceiling doubles per retry from the base, up to the cap', () => {
    const top = () => 0.9999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { baseMs: 100, capMs: 1000 }, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('the delay is the random fraction of the ceiling, rounded down; retry 0 counts as the first', () => {
    expect(backoffDelay(3, { baseMs: 100, capMs: 1000 }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, capMs: 1000 }, () => 0)).toBe(0);
    expect(backoffDelay(0, { baseMs: 100, capMs: 1000 }, () => 0.5)).toBe(50);
  });
});

describe('parseRetryAfter: delay-seconds or an HTTP date (RFC 9110 §10.2.3)', () => {
  const now = Date.parse('2026-11-29T10:00:00Z');
  it('delay-seconds, whitespace around allowed', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter(' 3 ', now)).toBe(3000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('an HTTP date is the time until then; a date in the past is no wait', () => {
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('without a `now`, the date is counted from the wall clock', () => {
    const later = parseRetryAfter(new Date(Date.now() + 3_600_000).toUTCString());
    expect(later).toBeGreaterThan(3_500_000);
    expect(later).toBeLessThanOrEqual(3_600_000);
  });

  it('anything else is unusable: undefined, never NaN', () => {
    for (const value of [undefined, '', 'soon', 'x12', '12abc', '1.5s']) expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
  });
});

describe('withRetry: which failures, how many times', () => {
  it('a success is returned at once', async () => {
    const r = await run([]);
    expect(r).toMatchObject({ value: 'done', retries: [], elapsed: 0 });
    expect(r.attempts()).toBe(1);
  });

  it('only a RetryableFailure is retried; any other error is thrown as it is after one attempt', async () => {
    const bug = new Error('bug');
    const r = await run([bug, bug]);
    expect(r.error).toBe(bug);
    expect(r.attempts()).toBe(1);
  });

  it('a RetryableFailure is retried until the attempt succeeds', async () => {
    const r = await run([retryable(), retryable()]);
    expect(r.value).toBe('done');
    expect(r.attempts()).toBe(3);
  });

  it('at most `retries` retries: the last failure is thrown after retries + 1 attempts', async () => {
    const last = retryable('the last');
    const r = await run([retryable(), retryable(), retryable(), last, retryable()]);
    expect(r.error).toBe(last);
    expect(r.error).toMatchObject({ name: 'RetryableFailure', message: 'the last' });
    expect(r.attempts()).toBe(4);
    expect(r.retries.map((x) => x.retry)).toEqual([1, 2, 3]);
  });
});

describe('withRetry: how long each wait is', () => {
  it('waits the backoff of each retry, in the clock it is given, and says so before waiting', async () => {
    const r = await run([retryable('HTTP 500'), retryable('reset')], {}, () => 0.5);
    expect(r.retries).toEqual([
      { retry: 1, delayMs: 50, reason: 'HTTP 500', at: 0 },
      { retry: 2, delayMs: 100, reason: 'reset', at: 50 },
    ]);
    expect(r.elapsed).toBe(150);
  });

  it('waits what Retry-After asks when that is longer than the backoff', async () => {
    const r = await run([retryable('HTTP 429', '3')]);
    expect(r.retries).toMatchObject([{ delayMs: 3000 }]);
    expect(r.elapsed).toBe(3000);
  });

  it('waits the backoff when it is longer than what Retry-After asks', async () => {
    const r = await run([retryable('HTTP 429', '1')], { baseMs: 4000, capMs: 10_000 });
    expect(r.retries).toMatchObject([{ delayMs: 2000 }]);
  });

  it('a Retry-After above the cap is not waited for: RetryAfterTooLong, after one attempt', async () => {
    const r = await run([retryable('HTTP 429', '61')]);
    expect(r.error).toBeInstanceOf(RetryAfterTooLong);
    expect(r.error).toMatchObject({ waitMs: 61_000, message: 'Retry-After 61000 ms exceeds the cap', name: 'RetryAfterTooLong' });
    expect(r.attempts()).toBe(1);
    expect(r.elapsed).toBe(0);
  });

  it('a Retry-After at the cap is waited for', async () => {
    const r = await run([retryable('HTTP 429', '60')], { maxRetryTimeMs: 120_000 });
    expect(r).toMatchObject({ value: 'done', elapsed: 60_000 });
  });
});

describe('withRetry: the bound on total time', () => {
  it('a wait that would reach maxRetryTime is not started: the failure is thrown instead', async () => {
    const last = retryable('HTTP 503', '1');
    const r = await run([last], { maxRetryTimeMs: 1000 });
    expect(r.error).toBe(last);
    expect(r.attempts()).toBe(1);
    expect(r.elapsed).toBe(0);
  });

  it('a wait that ends just before maxRetryTime is made; the next one is not', async () => {
    const r = await run([retryable(), retryable(), retryable()], { baseMs: 1000, capMs: 10_000, maxRetryTimeMs: 1000 }, () => 0.999);
    expect(r.retries).toEqual([{ retry: 1, delayMs: 999, reason: 'HTTP 503', at: 0 }]);
    expect(r.attempts()).toBe(2);
    expect(r.elapsed).toBe(999);
  });
});

describe('withRetry: cancelling', () => {
  it('a signal aborted beforehand makes no attempt', async () => {
    const reason = new Error('interrupted');
    const r = await run([], {}, () => 0.5, AbortSignal.abort(reason));
    expect(r.error).toBe(reason);
    expect(r.attempts()).toBe(0);
  });

  it('aborting during a wait ends it at once: no further attempt', async () => {
    const cancel = new AbortController();
    const clock = virtualClock();
    let attempts = 0;
    const pending = withRetry(
      async () => {
        attempts++;
        throw retryable();
      },
      { ...POLICY, retries: 5, baseMs: 60_000, capMs: 60_000 },
      { clock, signal: cancel.signal, random: () => 0.5, onRetry: () => setImmediate(() => cancel.abort(new Error('interrupted'))) },
    );
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(attempts).toBe(1);
  });
});
