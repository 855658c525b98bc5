import { describe, expect, it } from 'vitest';
import { revParse } from '../helpers/git-fixture.js';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, start } from '../helpers/deploy.js';

const h = deployHarness();

describe('apply, happy path (all six kinds)', () => {
  it('sends exactly the changed services, waits, and reports ref → SHA and before → after', async () => {
    const sim = await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    const result = await h.cli(['apply', ...FAST, file]);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);

    const head = revParse(h.repo, 'HEAD');
    const posts = h.deployPosts();
    expect(posts).toHaveLength(1);
    // The database is DEPLOYED and UP_TO_DATE in the fixture: unchanged, left out of the body.
    expect(posts[0]!.body).toEqual({
      applications: [{ application_id: DEMO_IDS.api, git_commit_id: head }],
      containers: [{ id: DEMO_IDS.web, image_tag: '1.10' }],
      jobs: [
        { id: DEMO_IDS.migrate, git_commit_id: revParse(h.repo, 'v1.0.0^{commit}') },
        { id: DEMO_IDS.nightlyReport, image_tag: '2026.11.01' },
      ],
      helms: [
        { id: DEMO_IDS.ingress, chart_version: '4.11.3' },
        { id: DEMO_IDS.monitoring, git_commit_id: head, values_override_git_commit_id: revParse(h.repo, 'HEAD~1') },
      ],
      terraforms: [{ id: DEMO_IDS.infra, git_commit_id: head }],
    });
    expect(sim.stats.deploymentRequests).toBe(1);
    const requestId = sim.state.requests[0]!.id;
    expect(result.stdout).toContain(`HEAD → ${head.slice(0, 7)}`);
    expect(result.stdout).toContain('1.4.2 → 1.10');
    expect(result.stdout).toMatch(/postgres\s+\(as configured\)\s+—\s+unchanged/);
    expect(result.stdout).toContain(`Deployed: 7 deployed, 1 unchanged. Deployment request ${requestId}.`);
  });

  it('keeps the time of the clock it is given: stages of minutes, polled every 30 s with the default backoff, end without real waiting', async () => {
    const sim = await start(h, { stages: { queuedMs: 60_000, buildingMs: 10 * 60_000, deployingMs: 10 * 60_000 } });
    const before = h.clock.now();
    const result = await h.cli(['apply', '--poll-interval', '30s', '--timeout', '1h', h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code, result.stderr).toBe(0);
    expect(sim.state.requests[0]!.status).toBe('SUCCESS');
    // The 21 minutes of stages passed in the CLI's polls, on its clock.
    expect(h.clock.now() - before).toBeGreaterThanOrEqual(21 * 60_000);
  });

  it('is idempotent: a second apply sends nothing; plan --detailed-exitcode says 2 before and 0 after (checklist item 7)', async () => {
    await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    expect((await h.cli(['plan', '--detailed-exitcode', file])).code).toBe(2);
    expect((await h.cli(['plan', '--detailed-exit-code', file])).code).toBe(2);
    expect((await h.cli(['apply', ...FAST, file])).code).toBe(0);
    const again = await h.cli(['apply', ...FAST, file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to deploy');
    expect(h.deployPosts()).toHaveLength(1);
    expect((await h.cli(['plan', '--detailed-exitcode', file])).code).toBe(0);
    expect((await h.cli(['plan', file])).code).toBe(0);
  });

  it('two applies of the same manifest started together make one deployment request (item 7)', async () => {
    const sim = await start(h, { stages: { queuedMs: 100, buildingMs: 30, deployingMs: 30 } });
    const file = h.manifest('all.yaml', ALL_KINDS);
    const [a, b] = await Promise.all([h.cli(['apply', ...FAST, file]), h.cli(['apply', ...FAST, file])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(sim.stats.deploymentRequests).toBe(1);
  });

  it('adopts a request already queued with exactly our versions instead of posting again', async () => {
    const sim = await start(h, { stages: { queuedMs: 300, buildingMs: 20, deployingMs: 20 } });
    const file = h.manifest('web.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n  - name: web\n    image_tag: "2.0"\n`);
    expect((await h.cli(['apply', '--no-wait', ...FAST, file])).code).toBe(0);
    const second = await h.cli(['apply', ...FAST, file]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('adopting deployment request');
    expect(h.deployPosts()).toHaveLength(1);
    expect(sim.stats.deploymentRequests).toBe(1);
  });
});

describe('apply, options', () => {
  it('--dry-run prints the bodies and sends nothing', async () => {
    await start(h);
    const result = await h.cli(['apply', '--dry-run', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`POST /environment/${DEMO_IDS.environment}/service/deploy\n{`);
    expect(result.stdout).toContain('Dry run: nothing was sent.');
    expect(h.deployPosts()).toHaveLength(0);
  });

  it('--only deploys only the named services; --force redeploys an unchanged one', async () => {
    await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    expect((await h.cli(['apply', '--only', 'web,API', ...FAST, file])).code).toBe(0);
    expect(h.deployPosts()[0]!.body).toEqual({
      applications: [{ application_id: DEMO_IDS.api, git_commit_id: revParse(h.repo, 'HEAD') }],
      containers: [{ id: DEMO_IDS.web, image_tag: '1.10' }],
    });
    expect((await h.cli(['apply', '--only', 'postgres', '--force', ...FAST, file])).code).toBe(0);
    expect(h.deployPosts()[1]!.body).toEqual({ databases: [DEMO_IDS.postgres] });
  });

  it('--no-wait exits 0 once the request is accepted, printing its id', async () => {
    const sim = await start(h, { stages: { queuedMs: 200, buildingMs: 20, deployingMs: 20 } });
    const result = await h.cli(['apply', '--no-wait', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Submitted (not waiting): deployment request ${sim.state.requests[0]!.id}.`);
  });

  it('sends a terraform action to POST /terraform/{id}/deploy', async () => {
    const sim = await start(h);
    const file = h.manifest('tf.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\nterraforms:\n  - name: infra\n    commit: HEAD\n    action: PLAN\n`);
    const result = await h.cli(['apply', ...FAST, file]);
    expect(result.stderr).not.toContain('error:');
    expect(result.code).toBe(0);
    expect(h.deployPosts()).toHaveLength(0);
    const posts = sim.requestsTo('POST', '/terraform/:id/deploy');
    expect(posts.map((p) => p.body)).toEqual([{ git_commit_id: revParse(h.repo, 'HEAD'), action: 'PLAN' }]);
  });
});

describe('apply, outcomes and exit codes', () => {
  it('exits 3 naming the service whose build failed', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR');
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/container\s+web\s+.*BUILD_ERROR/);
    expect(result.stdout).toContain('Failed: 1 failed, 6 deployed, 1 unchanged.');
    expect(sim.stats.deploymentRequests).toBe(1);
  });

  it('exits 3 when a deployment is cancelled', async () => {
    const sim = await start(h);
    sim.outcomes.fail('api', 'CANCELED');
    expect((await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)])).code).toBe(3);
  });

  it('exits 4 within the timeout when a deployment never ends, printing the request id', async () => {
    const sim = await start(h);
    sim.outcomes.hang('web');
    const started = Date.now();
    const result = await h.cli(['apply', '--poll-interval', '30ms', '--request-timeout', '1s', '--timeout', '1500ms', h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(4);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.stdout).toContain(`deployment request ${sim.state.requests[0]!.id}`);
    expect(result.stdout).toMatch(/container\s+web\s+.*DEPLOYING/);
  });

  it('exits 5 with Qovery’s message for a bad token, and the token appears nowhere', async () => {
    await start(h);
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)], { QOVERY_API_TOKEN: 'qvtok_CANARY_revoked_0123456789' });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('the Qovery API refused the token (401)');
    expect(result.stderr + result.stdout).not.toContain('qvtok_CANARY_revoked_0123456789');
    expect(h.deployPosts()).toHaveLength(0);
  });

  it('exits 1 and sends nothing when a service cannot be deployed as written (blocked)', async () => {
    await start(h);
    const file = h.manifest('blocked.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\njobs:\n  - name: migrate\n    image_tag: "1.0"\n`);
    const result = await h.cli(['apply', ...FAST, file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('blocked.yaml:5:5: error: job "migrate" cannot be deployed as written: this job is built from git in Qovery');
    expect(h.deployPosts()).toHaveLength(0);
  });

  it('refuses an id that points at a service of another kind, at its position', async () => {
    const sim = await start(h);
    const file = h.manifest('kind.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n  - id: ${DEMO_IDS.api}\n    image_tag: "1"\n`);
    const result = await h.cli(['plan', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('kind.yaml:5:5: error: container "api" cannot be deployed as written: it is an application in Qovery, not a container');
    expect(sim.requestsTo('POST', '*')).toHaveLength(0);
  });
});

describe('ids are strict (checklist item 17)', () => {
  it('every request the simulator records has canonical lower-case UUIDs in its path', async () => {
    const sim = await start(h);
    expect((await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)])).code).toBe(0);
    const ID_AFTER = new Set(['environment', 'organization', 'project', 'terraform']);
    const segments = sim.requests.flatMap((r) => r.path.split('/').filter((_, i, all) => ID_AFTER.has(all[i - 1] ?? '')));
    expect(segments.length).toBeGreaterThan(0);
    for (const seg of segments) expect(seg).toMatch(/^[0-9a-f-]{36}$|^deploymentStatus$/);
  });
});

