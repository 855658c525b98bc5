import { describe, expect, it } from 'vitest';
import { realClock } from '../../src/timing/clock.js';
import { anyOf, deadline } from '../../src/timing/deadline.js';

describe('deadline signals', () => {
  it('abort after their time with a TimeoutError, and follow their parents', async () => {
    const timed = deadline(realClock, 20);
    await new Promise((r) => setTimeout(r, 60));
    expect(timed.signal.aborted).toBe(true);
    expect((timed.signal.reason as DOMException).name).toBe('TimeoutError');

    const parent = new AbortController();
    const linked = deadline(realClock, 60_000, parent.signal);
    parent.abort(new Error('cancelled'));
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as Error).message).toBe('cancelled');
    linked.dispose();
  });

  it('dispose stops the timer, and anyOf passes a single signal through', async () => {
    const timed = deadline(realClock, 20);
    timed.dispose();
    await new Promise((r) => setTimeout(r, 60));
    expect(timed.signal.aborted).toBe(false);
    const only = new AbortController().signal;
    expect(anyOf(undefined, only).signal).toBe(only);
    expect(anyOf().signal).toBeUndefined();
  });
});
