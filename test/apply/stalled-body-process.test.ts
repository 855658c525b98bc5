import { describe, expect, it } from 'vitest';
import { realClock } from '../../src/timing/clock.js';
import { spawnCli } from '../helpers/cli.js';
import { ALL_KINDS, deployHarness, FIRST_POLL, start } from '../helpers/deploy.js';

const h = deployHarness();
const STATUSES = '/environment/:id/statuses';

/**
 * Issue 10 item 3 for the real bin: a child process keeps real time, so this one runs the built
 * CLI (the built project, vitest.config.ts); stalled-body.test.ts covers the rest from source.
 */
describe('a body that stalls mid-way never hangs apply (the built CLI)', () => {
  it('the real CLI process exits at --timeout while the API trickles forever (no socket left open)', async () => {
    // A child process keeps real time, and so must the simulator it talks to.
    const sim = await start(h, { clock: realClock });
    sim.faults.add({ method: 'GET', path: STATUSES, nth: FIRST_POLL, times: Infinity, action: { type: 'stall-body', trickleMs: 50 } });
    // Real time: a short --timeout, still several stalled polls long.
    const flags = ['--poll-interval', '30ms', '--request-timeout', '300ms', '--retry-base', '20ms', '--timeout', '2s', '--format', 'json'];
    // --gc-global makes every collection a full one: the child loses aborts as a long CI job would.
    const result = await spawnCli(['apply', ...flags, h.manifest('all.yaml', ALL_KINDS)], {
      cwd: h.repo,
      env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: h.token },
      nodeFlags: ['--gc-global'],
    });
    expect([4, 5], result.stderr).toContain(result.code);
    expect(result.stdout).toContain(sim.state.requests[0]!.id);
  }, 60_000);
});
