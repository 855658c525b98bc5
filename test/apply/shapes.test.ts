import { describe, expect, it } from 'vitest';
import type { FaultAction, Simulator } from '../../src/simulator/index.js';
import { revParse } from '../helpers/git-fixture.js';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, onFirstPost, start } from '../helpers/deploy.js';

const h = deployHarness();
const DEPLOY = '/environment/:id/service/deploy';
const WRONG: FaultAction = { type: 'wrong-shape' };
const LIVE_READS = ['services', 'statuses', 'deploymentQueue', 'deploymentHistoryV2'];
const ENV_HEADER = `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\n`;

/** From the next call on, `times` answers of every environment read are `200 {"status":503,"message":"maintenance"}`. */
function wrongShapeReads(sim: Simulator, times: number): void {
  for (const path of LIVE_READS) sim.faults.add({ method: 'GET', path: `/environment/:id/${path}`, times, action: WRONG });
}

describe('a wrong-shape answer is an API error, never an empty environment (issue 10 item 4)', () => {
  it('lost POST, then reads answering 200 {"status":503,…}: retried until they recover; exactly one deployment request', async () => {
    let sim!: Simulator;
    sim = await start(h, { onRequest: onFirstPost(() => wrongShapeReads(sim, 3)) });
    sim.faults.add({ method: 'POST', path: DEPLOY, action: { type: 'status', status: 503, process: true } });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('unexpected answer: results is missing');
    expect(h.deployPosts()).toHaveLength(1);
    expect(sim.stats.deploymentRequests).toBe(1);
  });

  it('lost POST, then wrong-shape reads that persist: exit 5, "may have been queued", never a second POST', async () => {
    let sim!: Simulator;
    sim = await start(h, { onRequest: onFirstPost(() => wrongShapeReads(sim, Infinity)) });
    sim.faults.add({ method: 'POST', path: DEPLOY, action: { type: 'status', status: 503, process: true } });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain('[DEPLOY_OUTCOME_UNKNOWN]');
    expect(result.stderr).toMatch(/may have been queued: the answer to attempt 1 was lost \(HTTP 503\), and the environment could not be read to check/);
    expect(result.stderr).toContain(`look at the deployment queue of environment ${DEMO_IDS.environment}`);
    expect(h.deployPosts()).toHaveLength(1);
    expect(sim.stats.deploymentRequests).toBe(1);
  });

  it('a lost POST that reconcile found did not land, then a re-read before the resend that stays wrong: exit 5, "may have been queued"', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'POST', path: DEPLOY, action: { type: 'status', status: 503 } });
    // Queue reads: 1 plans, 2 is the re-read before the POST, 3-5 reconcile, 6 the re-read before the resend.
    sim.faults.add({ method: 'GET', path: '/environment/:id/deploymentQueue', nth: 6, times: Infinity, action: WRONG });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain('the request did not land');
    expect(result.stderr).toContain('[DEPLOY_OUTCOME_UNKNOWN]');
    expect(h.deployPosts()).toHaveLength(1);
    expect(sim.stats.deploymentRequests).toBe(0);
  });

  for (const process of [false, true]) {
    it(`a 202 to the POST that is not Qovery's answer (${process ? 'processed' : 'never forwarded'}) is reconciled, not trusted: one deployment request`, async () => {
      const sim = await start(h);
      sim.faults.add({ method: 'POST', path: DEPLOY, action: { ...WRONG, process } });
      const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain("ambiguous (HTTP 202, but not Qovery's answer: id is missing)");
      expect(h.deployPosts()).toHaveLength(process ? 1 : 2);
      expect(sim.stats.deploymentRequests).toBe(1);
      expect(sim.state.requests[0]!.status).toBe('SUCCESS');
    });
  }

  for (const [what, path] of [
    ['organizations', '/organization'],
    ['projects', '/organization/:id/project'],
    ['environments', '/project/:id/environment'],
    ['services', '/environment/:id/services'],
  ] as const) {
    it(`plan with names, the ${what} list answering 200 {"status":503,…}: exit 5 naming the missing field, not "no such name" (exit 1)`, async () => {
      const sim = await start(h);
      sim.faults.add({ method: 'GET', path, times: Infinity, action: WRONG });
      const result = await h.cli(['plan', '--retry-base', '5ms', h.manifest('all.yaml', ALL_KINDS)]);
      expect(result.code, result.stderr).toBe(5);
      expect(result.stderr).toContain('[API_BAD_RESPONSE]');
      expect(result.stderr).toContain('results is missing');
      expect(result.stderr).not.toMatch(/no (organization|project|environment|application) named/);
    });
  }
});

describe('reconcile counts only a real deployment as our landing (issue 12 item 8)', () => {
  it('a restart of the same version, queued while our POST was lost, does not stop the resend', async () => {
    let sim!: Simulator;
    sim = await start(h, { onRequest: onFirstPost(() => sim.addForeignRequest(DEMO_IDS.environment, ['web'], { triggerAction: 'RESTART' })) });
    sim.faults.add({ method: 'POST', path: DEPLOY, action: { type: 'status', status: 503 } });
    // --force: web already runs 1.4.2, so the restart runs exactly the version we deploy.
    const result = await h.cli(['apply', '--force', ...FAST, h.manifest('web.yaml', `${ENV_HEADER}containers:\n  - name: web\n    image_tag: "1.4.2"\n`)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('the request did not land');
    expect(h.deployPosts()).toHaveLength(2);
    expect(sim.stats.deploymentRequests).toBe(1);
    const ours = sim.state.requests.filter((r) => !r.foreign);
    expect(ours.map((r) => [r.triggerAction, r.status])).toEqual([['DEPLOY', 'SUCCESS']]);
  });

  it('a terraform dry run (plan) of the same commit, queued while our POST was lost, does not stop the resend', async () => {
    const head = revParse(h.repo, 'HEAD');
    let sim!: Simulator;
    sim = await start(h, {
      onRequest: onFirstPost(() =>
        sim.addForeignRequest(DEMO_IDS.environment, [{ service: 'infra', version: head }], { triggerAction: 'DEPLOY_DRY_RUN', terraformAction: 'PLAN' }),
      ),
    });
    sim.faults.add({ method: 'POST', path: DEPLOY, action: { type: 'status', status: 503 } });
    const result = await h.cli(['apply', ...FAST, h.manifest('tf.yaml', `${ENV_HEADER}terraforms:\n  - name: infra\n    commit: HEAD\n`)]);
    expect(result.code, result.stderr).toBe(0);
    expect(h.deployPosts()).toHaveLength(2);
    const ours = sim.state.requests.filter((r) => !r.foreign);
    expect(ours.map((r) => [r.triggerAction, r.status])).toEqual([['DEPLOY', 'SUCCESS']]);
    expect(sim.state.getService('infra').deployed).toBe(head);
  });
});
