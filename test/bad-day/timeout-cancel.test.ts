// Issue 11.2, 11.4, 11.5 and issue 10.3: a slow deployment, a stalled answer and a superseded
// request all end on time, name the request, and cancel only our own requests when asked to.
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { deployHarness, FAST, start, WEB_1_10 as WEB } from '../helpers/deploy.js';

const h = deployHarness();
const QUICK = ['--poll-interval', '30ms', '--request-timeout', '1s', '--retry-base', '20ms'];
const cancels = (sim: Simulator) => sim.requestsTo('POST', '/deploymentQueue/:id/cancelDeployment');
const envCancels = (sim: Simulator) => sim.requestsTo('POST', '/environment/:id/cancelDeployment');

describe('the accepted line', () => {
  it('names the deployment request id', async () => {
    const sim = await start(h);
    const result = await h.cli(['apply', ...FAST, h.manifest('web.yaml', WEB)]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`: accepted (HTTP 202): deployment request ${sim.state.requests[0]!.id}\n`);
  });
});

describe('--timeout expires while the deployment runs', () => {
  it('without --cancel-on-timeout: cancels nothing, exits 4 and says how to follow the request', async () => {
    const sim = await start(h);
    sim.outcomes.hang('web');
    const result = await h.cli(['apply', ...QUICK, '--timeout', '1500ms', h.manifest('web.yaml', WEB)]);
    expect(result.code).toBe(4);
    const id = sim.state.requests[0]!.id;
    expect(result.stdout).toContain(`Deployment request ${id} may still be running: follow it with \`qovery-deploy status web.yaml\``);
    expect(result.stdout).toContain('--cancel-on-timeout');
    expect(cancels(sim)).toHaveLength(0);
    expect(envCancels(sim)).toHaveLength(0);
    expect(sim.state.requests[0]!.status).toBe('RUNNING');
  });

  it('with --cancel-on-timeout: exactly one cancel, for our request, none environment-wide; reports CANCELED and exits 4', async () => {
    const sim = await start(h);
    sim.outcomes.hang('web');
    const result = await h.cli(['apply', ...QUICK, '--timeout', '1500ms', '--cancel-on-timeout', h.manifest('web.yaml', WEB)]);
    expect(result.code).toBe(4);
    const id = sim.state.requests[0]!.id;
    expect(cancels(sim).map((r) => r.path)).toEqual([`/deploymentQueue/${id}/cancelDeployment`]);
    expect(envCancels(sim)).toHaveLength(0);
    expect(result.stdout).toContain(`Cancelled deployment request ${id}`);
    expect(result.stdout).toMatch(/container\s+web\s+.*CANCELED/);
    expect(sim.state.requests[0]!.status).toBe('CANCELED');
  });

  it('a 409 on cancel (already finished or cancelling) is reported, not an error', async () => {
    const sim = await start(h);
    sim.outcomes.hang('web');
    sim.faults.add({ method: 'POST', path: '/deploymentQueue/:id/cancelDeployment', action: { type: 'status', status: 409 } });
    const result = await h.cli(['apply', ...QUICK, '--timeout', '1500ms', '--cancel-on-timeout', '--format', 'json', h.manifest('web.yaml', WEB)]);
    expect(result.code).toBe(4);
    const doc = JSON.parse(result.stdout);
    expect(doc.files[0].cancel).toEqual({
      reason: 'timeout',
      calls: [{ deployment_request_id: sim.state.requests[0]!.id, result: 'finished', detail: 'already finished or being cancelled' }],
    });
    expect(cancels(sim)).toHaveLength(1);
  });
});

