/** Issue 14's simulator: clone, links and delete, with the spec's shapes and status codes. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { call, get, manualClock, post } from './helpers.js';
import { specErrors } from './spec-check.js';

const SOURCE = DEMO_IDS.environment;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('POST /environment/{id}/clone', () => {
  it('202 Environment: a new environment of the project, same services under new ids, configured like the source, never deployed', async () => {
    sim = await startSimulator();
    const body = { name: 'pr-1', mode: 'PREVIEW', apply_deployment_rule: true };
    expect(specErrors('CloneEnvironmentRequest', body)).toEqual([]);
    const res = await post(sim, `/environment/${SOURCE}/clone`, body);
    expect(res.status).toBe(202);
    expect(specErrors('Environment', res.json)).toEqual([]);
    expect(res.json).toMatchObject({ name: 'pr-1', mode: 'PREVIEW', project: { id: sim.state.environments.get(SOURCE)!.projectId } });
    const list = await get(sim, `/project/${res.json.project.id}/environment`);
    expect(list.json.results.map((e: { name: string }) => e.name)).toEqual(['production', 'pr-1']);
    const source = (await get(sim, `/environment/${SOURCE}/services`)).json.results;
    const clone = (await get(sim, `/environment/${res.json.id}/services`)).json.results;
    expect(clone.map((s: { name: string }) => s.name)).toEqual(source.map((s: { name: string }) => s.name));
    expect(clone.map((s: { id: string }) => s.id).filter((id: string) => source.some((s: { id: string }) => s.id === id))).toEqual([]);
    const statuses = (await get(sim, `/environment/${res.json.id}/statuses`)).json;
    const services = [...statuses.applications, ...statuses.containers];
    expect(services.every((s: { service_deployment_status: string }) => s.service_deployment_status === 'NEVER_DEPLOYED')).toBe(true);
  });

  it('400 when the name is taken (case-insensitively), a mode outside the enum, or an unknown field; 404 for an unknown source', async () => {
    sim = await startSimulator();
    expect((await post(sim, `/environment/${SOURCE}/clone`, { name: 'PRODUCTION' })).status).toBe(400);
    expect((await post(sim, `/environment/${SOURCE}/clone`, { name: 'x', mode: 'preview' })).status).toBe(400);
    expect((await post(sim, `/environment/${SOURCE}/clone`, { name: 'x', color: 'red' })).status).toBe(400);
    expect((await post(sim, `/environment/${SOURCE}/clone`, {})).status).toBe(400);
    expect((await post(sim, '/environment/7a1b0c2d-0000-4000-8000-00000000ffff/clone', { name: 'x' })).status).toBe(404);
    expect(sim.state.environments.size).toBe(1);
  });

  it('takes faults like the deploy POST: reset-after makes the clone and drops the answer', async () => {
    sim = await startSimulator();
    sim.faults.add({ method: 'POST', path: '/environment/:id/clone', action: { type: 'reset-after' } });
    await expect(post(sim, `/environment/${SOURCE}/clone`, { name: 'pr-2' })).rejects.toThrow();
    expect([...sim.state.environments.values()].map((e) => e.name)).toEqual(['production', 'pr-2']);
  });
});

describe('GET /environment/{id}/link', () => {
  it('answers LinkResponseList: one link per application and container', async () => {
    sim = await startSimulator();
    const res = await get(sim, `/environment/${SOURCE}/link`);
    expect(res.status).toBe(200);
    expect(specErrors('LinkResponseList', res.json)).toEqual([]);
    expect(res.json.results.map((l: { service_type: string }) => l.service_type).sort()).toEqual(['APPLICATION', 'CONTAINER']);
  });
});

describe('DELETE /environment/{id}', () => {
  it('204, then the environment, its services and requests are gone once the deletion time has passed (404)', async () => {
    const clock = manualClock();
    sim = await startSimulator({ now: clock.now, stages: { queuedMs: 100, deployingMs: 400 } });
    const clone = (await post(sim, `/environment/${SOURCE}/clone`, { name: 'pr-3', mode: 'PREVIEW' })).json;
    const del = await call(sim, 'DELETE', `/environment/${clone.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    clock.tick(499);
    expect((await get(sim, `/environment/${clone.id}`)).status).toBe(200);
    clock.tick(1);
    expect((await get(sim, `/environment/${clone.id}`)).status).toBe(404);
    expect((await call(sim, 'DELETE', `/environment/${clone.id}`)).status).toBe(404);
    expect([...sim.state.services.values()].some((s) => s.environmentId === clone.id)).toBe(false);
    expect(sim.state.environments.has(SOURCE)).toBe(true);
  });
});
