import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { SimFixture, Simulator } from '../../src/simulator/index.js';
import { deployHarness, FAST, start } from '../helpers/deploy.js';

const h = deployHarness();
const WEB = `version: 1\nenvironment:\n  organization: Acme\n  project: shop\n  name: production\ncontainers:\n  - name: web\n    image_tag: "2.0"\n`;

/** Resolves once the simulator has logged a request that `match` accepts (generous deadline, no time asserted). */
async function logged(sim: Simulator, match: (path: string, method: string) => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!sim.requests.some((r) => match(r.path, r.method))) {
    if (Date.now() > deadline) throw new Error('the request never came');
    await sleep(5);
  }
}

describe('two applies at the same moment (issue 10 item 7)', () => {
  it('the run that read before the other one posted, and reaches its POST after, adopts instead of posting; its output says it raced', async () => {
    let release!: () => void;
    const posted = new Promise<void>((resolve) => (release = resolve));
    const sim = await start(h, {
      stages: { queuedMs: 50, buildingMs: 30, deployingMs: 30 },
      onRequest: (entry) => {
        if (entry.method === 'POST') release();
      },
    });
    // The first run's reads are slow: its history read is answered only once the other run has posted.
    // Everything else it read (services, statuses, queue) predates that POST, so it plans a deployment.
    sim.faults.add({ method: 'GET', path: '/environment/:id/deploymentHistoryV2', action: { type: 'delay', ms: 20_000, until: posted } });
    const file = h.manifest('web.yaml', WEB);
    const slow = h.cli(['apply', ...FAST, file]);
    await logged(sim, (path) => path.endsWith('/deploymentHistoryV2'));
    await logged(sim, (path) => path.endsWith('/deploymentQueue'));
    const fast = await h.cli(['apply', ...FAST, file]);
    const raced = await slow;

    expect([fast.code, raced.code], raced.stderr).toEqual([0, 0]);
    expect(h.deployPosts()).toHaveLength(1);
    expect(sim.stats.deploymentRequests).toBe(1);
    const requestId = sim.state.requests[0]!.id;
    expect(raced.stderr).toContain(`another run queued the same deployment (request ${requestId}) while this one was getting ready: adopting it instead of sending another`);
    expect(fast.stderr).not.toContain('another run');
  });
});

describe('API calls before the POST do not grow with the number of services (DESIGN.md §7)', () => {
  const ENV = '7a1b0c2d-0000-4000-8000-000000000301';
  const uuid = (n: number) => `5e7c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const fixture = (count: number): SimFixture => ({
    version: 1,
    organizations: [
      {
        id: uuid(900001),
        name: 'Acme',
        projects: [
          {
            id: uuid(900002),
            name: 'shop',
            environments: [
              { id: ENV, name: 'production', services: Array.from({ length: count }, (_, i) => ({ kind: 'container' as const, id: uuid(i + 1), name: `svc-${i}`, image: 'ghcr.io/acme/svc', version: '1.0.0' })) },
            ],
          },
        ],
      },
    ],
  });

  it('1 service and 40 services: the same six reads (four to plan, queue and statuses again just before the POST)', async () => {
    const readsBefore = async (count: number): Promise<string[]> => {
      const sim = await start(h, { fixture: fixture(count) });
      let text = `version: 1\nenvironment:\n  id: ${ENV}\ncontainers:\n`;
      for (let i = 0; i < count; i++) text += `  - id: ${uuid(i + 1)}\n    image_tag: "2.0.0"\n`;
      const result = await h.cli(['apply', '--no-wait', ...FAST, h.manifest(`many-${count}.yaml`, text)]);
      expect(result.code, result.stderr).toBe(0);
      const post = sim.requests.findIndex((r) => r.method === 'POST');
      return sim.requests.slice(0, post).map((r) => r.path.replace(ENV, '{id}'));
    };
    const one = await readsBefore(1);
    expect(await readsBefore(40)).toEqual(one);
    expect([...one.slice(0, 4)].sort()).toEqual(['/environment/{id}/deploymentHistoryV2', '/environment/{id}/deploymentQueue', '/environment/{id}/services', '/environment/{id}/statuses']);
    expect([...one.slice(4)].sort()).toEqual(['/environment/{id}/deploymentQueue', '/environment/{id}/statuses']);
  });
});

