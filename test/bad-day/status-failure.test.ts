// Issue 11.6: `status` shows why each failed service's last deployment failed.
import { describe, expect, it } from 'vitest';
import { ALL_KINDS, deployHarness, FAST, start } from '../helpers/deploy.js';

const h = deployHarness();
const log = { message: 'npm ci exited with 1', hint: 'Check package-lock.json', link: 'https://hub.qovery.com/docs/build', lines: ['npm ERR! x'] };

describe('status after a failed deployment', () => {
  it('shows the message, hint and link for the failed service only (text and JSON)', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR', { log });
    const file = h.manifest('all.yaml', ALL_KINDS);
    expect((await h.cli(['apply', ...FAST, file])).code).toBe(3);
    const execution = sim.state.requests[0]!.executionId;

    const text = await h.cli(['status', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`container web BUILD_ERROR in deployment ${execution}\n  error: npm ci exited with 1\n  hint:  Check package-lock.json\n  docs:  https://hub.qovery.com/docs/build\n`);
    expect(text.stdout).not.toMatch(/application api .* in deployment/);

    const json = JSON.parse((await h.cli(['status', '--format', 'json', file])).stdout);
    const web = json.services.find((s: { name: string }) => s.name === 'web');
    expect(web.last_failure).toEqual({ execution_id: execution, message: log.message, hint: log.hint, link: log.link });
    expect(json.services.filter((s: { last_failure?: unknown }) => s.last_failure)).toHaveLength(1);
  });

  it('says in one line when the logs cannot be read, and still exits 0', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR', { log });
    const file = h.manifest('all.yaml', ALL_KINDS);
    expect((await h.cli(['apply', ...FAST, file])).code).toBe(3);
    sim.faults.add({ method: 'GET', path: '/environment/:id/logs', times: Infinity, action: { type: 'status', status: 404 } });
    const text = await h.cli(['status', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Why the failed services failed is not known: the deployment logs could not be read/);
  });
});
