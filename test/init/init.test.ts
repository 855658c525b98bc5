import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_FIXTURE, DEMO_IDS, startSimulator, type SimFixture, type Simulator } from '../../src/simulator/index.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';
import { tempDir } from '../helpers/temp.js';

const ENV = DEMO_IDS.environment;
const MODELINE = '# yaml-language-server: $schema=./node_modules/qovery-deploy/schema/qovery-deploy.schema.json';

/** The demo environment with version text a YAML reader would turn into numbers if left unquoted. */
function fixture(): SimFixture {
  const copy = structuredClone(DEMO_FIXTURE) as SimFixture & { organizations: { projects: { environments: { services: Record<string, unknown>[] }[] }[] }[] };
  const services = copy.organizations[0]!.projects[0]!.environments[0]!.services;
  services.find((s) => s.name === 'web')!.version = '1.10';
  services.find((s) => s.name === 'nightly-report')!.version = '0123';
  return copy;
}

let sim: Simulator;
const token = canaryToken();
const { dir } = tempDir('qd-init-');

beforeAll(async () => {
  sim = await startSimulator({ token, fixture: fixture() });
});
afterAll(() => sim.close());

async function cli(argv: string[]) {
  const result = await runCli(argv, { cwd: dir, env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: token } });
  expectNoSecret(token, result.stdout, result.stderr);
  expect(hasStackTrace(result.stderr)).toBe(false);
  return result;
}

