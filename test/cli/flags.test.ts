import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, start } from '../helpers/deploy.js';
import { commit, makeRepo, removeTempDirs, tempDir } from '../helpers/git-fixture.js';

const h = deployHarness();
afterAll(removeTempDirs);

/** The same environment as ALL_KINDS (Acme/shop/production), by id, with one container. */
const BY_ID = `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n  - name: web\n    image_tag: "2.0"\n`;

describe('flags that would do nothing are refused (issue 12, item 3)', () => {
  it('--only naming no service: plan and apply exit 1, name it, list the candidates, send nothing', async () => {
    const sim = await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    for (const command of ['plan', 'apply']) {
      const result = await h.cli([command, '--only', 'web,wbe', ...(command === 'apply' ? FAST : []), file]);
      expect(result.code, command).toBe(1);
      expect(result.stderr, command).toContain('--only names a service the manifests do not list: "wbe" [ONLY_UNKNOWN]');
      expect(result.stderr, command).toContain('the services are: api, web, postgres, migrate, nightly-report, ingress, monitoring, infra; nothing was sent');
      expect(result.stdout, command).not.toContain('Nothing to deploy');
    }
    expect(h.deployPosts()).toHaveLength(0);
    expect(sim.requestsTo('GET', '/environment/:id/statuses')).toHaveLength(0);
    // A name that matches (any case) still works, and an id too.
    expect((await h.cli(['plan', '--only', 'WEB', '--only', DEMO_IDS.api, file])).code).toBe(0);
  });

  it('apply --plan refuses --only, --force and manifest files: exit 1, nothing sent', async () => {
    const sim = await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    expect((await h.cli(['plan', '--out', 'reviewed.json', file])).code).toBe(0);
    const before = sim.requests.length;
    for (const extra of [['--only', 'web'], ['--force'], [file]]) {
      const result = await h.cli(['apply', '--plan', 'reviewed.json', ...FAST, ...extra]);
      expect(result.code, extra.join(' ')).toBe(1);
      expect(result.stderr, extra.join(' ')).toContain('[PLAN_WITH_SELECTION]');
    }
    const all = await h.cli(['apply', '--plan', 'reviewed.json', '--only', 'web', '--force', file]);
    expect(all.stderr).toContain('apply --plan applies the saved plan exactly as reviewed; it cannot be combined with manifest files, --only, --force');
    expect(sim.requests.length).toBe(before);
  });

  it('two manifests for one environment (same id, or names that resolve to it): exit 1 naming both, nothing sent', async () => {
    const sim = await start(h);
    const byNames = h.manifest('by-names.yaml', ALL_KINDS);
    const byId = h.manifest('by-id.yaml', BY_ID);
    const copy = h.manifest('copy.yaml', BY_ID);
    for (const command of ['plan', 'apply']) {
      for (const files of [[byId, copy], [byNames, byId]]) {
        const result = await h.cli([command, ...(command === 'apply' ? FAST : []), ...files]);
        expect(result.code, `${command} ${files}`).toBe(1);
        expect(result.stderr).toContain(`${files[0]} and ${files[1]} describe the same environment ${DEMO_IDS.environment} [DUPLICATE_ENVIRONMENT]`);
      }
    }
    const json = await h.cli(['apply', '--format', 'json', ...FAST, byId, copy]);
    const doc = JSON.parse(json.stdout);
    expect(doc.diagnostics.map((d: { code: string }) => d.code)).toEqual(['DUPLICATE_ENVIRONMENT']);
    expect(doc.files.map((f: { status: string }) => f.status)).toEqual(['invalid', 'invalid']);
    expect(h.deployPosts()).toHaveLength(0);
    expect(sim.requestsTo('GET', '/environment/:id/statuses')).toHaveLength(0);
  });
});

describe('--workspace (the flag the GIT_REPOSITORY_OUTSIDE_WORKSPACE hint names)', () => {
  let root: string;
  let shop: string;
  beforeAll(() => {
    // root/group/shop holds the manifest; root/billing is outside its default workspace (root/group).
    root = tempDir('qd-ws-');
    shop = makeRepo({ dir: join(root, 'group', 'shop') });
    commit(shop, 'shop');
    commit(makeRepo({ dir: join(root, 'billing') }), 'billing');
    writeFileSync(
      join(shop, 'qovery-deploy.yaml'),
      `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\napplications:\n  - id: ${DEMO_IDS.api}\n    commit: HEAD\n    repository: ../../billing\n`,
    );
  });

  it('widens the workspace for validate, render, plan and apply; without it the hint names it', async () => {
    const outside = await runCli(['validate'], { cwd: shop });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('[GIT_REPOSITORY_OUTSIDE_WORKSPACE]');
    expect(outside.stderr).toContain('--workspace');
    expect(await runCli(['validate', '--workspace', root], { cwd: shop })).toMatchObject({ code: 0 });
    const rendered = await runCli(['render', '--format', 'json', '--workspace', '../..'], { cwd: shop });
    expect(rendered.code).toBe(0);
    expect(JSON.parse(rendered.stdout).refs[0].sha).toMatch(/^[0-9a-f]{40}$/);
    expect((await runCli(['render', '--format', 'json'], { cwd: shop })).code).toBe(1);
  });

  it('plan and apply pass it on too', async () => {
    const sim = await start(h);
    const env = { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: h.token };
    expect((await runCli(['plan', '--workspace', root], { cwd: shop, env })).code).toBe(0);
    const refused = await runCli(['apply', ...FAST], { cwd: shop, env, clock: h.clock });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[GIT_REPOSITORY_OUTSIDE_WORKSPACE]');
    expect((await runCli(['apply', '--workspace', root, ...FAST], { cwd: shop, env, clock: h.clock })).code).toBe(0);
    expect(h.deployPosts()).toHaveLength(1);
  });
});
