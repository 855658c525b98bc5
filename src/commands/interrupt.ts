/**
 * The first SIGINT or SIGTERM, handed to the command that is running when it wants it (apply:
 * stop waiting, cancel on request, report what is known). The bin's handler (`exitOnSignals` in
 * cli.ts) asks here first; with no command listening, or on a second signal, it exits at once.
 * No imports: the entry loads this before anything else.
 */

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

let listener: ((signal: InterruptSignal) => void) | undefined;

/** Makes `handle` receive the next interrupt instead of the process exiting; returns the function that stops it. */
export function onInterrupt(handle: (signal: InterruptSignal) => void): () => void {
  listener = handle;
  return () => {
    if (listener === handle) listener = undefined;
  };
}

/** Hands an interrupt to the command listening for one, once; false when none is (the caller then exits). */
export function deliverInterrupt(signal: InterruptSignal): boolean {
  const handle = listener;
  if (!handle) return false;
  listener = undefined;
  handle(signal);
  return true;
}

/** The exit code a shell expects after a signal: 128 + its number. */
export function signalExitCode(signal: InterruptSignal): number {
  return signal === 'SIGINT' ? 130 : 143;
}
