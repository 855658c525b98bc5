/** The deployment queue: one request runs at a time per environment; same-token requests merge while queued. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { STAGING_ENV, STAGING_WEB, twoEnvironments } from './fixtures.js';
import { get, manualClock, post } from './helpers.js';

const ENV = DEMO_IDS.environment;
const DEPLOY = `/environment/${ENV}/service/deploy`;
const STAGES = { queuedMs: 100, buildingMs: 200, deployingMs: 300 };

let sim: Simulator;
afterEach(() => sim.close());

async function setup(): Promise<ReturnType<typeof manualClock>> {
  const clock = manualClock();
  sim = await startSimulator({ now: clock.now, stages: STAGES, fixture: twoEnvironments() });
  return clock;
}

const queueIds = async (env: string = ENV): Promise<string[]> =>
  (await get(sim, `/environment/${env}/deploymentQueue`)).json.results.map((r: any) => r.identifier.deployment_request_id);

describe('merging', () => {
  it('merges a second call from the same token into its still-queued request', async () => {
    const clock = await setup();
    const first = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    clock.tick(50);
    const second = await post(sim, DEPLOY, {
      containers: [{ id: DEMO_IDS.web, image_tag: '1.6.0' }],
      databases: [DEMO_IDS.postgres],
    });
    expect(second.status).toBe(202);
    expect(second.json.deployment_request_id).toBe(first.json.deployment_request_id);
    expect(await queueIds()).toEqual([first.json.deployment_request_id]);
    const request = sim.state.findRequest(first.json.deployment_request_id);
    expect(request?.items).toEqual([
      { serviceId: DEMO_IDS.web, version: '1.6.0', valuesOverride: null },
      { serviceId: DEMO_IDS.postgres, version: '16', valuesOverride: null },
    ]);
    expect(request?.mergeCount).toBe(1);
    expect(sim.stats).toEqual({ deployCalls: 2, merges: 1, deploymentRequests: 1 });
    const queue = (await get(sim, `/environment/${ENV}/deploymentQueue`)).json.results[0];
    expect(queue.stages.map((s: any) => s.name)).toEqual(['DEFAULT DATABASE', 'DEFAULT CONTAINER']);
    clock.tick(1000);
    expect(sim.state.services.get(DEMO_IDS.web)?.deployed).toBe('1.6.0');
  });

  it('does not merge calls from different tokens', async () => {
    await setup();
    const first = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    const other = await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres] }, { authorization: `Token ${sim.tokens.add()}` });
    expect(other.json.deployment_request_id).not.toBe(first.json.deployment_request_id);
    expect(await queueIds()).toEqual([first.json.deployment_request_id, other.json.deployment_request_id]);
    expect(sim.stats).toMatchObject({ deployCalls: 2, merges: 0, deploymentRequests: 2 });
  });

  it('does not merge into a request that has started: the second one waits for the first to finish', async () => {
    const clock = await setup();
    const first = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    clock.tick(150);
    const second = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.6.0' }] });
    expect(second.json.deployment_request_id).not.toBe(first.json.deployment_request_id);
    clock.tick(10_000);
    const [a, b] = [sim.state.findRequest(first.json.deployment_request_id), sim.state.findRequest(second.json.deployment_request_id)];
    expect(a?.status).toBe('SUCCESS');
    expect(b?.status).toBe('SUCCESS');
    // One at a time: the second starts when the first ends.
    expect(b?.startedAt).toBe(a?.finishedAt);
    expect(sim.state.services.get(DEMO_IDS.web)?.deployed).toBe('1.6.0');
    const history = (await get(sim, `/environment/${ENV}/deploymentHistoryV2`)).json.results;
    expect(history.map((h: any) => h.identifier.execution_id)).toEqual([`${ENV}-2`, `${ENV}-1`]);
  });

  it('merges into its own queued request even when it waits behind someone else’s', async () => {
    const clock = await setup();
    sim.outcomes.hang('api');
    const foreign = sim.addForeignRequest(ENV, ['api']);
    clock.tick(500);
    const first = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    clock.tick(500);
    const second = await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres] });
    expect(second.json.deployment_request_id).toBe(first.json.deployment_request_id);
    expect(await queueIds()).toEqual([foreign.id, first.json.deployment_request_id]);
    const queue = (await get(sim, `/environment/${ENV}/deploymentQueue`)).json.results;
    expect(queue[0].auditing_data.triggered_by).toBe('someone-else@acme.example');
  });

  it('never merges with a foreign request, nor a terraform action with a deploy', async () => {
    await setup();
    const foreign = sim.addForeignRequest(ENV, [{ service: 'web', version: '3.0.0' }], { triggeredBy: 'bob' });
    expect(sim.state.services.get(DEMO_IDS.web)?.configured).toBe('3.0.0');
    const mine = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    const plan = await post(sim, `/terraform/${DEMO_IDS.infra}/deploy`, { git_commit_id: 'f'.repeat(40), action: 'PLAN' });
    expect(plan.status).toBe(202);
    expect(new Set(await queueIds()).size).toBe(3);
    expect(mine.json.deployment_request_id).not.toBe(foreign.id);
    expect(sim.stats).toMatchObject({ deployCalls: 2, merges: 0, deploymentRequests: 2 });
  });
});

describe('per-service bookkeeping', () => {
  it('sets deployment_request_id at accept time and counts pending requests per service', async () => {
    await setup();
    const first = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    const second = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.6.0' }] }, {
      authorization: `Token ${sim.tokens.add()}`,
    });
    const web = (await get(sim, `/environment/${ENV}/statuses`)).json.containers[0];
    expect(web).toMatchObject({ deployment_request_id: second.json.deployment_request_id, deployment_requests_count: 2, state: 'DEPLOYMENT_QUEUED' });
    expect(first.json.deployment_request_id).not.toBe(second.json.deployment_request_id);
    const env = (await get(sim, `/environment/${ENV}/status`)).json;
    expect(env.deployment_request_id).toBe(second.json.deployment_request_id);
  });

  it('runs environments independently', async () => {
    const clock = await setup();
    sim.outcomes.hang('web');
    await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web }] });
    await post(sim, `/environment/${STAGING_ENV}/service/deploy`, { containers: [{ id: STAGING_WEB, image_tag: '1.5.0' }] });
    clock.tick(1000);
    expect(await queueIds(STAGING_ENV)).toEqual([]);
    expect(sim.state.services.get(STAGING_WEB)?.deployed).toBe('1.5.0');
    expect(await queueIds()).toHaveLength(1);
  });
});

describe('waitForIdle', () => {
  it('resolves once every request has finished (real clock)', async () => {
    sim = await startSimulator({ stages: { queuedMs: 5, buildingMs: 5, deployingMs: 5 } });
    await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres] });
    await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web }] }, { authorization: `Token ${sim.tokens.add()}` });
    await sim.waitForIdle({ environment: 'production', timeoutMs: 2000 });
    expect(sim.state.requests.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS']);
  });

  it('rejects when the simulator closes while it waits', async () => {
    sim = await startSimulator({ stages: { queuedMs: 1, buildingMs: 1, deployingMs: 1 } });
    sim.outcomes.hang('web');
    await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web }] });
    const waiting = sim.waitForIdle({ timeoutMs: 10_000 });
    await sim.close();
    await expect(waiting).rejects.toThrow(/closed/);
  });

  it('waits in the time of the clock it is given: minutes of stages pass at once on a manual clock', async () => {
    const clock = manualClock();
    sim = await startSimulator({ clock, stages: { queuedMs: 60_000, buildingMs: 600_000, deployingMs: 600_000 } });
    await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web }] });
    const before = clock.now();
    await sim.waitForIdle({ timeoutMs: 3_600_000 });
    expect(sim.state.requests.map((r) => r.status)).toEqual(['SUCCESS']);
    expect(clock.now() - before).toBeGreaterThanOrEqual(1_260_000);
  });

  it('rejects after its timeout while a deployment hangs', async () => {
    sim = await startSimulator({ stages: { queuedMs: 1, buildingMs: 1, deployingMs: 1 } });
    sim.outcomes.hang('web');
    await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web }] });
    await expect(sim.waitForIdle({ timeoutMs: 50 })).rejects.toThrow(/still busy/);
  });
});
