import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, start } from '../helpers/deploy.js';
import { bareClone, branch, commit, fileUrl, makeRepo, removeTempDirs, shallowClone } from '../helpers/git-fixture.js';

const h = deployHarness();
afterAll(removeTempDirs);

describe('exit codes and messages that point at the real cause (issue 12, item 4)', () => {
  it('an unknown environment name is bad input: exit 1 with the candidates, for plan and apply', async () => {
    const sim = await start(h);
    const file = h.manifest('staging.yaml', ALL_KINDS.replace('name: production', 'name: staging'));
    for (const command of ['plan', 'apply']) {
      const result = await h.cli([command, ...(command === 'apply' ? FAST : []), file]);
      expect(result.code, command).toBe(1);
      expect(result.stderr).toContain('staging.yaml:5:9: error: no environment named "staging" [ENVIRONMENT_NOT_FOUND]');
      expect(result.stderr).toContain('hint: the token can see: production');
    }
    const org = await h.cli(['plan', h.manifest('acne.yaml', ALL_KINDS.replace('organization: Acme', 'organization: Acne'))]);
    expect(org.code).toBe(1);
    expect(org.stderr).toContain('the token can see: Acme');
    expect(h.deployPosts()).toHaveLength(0);
    // A refusal of the API itself stays 5.
    sim.tokens.remove(h.token);
    expect((await h.cli(['plan', file])).code).toBe(5);
  });

  it('plan --out into a missing folder is a usage error before any API call; a saved plan says where it went', async () => {
    const sim = await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    for (const format of ['text', 'json']) {
      const result = await h.cli(['plan', '--format', format, '--out', 'no/such/folder/plan.json', file]);
      expect(result.code, format).toBe(1);
      expect(result.stdout + result.stderr).toContain('cannot save the plan to no/such/folder/plan.json: the folder');
      expect(result.stdout + result.stderr).toContain('PLAN_OUT_UNWRITABLE');
      expect(result.stdout + result.stderr).not.toContain('INTERNAL');
    }
    expect(sim.requests).toHaveLength(0);
    const saved = await h.cli(['plan', '--out', 'reviewed.json', file]);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('Saved the plan to reviewed.json: review it, then run `qovery-deploy apply --plan reviewed.json`.');
    const json = await h.cli(['plan', '--format', 'json', '--out', 'again.json', file]);
    expect(JSON.parse(json.stdout).plan_file).toBe('again.json');
    expect(existsSync(join(h.repo, 'again.json'))).toBe(true);
  });

  it('the README exit-code table lists a stale saved plan under exit 1', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^\| 1 \| .*stale saved plan.* \|$/m);
  });
});

describe('validate and the network', () => {
  let clone: string;
  beforeAll(() => {
    const source = makeRepo();
    commit(source, 'one');
    branch(source, 'release');
    commit(source, 'two');
    clone = shallowClone(fileUrl(bareClone(source)), { depth: 1 });
    writeFileSync(join(clone, 'qovery-deploy.yaml'), `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\napplications:\n  - name: api\n    commit: release\n`);
  });

  it('asks origin for a name a shallow clone lacks; --offline does not, and says it was not fetched', async () => {
    // The origin is a file:// repository in another temp folder: the workspace must hold both.
    const env = { GITHUB_WORKSPACE: dirname(dirname(clone)) };
    const online = await runCli(['validate'], { cwd: clone, env });
    expect(online.code, online.stderr).toBe(0);
    const offline = await runCli(['validate', '--offline'], { cwd: clone, env });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain('"release" cannot be resolved in the shallow clone');
    expect(offline.stderr).toContain('it was not fetched; origin could not be asked (--offline forbids the network; run without it to look the name up on origin)');
    expect(offline.stderr).toContain('[GIT_SHALLOW_MISSING_COMMIT]');
    expect(offline.stderr).toContain('fetch-depth: 0');
  });
});
