/**
 * End to end, against the simulator: someone else's request for our services at OTHER versions
 * is never mistaken for ours, neither adopted before the POST nor taken as the landing of a lost
 * POST (issue 16: both mutations survived the suite before).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { DEMO_IDS, deployHarness, FAST, onFirstPost, start } from '../helpers/deploy.js';

const h = deployHarness();
const WEB_2 = `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n  - name: web\n    image_tag: "2.0"\n`;

describe('someone else’s request at other versions is not ours', () => {
  it('in flight before apply starts: apply does not adopt it, sends its own request once and ends at its own version', async () => {
    const sim = await start(h);
    sim.outcomes.hang('web', { version: '9.9' });
    const foreign = sim.addForeignRequest(DEMO_IDS.environment, [{ service: 'web', version: '9.9' }], { triggeredBy: 'bob' });
    const run = h.cli(['apply', ...FAST, h.manifest('web.yaml', WEB_2)]);
    // Ours queues behind bob's hung deployment; cancel bob's once ours is in, so ours can run.
    const deadline = Date.now() + 20_000;
    while (h.deployPosts().length === 0 && Date.now() < deadline) await sleep(10);
    expect(h.deployPosts(), 'apply adopted bob’s request instead of sending its own').toHaveLength(1);
    await fetch(`${sim.url}/deploymentQueue/${foreign.id}/cancelDeployment`, { method: 'POST', headers: { authorization: `Token ${sim.token}`, 'content-type': 'application/json' }, body: '{}' });
    const result = await run;

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('adopting');
    expect(h.deployPosts()[0]!.body).toMatchObject({ containers: [{ id: DEMO_IDS.web, image_tag: '2.0' }] });
    expect(sim.state.getService('web').deployed).toBe('2.0');
  });

  it('queued while our POST was lost: bob’s request at 9.9, in the queue or the history, is not our landing; we resend once', async () => {
    let sim!: Simulator;
    sim = await start(h, { onRequest: onFirstPost(() => sim.addForeignRequest(DEMO_IDS.environment, [{ service: 'web', version: '9.9' }], { triggeredBy: 'bob' })) });
    sim.faults.add({ method: 'POST', path: '/environment/:id/service/deploy', action: { type: 'status', status: 503 } });
    const result = await h.cli(['apply', ...FAST, h.manifest('web.yaml', WEB_2)]);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('the request did not land');
    expect(h.deployPosts()).toHaveLength(2);
    expect(sim.stats.deploymentRequests).toBe(1);
    const ours = sim.state.requests.filter((r) => !r.foreign);
    expect(ours.map((r) => r.status)).toEqual(['SUCCESS']);
    expect(sim.state.getService('web').deployed).toBe('2.0');
  });
});
