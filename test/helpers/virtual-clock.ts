import { subscribe } from 'node:diagnostics_channel';
import type { Clock } from '../../src/timing/clock.js';
import type { SimClock } from '../../src/simulator/index.js';

/**
 * A clock for tests whose time moves only when the code under test waits: it stands still while
 * anything real happens, and jumps ahead once nothing but time can make progress:
 * - no HTTP exchange in flight (`io`): to the end of the earliest sleep (a poll interval, a
 *   backoff, a `Retry-After`); deadlines passed on the way fire in order, as they would have;
 * - every exchange in flight held open on purpose by the simulator (a hang, a stalled body, told
 *   through `parked`): to the earliest timer, so a request deadline ends a hang at once.
 *
 * So a run's timing does not depend on how loaded the machine is: the same run sees the same
 * times. Sockets stay real, and an answer on its way always arrives before any deadline: the
 * clock never moves while an exchange that can still progress is in flight. Exchanges and the
 * simulator's connections are matched by port, read from undici's diagnostics channels (fetch
 * itself is untouched). Only for servers that say when they hold a connection (the simulator):
 * an exchange that hangs unannounced would wait forever.
 *
 * Give one to the CLI (`runCli(…, { clock })`) and to the simulator (`startSimulator({ clock })`):
 * both then see the same time, and the deployment's stages pass while the CLI sleeps.
 */
export interface VirtualClock extends Clock, SimClock {
  /** Milliseconds skipped so far (time not waited for). */
  readonly skipped: number;
  /** A server (the simulator, or a test's own) holds the connection from `peerPort` open for good, until the returned function is called. */
  parked(peerPort: number): () => void;
  /** Calls `fn` each time every exchange in flight is held open, just before time jumps to end one: the moment a lost abort would hang. */
  whenStuck(fn: () => void): void;
}

interface Timer {
  due: number;
  /** A sleep may be skipped to; a deadline only when every exchange in flight is parked. */
  sleep: boolean;
  fn: () => void;
}

/** One HTTP exchange run through `io`: the local ports its requests went out from. */
interface Exchange {
  ports: Set<number>;
  /** Tells its clock that the exchange moved (sent, or got its answer's headers). */
  moved: () => void;
}

/**
 * The exchange whose synchronous start is running (set by `io`), to tie undici's requests to it.
 * Not an AsyncLocalStorage: on Node 20 one turns on promise hooks, which slow every promise of the
 * test worker from then on, and `send` calls fetch before its first await anyway.
 */
let current: Exchange | undefined;
const exchangeOf = new WeakMap<object, Exchange>();
let observing = false;

/** Learns which local port each exchange's request was sent from. Only observes: fetch is untouched. */
function observeUndici(): void {
  if (observing) return;
  observing = true;
  // Published synchronously in the fetch call, hence while `io` runs the exchange's start. A fetch
  // after an await (through a proxy) is not tied: its clock then never jumps while it hangs.
  subscribe('undici:request:create', (message) => {
    if (current) exchangeOf.set((message as { request: object }).request, current);
  });
  // May run in another context (a queued request is sent when a socket frees up): matched by request.
  subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as { request: object; socket: { localPort?: number } };
    const exchange = exchangeOf.get(request);
    if (!exchange) return;
    if (socket.localPort !== undefined) exchange.ports.add(socket.localPort);
    exchange.moved();
  });
  subscribe('undici:request:headers', (message) => exchangeOf.get((message as { request: object }).request)?.moved());
}

/** A fresh clock, starting at the wall clock's time; share it between a CLI run and its simulator. */
export function virtualClock(): VirtualClock {
  observeUndici();
  const origin = Date.now();
  let skipped = 0;
  /** Sorted by due time; equal times keep their order of creation. */
  const timers: Timer[] = [];
  const inFlight = new Set<Exchange>();
  /** Local ports of the connections the simulator holds open on purpose, with how many holds each. */
  const parked = new Map<number, number>();
  let idle: NodeJS.Immediate | undefined;
  /** Counts what happened to exchanges (started, moved, ended, parked, released). */
  let changes = 0;
  /** `changes` when every exchange in flight was last seen parked. */
  let stuckAt = -1;
  let onStuck: (() => void) | undefined;

  const now = (): number => origin + skipped;
  const stuck = (): boolean => inFlight.size > 0 && [...inFlight].every((e) => [...e.ports].some((p) => parked.has(p)));
  /** Where time may jump to now, if anywhere. */
  const target = (): Timer | undefined => (inFlight.size === 0 ? timers.find((t) => t.sleep) : stuck() ? timers[0] : undefined);

  const fireDue = (): void => {
    const time = now();
    while (timers.length > 0 && timers[0]!.due <= time) timers.shift()!.fn();
    schedule();
  };

  /**
   * Runs after the callbacks already queued (an answer just read, a continuation): fires what is
   * due, as a timer of 0 ms would, then jumps if still nothing but time can make progress.
   */
  const tick = (): void => {
    idle = undefined;
    const due = timers[0] !== undefined && timers[0].due <= now() ? timers[0] : undefined;
    const next = due ?? target();
    if (!next) return;
    if (!due && inFlight.size > 0 && stuckAt !== changes) {
      // Everything in flight is held open: first let the client read what the server sent before
      // it went quiet (the headers of a stalled body). One more turn of the event loop, its I/O
      // included, and the jump happens only if nothing moved meanwhile.
      stuckAt = changes;
      idle = setImmediate(tick);
      return;
    }
    if (!due && inFlight.size > 0) onStuck?.();
    skipped += Math.max(0, next.due - now());
    fireDue();
  };

  function schedule(): void {
    const first = timers[0];
    if (!first || idle !== undefined) return;
    if (first.due <= now() || target()) idle = setImmediate(tick);
  }

  const add = (ms: number, sleep: boolean, fn: () => void): (() => void) => {
    const timer: Timer = { due: now() + Math.max(0, ms), sleep, fn };
    const at = timers.findIndex((t) => t.due > timer.due);
    timers.splice(at === -1 ? timers.length : at, 0, timer);
    schedule();
    return () => {
      const index = timers.indexOf(timer);
      if (index >= 0) timers.splice(index, 1);
      schedule();
    };
  };

  return {
    now,
    get skipped() {
      return skipped;
    },
    setTimer: (ms, fn) => add(ms, false, fn),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        // As `timers/promises` does: an AbortError whose cause is the signal's reason.
        const aborted = (): Error => Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal?.reason });
        if (signal?.aborted) return reject(aborted());
        const onAbort = (): void => {
          cancel();
          reject(aborted());
        };
        const cancel = add(ms, true, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    io: (work) => {
      const exchange: Exchange = { ports: new Set(), moved: () => void changes++ };
      inFlight.add(exchange);
      changes++;
      const outer = current;
      current = exchange;
      let pending;
      try {
        pending = work();
      } finally {
        current = outer;
      }
      return pending.finally(() => {
        inFlight.delete(exchange);
        changes++;
        schedule();
      });
    },
    whenStuck: (fn) => {
      onStuck = fn;
    },
    parked: (peerPort) => {
      parked.set(peerPort, (parked.get(peerPort) ?? 0) + 1);
      changes++;
      schedule();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        changes++;
        const left = (parked.get(peerPort) ?? 1) - 1;
        if (left > 0) parked.set(peerPort, left);
        else parked.delete(peerPort);
      };
    },
  };
}
