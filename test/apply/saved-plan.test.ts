import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, start } from '../helpers/deploy.js';

const h = deployHarness();

describe('saved plans: plan --out, apply --plan', () => {
  it('applies exactly the saved plan when nothing moved', async () => {
    const sim = await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    expect((await h.cli(['plan', '--out', 'reviewed.json', file])).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(h.repo, 'reviewed.json'), 'utf8'));
    expect(saved).toMatchObject({ format: 'qovery-deploy-plan', version: 1, plans: [{ plan: { file: 'all.yaml', environmentId: DEMO_IDS.environment } }] });
    // The manifest changes after review: apply --plan must still send what was reviewed.
    h.manifest('all.yaml', ALL_KINDS.replace('image_tag: 1.10', 'image_tag: "9.9"'));
    const result = await h.cli(['apply', '--plan', 'reviewed.json', ...FAST]);
    expect(result.code).toBe(0);
    expect(h.deployPosts().map((p) => p.body)).toEqual([saved.plans[0].plan.requests[0].body]);
    expect(sim.stats.deploymentRequests).toBe(1);
  });

  it('refuses with exit 1 and sends nothing when the live version moved since the plan', async () => {
    const sim = await start(h);
    expect((await h.cli(['plan', '--out', 'reviewed.json', h.manifest('all.yaml', ALL_KINDS)])).code).toBe(0);
    sim.setLiveVersion('web', '1.5.0');
    const result = await h.cli(['apply', '--plan', 'reviewed.json', ...FAST]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the live state of all.yaml moved since the plan was made: web version was 1.4.2, is 1.5.0');
    expect(result.stderr).toContain('[PLAN_STALE]');
    expect(h.deployPosts()).toHaveLength(0);
  });

  it('refuses a file that is not a saved plan, or one whose requests point elsewhere', async () => {
    await start(h);
    writeFileSync(join(h.repo, 'junk.json'), '{"hello": 1}');
    const junk = await h.cli(['apply', '--plan', 'junk.json']);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toContain('junk.json is not a plan saved by qovery-deploy');
    expect((await h.cli(['plan', '--out', 'reviewed.json', h.manifest('all.yaml', ALL_KINDS)])).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(h.repo, 'reviewed.json'), 'utf8'));
    saved.plans[0].plan.requests[0].path = '/organization/x/apiToken';
    writeFileSync(join(h.repo, 'tampered.json'), JSON.stringify(saved));
    const tampered = await h.cli(['apply', '--plan', 'tampered.json']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('it holds a request to "/organization/x/apiToken"');
    expect(h.sim.requestsTo('POST', '*')).toHaveLength(0);
  });
});
