import { describe, expect, it } from 'vitest';
import { send } from '../../src/qovery/http.js';
import { startSimulator } from '../../src/simulator/index.js';
import { loopbackServers } from '../helpers/servers.js';
import { virtualClock } from '../helpers/virtual-clock.js';

/** The tests' clock (test/helpers/virtual-clock.ts): what it skips, and what it must never skip. */
describe('the virtual clock', () => {
  const servers = loopbackServers();

  it('skips a sleep when nothing is in flight, firing the deadlines passed on the way in order', async () => {
    const clock = virtualClock();
    const start = clock.now();
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`deadline 300 at ${clock.now() - start}`));
    clock.setTimer(100, () => fired.push(`deadline 100 at ${clock.now() - start}`));
    const cancelled = clock.setTimer(200, () => fired.push('cancelled'));
    cancelled();
    await clock.sleep(1000);
    expect(fired).toEqual(['deadline 100 at 1000', 'deadline 300 at 1000']);
    expect(clock.now() - start).toBe(1000);
    expect(clock.skipped).toBe(1000);
  });

  it('stands still while an exchange that can still progress is in flight: the answer comes before any deadline', async () => {
    const { url } = await servers.listen((_, res) => setTimeout(() => res.end('{}'), 50));
    const clock = virtualClock();
    const start = clock.now();
    const fired: string[] = [];
    clock.setTimer(10, () => fired.push('deadline'));
    const sleeping = clock.sleep(10_000).then(() => fired.push('slept'));
    const answer = await clock.io(async () => (await fetch(url)).text());
    fired.push(`answer at ${clock.now() - start}`);
    await sleeping;
    expect(answer).toBe('{}');
    expect(fired).toEqual(['answer at 0', 'deadline', 'slept']);
    expect(clock.now() - start).toBe(10_000);
  });

  it('jumps to the request deadline when the only exchange in flight is one the simulator holds open', async () => {
    const clock = virtualClock();
    const sim = await startSimulator({ clock });
    try {
      sim.faults.add({ path: '/organization', action: { type: 'hang' } });
      const start = clock.now();
      const endpoint = { baseUrl: sim.url, authorization: `Token ${sim.token}` };
      expect(await send(endpoint, 'GET', '/organization', { timeoutMs: 3_600_000, clock })).toEqual({ type: 'lost', reason: 'no answer before the request deadline' });
      expect(clock.now() - start).toBe(3_600_000);
    } finally {
      await sim.close();
    }
  });

  it('lets the client read what a stalled answer sent before jumping to its deadline: the headers arrive, the body stalls', async () => {
    const clock = virtualClock();
    const sim = await startSimulator({ clock });
    try {
      sim.faults.add({ path: '/organization', times: Infinity, action: { type: 'stall-body', status: 200 } });
      const endpoint = { baseUrl: sim.url, authorization: `Token ${sim.token}` };
      for (let round = 0; round < 10; round++) {
        const outcome = await send(endpoint, 'GET', '/organization', { timeoutMs: 30_000, clock });
        expect(outcome).toMatchObject({ type: 'unreadable', status: 200, reason: expect.stringContaining('stalled') });
      }
    } finally {
      await sim.close();
    }
  });

  it('rejects a sleep when its signal aborts, as timers/promises does', async () => {
    const clock = virtualClock();
    const cancel = new AbortController();
    const sleeping = clock.sleep(60_000, cancel.signal);
    cancel.abort(new Error('stop'));
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError', cause: new Error('stop') });
    await expect(clock.sleep(1, cancel.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
