import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { deployHarness, start, webEnvironments } from '../helpers/deploy.js';

/** Issue 14: the bundled bin carries `preview` (the in-process runs are in preview.test.ts). */
const h = deployHarness({ fixture: webEnvironments(['production'], '72').fixture });
const MANIFEST = `version: 1\nenvironment:\n  organization: Acme\n  project: shop\n  name: production\ncontainers:\n  - name: web\n    image_tag: "1.2.0"\n`;
const DOWN = ['--poll-interval', '20ms', '--request-timeout', '1s', '--retry-base', '20ms', '--timeout', '20s'];

describe('preview, from the built bin', () => {
  it('the built bin runs it: down on a merge request pipeline with no such environment exits 0', async () => {
    const sim = await start(h);
    h.manifest('qovery-deploy.yaml', MANIFEST);
    const env = { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: h.token, CI_MERGE_REQUEST_IID: '77' };
    const result = await spawnCli(['preview', 'down', ...DOWN], { cwd: h.repo, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('No environment named pr-77: nothing to delete.\n');
    expect(sim.requestsTo('DELETE', '/environment/:id')).toHaveLength(0);
  });
});
