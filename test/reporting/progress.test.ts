import { describe, expect, it } from 'vitest';
import type { SimFixture } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, start } from '../helpers/deploy.js';

const h = deployHarness();
const ESC = '\u001b[';

describe('progress and colour', () => {
  it('on a terminal: a live per-service view redrawn in place, not a line per change', async () => {
    const sim = await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    const result = await runCli(['apply', ...FAST, file], { cwd: h.repo, isTTY: true, clock: h.clock, env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: h.token } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${ESC}`);
    expect(result.stderr).toMatch(/container web\s+(DEPLOYED|waiting|DEPLOYMENT_QUEUED|BUILDING|DEPLOYING)/);
    expect(result.stderr).not.toMatch(/^\d\d:\d\d:\d\d container web: /m);
  });

  it('elsewhere (CI logs): one timestamped line per state change, no cursor movement', async () => {
    // Queued long enough that the first poll sees it however slow the machine: seconds of the
    // harness's clock, whose waits are skipped, cost a few polls and no real time.
    await start(h, { stages: { queuedMs: 5000, buildingMs: 15, deployingMs: 15 } });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d container web: DEPLOYMENT_QUEUED$/m);
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d container web: DEPLOYED$/m);
    expect(result.stderr).not.toContain(ESC);
  });

  it('colour follows the terminal and NO_COLOR; FORCE_COLOR turns it on in a pipe', async () => {
    const sim = await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    const env = { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: h.token };
    const coloured = await runCli(['plan', file], { cwd: h.repo, env: { ...env, NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain(ESC);
    const tty = await runCli(['plan', file], { cwd: h.repo, isTTY: true, env: { ...env, NO_COLOR: undefined } });
    expect(tty.stdout).toContain(ESC);
    const plain = await runCli(['plan', file], { cwd: h.repo, isTTY: true, env: { ...env, NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain(ESC);
    const piped = await runCli(['plan', file], { cwd: h.repo, env: { ...env, NO_COLOR: undefined } });
    expect(piped.stdout).not.toContain(ESC);
  });
});

describe('an environment given by id and by names (DESIGN.md §2)', () => {
  const fixture: SimFixture = {
    version: 1,
    organizations: [
      {
        id: '0a1b0c2d-0000-4000-8000-000000000008',
        name: 'Acme',
        projects: [
          {
            id: '1a1b0c2d-0000-4000-8000-000000000008',
            name: 'shop',
            environments: [
              { id: DEMO_IDS.environment, name: 'production', services: [{ kind: 'container', id: DEMO_IDS.web, name: 'web', image: 'ghcr.io/acme/web', version: '1.0.0' }] },
              { id: '7a1b0c2d-0000-4000-8000-000000000009', name: 'staging', services: [] },
            ],
          },
        ],
      },
    ],
  };

  it('refuses, before anything is sent, a production id under staging names (a copy-paste guard)', async () => {
    const sim = await start(h, { fixture });
    const file = h.manifest('guard.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\n  organization: Acme\n  project: shop\n  name: staging\ncontainers:\n  - name: web\n    image_tag: "2.0"\n`);
    const result = await h.cli(['apply', ...FAST, file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('guard.yaml:3:7: error: the manifest gives the environment id 7a1b0c2d-0000-4000-8000-000000000001, but its names Acme/shop/staging are environment 7a1b0c2d-0000-4000-8000-000000000009');
    expect(result.stderr).toContain('[ENVIRONMENT_MISMATCH]');
    expect(sim.requestsTo('POST', '*')).toHaveLength(0);
  });

  it('accepts them when they agree', async () => {
    await start(h, { fixture });
    const file = h.manifest('agree.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\n  organization: acme\n  project: SHOP\n  name: production\ncontainers:\n  - name: web\n    image_tag: "2.0"\n`);
    expect((await h.cli(['apply', ...FAST, file])).code).toBe(0);
  });
});
