import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { deployHarness, FAST, start, webEnvironments } from '../helpers/deploy.js';
import { tempDir } from '../helpers/temp.js';

/** Issue 14: preview environments per pull request, against the simulator over real sockets. */
const { fixture, envId, webId } = webEnvironments(['production', 'staging'], '71');
const h = deployHarness({ fixture });
const SOURCE = envId(1);
const MANIFEST = `version: 1\nenvironment:\n  organization: Acme\n  project: shop\n  name: production\ncontainers:\n  - name: web\n    image_tag: "1.2.0"\n`;
const BY_ID = `version: 1\nenvironment:\n  id: ${SOURCE}\ncontainers:\n  - id: ${webId(1)}\n    image_tag: "1.3.0"\n`;
const DOWN = ['--poll-interval', '20ms', '--request-timeout', '1s', '--retry-base', '20ms', '--timeout', '20s'];

const clones = (sim: Simulator) => sim.requestsTo('POST', '/environment/:id/clone');
const named = (sim: Simulator, name: string) => [...sim.state.environments.values()].filter((e) => e.name.toLowerCase() === name.toLowerCase());
const webOf = (sim: Simulator, environmentId: string) => [...sim.state.services.values()].find((s) => s.environmentId === environmentId && s.name === 'web')!;

describe('preview up', () => {
  it('first up clones once with mode PREVIEW, deploys the manifest to the clone only, and prints the URLs', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const result = await h.cli(['preview', 'up', file, '--name', 'pr-7', ...FAST]);
    expect(result.code, result.stderr).toBe(0);
    expect(clones(sim)).toHaveLength(1);
    expect(clones(sim)[0]!.path).toBe(`/environment/${SOURCE}/clone`);
    expect(clones(sim)[0]!.body).toEqual({ name: 'pr-7', mode: 'PREVIEW', apply_deployment_rule: true });
    const [preview] = named(sim, 'pr-7');
    expect(preview?.mode).toBe('PREVIEW');
    // The source receives nothing; the clone runs the manifest's version.
    expect(h.deployPosts().map((r) => r.path)).toEqual([`/environment/${preview!.id}/service/deploy`]);
    expect(webOf(sim, SOURCE)).toMatchObject({ configured: '1.0.0', deployed: '1.0.0' });
    expect(webOf(sim, preview!.id)).toMatchObject({ configured: '1.2.0', deployed: '1.2.0' });
    expect(result.stdout).toContain(`Preview environment pr-7 (${preview!.id}), cloned by this run.`);
    expect(result.stdout).toContain(`web  https://web-${preview!.id.slice(0, 8)}.sim.qovery.example`);
  });

  it('name look-ups that never answer end at --timeout: exit 4, nothing cloned or deployed', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'GET', path: '/organization', times: Infinity, action: { type: 'hang' } });
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const result = await h.cli(['preview', 'up', file, '--name', 'pr-t', '--poll-interval', '20ms', '--request-timeout', '10m', '--timeout', '1500ms']);
    expect(result.code, result.stderr).toBe(4);
    expect(sim.requestsTo('GET', '/organization').length).toBeGreaterThan(0);
    expect(clones(sim)).toHaveLength(0);
    expect(h.deployPosts()).toHaveLength(0);
    expect(result.stdout + result.stderr).not.toMatch(/internal error|aborted/i);
  });

  it('a second up (name in another case) creates nothing and deploys nothing; json says created: false', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    expect((await h.cli(['preview', 'up', file, '--name', 'pr-8', ...FAST])).code).toBe(0);
    const again = await h.cli(['preview', 'up', file, '--name', 'PR-8', '--format', 'json', ...FAST]);
    expect(again.code, again.stderr).toBe(0);
    expect(clones(sim)).toHaveLength(1);
    expect(h.deployPosts()).toHaveLength(1);
    const doc = JSON.parse(again.stdout);
    const [preview] = named(sim, 'pr-8');
    expect(doc.environment).toEqual({ id: preview!.id, name: 'pr-8', created: false });
    expect(doc.urls).toEqual([{ service: 'web', url: `https://web-${preview!.id.slice(0, 8)}.sim.qovery.example` }]);
    expect(doc.apply.status).toBe('no-changes');
  });

  it('a manifest naming services by id is mapped through the source environment’s names', async () => {
    const sim = await start(h);
    const file = h.manifest('by-id.yaml', BY_ID);
    const result = await h.cli(['preview', 'up', file, '--name', 'pr-ids', ...FAST]);
    expect(result.code, result.stderr).toBe(0);
    const [preview] = named(sim, 'pr-ids');
    expect(webOf(sim, preview!.id).configured).toBe('1.3.0');
    expect(webOf(sim, SOURCE).configured).toBe('1.0.0');
  });

  it('on a GitHub pull_request event needs no --name (pr-<number>); on GitLab uses CI_MERGE_REQUEST_IID', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const event = tempDir().write('event.json', JSON.stringify({ action: 'synchronize', number: 42, pull_request: { number: 42 } }));
    const github = await h.cli(['preview', 'up', file, ...FAST], { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event });
    expect(github.code, github.stderr).toBe(0);
    const gitlab = await h.cli(['preview', 'up', file, ...FAST], { GITLAB_CI: 'true', CI_MERGE_REQUEST_IID: '5' });
    expect(gitlab.code, gitlab.stderr).toBe(0);
    expect(clones(sim).map((r) => (r.body as { name: string }).name)).toEqual(['pr-42', 'pr-5']);
  });

  it('without a pull request and without --name: exit 1, PREVIEW_NAME_REQUIRED, no API call', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const result = await h.cli(['preview', 'up', file, '--format', 'json', ...FAST], { GITHUB_EVENT_NAME: 'push' });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).diagnostics[0].code).toBe('PREVIEW_NAME_REQUIRED');
    expect(sim.requests).toHaveLength(0);
  });

  it.each([
    ['a reset after the clone was made', { type: 'reset-after' as const }],
    ['a 502 after the clone was made', { type: 'status' as const, status: 502, process: true }],
  ])('%s: reconciled by listing the project, never a second environment', async (_label, action) => {
    const sim = await start(h);
    sim.faults.add({ method: 'POST', path: '/environment/:id/clone', action });
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const result = await h.cli(['preview', 'up', file, '--name', 'pr-9', ...FAST]);
    expect(result.code, result.stderr).toBe(0);
    expect(clones(sim)).toHaveLength(1);
    expect(named(sim, 'pr-9')).toHaveLength(1);
    expect(result.stderr).toContain('clone pr-9: found it in the project');
    expect(webOf(sim, named(sim, 'pr-9')[0]!.id).deployed).toBe('1.2.0');
  });

  it('a clone lost before it was made (reset before handling) is sent again once the listing proves there is none', async () => {
    const sim = await start(h);
    sim.faults.add({ method: 'POST', path: '/environment/:id/clone', action: { type: 'reset-before' } });
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const result = await h.cli(['preview', 'up', file, '--name', 'pr-10', ...FAST]);
    expect(result.code, result.stderr).toBe(0);
    expect(clones(sim)).toHaveLength(2);
    expect(named(sim, 'pr-10')).toHaveLength(1);
  });

  it('two up runs racing create one environment: the loser’s 400 finds the winner’s clone', async () => {
    // The first clone is held until the second arrives: both runs listed the project before either clone was made.
    let release!: () => void;
    const second = new Promise<void>((resolve) => (release = resolve));
    const sim = await start(h, { onRequest: (entry) => (entry.method === 'POST' && entry.path.endsWith('/clone') && entry.seq > 0 && clones(sim).length === 2 ? release() : undefined) });
    sim.faults.add({ method: 'POST', path: '/environment/:id/clone', action: { type: 'delay', ms: 20_000, until: second } });
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const [a, b] = await Promise.all([h.cli(['preview', 'up', file, '--name', 'pr-11', ...FAST]), h.cli(['preview', 'up', file, '--name', 'pr-11', ...FAST])]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(clones(sim).map((r) => r.status).sort()).toEqual([202, 400]);
    expect(named(sim, 'pr-11')).toHaveLength(1);
    expect(h.deployPosts()).toHaveLength(1);
  });

  it('--cluster puts cluster_id in the clone body; the clone runs on that cluster', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const cluster = 'c1a5e7e0-0000-4000-8000-000000000077';
    const result = await h.cli(['preview', 'up', file, '--name', 'pr-c', '--cluster', cluster, ...FAST]);
    expect(result.code, result.stderr).toBe(0);
    expect(clones(sim)[0]!.body).toEqual({ name: 'pr-c', mode: 'PREVIEW', apply_deployment_rule: true, cluster_id: cluster });
    expect(named(sim, 'pr-c')[0]!.clusterId).toBe(cluster);
  });

  it('refuses to deploy to an existing environment that is not a preview, or to the source itself', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const other = await h.cli(['preview', 'up', file, '--name', 'Staging', '--format', 'json', ...FAST]);
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout).apply.diagnostics.map((d: { code: string }) => d.code)).toEqual(['PREVIEW_NOT_PREVIEW']);
    const self = await h.cli(['preview', 'up', file, '--name', 'production', '--format', 'json', ...FAST]);
    expect(JSON.parse(self.stdout).apply.diagnostics.map((d: { code: string }) => d.code)).toEqual(['PREVIEW_IS_SOURCE']);
    expect(clones(sim)).toHaveLength(0);
    expect(h.deployPosts()).toHaveLength(0);
  });

  it('--format github writes the outputs environment-id, environment-name and urls, and lists the URLs in the summary', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const dir = tempDir();
    const output = dir.write('output', '');
    const summary = dir.write('summary', '');
    const result = await h.cli(['preview', 'up', file, '--name', 'pr-12', '--format', 'github', ...FAST], { GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary });
    expect(result.code, result.stdout).toBe(0);
    const [preview] = named(sim, 'pr-12');
    const url = `https://web-${preview!.id.slice(0, 8)}.sim.qovery.example`;
    const outputs = readFileSync(output, 'utf8');
    expect(outputs).toContain(`environment-id=${preview!.id}\n`);
    expect(outputs).toContain('environment-name=pr-12\n');
    expect(outputs).toContain(`urls=${JSON.stringify([{ service: 'web', url }])}\n`);
    expect(readFileSync(summary, 'utf8')).toContain(`- web: ${url}`);
  });
});

