import { describe, expect, it } from 'vitest';
import { deployHarness, FAST, start, webEnvironments } from '../helpers/deploy.js';

const h = deployHarness();
const { fixture, envId, webId } = webEnvironments(['staging', 'production', 'sandbox'], '10');

const manifest = (n: number, tag: string) => `version: 1\nenvironment:\n  id: ${envId(n)}\ncontainers:\n  - name: web\n    image_tag: "${tag}"\n`;

describe('many environments in one run', () => {
  it('applies three files with --parallel 2, reports each, and exits with the most severe code (3)', async () => {
    const sim = await start(h, { fixture, stages: { queuedMs: 50, buildingMs: 50, deployingMs: 50 } });
    sim.outcomes.fail(webId(2), 'BUILD_ERROR');
    const files = [h.manifest('staging.yaml', manifest(1, '2.0.0')), h.manifest('production.yaml', manifest(2, '2.0.0')), h.manifest('sandbox.yaml', manifest(3, '2.0.0'))];
    const result = await h.cli(['apply', '--parallel', '2', '--format', 'json', ...FAST, ...files]);
    expect(result.code).toBe(3);
    const out = JSON.parse(result.stdout);
    expect(out.files.map((f: { file: string; status: string; exit_code: number }) => [f.file, f.status, f.exit_code])).toEqual([
      ['staging.yaml', 'deployed', 0],
      ['production.yaml', 'failed', 3],
      ['sandbox.yaml', 'deployed', 0],
    ]);
    expect(sim.stats.deploymentRequests).toBe(3);
    // Two at a time: the second file's live state was read before the first was posted; the third's
    // only after one of them was. Every file is resolved first (its names: one read of its service
    // list), so that the run can be checked whole; the second read of that list starts its live state.
    const first = (n: number) => sim.requests.map((r, i) => (r.path === `/environment/${envId(n)}/services` ? i : -1)).filter((i) => i >= 0)[1]!;
    const postOf = (n: number) => sim.requests.findIndex((r) => r.method === 'POST' && r.path.includes(envId(n)));
    expect(first(2)).toBeLessThan(postOf(1));
    expect(first(3)).toBeGreaterThan(Math.min(postOf(1), postOf(2)));
  });

  it('reports every file in text, and one invalid file does not stop the others (exit 1 beats 0)', async () => {
    const sim = await start(h, { fixture });
    const files = [h.manifest('ok.yaml', manifest(1, '3.0.0')), h.manifest('bad.yaml', 'version: 1\nenvironment: {}\n'), h.manifest('ok2.yaml', manifest(3, '3.0.0'))];
    const result = await h.cli(['apply', ...FAST, ...files]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`ok.yaml → environment (${envId(1)})`);
    expect(result.stdout).toContain(`ok2.yaml → environment (${envId(3)})`);
    expect(result.stderr).toContain('bad.yaml:2:14: error: environment needs an `id`');
    expect(sim.stats.deploymentRequests).toBe(2);
  });

  it('plan over several files: exit 2 when any has changes, with --detailed-exitcode', async () => {
    await start(h, { fixture });
    const same = h.manifest('same.yaml', manifest(1, '1.0.0'));
    const changed = h.manifest('changed.yaml', manifest(2, '9.9.9'));
    expect((await h.cli(['plan', '--detailed-exitcode', same])).code).toBe(0);
    expect((await h.cli(['plan', '--detailed-exitcode', '--parallel', '2', same, changed])).code).toBe(2);
  });
});
