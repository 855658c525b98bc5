/** `listEnvironmentLogs` (issue 11.7): the spec's shape, per-service lines, scripted error blocks, execution ids. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { get, post } from './helpers.js';
import { specErrors } from './spec-check.js';

const ENV = DEMO_IDS.environment;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function deployWeb(s: Simulator, tag: string): Promise<string> {
  const res = await post(s, `/environment/${ENV}/service/deploy`, { containers: [{ id: DEMO_IDS.web, image_tag: tag }] });
  expect(res.status).toBe(202);
  await s.waitForIdle();
  return s.state.requests.at(-1)!.executionId as string;
}

describe('GET /environment/{id}/logs?version=', () => {
  it('answers EnvironmentLogsResponseList; a failed run ends with Qovery’s error block, scripted', async () => {
    sim = await startSimulator({ stages: { queuedMs: 1, buildingMs: 1, deployingMs: 1 } });
    sim.outcomes.fail('web', 'BUILD_ERROR', { log: { message: 'npm ci failed', hint: 'Check the lock file', link: 'https://hub.qovery.com/x', lines: ['one', 'two'] } });
    const execution = await deployWeb(sim, '1.5.0');
    expect(execution).toBe(`${ENV}-1`);
    const res = await get(sim, `/environment/${ENV}/logs?version=${execution}`);
    expect(res.status).toBe(200);
    expect(specErrors('EnvironmentLogsResponseList', res.json)).toEqual([]);
    const entries = res.json as { details: { transmitter: { id: string }; execution_id: string }; message: { safe_message: string }; error: unknown }[];
    expect(entries.every((e) => e.details.transmitter.id === DEMO_IDS.web && e.details.execution_id === execution)).toBe(true);
    expect(entries.map((e) => e.message.safe_message)).toEqual(['Building web at 1.5.0', 'one', 'two', 'npm ci failed']);
    expect(entries.at(-1)!.error).toEqual({ tag: 'BUILD_ERROR', user_log_message: 'npm ci failed', hint_message: 'Check the lock file', link: 'https://hub.qovery.com/x' });
    expect(entries.slice(0, -1).every((e) => e.error === null)).toBe(true);
  });

  it('a successful run has no error block; the latest execution without version; 404 for an unknown one', async () => {
    sim = await startSimulator({ stages: { queuedMs: 1, buildingMs: 1, deployingMs: 1 } });
    const execution = await deployWeb(sim, '1.5.0');
    const latest = await get(sim, `/environment/${ENV}/logs`);
    expect(specErrors('EnvironmentLogsResponseList', latest.json)).toEqual([]);
    const entries = latest.json as { details: { execution_id: string }; error: unknown; message: { safe_message: string } }[];
    expect(entries.every((e) => e.details.execution_id === execution && e.error === null)).toBe(true);
    expect(entries.at(-1)!.message.safe_message).toBe('web deployed');
    expect((await get(sim, `/environment/${ENV}/logs?version=${ENV}-99`)).status).toBe(404);
  });

  it('per-request cancel: CANCELING, then CANCELED; 409 once it is being cancelled or done', async () => {
    sim = await startSimulator({ stages: { queuedMs: 1, buildingMs: 1, deployingMs: 1, cancelingMs: 50 } });
    sim.outcomes.hang('web');
    await post(sim, `/environment/${ENV}/service/deploy`, { containers: [{ id: DEMO_IDS.web, image_tag: '1.5.0' }] });
    const request = sim.state.requests[0]!;
    while (sim.state.requests[0]!.status !== 'RUNNING') await new Promise((r) => setTimeout(r, 5));
    expect((await post(sim, `/deploymentQueue/${request.id}/cancelDeployment`, {})).status).toBe(202);
    expect((await post(sim, `/deploymentQueue/${request.id}/cancelDeployment`, {})).status).toBe(409);
    await sim.waitForIdle();
    expect(sim.state.requests[0]!.status).toBe('CANCELED');
    expect((await post(sim, `/deploymentQueue/${request.id}/cancelDeployment`, {})).status).toBe(409);
  });
});
