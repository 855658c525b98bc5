import { createLogUpdate } from 'log-update';
import type { Colors } from 'picocolors/types.js';
import type { SubmitEvent } from '../../apply/submit.js';
import type { TextSink } from '../io.js';

/** Reports apply's progress: a live per-service view on a terminal, one timestamped line per change elsewhere. */
export interface Progress {
  /** Names the services to show (called once the plan is known). */
  services(list: { id: string; label: string }[]): void;
  state(event: { id: string; state: string; unknown?: boolean }): void;
  submit(event: SubmitEvent): void;
  /** A free line (retries, warnings). */
  note(line: string): void;
  /** Clears the live view before the summary is printed. */
  done(): void;
}

/** Builds the progress reporter for a sink; `live` only when it is a terminal. */
export function createProgress(sink: TextSink, c: Colors, options: { live: boolean; now?: () => Date; prefix?: string }): Progress {
  const labels = new Map<string, string>();
  const states = new Map<string, string>();
  const now = options.now ?? (() => new Date());
  const stamp = () => c.dim(now().toISOString().slice(11, 19));
  const paint = (state: string) => (state === 'DEPLOYED' ? c.green(state) : state === 'CANCELED' || state.endsWith('_ERROR') ? c.red(state) : c.yellow(state));
  const prefix = options.prefix ? `[${options.prefix}] ` : '';
  const line = (text: string) => sink.write(`${stamp()} ${prefix}${text}\n`);

  // log-update redraws in place; it only needs a stream-like object that writes through our redactor.
  // Some terminals (and CI pseudo-terminals) report 0 columns: wrapping at 0 would print one character per line.
  const columns = sink.columns !== undefined && sink.columns > 0 ? sink.columns : 80;
  const stream = { write: (text: string) => (sink.write(text), true), columns, rows: 24, isTTY: true };
  const update = options.live ? createLogUpdate(stream as unknown as NodeJS.WritableStream, { showCursor: true }) : undefined;
  // log-update wraps lines at the terminal width, which would split a token the sink then misses: redact first.
  const clean = sink.redact ?? ((text: string) => text);
  const render = update && Object.assign((text: string) => update(clean(text)), { persist: (text: string) => update.persist(clean(text)), done: () => update.done() });
  const redraw = () => {
    if (!render) return;
    const rows = [...labels.entries()].map(([id, label]) => `  ${label.padEnd(24)} ${paint(states.get(id) ?? 'waiting')}`);
    render(rows.join('\n'));
  };

  return {
    services(list) {
      for (const { id, label } of list) labels.set(id, label);
      redraw();
    },
    state({ id, state, unknown }) {
      if (unknown) {
        if (render) render.persist(`${stamp()} ${labels.get(id) ?? id}: state ${state} is new to qovery-deploy; still waiting`);
        else line(`${labels.get(id) ?? id}: state ${state} is new to qovery-deploy; still waiting`);
        return;
      }
      states.set(id, state);
      if (render) redraw();
      else line(`${labels.get(id) ?? id}: ${paint(state)}`);
    },
    submit(event) {
      const text =
        event.type === 'adopted'
          ? adoptedLine(event)
          : event.type === 'sent'
            ? `POST ${event.path}: ${event.outcome}${event.detail ? ` (${event.detail})` : ''}${event.requestId ? `: deployment request ${event.requestId}` : ''}`
            : event.type === 'reconciled'
              ? event.landed
                ? `the request did land (${event.evidence}${event.requestId ? `: ${event.requestId}` : ''})`
                : 'the request did not land: it is safe to send it again'
              : `waiting ${Math.round(event.ms)} ms before sending again (${event.reason})`;
      if (render) render.persist(`${stamp()} ${text}`);
      else line(text);
    },
    note(text) {
      if (render) render.persist(`${stamp()} ${text}`);
      else line(text);
    },
    done() {
      if (render) {
        redraw();
        render.done();
      }
    },
  };
}

function adoptedLine(event: Extract<SubmitEvent, { type: 'adopted' }>): string {
  if (event.raced === 'before-post') {
    return `another run queued the same deployment (request ${event.requestId}) while this one was getting ready: adopting it instead of sending another`;
  }
  if (event.raced === 'before-resend') {
    return `a request with these versions appeared before the resend (request ${event.requestId}: our earlier attempt landed late, or another run queued it): adopting it instead of sending again`;
  }
  return `adopting deployment request ${event.requestId}, already queued with these versions (not sending another)`;
}
