/** The deploy calls check their bodies strictly: every malformed class answers 400 and queues nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { STAGING_WEB, twoEnvironments } from './fixtures.js';
import { call, post } from './helpers.js';

const ENV = DEMO_IDS.environment;
const SHA = 'ab'.repeat(20);
const NEVER_DEPLOYED = '5e7c0000-0000-4000-8000-0000000000f1';

let sim: Simulator;
beforeAll(async () => {
  const fixture = twoEnvironments();
  fixture.organizations[0]?.projects[0]?.environments[0]?.services.push({
    kind: 'application', id: NEVER_DEPLOYED, name: 'fresh', repository: 'https://github.com/acme/fresh.git', version: SHA, deployed: null,
  });
  sim = await startSimulator({ fixture, stages: { queuedMs: 1, buildingMs: 1, deployingMs: 1 } });
});
afterAll(() => sim.close());

const DEPLOY_CASES: [string, unknown, RegExp][] = [
  ['a JSON array', [], /JSON object/],
  ['a JSON string', 'deploy', /JSON object/],
  ['null', null, /JSON object/],
  ['an empty object (deploys nothing)', {}, /deploys no service/],
  ['only empty lists', { applications: [], databases: [] }, /deploys no service/],
  ['an unknown top-level key', { services: [] }, /unknown field "services"/],
  ['a list that is not an array', { containers: { id: DEMO_IDS.web } }, /containers: expected an array/],
  ['an item that is not an object', { containers: ['x'] }, /containers\[0\]: expected an object/],
  ['an unknown item key', { containers: [{ id: DEMO_IDS.web, image_tag: '1.0', tag: '1.0' }] }, /unknown field "tag"/],
  ['an application without application_id', { applications: [{ git_commit_id: SHA }] }, /application_id: required/],
  ['an application with `id` instead of application_id', { applications: [{ id: DEMO_IDS.api, git_commit_id: SHA }] }, /unknown field "id"/],
  ['a UUID with braces', { databases: [`{${DEMO_IDS.postgres}}`] }, /not a valid UUID/],
  ['a urn:uuid: UUID', { databases: [`urn:uuid:${DEMO_IDS.postgres}`] }, /not a valid UUID/],
  ['an id that is a number', { databases: [42] }, /expected a service id/],
  ['an unknown service id', { containers: [{ id: '5e7c0000-0000-4000-8000-0000000000ff', image_tag: '1.0' }] }, /no container with id/],
  ['a service of another environment', { containers: [{ id: STAGING_WEB, image_tag: '1.0' }] }, /no container with id/],
  ['the wrong kind (a container listed as an application)', { applications: [{ application_id: DEMO_IDS.web, git_commit_id: SHA }] }, /is a container, not a application/],
  ['the wrong kind (a job listed as a database)', { databases: [DEMO_IDS.migrate] }, /is a job, not a database/],
  ['an image tag for a git job', { jobs: [{ id: DEMO_IDS.migrate, image_tag: '1.0' }] }, /image_tag: not allowed for job .*source is git/],
  ['a commit for an image job', { jobs: [{ id: DEMO_IDS.nightlyReport, git_commit_id: SHA }] }, /git_commit_id: not allowed for job .*source is image/],
  ['a chart version for a git helm', { helms: [{ id: DEMO_IDS.monitoring, chart_version: '1.0.0' }] }, /chart_version: not allowed/],
  ['a commit for a chart helm', { helms: [{ id: DEMO_IDS.ingress, git_commit_id: SHA }] }, /git_commit_id: not allowed/],
  ['a values override for a helm without one', { helms: [{ id: DEMO_IDS.ingress, chart_version: '4.11.3', values_override_git_commit_id: SHA }] }, /no git values override/],
  ['a short commit id', { applications: [{ application_id: DEMO_IDS.api, git_commit_id: 'abc1234' }] }, /not a full git commit id/],
  ['an upper-case commit id', { applications: [{ application_id: DEMO_IDS.api, git_commit_id: SHA.toUpperCase() }] }, /not a full git commit id/],
  ['a branch name as commit id', { terraforms: [{ id: DEMO_IDS.infra, git_commit_id: 'main' }] }, /not a full git commit id/],
  ['a commit id that is a number', { applications: [{ application_id: DEMO_IDS.api, git_commit_id: 1234 }] }, /expected a string/],
  // The spec lets application, container and job versions be empty (spec-allows.test.ts), not these.
  ['an empty chart version', { helms: [{ id: DEMO_IDS.ingress, chart_version: '' }] }, /must not be empty/],
  ['an empty terraform commit id', { terraforms: [{ id: DEMO_IDS.infra, git_commit_id: '' }] }, /must not be empty/],
  ['an image tag with a space', { containers: [{ id: DEMO_IDS.web, image_tag: '1.0 beta' }] }, /not a valid image tag/],
  ['a chart version that is not SemVer', { helms: [{ id: DEMO_IDS.ingress, chart_version: 'latest' }] }, /not a valid chart version/],
  ['a terraform with an unknown action in the batch', { terraforms: [{ id: DEMO_IDS.infra, git_commit_id: SHA, action: 'DESTROY' }] }, /action: must be one of/],
  ['a terraform without id', { terraforms: [{ git_commit_id: SHA }] }, /id: required/],
  ['a service listed twice', { databases: [DEMO_IDS.postgres, DEMO_IDS.postgres] }, /listed twice/],
  ['no version for a service never deployed', { applications: [{ application_id: NEVER_DEPLOYED }] }, /required, application .* never been deployed/],
];

describe('POST /environment/{id}/service/deploy', () => {
  it.each(DEPLOY_CASES)('400 for %s', async (_name, body, message) => {
    const before = sim.state.requests.length;
    const res = await post(sim, `/environment/${ENV}/service/deploy`, body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ status: 400, error: 'Bad Request', message: expect.stringMatching(message) });
    expect(sim.state.requests.length).toBe(before);
  });

  it('400 for a body that is not JSON, or JSON cut short', async () => {
    for (const rawBody of ['{"databases": [', 'databases=1', '{"databases": ["x"]} trailing']) {
      const res = await call(sim, 'POST', `/environment/${ENV}/service/deploy`, { rawBody });
      expect(res.status).toBe(400);
      expect(res.json.message).toMatch(/not valid JSON/);
    }
    expect((await call(sim, 'POST', `/environment/${ENV}/service/deploy`)).json.message).toMatch(/deploys no service/);
  });

  it('413 for a body over 1 MiB', async () => {
    const res = await call(sim, 'POST', `/environment/${ENV}/service/deploy`, { rawBody: `"${'x'.repeat(1024 * 1024 + 1)}"` });
    expect(res.status).toBe(413);
    expect(res.json.status).toBe(413);
  });

  it('400 for a malformed environment id in the path', async () => {
    expect((await post(sim, `/environment/{${ENV}}/service/deploy`, { databases: [DEMO_IDS.postgres] })).status).toBe(400);
  });

  it('accepts an item without a version when the service was deployed (keeps the configured version)', async () => {
    const res = await post(sim, `/environment/${ENV}/service/deploy`, {
      containers: [{ id: DEMO_IDS.web }],
      helms: [{ id: DEMO_IDS.monitoring, values_override_git_commit_id: SHA }],
      terraforms: [{ id: DEMO_IDS.infra, git_commit_id: SHA, action: null }],
    });
    expect(res.status).toBe(202);
    const request = sim.state.findRequest(res.json.deployment_request_id);
    expect(request?.items).toEqual([
      { serviceId: DEMO_IDS.web, version: '1.4.2', valuesOverride: null },
      { serviceId: DEMO_IDS.monitoring, version: '60eb1215e49d4ce50384a1f3590c6c1861f1bd6a', valuesOverride: SHA },
      { serviceId: DEMO_IDS.infra, version: SHA, valuesOverride: null },
    ]);
    await sim.waitForIdle();
  });
});

const TERRAFORM_CASES: [string, unknown, RegExp][] = [
  ['an array', [], /JSON object/],
  ['no commit id', { action: 'PLAN' }, /git_commit_id: required/],
  ['a short commit id', { git_commit_id: 'abc' }, /not a full git commit id/],
  ['an unknown action', { git_commit_id: SHA, action: 'DESTROY' }, /action: must be one of/],
  ['an unknown key', { git_commit_id: SHA, dry_run: true }, /unknown field "dry_run"/],
  ['an id that does not match the path', { id: DEMO_IDS.api, git_commit_id: SHA }, /does not match/],
  ['a malformed id', { id: 'infra', git_commit_id: SHA }, /not a valid UUID/],
];

describe('POST /terraform/{id}/deploy', () => {
  it.each(TERRAFORM_CASES)('400 for %s', async (_name, body, message) => {
    const res = await post(sim, `/terraform/${DEMO_IDS.infra}/deploy`, body);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(message);
  });

  it('404 for a service that is not a terraform', async () => {
    expect((await post(sim, `/terraform/${DEMO_IDS.api}/deploy`, { git_commit_id: SHA })).status).toBe(404);
  });

  it('accepts each action, and null (plan and apply)', async () => {
    for (const action of ['PLAN', 'FORCE_UNLOCK', 'MIGRATE_STATE', null]) {
      const res = await post(sim, `/terraform/${DEMO_IDS.infra}/deploy`, { id: DEMO_IDS.infra, git_commit_id: SHA, action });
      expect(res.status, String(action)).toBe(202);
      await sim.waitForIdle();
    }
  });
});
