/** The fixture format: the demo seed, seeded states, and mistakes caught at start-up with their JSON path. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_FIXTURE,
  DEMO_IDS,
  loadFixtureFile,
  startSimulator,
  type FixtureService,
  type SimFixture,
  type Simulator,
} from '../../src/simulator/index.js';
import { get } from './helpers.js';

const DEMO_FILE = new URL('../../examples/demo/fixture.json', import.meta.url);
const ENV = DEMO_IDS.environment;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The demo fixture with its service list replaced. */
function withServices(services: unknown[]): SimFixture {
  const fixture = structuredClone(DEMO_FIXTURE);
  const env = fixture.organizations[0]?.projects[0]?.environments[0];
  if (env) env.services = services as FixtureService[];
  return fixture;
}

describe('the demo fixture', () => {
  it('examples/demo/fixture.json is the built-in DEMO_FIXTURE', async () => {
    expect(JSON.parse(readFileSync(DEMO_FILE, 'utf8'))).toEqual(DEMO_FIXTURE);
    expect(await loadFixtureFile(DEMO_FILE.pathname)).toEqual(DEMO_FIXTURE);
  });

  it('holds Acme / shop / production with one service of every kind and variant', async () => {
    sim = await startSimulator();
    const services = [...sim.state.services.values()].map((s) => `${s.kind}:${s.name}:${s.source}${s.valuesOverride ? '+values' : ''}`);
    expect(services).toEqual([
      'application:api:git',
      'container:web:image',
      'database:postgres:database',
      'job:migrate:git',
      'job:nightly-report:image',
      'helm:ingress:chart',
      'helm:monitoring:git+values',
      'terraform:infra:git',
    ]);
    const env = sim.state.environments.get(ENV);
    expect(env?.name).toBe('production');
    expect(sim.state.projects.get(DEMO_IDS.project)?.name).toBe('shop');
    expect(sim.state.organizations.get(DEMO_IDS.organization)?.name).toBe('Acme');
    for (const svc of sim.state.services.values()) {
      if (svc.source === 'git') expect(svc.deployed).toMatch(/^[0-9a-f]{40}$/);
      expect(svc.deployed).toBe(svc.configured);
    }
  });
});

describe('seeded states', () => {
  const base = { kind: 'container', image: 'ghcr.io/acme/x', version: '1.0.0' };

  it('a service never deployed is READY, NEVER_DEPLOYED, status NEVER', async () => {
    sim = await startSimulator({ fixture: withServices([{ ...base, id: DEMO_IDS.web, name: 'web', deployed: null }]) });
    const statuses = (await get(sim, `/environment/${ENV}/statuses`)).json;
    expect(statuses.containers[0]).toMatchObject({
      state: 'READY',
      service_deployment_status: 'NEVER_DEPLOYED',
      status_details: { status: 'NEVER' },
    });
    expect(statuses.environment).toMatchObject({ state: 'READY', deployment_status: 'NEVER_DEPLOYED' });
  });

  it('drift (configured ≠ deployed) and a failed last deployment read OUT_OF_DATE', async () => {
    sim = await startSimulator({
      fixture: withServices([
        { ...base, id: DEMO_IDS.web, name: 'web', version: '1.1.0', deployed: '1.0.0' },
        { ...base, id: DEMO_IDS.api, name: 'api', state: 'DEPLOYMENT_ERROR' },
        { ...base, id: DEMO_IDS.postgres, name: 'ok' },
      ]),
    });
    const statuses = (await get(sim, `/environment/${ENV}/statuses`)).json;
    expect(statuses.containers.map((c: any) => [c.state, c.service_deployment_status])).toEqual([
      ['DEPLOYED', 'OUT_OF_DATE'],
      ['DEPLOYMENT_ERROR', 'OUT_OF_DATE'],
      ['DEPLOYED', 'UP_TO_DATE'],
    ]);
    expect(statuses.environment).toMatchObject({ state: 'DEPLOYMENT_ERROR', deployment_status: 'OUT_OF_DATE' });
    const services = (await get(sim, `/environment/${ENV}/services`)).json.results;
    expect(services[0].tag).toBe('1.1.0');
  });

  it('a chart helm may carry a git values override', async () => {
    const helm = {
      kind: 'helm', id: DEMO_IDS.ingress, name: 'ingress', source: 'chart', repository: 'https://charts.example', chart: 'x',
      version: '1.0.0', values_override: { repository: 'https://github.com/acme/values.git', version: 'a'.repeat(40) },
    };
    sim = await startSimulator({ fixture: withServices([helm]) });
    const item = (await get(sim, `/environment/${ENV}/services`)).json.results[0];
    expect(item.values_override.file.git.git_repository.deployed_commit_id).toBe('a'.repeat(40));
  });
});

describe('fixture mistakes', () => {
  const app = { kind: 'application', id: DEMO_IDS.api, name: 'api', repository: 'https://github.com/acme/api.git', version: 'a'.repeat(40) };
  it.each([
    ['an unknown key', [{ ...app, commit: 'x' }], /services\[0\]\.commit: unknown key/],
    ['an upper-case UUID', [{ ...app, id: DEMO_IDS.api.toUpperCase() }], /services\[0\]\.id/],
    ['a duplicate id', [app, { ...app, name: 'api2' }], /duplicate id/],
    ['a duplicate name', [app, { ...app, id: DEMO_IDS.web, name: 'API' }], /duplicate service name/],
    ['a job without source', [{ kind: 'job', id: DEMO_IDS.migrate, name: 'j', image: 'x', version: '1' }], /needs "source"/],
    ['a container from git', [{ kind: 'container', id: DEMO_IDS.web, name: 'w', source: 'git', version: '1' }], /cannot have source/],
    ['a git version that is not a SHA', [{ ...app, version: 'main' }], /version: "main" does not match/],
    ['a values override on an application', [{ ...app, values_override: { repository: 'r', version: 'a'.repeat(40) } }], /only a helm/],
    ['an unknown kind', [{ ...app, kind: 'lambda' }], /unknown kind/],
    ['an unknown state', [{ ...app, state: 'RUNNING' }], /state: expected one of/],
  ])('rejects %s', async (_name, services, message) => {
    await expect(startSimulator({ fixture: withServices(services) })).rejects.toThrow(message);
  });

  it('rejects a fixture that is not an object, or of another version', async () => {
    await expect(startSimulator({ fixture: [] as unknown as SimFixture })).rejects.toThrow(/at \$: expected an object/);
    await expect(startSimulator({ fixture: { version: 2, organizations: [] } as unknown as SimFixture })).rejects.toThrow(/version 1/);
  });
});