describe('preview down', () => {
  it('deletes exactly that environment and waits until it is gone; a second down exits 0 with nothing to delete', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    expect((await h.cli(['preview', 'up', file, '--name', 'pr-13', ...FAST])).code).toBe(0);
    const [preview] = named(sim, 'pr-13');
    const down = await h.cli(['preview', 'down', file, '--name', 'pr-13', ...DOWN]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain(`Deleted preview environment pr-13 (${preview!.id}).`);
    expect(sim.requestsTo('DELETE', '/environment/:id').map((r) => r.path)).toEqual([`/environment/${preview!.id}`]);
    expect(sim.requests.at(-1)).toMatchObject({ method: 'GET', path: `/environment/${preview!.id}`, status: 404 });
    expect(named(sim, 'pr-13')).toHaveLength(0);
    expect(sim.state.environments.has(SOURCE)).toBe(true);
    const again = await h.cli(['preview', 'down', file, '--name', 'pr-13', ...DOWN]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('No environment named pr-13: nothing to delete.');
    expect(sim.requestsTo('DELETE', '/environment/:id')).toHaveLength(1);
  });

  it('refuses a non-preview environment and the manifest’s own: exit 1, nothing deleted', async () => {
    const sim = await start(h);
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const staging = await h.cli(['preview', 'down', file, '--name', 'staging', '--format', 'json', ...DOWN]);
    expect(staging.code).toBe(1);
    expect(JSON.parse(staging.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['PREVIEW_NOT_PREVIEW']);
    const self = await h.cli(['preview', 'down', file, '--name', 'PRODUCTION', '--format', 'json', ...DOWN]);
    expect(self.code).toBe(1);
    expect(JSON.parse(self.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['PREVIEW_IS_SOURCE']);
    const text = await h.cli(['preview', 'down', file, '--name', 'staging', ...DOWN]);
    expect([text.code, text.stdout]).toEqual([1, '']);
    expect(text.stderr).toContain('is a PRODUCTION environment, not a PREVIEW one: refusing to delete it [PREVIEW_NOT_PREVIEW]');
    expect(sim.requestsTo('DELETE', '/environment/:id')).toHaveLength(0);
    expect(sim.state.environments.size).toBe(2);
  });

  it('a deletion that does not finish within --timeout exits 4', async () => {
    const sim = await start(h, { stages: { queuedMs: 5, buildingMs: 15, deployingMs: 60_000 } });
    const file = h.manifest('qovery-deploy.yaml', MANIFEST);
    const up = await h.cli(['preview', 'up', file, '--name', 'pr-14', '--no-wait', ...FAST]);
    expect(up.code, up.stderr).toBe(0);
    const down = await h.cli(['preview', 'down', file, '--name', 'pr-14', ...DOWN, '--timeout', '300ms', '--format', 'json']);
    expect(down.code).toBe(4);
    expect(JSON.parse(down.stdout).diagnostics[0].code).toBe('PREVIEW_DELETE_TIMEOUT');
    expect(sim.requestsTo('DELETE', '/environment/:id')).toHaveLength(1);
  });

  it('reads before the deletion (names, the source, the project\'s environments) that never answer end at --timeout: exit 4, nothing deleted', async () => {
    for (const path of ['/organization', '/environment/:id', '/project/:id/environment']) {
      const sim = await start(h);
      const file = h.manifest('qovery-deploy.yaml', MANIFEST);
      expect((await h.cli(['preview', 'up', file, '--name', 'pr-15', ...FAST])).code).toBe(0);
      const environments = sim.state.environments.size;
      sim.faults.add({ method: 'GET', path, times: Infinity, action: { type: 'hang' } });
      const down = await h.cli(['preview', 'down', file, '--name', 'pr-15', '--poll-interval', '20ms', '--request-timeout', '10m', '--timeout', '1500ms', '--format', 'json']);
      expect(down.code, `${path}: ${down.stdout}${down.stderr}`).toBe(4);
      expect(JSON.parse(down.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['PREVIEW_READS_TIMEOUT']);
      expect(sim.requestsTo('GET', path).length).toBeGreaterThan(0);
      expect(sim.requestsTo('DELETE', '/environment/:id')).toHaveLength(0);
      expect(sim.state.environments.size).toBe(environments);
    }
  });
});
