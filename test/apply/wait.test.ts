import { afterEach, describe, expect, it } from 'vitest';
import { QoveryClient } from '../../src/qovery/client.js';
import { authorizationFor } from '../../src/qovery/endpoint.js';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { classifyState } from '../../src/wait/states.js';
import { waitForRequest } from '../../src/wait/wait-for-request.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const clientFor = (s: Simulator) => new QoveryClient({ endpoint: { baseUrl: s.url, authorization: authorizationFor(s.token) }, requestTimeoutMs: 1000, retry: { baseMs: 10 } });

describe('waitForRequest', () => {
  it('classifies states: DEPLOYED succeeds, *_ERROR and CANCELED fail, anything else keeps waiting', () => {
    expect(classifyState('DEPLOYED')).toBe('success');
    expect(classifyState('DEPLOYED', 'ONGOING')).toBe('pending');
    for (const s of ['BUILD_ERROR', 'DEPLOYMENT_ERROR', 'RESTART_ERROR', 'CANCELED']) expect(classifyState(s)).toBe('failure');
    for (const s of ['DEPLOYMENT_QUEUED', 'BUILDING', 'DEPLOYING', 'EXECUTING', 'WAITING_RUNNING', 'FROBNICATING', 'CANCELING']) expect(classifyState(s)).toBe('pending');
  });

  it('logs a state it does not know, keeps waiting, and ends with the real outcome (checklist item 6)', async () => {
    sim = await startSimulator({ stages: { queuedMs: 5, buildingMs: 40, deployingMs: 40 } });
    const client = clientFor(sim);
    const accepted = await client.post(`/environment/${DEMO_IDS.environment}/service/deploy`, { containers: [{ id: DEMO_IDS.web, image_tag: '9.9' }] });
    expect(accepted.type).toBe('accepted');
    const requestId = (accepted as { body: { deployment_request_id: string } }).body.deployment_request_id;
    const odd = { id: DEMO_IDS.web, state: 'FROBNICATING', service_deployment_status: 'OUT_OF_DATE', deployment_request_id: requestId, deployment_requests_count: 1, is_part_last_deployment: true, status_details: { action: 'DEPLOY', status: 'ONGOING', sub_action: 'NONE' } };
    sim.faults.add({ method: 'GET', path: '/environment/:id/statuses', times: 2, action: { type: 'status', status: 200, body: { environment: {}, applications: [], containers: [odd], jobs: [], databases: [], helms: [], terraforms: [] } } });
    const events: { state: string; unknown?: boolean }[] = [];
    const result = await waitForRequest(client, DEMO_IDS.environment, [{ id: DEMO_IDS.web, requestId, baselineRequestId: null }], {
      pollInitialMs: 20,
      deadline: Date.now() + 10_000,
      onState: (e) => events.push(e),
    });
    expect(events.filter((e) => e.unknown)).toEqual([expect.objectContaining({ state: 'FROBNICATING', unknown: true })]);
    expect(result).toMatchObject({ timedOut: false, outcomes: [{ id: DEMO_IDS.web, result: 'deployed', finalState: 'DEPLOYED', requestId }] });
  });

  it('asks how our request ended when a newer request has already taken the service', async () => {
    sim = await startSimulator({ stages: { queuedMs: 5, buildingMs: 10, deployingMs: 10 } });
    const client = clientFor(sim);
    const first = await client.post(`/environment/${DEMO_IDS.environment}/service/deploy`, { containers: [{ id: DEMO_IDS.web, image_tag: '9.9' }] });
    const requestId = (first as { body: { deployment_request_id: string } }).body.deployment_request_id;
    await sim.waitForIdle();
    sim.setLiveVersion('web', '10.0');
    const result = await waitForRequest(client, DEMO_IDS.environment, [{ id: DEMO_IDS.web, requestId, baselineRequestId: null }], { pollInitialMs: 20, deadline: Date.now() + 5000 });
    expect(result.outcomes[0]).toMatchObject({ result: 'deployed', finalState: 'DEPLOYED' });
  });

  it('times out at the deadline, reporting the last state seen', async () => {
    sim = await startSimulator({ stages: { queuedMs: 5, buildingMs: 10, deployingMs: 10 } });
    sim.outcomes.hang('web');
    const client = clientFor(sim);
    const first = await client.post(`/environment/${DEMO_IDS.environment}/service/deploy`, { containers: [{ id: DEMO_IDS.web, image_tag: '9.9' }] });
    const requestId = (first as { body: { deployment_request_id: string } }).body.deployment_request_id;
    const deadline = Date.now() + 400;
    const result = await waitForRequest(client, DEMO_IDS.environment, [{ id: DEMO_IDS.web, requestId, baselineRequestId: null }], { pollInitialMs: 50, deadline });
    expect(result.timedOut).toBe(true);
    expect(result.outcomes[0]).toMatchObject({ result: 'timeout', finalState: 'DEPLOYING' });
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
  });
});
