/** Auth as Qovery does it: `Token <api-token>` or `Bearer <jwt>`, 401 otherwise, 404/403 for what a token cannot see. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { OTHER_ORG, STAGING_ENV, STAGING_WEB, twoEnvironments } from './fixtures.js';
import { get, post } from './helpers.js';

const ENV = DEMO_IDS.environment;
let sim: Simulator;
afterEach(() => sim.close());

describe('schemes', () => {
  it('accepts the main API token only as `Token`, and refuses everything else with 401', async () => {
    sim = await startSimulator({ token: 'qvsim_fixed' });
    expect(sim.token).toBe('qvsim_fixed');
    expect((await get(sim, '/organization')).status).toBe(200);
    expect((await get(sim, '/organization', { authorization: 'token qvsim_fixed' })).status).toBe(200);
    for (const authorization of [null, '', 'Token', 'Token wrong', 'Bearer qvsim_fixed', 'Basic cXZzaW06Zml4ZWQ=', 'qvsim_fixed', 'Token  qvsim_fixed x']) {
      const res = await get(sim, '/organization', { authorization });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.json).toEqual({ status: 401, error: 'Unauthorized', message: 'Access token is missing or invalid' });
    }
  });

  it('generates a random qvsim_ token by default', async () => {
    sim = await startSimulator();
    expect(sim.token).toMatch(/^qvsim_[0-9a-f]{32}$/);
  });

  it('accepts a JWT as `Bearer` and not as `Token`', async () => {
    sim = await startSimulator();
    const jwt = sim.tokens.add({ kind: 'jwt', user: 'alice@acme.example' });
    expect(jwt.split('.')).toHaveLength(3);
    expect((await get(sim, '/organization', { authorization: `Bearer ${jwt}` })).status).toBe(200);
    expect((await get(sim, '/organization', { authorization: `Token ${jwt}` })).status).toBe(401);
    const res = await post(sim, `/environment/${ENV}/service/deploy`, { databases: [DEMO_IDS.postgres] }, { authorization: `Bearer ${jwt}` });
    expect(res.status).toBe(202);
    expect(sim.state.requests.at(-1)?.triggeredBy).toBe('alice@acme.example');
  });

  it('refuses a removed token', async () => {
    sim = await startSimulator();
    const token = sim.tokens.add({ token: 'qvsim_temp' });
    expect((await get(sim, '/organization', { authorization: `Token ${token}` })).status).toBe(200);
    sim.tokens.remove(token);
    expect((await get(sim, '/organization', { authorization: `Token ${token}` })).status).toBe(401);
  });
});

describe('visibility', () => {
  it('a token limited to production sees only its organization, project and environment', async () => {
    sim = await startSimulator({ fixture: twoEnvironments() });
    const limited = `Token ${sim.tokens.add({ environments: [ENV] })}`;
    const orgs = await get(sim, '/organization', { authorization: limited });
    expect(orgs.json.results.map((o: { name: string }) => o.name)).toEqual(['Acme']);
    const envs = await get(sim, `/project/${DEMO_IDS.project}/environment`, { authorization: limited });
    expect(envs.json.results.map((e: { name: string }) => e.name)).toEqual(['production']);
    expect((await get(sim, `/organization/${OTHER_ORG}/project`, { authorization: limited })).status).toBe(404);
    // The main token sees everything.
    expect((await get(sim, '/organization')).json.results).toHaveLength(2);
    expect((await get(sim, `/project/${DEMO_IDS.project}/environment`)).json.results).toHaveLength(2);
  });

  it('answers 404 for every endpoint on an environment the token cannot see', async () => {
    sim = await startSimulator({ fixture: twoEnvironments() });
    const limited = `Token ${sim.tokens.add({ environments: [ENV] })}`;
    for (const path of ['', '/services', '/status', '/statuses', '/deploymentQueue', '/deploymentHistoryV2']) {
      const res = await get(sim, `/environment/${STAGING_ENV}${path}`, { authorization: limited });
      expect(res.status, path).toBe(404);
      expect(res.json.status).toBe(404);
    }
    const deploy = await post(sim, `/environment/${STAGING_ENV}/service/deploy`, { containers: [{ id: STAGING_WEB }] }, { authorization: limited });
    expect(deploy.status).toBe(404);
    expect(sim.stats.deployCalls).toBe(0);
  });

  it('answers 403 instead when configured, per simulator or per token, and 404 for ids that do not exist', async () => {
    sim = await startSimulator({ fixture: twoEnvironments(), notFoundStatus: 403 });
    const limited = `Token ${sim.tokens.add({ environments: [ENV] })}`;
    const forbidden = await get(sim, `/environment/${STAGING_ENV}/statuses`, { authorization: limited });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toMatchObject({ status: 403, error: 'Forbidden' });
    expect((await get(sim, '/environment/7a1b0c2d-0000-4000-8000-00000000dead', { authorization: limited })).status).toBe(404);
    sim.notFoundStatus = 404;
    expect((await get(sim, `/environment/${STAGING_ENV}`, { authorization: limited })).status).toBe(404);
    const strict = `Token ${sim.tokens.add({ environments: [ENV], notFoundStatus: 403 })}`;
    expect((await get(sim, `/environment/${STAGING_ENV}`, { authorization: strict })).status).toBe(403);
  });

  it('hides another environment’s deployment requests and terraforms', async () => {
    sim = await startSimulator({ fixture: twoEnvironments() });
    const limited = `Token ${sim.tokens.add({ environments: [STAGING_ENV] })}`;
    const accepted = await post(sim, `/environment/${ENV}/service/deploy`, { databases: [DEMO_IDS.postgres] });
    const id = accepted.json.deployment_request_id as string;
    expect((await get(sim, `/environment/deploymentStatus?deploymentRequestId=${id}`, { authorization: limited })).status).toBe(404);
    const terraform = await post(sim, `/terraform/${DEMO_IDS.infra}/deploy`, { git_commit_id: 'a'.repeat(40) }, { authorization: limited });
    expect(terraform.status).toBe(404);
  });
});
