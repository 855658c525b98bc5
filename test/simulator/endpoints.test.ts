/** Every endpoint answers with the official spec's shape: required fields, types, enums, no unknown fields. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { get, manualClock, post } from './helpers.js';
import { requiredOf, specErrors } from './spec-check.js';

const ENV = DEMO_IDS.environment;
const SCHEMA_BY_TYPE: Record<string, string> = {
  APPLICATION: 'Application',
  CONTAINER: 'ContainerResponse',
  DATABASE: 'Database',
  HELM: 'HelmResponse',
  JOB: 'JobResponse',
  TERRAFORM: 'TerraformResponse',
};

let sim: Simulator;
// Time moves only when a test says so (or waitForIdle walks the stages): no answer depends on the machine's speed.
const clock = manualClock();
const STAGES = { queuedMs: 5, buildingMs: 5, deployingMs: 5 };
beforeAll(async () => {
  sim = await startSimulator({ clock, stages: STAGES });
  // One finished deployment, so history and statuses carry every per-service field.
  const body = {
    applications: [{ application_id: DEMO_IDS.api, git_commit_id: 'a'.repeat(40) }],
    containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }],
    databases: [DEMO_IDS.postgres],
    jobs: [{ id: DEMO_IDS.migrate, git_commit_id: 'b'.repeat(40) }, { id: DEMO_IDS.nightlyReport, image_tag: '2026.11.01' }],
    helms: [
      { id: DEMO_IDS.ingress, chart_version: '4.11.3' },
      { id: DEMO_IDS.monitoring, git_commit_id: 'c'.repeat(40), values_override_git_commit_id: 'd'.repeat(40) },
    ],
    terraforms: [{ id: DEMO_IDS.infra, git_commit_id: 'e'.repeat(40) }],
  };
  expect((await post(sim, `/environment/${ENV}/service/deploy`, body)).status).toBe(202);
  await sim.waitForIdle();
});
afterAll(() => sim.close());

describe('spec required fields are what the checker enforces', () => {
  it('knows the required fields of the main schemas', () => {
    expect(requiredOf('Status')).toEqual(
      expect.arrayContaining(['id', 'state', 'service_deployment_status', 'status_details', 'deployment_request_id', 'deployment_requests_count']),
    );
    expect(requiredOf('EnvironmentStatus')).toEqual(expect.arrayContaining(['id', 'state', 'last_deployment_state']));
  });

  it('flags missing fields, bad enums, bad uuids and unknown fields', () => {
    const errors = specErrors('Status', { id: 'X', state: 'RUNNING', bogus: 1, status_details: { action: 'DEPLOY' } });
    expect(errors).toEqual(
      expect.arrayContaining([
        'Status: missing required "deployment_request_id"',
        'Status.id: "X" is not a uuid',
        'Status.state: "RUNNING" not in enum',
        'Status.status_details: missing required "sub_action"',
        'Status: unknown field "bogus"',
      ]),
    );
  });
});

describe('reads', () => {
  it('GET /organization → OrganizationResponseList', async () => {
    const res = await get(sim, '/organization');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(specErrors('OrganizationResponseList', res.json)).toEqual([]);
    expect(res.json.results).toEqual([expect.objectContaining({ id: DEMO_IDS.organization, name: 'Acme' })]);
  });

  it('GET /organization/{id}/project → ProjectResponseList', async () => {
    const res = await get(sim, `/organization/${DEMO_IDS.organization}/project`);
    expect(res.status).toBe(200);
    expect(specErrors('ProjectResponseList', res.json)).toEqual([]);
    expect(res.json.results[0]).toMatchObject({ id: DEMO_IDS.project, name: 'shop', organization: { id: DEMO_IDS.organization } });
  });

  it('GET /project/{id}/environment → EnvironmentResponseList', async () => {
    const res = await get(sim, `/project/${DEMO_IDS.project}/environment`);
    expect(res.status).toBe(200);
    expect(specErrors('EnvironmentResponseList', res.json)).toEqual([]);
    expect(res.json.results[0]).toMatchObject({ id: ENV, name: 'production', project: { id: DEMO_IDS.project } });
  });

  it('GET /environment/{id} → Environment', async () => {
    const res = await get(sim, `/environment/${ENV}`);
    expect(res.status).toBe(200);
    expect(specErrors('Environment', res.json)).toEqual([]);
    expect(res.json).toMatchObject({ id: ENV, organization: { id: DEMO_IDS.organization }, mode: 'PRODUCTION' });
  });

  it('GET /environment/{id}/services → one shape per service_type, with configured versions', async () => {
    const res = await get(sim, `/environment/${ENV}/services`);
    expect(res.status).toBe(200);
    const items = res.json.results as { service_type: string; id: string }[];
    expect(items.map((s) => s.service_type).sort()).toEqual(['APPLICATION', 'CONTAINER', 'DATABASE', 'HELM', 'HELM', 'JOB', 'JOB', 'TERRAFORM']);
    for (const item of items) {
      expect(specErrors(SCHEMA_BY_TYPE[item.service_type] as string, item), item.service_type).toEqual([]);
      expect(item).toMatchObject({ environment: { id: ENV } });
    }
    const byId = new Map(items.map((s) => [s.id, s as Record<string, any>]));
    expect(byId.get(DEMO_IDS.api)?.git_repository.deployed_commit_id).toBe('a'.repeat(40));
    expect(byId.get(DEMO_IDS.web)).toMatchObject({ tag: '1.5.0', image_name: 'acme/web' });
    expect(byId.get(DEMO_IDS.postgres)).toMatchObject({ version: '16', type: 'POSTGRESQL' });
    expect(byId.get(DEMO_IDS.migrate)?.source.docker.git_repository.deployed_commit_id).toBe('b'.repeat(40));
    expect(byId.get(DEMO_IDS.nightlyReport)).toMatchObject({ job_type: 'CRON', source: { image: { tag: '2026.11.01' } } });
    expect(byId.get(DEMO_IDS.ingress)?.source.repository).toMatchObject({ chart_name: 'ingress-nginx', chart_version: '4.11.3' });
    expect(byId.get(DEMO_IDS.monitoring)?.source.git.git_repository.deployed_commit_id).toBe('c'.repeat(40));
    expect(byId.get(DEMO_IDS.monitoring)?.values_override.file.git.git_repository.deployed_commit_id).toBe('d'.repeat(40));
    expect(byId.get(DEMO_IDS.ingress)?.values_override.file).toBeNull();
    expect(byId.get(DEMO_IDS.infra)?.terraform_files_source.git.git_repository.deployed_commit_id).toBe('e'.repeat(40));
  });

  it('GET /environment/{id}/status → EnvironmentStatus', async () => {
    const res = await get(sim, `/environment/${ENV}/status`);
    expect(res.status).toBe(200);
    expect(specErrors('EnvironmentStatus', res.json)).toEqual([]);
    expect(res.json).toMatchObject({ id: ENV, state: 'DEPLOYED', last_deployment_state: 'DEPLOYED', deployment_status: 'UP_TO_DATE' });
    expect(res.json.deployment_request_id).toBe(sim.state.requests[0]?.id);
  });

  it('GET /environment/{id}/statuses → EnvironmentStatuses with every Status field', async () => {
    const res = await get(sim, `/environment/${ENV}/statuses`);
    expect(res.status).toBe(200);
    expect(specErrors('EnvironmentStatuses', res.json)).toEqual([]);
    const all = ['applications', 'containers', 'jobs', 'databases', 'helms', 'terraforms'].flatMap((k) => res.json[k]);
    expect(all).toHaveLength(8);
    const requestId = sim.state.requests[0]?.id;
    for (const status of all) {
      expect(status).toMatchObject({
        state: 'DEPLOYED',
        service_deployment_status: 'UP_TO_DATE',
        deployment_request_id: requestId,
        deployment_requests_count: 0,
        is_part_last_deployment: true,
        status_details: { action: 'DEPLOY', status: 'SUCCESS' },
      });
    }
    expect(res.json.terraforms[0].status_details.sub_action).toBe('TERRAFORM_PLAN_AND_APPLY');
    expect(res.json.applications[0].status_details.sub_action).toBe('NONE');
  });

  it('GET /environment/{id}/deploymentHistoryV2 → paginated history with per-kind details', async () => {
    const res = await get(sim, `/environment/${ENV}/deploymentHistoryV2`);
    expect(res.status).toBe(200);
    expect(specErrors('DeploymentHistoryEnvironmentPaginatedResponseListV2', res.json)).toEqual([]);
    expect(res.json).toMatchObject({ page: 1, page_size: 20 });
    const [entry] = res.json.results;
    expect(entry).toMatchObject({ status: 'DEPLOYED', action_status: 'SUCCESS', trigger_action: 'DEPLOY', auditing_data: { origin: 'API' } });
    const services = entry.stages.flatMap((s: { services: unknown[] }) => s.services) as Record<string, any>[];
    const details = new Map(services.map((s) => [s.identifier.service_id, s.details]));
    expect(details.get(DEMO_IDS.api).commit.git_commit_id).toBe('a'.repeat(40));
    expect(details.get(DEMO_IDS.web)).toMatchObject({ tag: '1.5.0' });
    expect(details.get(DEMO_IDS.nightlyReport)).toMatchObject({ tag: '2026.11.01', job_type: 'CRON' });
    expect(details.get(DEMO_IDS.ingress)).toMatchObject({ repository: { chart_version: '4.11.3' } });
    expect(details.get(DEMO_IDS.infra).commit.git_commit_id).toBe('e'.repeat(40));
    expect((await get(sim, `/environment/${ENV}/deploymentHistoryV2?pageSize=0`)).status).toBe(400);
  });

  it('GET /environment/deploymentStatus?deploymentRequestId= → EnvDeploymentStatus', async () => {
    const id = sim.state.requests[0]?.id as string;
    const res = await get(sim, `/environment/deploymentStatus?deploymentRequestId=${id}`);
    expect(res.status).toBe(200);
    expect(specErrors('EnvDeploymentStatus', res.json)).toEqual([]);
    expect(res.json).toEqual({ deployment_request_id: id, environment_id: ENV, status: 'DEPLOYED' });
    expect((await get(sim, '/environment/deploymentStatus?deploymentRequestId=0a1b0c2d-0000-4000-8000-00000000ffff')).status).toBe(404);
    expect((await get(sim, '/environment/deploymentStatus')).status).toBe(400);
  });

  it('GET /environment/{id}/deploymentQueue lists queued and running requests', async () => {
    sim.outcomes.hang('api');
    const accepted = await post(sim, `/environment/${ENV}/service/deploy`, { applications: [{ application_id: DEMO_IDS.api }] });
    const queued = await post(sim, `/environment/${ENV}/service/deploy`, { jobs: [{ id: DEMO_IDS.migrate }] }, {
      authorization: `Token ${sim.tokens.add({ user: 'ci' })}`,
    });
    const res = await get(sim, `/environment/${ENV}/deploymentQueue`);
    expect(res.status).toBe(200);
    for (const item of res.json.results) expect(specErrors('QueuedDeploymentRequestWithStages', item)).toEqual([]);
    expect(res.json.results.map((r: any) => r.identifier.deployment_request_id)).toEqual([
      accepted.json.deployment_request_id,
      queued.json.deployment_request_id,
    ]);
    expect(res.json.results[1]).toMatchObject({
      trigger_action: 'DEPLOY',
      auditing_data: { triggered_by: 'ci' },
      stages: [{ name: 'DEFAULT JOB', status: 'QUEUED', services: [{ identifier: { service_id: DEMO_IDS.migrate, service_type: 'JOB', name: 'migrate' }, details: { job_type: 'LIFECYCLE' } }] }],
    });
    expect((await post(sim, `/environment/${ENV}/cancelDeployment`)).status).toBe(202);
    await sim.waitForIdle();
  });
});

describe('writes', () => {
  it('POST /environment/{id}/service/deploy → 202 EnvironmentStatus with deployment_request_id', async () => {
    const res = await post(sim, `/environment/${ENV}/service/deploy`, { containers: [{ id: DEMO_IDS.web, image_tag: '1.6.0' }] });
    expect(res.status).toBe(202);
    expect(specErrors('EnvironmentStatus', res.json)).toEqual([]);
    expect(res.json.deployment_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.state).toBe('DEPLOYMENT_QUEUED');
    await sim.waitForIdle();
  });

  it('POST /terraform/{id}/deploy → 202 Status of the terraform', async () => {
    const res = await post(sim, `/terraform/${DEMO_IDS.infra}/deploy`, { git_commit_id: 'f'.repeat(40), action: 'PLAN' });
    expect(res.status).toBe(202);
    expect(specErrors('Status', res.json)).toEqual([]);
    expect(res.json).toMatchObject({ id: DEMO_IDS.infra, state: 'DEPLOYMENT_QUEUED', status_details: { sub_action: 'TERRAFORM_PLAN_ONLY' } });
    await sim.waitForIdle();
    const history = await get(sim, `/environment/${ENV}/deploymentHistoryV2?pageSize=1`);
    expect(history.json.results).toHaveLength(1);
    expect(history.json.results[0].trigger_action).toBe('DEPLOY_DRY_RUN');
  });

  it('POST /environment/{id}/cancelDeployment → 202 EnvironmentStatus, 409 when nothing runs', async () => {
    expect((await post(sim, `/environment/${ENV}/cancelDeployment`, { force_cancel: false })).status).toBe(409);
    sim.outcomes.hang('web');
    await post(sim, `/environment/${ENV}/service/deploy`, { containers: [{ id: DEMO_IDS.web }] });
    // Running, not queued: a queued request is CANCELED at once.
    clock.tick(STAGES.queuedMs);
    const res = await post(sim, `/environment/${ENV}/cancelDeployment`, { force_cancel: false });
    expect(res.status).toBe(202);
    expect(specErrors('EnvironmentStatus', res.json)).toEqual([]);
    // Qovery: "cancelling has been requested"; CANCELED follows (spec-allows.test.ts times it).
    expect(res.json.state).toBe('CANCELING');
    await sim.waitForIdle();
  });

  it('error bodies have Qovery’s {status, error, message} shape; unknown routes 404, wrong methods 405', async () => {
    const missing = await get(sim, '/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ status: 404, error: 'Not Found', message: expect.any(String) });
    expect((await post(sim, `/environment/${ENV}/status`, {})).status).toBe(405);
    expect((await get(sim, '/environment/not-a-uuid')).json).toMatchObject({ status: 400, error: 'Bad Request' });
  });
});
