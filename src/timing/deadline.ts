import { realClock, type Clock } from './clock.js';

/**
 * Abort signals that are sure to fire. Node 20's `AbortSignal.timeout()`/`AbortSignal.any()`
 * signals can be garbage-collected while fetch still waits on them (fetch only holds them weakly),
 * and then the request runs into undici's own five-minute timeout instead of ours — seen here as a
 * 300 s apply under load. A controller kept alive by its own timer cannot be collected early.
 */
export interface Deadline {
  signal: AbortSignal;
  /** Clears the timer and the link to the parent; call it when the work is done. */
  dispose: () => void;
}

/** A signal that aborts after `ms` of `clock`'s time, or as soon as any of the parents aborts. */
export function deadline(clock: Clock, ms: number, ...parents: (AbortSignal | undefined)[]): Deadline {
  const controller = new AbortController();
  const cancel = clock.setTimer(ms, () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')));
  const links = parents.filter((p): p is AbortSignal => p !== undefined);
  const onAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  for (const parent of links) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      cancel();
      for (const parent of links) parent.removeEventListener('abort', onAbort);
    },
  };
}

/** A signal that aborts when any of the given ones does (no timer); undefined when none is given. */
export function anyOf(...signals: (AbortSignal | undefined)[]): { signal: AbortSignal | undefined; dispose: () => void } {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return { signal: present[0], dispose: () => {} };
  // The long real timer is only there to keep the controller alive (see above).
  return deadline(realClock, 2 ** 31 - 1, ...present);
}

/** What `orAborted` resolves with when the signal wins. */
export const ABORTED: unique symbol = Symbol('aborted');

/**
 * Settles like `promise`, or with ABORTED as soon as `signal` aborts, whether or not `promise`
 * ever settles. For work that is supposed to end on abort but may not: after a garbage collection,
 * Node 20's fetch can lose the link from our signal to the request (undici holds it through a
 * WeakRef), and a body read then waits forever on a server that stopped sending.
 */
export function orAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.resolve(ABORTED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