describe('qovery-deploy init', () => {
  it('prints a manifest of every kind, by name, pinned to the live versions, versions quoted', async () => {
    const { code, stdout, stderr } = await cli(['init', '--environment', ENV]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(MODELINE);
    expect(stdout).toContain(`environment:\n  id: ${ENV}\n`);
    expect(stdout).toContain('containers:\n  - name: web\n    image_tag: "1.10"\n');
    expect(stdout).toContain('  - name: nightly-report\n    image_tag: "0123"\n');
    expect(stdout).toContain('helms:\n  - name: ingress\n    chart_version: "4.11.2"\n');
    expect(stdout).toContain('databases:\n  - name: postgres\n');
    const doc = parse(stdout) as Record<string, Record<string, string>[]>;
    expect(doc.applications).toEqual([{ name: 'api', commit: '02b35b6fe0d7d6e905084969201f0d60fbee4fe3', repository: 'https://github.com/acme/api.git' }]);
    expect(doc.containers).toEqual([{ name: 'web', image_tag: '1.10' }]);
    expect(doc.jobs).toEqual([
      { name: 'migrate', commit: '897f13018ef4b2f9f19f8cd5587659694ed909ff', repository: 'https://github.com/acme/api.git' },
      { name: 'nightly-report', image_tag: '0123' },
    ]);
    expect(doc.helms).toEqual([
      { name: 'ingress', chart_version: '4.11.2' },
      {
        name: 'monitoring',
        commit: '60eb1215e49d4ce50384a1f3590c6c1861f1bd6a',
        repository: 'https://github.com/acme/monitoring.git',
        values_override_commit: 'd5faeaf2b9d660b2e0a25f04e8359006c479195f',
        values_override_repository: 'https://github.com/acme/helm-values.git',
      },
    ]);
    expect(doc.terraforms).toEqual([{ name: 'infra', commit: 'ef7610a7cc5e3e32eaf8386dc0cb53606d34f176', repository: 'https://github.com/acme/infra.git' }]);
    // Reads only: nothing was deployed.
    expect(sim.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('writes --out by names; the file validates offline and plans to no changes', async () => {
    const init = await cli(['init', '--environment', 'Acme/shop/production', '--out', 'qovery-deploy.yaml']);
    expect(init.code).toBe(0);
    expect(init.stdout).toBe('Wrote qovery-deploy.yaml: 8 service(s) pinned.\n');
    const text = readFileSync(join(dir, 'qovery-deploy.yaml'), 'utf8');
    expect(text).toContain('environment:\n  organization: Acme\n  project: shop\n  name: production\n');

    const validate = await cli(['validate', '--no-git', 'qovery-deploy.yaml']);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);

    // No git repository here: every pinned SHA names its remote repository, and a full SHA needs no git.
    const plan = await cli(['plan', '--detailed-exitcode', 'qovery-deploy.yaml']);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('Plan: 0 to deploy, 8 unchanged, 0 blocked.');
    expect(plan.code).toBe(0);
    const json = JSON.parse((await cli(['plan', '--format', 'json', 'qovery-deploy.yaml'])).stdout);
    expect(json.files[0].services.map((s: { action: string }) => s.action)).toEqual(Array(8).fill('unchanged'));
    expect(sim.requestsTo('POST', '/environment/:id/service/deploy')).toHaveLength(0);
  });

  it('refuses to overwrite --out unless --force, before reading the API', async () => {
    writeFileSync(join(dir, 'taken.yaml'), 'mine\n');
    const before = sim.requests.length;
    const refused = await cli(['init', '--environment', ENV, '--out', 'taken.yaml']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('taken.yaml already exists');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toBe('mine\n');
    expect(sim.requests.length).toBe(before);

    const forced = await cli(['init', '--environment', ENV, '--out', 'taken.yaml', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8').split('\n')[0]).toBe(MODELINE);
  });

  it('describes what it wrote with --format json', async () => {
    const { code, stdout } = await cli(['init', '--environment', ENV, '--format', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.environment_id).toBe(ENV);
    expect(doc.file).toBeNull();
    expect(doc.manifest.split('\n')[0]).toBe(MODELINE);
    expect(doc.services).toHaveLength(8);
    expect(doc.services.find((s: { name: string }) => s.name === 'web')).toMatchObject({ kind: 'container', listed: true, version: '1.10' });
  });

  it('notes a service whose configured version may not be what runs', async () => {
    const broken = structuredClone(DEMO_FIXTURE) as SimFixture & { organizations: { projects: { environments: { services: Record<string, unknown>[] }[] }[] }[] };
    broken.organizations[0]!.projects[0]!.environments[0]!.services.find((s) => s.name === 'web')!.state = 'BUILD_ERROR';
    const other = await startSimulator({ token, fixture: broken });
    try {
      const result = await runCli(['init', '--environment', ENV], { cwd: dir, env: { QOVERY_API_URL: other.url, QOVERY_API_TOKEN: token } });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/ {2}- name: web {2}# live: BUILD_ERROR, OUT_OF_DATE; pinned to the version Qovery is configured with\n {4}image_tag: "1.4.2"\n/);
    } finally {
      await other.close();
    }
  });

  describe('errors', () => {
    it('an unknown environment id: exit 5 with Qovery’s 404', async () => {
      const { code, stdout, stderr } = await cli(['init', '--environment', '7a1b0c2d-0000-4000-8000-0000000000ff']);
      expect(code).toBe(5);
      expect(stdout).toBe('');
      expect(stderr).toContain('[API_NOT_FOUND]');
      expect(stderr).toContain('(404)');
    });

    it('unknown names are bad input: exit 1, listing what the token can see', async () => {
      const env = await cli(['init', '--environment', 'Acme/shop/staging']);
      expect(env.code).toBe(1);
      expect(env.stderr).toContain('no environment named "staging" [ENVIRONMENT_NOT_FOUND]');
      expect(env.stderr).toContain('the token can see: production');
      const org = await cli(['init', '--environment', 'Acne/shop/production']);
      expect(org.code).toBe(1);
      expect(org.stderr).toContain('no organization named "Acne"');
      expect(org.stderr).toContain('Acme');
    });

    it('an --environment that is neither an id nor three names: exit 1, no API call', async () => {
      const before = sim.requests.length;
      for (const value of ['production', 'Acme/shop', 'Acme//production', '7a1b0c2d']) {
        const { code, stderr } = await cli(['init', '--environment', value]);
        expect(code, value).toBe(1);
        expect(stderr).toContain('[USAGE]');
      }
      expect(sim.requests.length).toBe(before);
    });

    it('no --environment, or no token: exit 1', async () => {
      expect((await cli(['init'])).code).toBe(1);
      const noToken = await runCli(['init', '--environment', ENV], { cwd: dir, env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: undefined } });
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toContain('[API_NO_TOKEN]');
    });
  });
});
