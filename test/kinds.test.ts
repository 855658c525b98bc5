import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { compileRequests } from '../src/compile/compile-requests.js';
import { fieldsOf, hasVersion, KIND_KEYS, KINDS, requiredField, SERVICE_KINDS, sourceChoice, type KindDefinition } from '../src/kinds.js';
import { planDeployment } from '../src/plan/plan-deployment.js';
import { parseServices, parseStatuses, type LiveState } from '../src/qovery/live-state.js';
import { resolveManifest } from '../src/resolve/resolve-manifest.js';
import { DEMO_IDS } from '../src/simulator/demo-fixture.js';
import { startSimulator } from '../src/simulator/index.js';
import type { Manifest, ResolvedManifest, ServiceSpec } from '../src/types.js';
import { call } from './simulator/helpers.js';

const ENV = '7a1b0c2d-0000-4000-8000-000000000001';
const API = '5e7c0000-0000-4000-8000-000000000001';
const WORKER = '5e7c0000-0000-4000-8000-0000000000aa';
const SHA = 'a'.repeat(40);

/**
 * A kind Qovery does not have: a "worker" that runs an image and is deployed in the batch call's
 * `containers` list. Added to the table in memory only, it must flow through every stage that
 * goes by kind without another line of code.
 */
const WORKER_KIND = {
  key: 'workers',
  label: 'a worker',
  serviceType: 'WORKER',
  statusList: 'workers',
  sources: [{ source: 'image', field: 'image_tag', live: 'image.tag' }],
  compile: (id: string, desired: { image_tag?: string }) => ({ list: 'containers', item: { id, image_tag: desired.image_tag } }),
} as unknown as KindDefinition;

const table = KINDS as unknown as Record<string, KindDefinition | undefined>;
afterEach(() => {
  delete table.worker;
});

const resolvedWith = (services: ResolvedManifest['services']): ResolvedManifest => ({ file: 'qovery-deploy.yaml', environmentId: ENV, environment: { id: ENV }, services, positions: {} });
const api = { kind: 'application', id: API, pointer: '/applications/0', desired: { kind: 'application', commit: { ref: 'main', sha: SHA } } } as const;
const worker = { kind: 'worker', id: WORKER, pointer: '/workers/0', desired: { kind: 'worker', image_tag: '1.10' } } as unknown as ResolvedManifest['services'][number];

describe('the table of kinds drives every per-kind decision (issue 15 item 1)', () => {
  it('compiles a kind added to the table in memory into the batch call, in the list its entry names', () => {
    table.worker = WORKER_KIND;
    const [request] = compileRequests(resolvedWith([api, worker]));
    expect(request).toEqual({
      kind: 'deploy-all',
      method: 'POST',
      path: `/environment/${ENV}/service/deploy`,
      body: { applications: [{ application_id: API, git_commit_id: SHA }], containers: [{ id: WORKER, image_tag: '1.10' }] },
      serviceIds: [API, WORKER],
    });
  });

  it('refuses a service whose kind the table lacks, rather than leaving it out of the body', () => {
    expect(() => compileRequests(resolvedWith([api, worker]))).toThrow('qovery-deploy has no service kind "worker"');
  });

  it('resolves, reads and plans the added kind from its entry alone', async () => {
    table.worker = WORKER_KIND;
    const spec = { kind: 'worker', id: WORKER, pointer: '/workers/0', image_tag: '1.10' } as unknown as ServiceSpec;
    const manifest: Manifest = { file: 'qovery-deploy.yaml', version: 1, environment: { id: ENV }, services: [spec], positions: {} };
    const resolved = await resolveManifest(manifest);
    expect(resolved.value?.services).toEqual([worker]);

    const services = parseServices({ results: [{ id: WORKER, name: 'worker', service_type: 'WORKER', image: { tag: '1.9' } }] });
    expect(services).toEqual([{ id: WORKER, name: 'worker', kind: 'worker', source: 'image', version: '1.9', hasGitValuesOverride: false }]);
    const status = { id: WORKER, state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: null, requestsCount: 0 };
    const live: LiveState = { environmentId: ENV, readAt: new Date(0).toISOString(), services, statuses: { [WORKER]: status }, queue: [], history: [] };
    const plan = planDeployment(resolved.value!, live);
    expect(plan.entries.map((e) => [e.kind, e.desired, e.live.version, e.action, e.reason])).toEqual([['worker', { version: '1.10' }, '1.9', 'deploy', 'the version differs']]);
    expect(plan.requests[0]?.body).toEqual({ containers: [{ id: WORKER, image_tag: '1.10' }] });

    const same = planDeployment(resolved.value!, { ...live, services: [{ ...services[0]!, version: '1.10' }] });
    expect(same.entries.map((e) => [e.action, e.reason])).toEqual([['unchanged', 'already deployed at this version']]);
  });
});

describe('the table agrees with the schema', () => {
  const schema = JSON.parse(readFileSync(new URL('../schema/qovery-deploy.schema.json', import.meta.url), 'utf8')) as {
    properties: Record<string, { items?: { $ref?: string } }>;
    definitions: Record<string, { properties?: Record<string, unknown>; required?: string[]; allOf?: { anyOf?: { required: string[] }[] }[] }>;
  };

  it('lists every kind under its key, in table order, and no other list', () => {
    const lists = Object.keys(schema.properties).filter((key) => key !== 'version' && key !== 'environment');
    expect(lists).toEqual(SERVICE_KINDS.map((kind) => KIND_KEYS[kind]));
    for (const kind of SERVICE_KINDS) expect(schema.properties[KIND_KEYS[kind]]?.items?.$ref).toBe(`#/definitions/${kind}`);
  });

  for (const kind of SERVICE_KINDS) {
    it(`gives ${KINDS[kind].label} the fields of its entry, and requires its version as its entry says`, () => {
      const definition = schema.definitions[kind]!;
      expect(Object.keys(definition.properties ?? {}).sort()).toEqual(['id', 'name', ...fieldsOf(kind)].sort());
      const required = requiredField(kind);
      expect(definition.required ?? []).toEqual(required ? [required] : []);
      const choice = sourceChoice(kind);
      const anyOf = definition.allOf?.flatMap((part) => part.anyOf ?? []).map((branch) => branch.required).filter((r) => !r.includes('id') && !r.includes('name'));
      expect((anyOf ?? []).flat().sort()).toEqual(choice ? [...choice].sort() : []);
    });
  }
});

describe('the simulator models every kind of the table', () => {
  it('its demo environment answers with a service of every kind and every source, read back by the table', async () => {
    const sim = await startSimulator();
    try {
      const services = parseServices((await call(sim, 'GET', `/environment/${DEMO_IDS.environment}/services`)).json);
      const statuses = parseStatuses((await call(sim, 'GET', `/environment/${DEMO_IDS.environment}/statuses`)).json);
      const seen = new Set(services.map((s) => `${s.kind}:${s.source}`));
      const wanted = SERVICE_KINDS.flatMap((kind) => (KINDS[kind].sources.length === 0 ? [`${kind}:none`] : KINDS[kind].sources.map((s) => `${kind}:${s.source}`)));
      expect([...seen].sort()).toEqual(wanted.sort());
      expect(services.every((s) => !hasVersion(s.kind) || s.version !== undefined)).toBe(true);
      expect(Object.keys(statuses).sort()).toEqual(services.map((s) => s.id).sort());
    } finally {
      await sim.close();
    }
  });
});
