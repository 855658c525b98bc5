/**
 * Issue 12 item 9: what Qovery's spec allows, the simulator accepts, and then behaves as Qovery
 * documents. Each case quotes the spec (openapi.yaml @ 651aed53).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { get, manualClock, post } from './helpers.js';
import { specErrors } from './spec-check.js';

const ENV = DEMO_IDS.environment;
const DEPLOY = `/environment/${ENV}/service/deploy`;
const SHA = 'f'.repeat(40);
const STAGES = { queuedMs: 100, buildingMs: 200, deployingMs: 300, cancelingMs: 50 };
const NEVER_DEPLOYED = '5e7c0000-0000-4000-8000-0000000000f1';

let sim: Simulator;
afterEach(() => sim.close());

async function setup(): Promise<ReturnType<typeof manualClock>> {
  const clock = manualClock();
  sim = await startSimulator({ now: clock.now, stages: STAGES });
  return clock;
}

async function statusOf(kind: string, id: string): Promise<Record<string, any>> {
  const res = await get(sim, `/environment/${ENV}/statuses`);
  return (res.json[kind] as { id: string }[]).find((s) => s.id === id) as Record<string, any>;
}

describe('DeployAllRequest: terraforms[] items are TerraformDeployRequest, `action` included', () => {
  it('accepts an action in the batch and runs it: a PLAN applies nothing, the other services deploy', async () => {
    const clock = await setup();
    const before = sim.state.services.get(DEMO_IDS.infra)?.deployed;
    const res = await post(sim, DEPLOY, {
      containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }],
      terraforms: [{ id: DEMO_IDS.infra, git_commit_id: SHA, action: 'PLAN' }],
    });
    expect(res.status).toBe(202);
    expect((await statusOf('terraforms', DEMO_IDS.infra)).status_details.sub_action).toBe('TERRAFORM_PLAN_ONLY');
    clock.tick(1000);
    expect(await statusOf('terraforms', DEMO_IDS.infra)).toMatchObject({ state: 'DEPLOYED', status_details: { sub_action: 'TERRAFORM_PLAN_ONLY' } });
    expect(sim.state.services.get(DEMO_IDS.infra)?.deployed).toBe(before);
    expect(sim.state.services.get(DEMO_IDS.web)?.deployed).toBe('1.5.0');
    const history = (await get(sim, `/environment/${ENV}/deploymentHistoryV2`)).json.results[0];
    const infra = history.stages.flatMap((s: any) => s.services).find((s: any) => s.identifier.service_id === DEMO_IDS.infra);
    expect(infra.status_details.sub_action).toBe('TERRAFORM_PLAN_ONLY');
  });

  it('accepts every action of the enum, and null; refuses any other', async () => {
    await setup();
    for (const action of ['PLAN', 'FORCE_UNLOCK', 'MIGRATE_STATE', null]) {
      expect((await post(sim, DEPLOY, { terraforms: [{ id: DEMO_IDS.infra, git_commit_id: SHA, action }] })).status, String(action)).toBe(202);
    }
    const bad = await post(sim, DEPLOY, { terraforms: [{ id: DEMO_IDS.infra, git_commit_id: SHA, action: 'DESTROY' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/terraforms\[0\]\.action: must be one of PLAN, FORCE_UNLOCK, MIGRATE_STATE or null/);
  });
});

describe('"Can be empty only if the service has been already deployed (the service version won\'t be changed)"', () => {
  it.each([
    ['applications', { application_id: DEMO_IDS.api, git_commit_id: '' }, DEMO_IDS.api, '02b35b6fe0d7d6e905084969201f0d60fbee4fe3'],
    ['containers', { id: DEMO_IDS.web, image_tag: '' }, DEMO_IDS.web, '1.4.2'],
    ['jobs', { id: DEMO_IDS.nightlyReport, image_tag: '' }, DEMO_IDS.nightlyReport, '2026.10.01'],
    ['jobs', { id: DEMO_IDS.migrate, git_commit_id: '' }, DEMO_IDS.migrate, '897f13018ef4b2f9f19f8cd5587659694ed909ff'],
  ])('an empty version in %s redeploys the service at its current version', async (list, item, id, version) => {
    const clock = await setup();
    const res = await post(sim, DEPLOY, { [list]: [item] });
    expect(res.status, res.text).toBe(202);
    expect(sim.state.findRequest(res.json.deployment_request_id)?.items).toEqual([{ serviceId: id, version, valuesOverride: null }]);
    clock.tick(1000);
    expect(sim.state.services.get(id)).toMatchObject({ configured: version, deployed: version, lastResult: 'DEPLOYED' });
  });

  it('refuses an empty version for a service never deployed', async () => {
    const clock = manualClock();
    const fixture = structuredClone((await import('../../src/simulator/index.js')).DEMO_FIXTURE);
    fixture.organizations[0]?.projects[0]?.environments[0]?.services.push({
      kind: 'container', id: NEVER_DEPLOYED, name: 'fresh', image: 'ghcr.io/acme/fresh', version: '1.0.0', deployed: null,
    });
    sim = await startSimulator({ now: clock.now, stages: STAGES, fixture });
    const res = await post(sim, DEPLOY, { containers: [{ id: NEVER_DEPLOYED, image_tag: '' }] });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/image_tag: required, container .* has never been deployed/);
  });
});

describe('ids are `format: uuid`: upper-case hex is a UUID', () => {
  it('accepts upper-case UUIDs in bodies, paths and queries, and answers with the canonical lower-case id', async () => {
    const clock = await setup();
    const upper = (id: string): string => id.toUpperCase();
    const res = await post(sim, `/environment/${upper(ENV)}/service/deploy`, {
      applications: [{ application_id: upper(DEMO_IDS.api), git_commit_id: SHA }],
      containers: [{ id: upper(DEMO_IDS.web), image_tag: '1.5.0' }],
      databases: [upper(DEMO_IDS.postgres)],
    });
    expect(res.status, res.text).toBe(202);
    expect(res.json.id).toBe(ENV);
    expect(sim.state.findRequest(res.json.deployment_request_id)?.serviceIds).toEqual([DEMO_IDS.postgres, DEMO_IDS.api, DEMO_IDS.web]);
    const status = await get(sim, `/environment/deploymentStatus?deploymentRequestId=${upper(res.json.deployment_request_id)}`);
    expect(status.status).toBe(200);
    expect((await get(sim, `/environment/${upper(ENV)}/statuses`)).status).toBe(200);
    const terraform = await post(sim, `/terraform/${upper(DEMO_IDS.infra)}/deploy`, { id: upper(DEMO_IDS.infra), git_commit_id: SHA });
    expect(terraform.status, terraform.text).toBe(202);
    clock.tick(2000);
  });

  it('still refuses what is not a UUID, and a service listed twice in two cases', async () => {
    await setup();
    for (const id of [`{${DEMO_IDS.postgres}}`, `urn:uuid:${DEMO_IDS.postgres}`, 'postgres']) {
      expect((await post(sim, DEPLOY, { databases: [id] })).json.message, id).toMatch(/not a valid UUID/);
    }
    const twice = await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres, DEMO_IDS.postgres.toUpperCase()] });
    expect(twice.json.message).toMatch(/listed twice/);
  });
});

describe('chart_version is a string the spec does not restrict: Helm reads 4.11 as 4.11.0', () => {
  it.each(['4.11', '4', 'v4.11.3', '4.11.3-rc.1+build.5'])('accepts chart_version %s', async (version) => {
    await setup();
    const res = await post(sim, DEPLOY, { helms: [{ id: DEMO_IDS.ingress, chart_version: version }] });
    expect(res.status, res.text).toBe(202);
    expect(sim.state.services.get(DEMO_IDS.ingress)?.configured).toBe(version);
  });

  it('still refuses a chart version Helm cannot read', async () => {
    await setup();
    expect((await post(sim, DEPLOY, { helms: [{ id: DEMO_IDS.ingress, chart_version: 'latest' }] })).json.message).toMatch(/not a valid chart version/);
  });
});

describe('deploymentHistoryV2: pageSize is `nullable`, default 20; "to request the next page, use the startId query parameter"', () => {
  async function history(query: string): Promise<{ status: number; ids: string[]; json: any }> {
    const res = await get(sim, `/environment/${ENV}/deploymentHistoryV2${query}`);
    return { status: res.status, ids: (res.json?.results ?? []).map((r: any) => r.identifier.execution_id), json: res.json };
  }

  it('reads an empty pageSize as the default', async () => {
    await setup();
    const res = await history('?pageSize=');
    expect(res.status).toBe(200);
    expect(res.json.page_size).toBe(20);
  });

  it('pages with startId: each page starts after the entry it names', async () => {
    await setup();
    const requests = ['1.0.1', '1.0.2', '1.0.3', '1.0.4', '1.0.5'].map((v) => sim.setLiveVersion('web', v));
    const all = await history('');
    expect(all.ids).toEqual(requests.map((r) => r.executionId).reverse());
    const first = await history('?pageSize=2');
    expect(first.ids).toEqual(all.ids.slice(0, 2));
    expect(first.json).toMatchObject({ page: 1, page_size: 2 });
    const second = await history(`?pageSize=2&startId=${first.ids[1]}`);
    expect(second.ids).toEqual(all.ids.slice(2, 4));
    expect(second.json).toMatchObject({ page: 2, page_size: 2 });
    expect(specErrors('DeploymentHistoryEnvironmentPaginatedResponseListV2', second.json)).toEqual([]);
    const third = await history(`?pageSize=2&startId=${second.ids[1]}`);
    expect(third.ids).toEqual(all.ids.slice(4));
    expect((await history(`?pageSize=2&startId=${third.ids[0]}`)).ids).toEqual([]);
    // The spec types startId as a UUID: a deployment request id names its entry too.
    const byRequestId = await history(`?pageSize=2&startId=${requests[3]?.id}`);
    expect(byRequestId.ids).toEqual(all.ids.slice(2, 4));
  });

  it('400 for a startId that names no deployment of the environment, or a page size that is not a positive integer', async () => {
    await setup();
    sim.setLiveVersion('web', '1.0.1');
    expect((await history('?startId=5e7c0000-0000-4000-8000-0000000000ff')).status).toBe(400);
    for (const size of ['0', '-1', '2.5', 'ten']) expect((await history(`?pageSize=${size}`)).status, size).toBe(400);
  });
});

describe('cancel: "environment deployment cancelling has been requested" → CANCELING, then CANCELED', () => {
  it('a running deployment goes CANCELING for cancelingMs, then CANCELED, and the queue moves on', async () => {
    const clock = await setup();
    sim.outcomes.hang('web');
    const accepted = await post(sim, DEPLOY, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    const other = await post(sim, DEPLOY, { databases: [DEMO_IDS.postgres] }, { authorization: `Token ${sim.tokens.add()}` });
    clock.tick(1000);
    expect((await statusOf('containers', DEMO_IDS.web)).state).toBe('DEPLOYING');

    const res = await post(sim, `/environment/${ENV}/cancelDeployment`, {});
    expect(res.status).toBe(202);
    expect(specErrors('EnvironmentStatus', res.json)).toEqual([]);
    expect(res.json.state).toBe('CANCELING');
    expect(await statusOf('containers', DEMO_IDS.web)).toMatchObject({ state: 'CANCELING', status_details: { status: 'CANCELING' } });
    const requestState = async (): Promise<string> =>
      (await get(sim, `/environment/deploymentStatus?deploymentRequestId=${accepted.json.deployment_request_id}`)).json.status;
    expect(await requestState()).toBe('CANCELING');
    const entry = (await get(sim, `/environment/${ENV}/deploymentHistoryV2`)).json.results[0];
    expect(entry).toMatchObject({ status: 'CANCELING', action_status: 'CANCELING' });
    expect(specErrors('DeploymentHistoryEnvironmentV2', entry)).toEqual([]);
    // Already being cancelled: the spec's 409 "already cancelled or an operation is in progress".
    expect((await post(sim, `/environment/${ENV}/cancelDeployment`, {})).status).toBe(409);
    expect((await post(sim, `/deploymentQueue/${accepted.json.deployment_request_id}/cancelDeployment`)).status).toBe(409);
    expect((await statusOf('databases', DEMO_IDS.postgres)).state).toBe('DEPLOYMENT_QUEUED');

    clock.tick(49);
    expect((await statusOf('containers', DEMO_IDS.web)).state).toBe('CANCELING');
    clock.tick(1);
    expect(await statusOf('containers', DEMO_IDS.web)).toMatchObject({ state: 'CANCELED', status_details: { status: 'CANCELED' } });
    expect(await requestState()).toBe('CANCELED');
    expect(sim.state.services.get(DEMO_IDS.web)).toMatchObject({ deployed: '1.4.2', configured: '1.5.0' });
    clock.tick(1000);
    expect(sim.state.findRequest(other.json.deployment_request_id)?.status).toBe('SUCCESS');
  });
});