describe('--timeout bounds the whole apply (issue 10.3)', () => {
  it('a deploy POST whose answer stalls ends at --timeout with exit 4, reported as maybe queued, sent once', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'POST', path: '/environment/:id/service/deploy', action: { type: 'stall-body', process: true } });
    const result = await h.cli(['apply', '--poll-interval', '30ms', '--request-timeout', '10m', '--timeout', '1500ms', h.manifest('web.yaml', WEB)]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('DEPLOY_OUTCOME_UNKNOWN');
    expect(result.stderr).toContain('--timeout was reached first');
    expect(h.deployPosts()).toHaveLength(1);
  });

  it('a POST that never answers ends at --timeout too', async () => {
    await start(h);
    h.sim.faults.add({ method: 'POST', path: '/environment/:id/service/deploy', action: { type: 'hang', process: true } });
    const result = await h.cli(['apply', '--poll-interval', '30ms', '--request-timeout', '10m', '--timeout', '1500ms', h.manifest('web.yaml', WEB)]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('DEPLOY_OUTCOME_UNKNOWN');
    expect(h.deployPosts()).toHaveLength(1);
  });

  it('planning reads that never answer end at --timeout with exit 4, and nothing is sent', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'GET', path: '/environment/:id/statuses', times: Infinity, action: { type: 'hang' } });
    const result = await h.cli(['apply', '--poll-interval', '30ms', '--request-timeout', '10m', '--timeout', '1500ms', h.manifest('web.yaml', WEB)]);
    expect(result.code).toBe(4);
    // Exit 4 explains itself: nothing was sent, so nothing may still be running.
    expect(result.stdout).toBe('Timed out (--timeout) before anything was sent: nothing was deployed.\n');
    const github = await h.cli(['apply', '--format', 'github', '--poll-interval', '30ms', '--request-timeout', '10m', '--timeout', '1500ms', h.manifest('web.yaml', WEB)]);
    expect(github.code).toBe(4);
    expect(github.stdout).toContain('timed out before anything was sent; nothing was deployed');
    expect(github.stdout).not.toContain('may still be running');
    expect(h.deployPosts()).toHaveLength(0);
  });

  it('name look-ups (organization, project, environment, services) that never answer end at --timeout too, exit 4, nothing sent', async () => {
    for (const path of ['/organization', '/environment/:id/services']) {
      const sim = await start(h);
      sim.faults.add({ method: 'GET', path, times: Infinity, action: { type: 'hang' } });
      const result = await h.cli(['apply', '--poll-interval', '30ms', '--request-timeout', '10m', '--timeout', '1500ms', h.manifest('web.yaml', WEB)]);
      expect(result.code, `${path}: ${result.stderr}`).toBe(4);
      expect(result.stdout).toBe('Timed out (--timeout) before anything was sent: nothing was deployed.\n');
      expect(h.deployPosts()).toHaveLength(0);
      expect(sim.requestsTo('GET', path).length).toBeGreaterThan(0);
    }
  });
});

describe('a request superseded by someone else’s (issue 11.5)', () => {
  it('ends on our request’s real outcome from the history when deploymentStatus is unusable', async () => {
    let sim!: Simulator;
    let added = false;
    // Someone else deploys web right after our POST, before our first poll: every poll then shows their request.
    sim = await start(h, {
      onRequest: (entry) => {
        if (added || entry.method !== 'GET' || !entry.path.endsWith('/statuses') || h.deployPosts().length === 0) return;
        added = true;
        sim.addForeignRequest('production', [{ service: 'web', version: '1.11' }]);
      },
    });
    sim.outcomes.fail('web', 'BUILD_ERROR', { version: '1.10' });
    sim.outcomes.hang('web', { version: '1.11' });
    sim.faults.add({ method: 'GET', path: '/environment/deploymentStatus', times: Infinity, action: { type: 'status', status: 500 } });
    const result = await h.cli(['apply', ...QUICK, '--timeout', '20s', h.manifest('web.yaml', WEB)]);
    expect(added).toBe(true);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/container\s+web\s+.*BUILD_ERROR/);
    expect(sim.requestsTo('GET', '/environment/:id/deploymentHistoryV2').length).toBeGreaterThan(1);
  });
});
