/**
 * Where the deploy path gets its time: the current time, its waits, its deadlines. One value,
 * passed down from the entry (`CliIO.clock`); production runs on `realClock`. Tests pass a clock
 * that skips the waiting, so a poll interval or a `Retry-After` costs no real time while the
 * sockets stay real.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects as `timers/promises` does once `signal` aborts. A simulated clock may skip it. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` once `ms` have passed unless the returned function is called first. A deadline: never a reason to skip ahead. */
  setTimer(ms: number, fn: () => void): () => void;
  /**
   * Runs `work`, real I/O whose answer may be on its way (one HTTP exchange). The real clock just
   * runs it; a simulated clock does not skip ahead meanwhile, so no deadline passes while it runs
   * that would not have passed in real time.
   */
  io<T>(work: () => Promise<T>): Promise<T>;
}

/** Wall-clock time and Node's timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  // timers/promises is loaded on the first wait, not at start-up: `validate` never waits.
  sleep: async (ms, signal) => (await import('node:timers/promises')).setTimeout(Math.max(0, ms), undefined, signal ? { signal } : undefined),
  setTimer: (ms, fn) => {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
  io: (work) => work(),
};
