import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FIXTURE, DEMO_IDS, startSimulator, type SimFixture, type Simulator } from '../../src/simulator/index.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';
import { manualClock } from '../simulator/helpers.js';
import { HEADER, tempDir } from '../helpers/temp.js';

const ENV = DEMO_IDS.environment;

/** The demo environment with `web` resting in BUILD_ERROR after a failed build of 1.5.0. */
function fixture(): SimFixture {
  const copy = structuredClone(DEMO_FIXTURE) as SimFixture & { organizations: { projects: { environments: { services: Record<string, unknown>[] }[] }[] }[] };
  const web = copy.organizations[0]!.projects[0]!.environments[0]!.services.find((s) => s.name === 'web')!;
  Object.assign(web, { version: '1.5.0', deployed: '1.4.2', state: 'BUILD_ERROR' });
  return copy;
}

let sim: Simulator;
const token = canaryToken();
const { write, dir } = tempDir('qd-status-');
/** Writes a manifest in the test folder and returns its name, relative to it (as a user types it). */
const file = (name: string, text: string) => (write(name, text), name);

beforeAll(async () => {
  // Time moves only in waitForIdle: a queued request stays queued while status reads it, however slow the machine.
  sim = await startSimulator({ token, fixture: fixture(), clock: manualClock() });
});
afterAll(() => sim.close());

async function status(file: string, format: 'text' | 'json' = 'text') {
  const result = await runCli(['status', '--format', format, file], { cwd: dir, env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: token } });
  expectNoSecret(token, result.stdout, result.stderr);
  expect(hasStackTrace(result.stderr)).toBe(false);
  return { ...result, json: format === 'json' ? JSON.parse(result.stdout) : undefined };
}

// Names and ids mixed; `commit: HEAD` in a folder that is no git repository: status needs no git.
const MANIFEST = `version: 1
environment:
  organization: acme
  project: SHOP
  name: production
containers:
  - name: WEB
    image_tag: "2.0"
applications:
  - name: api
    commit: HEAD
databases:
  - id: ${DEMO_IDS.postgres}
`;

describe('qovery-deploy status', () => {
  it('lists manifest services first, then the others marked "not in the manifest", with their live state', async () => {
    const { code, json, stderr } = await status(file('qovery-deploy.yaml', MANIFEST), 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json.environment_id).toBe(ENV);
    const rows = json.services as { name: string; in_manifest: boolean }[];
    expect(rows.map((r) => [r.name, r.in_manifest])).toEqual([
      ['api', true],
      ['web', true],
      ['postgres', true],
      ['migrate', false],
      ['nightly-report', false],
      ['ingress', false],
      ['monitoring', false],
      ['infra', false],
    ]);
    expect(rows[1]).toEqual({
      kind: 'container',
      name: 'web',
      id: DEMO_IDS.web,
      in_manifest: true,
      version: '1.5.0',
      values_override_commit: null,
      state: 'BUILD_ERROR',
      deployment_status: 'OUT_OF_DATE',
      deployment_request_id: null,
      deployment_requests_count: 0,
      action: expect.anything(),
      action_status: expect.anything(),
    });
    expect(rows[0]).toMatchObject({ kind: 'application', version: '02b35b6fe0d7d6e905084969201f0d60fbee4fe3', state: 'DEPLOYED', deployment_status: 'UP_TO_DATE' });
    expect(rows[6]).toMatchObject({ name: 'monitoring', values_override_commit: 'd5faeaf2b9d660b2e0a25f04e8359006c479195f' });
    // Reads only, in a fixed number of calls: three name look-ups and one live-state read (four calls).
    expect(sim.requests.map((r) => r.method)).toEqual(Array(7).fill('GET'));
  });

  it('shows a table with the failed state, the last request id and the services outside the manifest', async () => {
    const later = sim.setLiveVersion('infra', 'c'.repeat(40));
    const { code, stdout } = await status(file('table.yaml', MANIFEST));
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`table.yaml → environment acme/SHOP/production (${ENV})`);
    expect(lines[1]).toMatch(/^ {2}KIND +SERVICE +ID +VERSION +STATE +DEPLOYMENT +LAST REQUEST +NOTE$/);
    expect(lines.find((l) => l.includes(' web '))).toMatch(new RegExp(`^  container +web +${DEMO_IDS.web} +1\\.5\\.0 +BUILD_ERROR +OUT_OF_DATE +— *$`));
    expect(lines.find((l) => l.includes(' infra '))).toMatch(new RegExp(`^  terraform +infra +${DEMO_IDS.infra} +ccccccc +DEPLOYED +UP_TO_DATE +${later.id} +not in the manifest$`));
    expect(lines.filter((l) => l.endsWith('not in the manifest'))).toHaveLength(5);
    expect(stdout).toContain('3 in the manifest, 5 not in the manifest: 7 DEPLOYED, 1 BUILD_ERROR.');
  });

  it('shows a queued request', async () => {
    const queued = sim.addForeignRequest(ENV, ['migrate']);
    try {
      const { json } = await status(file('queued.yaml', MANIFEST), 'json');
      expect(json.queue).toEqual([{ deployment_request_id: queued.id, service_ids: [DEMO_IDS.migrate] }]);
      expect(json.services.find((s: { name: string }) => s.name === 'migrate')).toMatchObject({ deployment_requests_count: 1, deployment_request_id: queued.id });
    } finally {
      await sim.waitForIdle();
    }
  });

  it('exits 1 when a manifest service is not in the environment, still showing the others', async () => {
    const { code, stdout, stderr } = await status(file('missing.yaml', `${HEADER}containers:\n  - name: webb\n    image_tag: "1"\n`));
    expect(code).toBe(1);
    expect(stderr).toContain('missing.yaml:5:11: error: the environment has no container named "webb" [SERVICE_NOT_FOUND]');
    expect(stdout).toMatch(/^ {2}container +webb +— +— +— +— +— +not found in the environment$/m);
    expect(stdout.match(/not in the manifest$/gm)).toHaveLength(8);
  });

  it('exits 5 for an environment id the API refuses, 1 for names it does not know', async () => {
    const byId = await status(file('unknown-id.yaml', `version: 1\nenvironment:\n  id: 7a1b0c2d-0000-4000-8000-0000000000ff\n`));
    expect(byId.code).toBe(5);
    expect(byId.stderr).toContain('[API_NOT_FOUND]');
    const byName = await status(file('unknown-name.yaml', `version: 1\nenvironment:\n  organization: Acme\n  project: shop\n  name: staging\n`), 'json');
    expect(byName.code).toBe(1);
    expect(byName.json.diagnostics[0]).toMatchObject({ code: 'ENVIRONMENT_NOT_FOUND', range: { filename: 'unknown-name.yaml', start: { line: 5, column: 9 } } });
  });

  it('exits 1 for an invalid manifest, with no API call', async () => {
    const before = sim.requests.length;
    const { code, stderr } = await status(file('invalid.yaml', `${HEADER}containers:\n  - name: web\n    image: "1"\n`));
    expect(code).toBe(1);
    expect(stderr).toContain('invalid.yaml:6:5');
    expect(sim.requests.length).toBe(before);
  });
});
