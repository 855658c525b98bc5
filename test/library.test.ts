import { afterAll, describe, expect, it } from 'vitest';
import { compileRequests, loadManifest, resolveManifest, validateManifest } from '../src/index.js';
import { commit, makeRepo, removeTempDirs } from './helpers/git-fixture.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

afterAll(removeTempDirs);

describe('the library entry point', () => {
  it('runs the README example: load → validate → resolve → compile', async () => {
    const repo = makeRepo();
    const sha = commit(repo, 'one');
    writeFileSync(
      join(repo, 'qovery-deploy.yaml'),
      'version: 1\nenvironment:\n  id: 7a1b0c2d-0000-4000-8000-000000000001\napplications:\n  - id: 5e7c0000-0000-4000-8000-000000000001\n    commit: HEAD\n',
    );
    const loaded = await loadManifest('qovery-deploy.yaml', { cwd: repo });
    const { value: manifest, diagnostics } = validateManifest(loaded, { env: {} });
    expect(diagnostics).toEqual([]);
    const resolved = await resolveManifest(manifest!, { cwd: repo });
    expect(compileRequests(resolved.value!)).toEqual([
      {
        kind: 'deploy-all',
        method: 'POST',
        path: '/environment/7a1b0c2d-0000-4000-8000-000000000001/service/deploy',
        body: { applications: [{ application_id: '5e7c0000-0000-4000-8000-000000000001', git_commit_id: sha }] },
        serviceIds: ['5e7c0000-0000-4000-8000-000000000001'],
      },
    ]);
  });
});
