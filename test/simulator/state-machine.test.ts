/** The clock-driven state machine: stage timing, versions, and every failure path. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { get, manualClock, post, sleep } from './helpers.js';

const ENV = DEMO_IDS.environment;
const DEPLOY = `/environment/${ENV}/service/deploy`;
const STAGES = { queuedMs: 100, buildingMs: 200, deployingMs: 300, cancelingMs: 50 };

let sim: Simulator;
afterEach(() => sim.close());

async function statusOf(kind: string, id: string): Promise<Record<string, any>> {
  const res = await get(sim, `/environment/${ENV}/statuses`);
  return (res.json[kind] as { id: string }[]).find((s) => s.id === id) as Record<string, any>;
}

async function setup(): Promise<ReturnType<typeof manualClock>> {
  const clock = manualClock();
  sim = await startSimulator({ now: clock.now, stages: STAGES });
  return clock;
}

describe('stage timing (manual clock)', () => {
  it('walks a container through DEPLOYMENT_QUEUED → BUILDING → DEPLOYING → DEPLOYED on time', async () => {
    const clock = await setup();
    const accepted = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    const requestId = accepted.json.deployment_request_id;
    const expectState = async (state: string, details: string, upToDate: string): Promise<void> => {
      const status = await statusOf('containers', DEMO_IDS.web);
      expect(status).toMatchObject({ state, service_deployment_status: upToDate, deployment_request_id: requestId });
      expect(status.status_details).toEqual({ action: 'DEPLOY', status: details, sub_action: 'NONE' });
    };
    await expectState('DEPLOYMENT_QUEUED', 'QUEUED', 'OUT_OF_DATE');
    // Qovery "updates and deploys": the configured tag changes at once, the deployed one at the end.
    expect((await get(sim, `/environment/${ENV}/services`)).json.results.find((s: any) => s.id === DEMO_IDS.web).tag).toBe('1.5.0');
    expect(sim.state.services.get(DEMO_IDS.web)?.deployed).toBe('1.4.2');
    clock.tick(99);
    await expectState('DEPLOYMENT_QUEUED', 'QUEUED', 'OUT_OF_DATE');
    clock.tick(1);
    await expectState('BUILDING', 'ONGOING', 'OUT_OF_DATE');
    clock.tick(200);
    await expectState('DEPLOYING', 'ONGOING', 'OUT_OF_DATE');
    expect((await statusOf('containers', DEMO_IDS.web)).deployment_requests_count).toBe(1);
    clock.tick(299);
    await expectState('DEPLOYING', 'ONGOING', 'OUT_OF_DATE');
    clock.tick(1);
    await expectState('DEPLOYED', 'SUCCESS', 'UP_TO_DATE');
    expect(sim.state.services.get(DEMO_IDS.web)?.deployed).toBe('1.5.0');
    const request = sim.state.findRequest(requestId);
    expect(request).toMatchObject({ status: 'SUCCESS', serviceIds: [DEMO_IDS.web] });
    expect((request?.finishedAt ?? 0) - (request?.queuedAt ?? 0)).toBe(600);
    expect(await statusOf('containers', DEMO_IDS.web)).toMatchObject({ deployment_requests_count: 0, is_part_last_deployment: true });
  });

  it('skips BUILDING for a database', async () => {
    const clock = await setup();
    await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres] });
    clock.tick(100);
    expect((await statusOf('databases', DEMO_IDS.postgres)).state).toBe('DEPLOYING');
    clock.tick(300);
    expect((await statusOf('databases', DEMO_IDS.postgres)).state).toBe('DEPLOYED');
  });

  it('reports the environment and the request aggregate as they progress', async () => {
    const clock = await setup();
    const { json } = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    const envState = async (): Promise<string> => (await get(sim, `/environment/${ENV}/status`)).json.state;
    const reqState = async (): Promise<string> =>
      (await get(sim, `/environment/deploymentStatus?deploymentRequestId=${json.deployment_request_id}`)).json.status;
    expect([await envState(), await reqState()]).toEqual(['DEPLOYMENT_QUEUED', 'DEPLOYMENT_QUEUED']);
    clock.tick(150);
    expect([await envState(), await reqState()]).toEqual(['BUILDING', 'BUILDING']);
    clock.tick(200);
    expect([await envState(), await reqState()]).toEqual(['DEPLOYING', 'DEPLOYING']);
    clock.tick(300);
    expect([await envState(), await reqState()]).toEqual(['DEPLOYED', 'DEPLOYED']);
  });

  it('advances on reads of `state` alone, with no timer running', async () => {
    const clock = await setup();
    await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres] });
    clock.tick(10_000);
    expect(sim.state.requests[0]?.status).toBe('SUCCESS');
  });
});

describe('failure paths', () => {
  it.each([
    ['BUILD_ERROR', 300],
    ['DEPLOYMENT_ERROR', 600],
    ['CANCELED', 600],
  ] as const)('ends in %s on demand (at %i ms), keeps the old deployed version, marks it OUT_OF_DATE', async (result, at) => {
    const clock = await setup();
    sim.outcomes.fail('web', result);
    const { json } = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    clock.tick(at - 1);
    expect((await statusOf('containers', DEMO_IDS.web)).state).not.toBe(result);
    clock.tick(1);
    const status = await statusOf('containers', DEMO_IDS.web);
    expect(status).toMatchObject({ state: result, service_deployment_status: 'OUT_OF_DATE' });
    expect(status.status_details.status).toBe(result === 'CANCELED' ? 'CANCELED' : 'ERROR');
    expect(sim.state.services.get(DEMO_IDS.web)).toMatchObject({ deployed: '1.4.2', configured: '1.5.0' });
    expect((await get(sim, `/environment/${ENV}/status`)).json).toMatchObject({ state: result, last_deployment_state: result });
    expect((await get(sim, `/environment/deploymentStatus?deploymentRequestId=${json.deployment_request_id}`)).json.status).toBe(result);
    const history = (await get(sim, `/environment/${ENV}/deploymentHistoryV2`)).json.results[0];
    expect(history.action_status).toBe(result === 'CANCELED' ? 'CANCELED' : 'ERROR');
    expect(sim.outcomes.pending).toHaveLength(0);
  });

  it('fails only the scripted version, and only `times` times', async () => {
    const clock = await setup();
    sim.outcomes.fail('web', 'DEPLOYMENT_ERROR', { version: '2.0.0', times: 2 });
    const run = async (tag: string): Promise<string> => {
      await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: tag }] });
      clock.tick(1000);
      return (await statusOf('containers', DEMO_IDS.web)).state;
    };
    expect(await run('1.9.0')).toBe('DEPLOYED');
    expect(await run('2.0.0')).toBe('DEPLOYMENT_ERROR');
    expect(await run('2.0.0')).toBe('DEPLOYMENT_ERROR');
    expect(await run('2.0.0')).toBe('DEPLOYED');
  });

  it('fails one service of a request while the others deploy', async () => {
    const clock = await setup();
    sim.outcomes.fail(DEMO_IDS.api, 'BUILD_ERROR');
    await post(sim, DEPLOY, { applications: [{ application_id: DEMO_IDS.api, git_commit_id: 'a'.repeat(40) }], databases: [DEMO_IDS.postgres] });
    clock.tick(1000);
    expect((await statusOf('applications', DEMO_IDS.api)).state).toBe('BUILD_ERROR');
    expect((await statusOf('databases', DEMO_IDS.postgres)).state).toBe('DEPLOYED');
    expect(sim.state.requests[0]?.status).toBe('ERROR');
  });

  it('hangs in DEPLOYING forever, blocking the queue, until the deployment is cancelled', async () => {
    const clock = await setup();
    sim.outcomes.hang('web');
    await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    const other = await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres] }, { authorization: `Token ${sim.tokens.add()}` });
    clock.tick(3_600_000);
    expect((await statusOf('containers', DEMO_IDS.web)).state).toBe('DEPLOYING');
    expect((await statusOf('databases', DEMO_IDS.postgres)).state).toBe('DEPLOYMENT_QUEUED');
    expect((await get(sim, `/environment/${ENV}/deploymentQueue`)).json.results).toHaveLength(2);
    expect((await post(sim, `/environment/${ENV}/cancelDeployment`, {})).status).toBe(202);
    expect((await statusOf('containers', DEMO_IDS.web)).state).toBe('CANCELING');
    clock.tick(STAGES.cancelingMs);
    expect((await statusOf('containers', DEMO_IDS.web)).state).toBe('CANCELED');
    clock.tick(400);
    expect((await statusOf('databases', DEMO_IDS.postgres)).state).toBe('DEPLOYED');
    expect(sim.state.findRequest(other.json.deployment_request_id)?.status).toBe('SUCCESS');
  });

  it('cancels a queued request through /deploymentQueue/{id}/cancelDeployment; it never runs', async () => {
    const clock = await setup();
    sim.outcomes.hang('web');
    await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web }] });
    const queued = await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres] }, { authorization: `Token ${sim.tokens.add()}` });
    const id = queued.json.deployment_request_id;
    expect((await post(sim, `/deploymentQueue/${id}/cancelDeployment`)).status).toBe(202);
    expect((await post(sim, `/deploymentQueue/${id}/cancelDeployment`)).status).toBe(409);
    clock.tick(1000);
    expect(sim.state.findRequest(id)).toMatchObject({ status: 'CANCELED', startedAt: null });
    expect((await get(sim, `/environment/deploymentStatus?deploymentRequestId=${id}`)).json.status).toBe('CANCELED');
  });

  it('rejects BUILD_ERROR for a database (it has no build stage)', async () => {
    await setup();
    expect(() => sim.outcomes.fail('postgres', 'BUILD_ERROR')).toThrow(/no build stage/);
  });
});

describe('versions', () => {
  it('a terraform PLAN runs but leaves the deployed version alone', async () => {
    const clock = await setup();
    const before = sim.state.services.get(DEMO_IDS.infra)?.deployed;
    await post(sim, `/terraform/${DEMO_IDS.infra}/deploy`, { git_commit_id: 'f'.repeat(40), action: 'PLAN' });
    clock.tick(1000);
    const status = await statusOf('terraforms', DEMO_IDS.infra);
    expect(status).toMatchObject({ state: 'DEPLOYED', service_deployment_status: 'OUT_OF_DATE' });
    expect(status.status_details.sub_action).toBe('TERRAFORM_PLAN_ONLY');
    expect(sim.state.services.get(DEMO_IDS.infra)?.deployed).toBe(before);
  });

  it('a live version changed out of band shows everywhere, with a new request id and a history entry', async () => {
    await setup();
    const before = await statusOf('containers', DEMO_IDS.web);
    const request = sim.setLiveVersion('web', '9.9.9');
    const after = await statusOf('containers', DEMO_IDS.web);
    expect(after.deployment_request_id).toBe(request.id);
    expect(after.deployment_request_id).not.toBe(before.deployment_request_id);
    expect(after).toMatchObject({ state: 'DEPLOYED', service_deployment_status: 'UP_TO_DATE' });
    expect((await get(sim, `/environment/${ENV}/services`)).json.results.find((s: any) => s.id === DEMO_IDS.web).tag).toBe('9.9.9');
    const history = (await get(sim, `/environment/${ENV}/deploymentHistoryV2`)).json.results[0];
    expect(history.auditing_data.triggered_by).toBe('someone-else@acme.example');
    expect(sim.stats).toMatchObject({ deployCalls: 0, deploymentRequests: 0 });
  });
});

describe('real clock', () => {
  it('deploys within the stage durations, with every state in order', async () => {
    sim = await startSimulator({ stages: { queuedMs: 15, buildingMs: 25, deployingMs: 25 } });
    const started = Date.now();
    const accepted = await post(sim, DEPLOY, { applications: [{ application_id: DEMO_IDS.api, git_commit_id: 'a'.repeat(40) }] });
    const seen: string[] = [accepted.json.state];
    for (;;) {
      const state = (await statusOf('applications', DEMO_IDS.api)).state as string;
      if (seen.at(-1) !== state) seen.push(state);
      if (state === 'DEPLOYED') break;
      expect(Date.now() - started).toBeLessThan(5000);
      await sleep(3);
    }
    const elapsed = Date.now() - started;
    // Polls may skip a short stage under load, but never see them out of order.
    const order = ['DEPLOYMENT_QUEUED', 'BUILDING', 'DEPLOYING', 'DEPLOYED'];
    expect(seen[0]).toBe('DEPLOYMENT_QUEUED');
    expect(seen.at(-1)).toBe('DEPLOYED');
    expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort((a, b) => a - b));
    expect(elapsed).toBeGreaterThanOrEqual(60);
    const request = sim.state.requests[0];
    expect((request?.finishedAt ?? 0) - (request?.queuedAt ?? 0)).toBe(65);
    expect((request?.finishedAt ?? 0) - (request?.startedAt ?? 0)).toBe(50);
  });
});
