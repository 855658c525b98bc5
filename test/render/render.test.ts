import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { bareClone, branch, commit, fileUrl, makeRepo, removeTempDirs, revParse, tag } from '../helpers/git-fixture.js';

const ENV = DEMO_IDS.environment;
let repo: string;
let remote: string;
const sha: Record<string, string> = {};

beforeAll(() => {
  repo = makeRepo();
  sha.first = commit(repo, 'first');
  tag(repo, 'v1.0.0', { annotated: true });
  sha.second = commit(repo, 'second');
  branch(repo, 'release');
  sha.head = commit(repo, 'third');
  remote = bareClone(repo);
});
afterAll(removeTempDirs);

function write(name: string, body: string): string {
  const path = join(repo, name);
  writeFileSync(path, `version: 1\nenvironment:\n  id: ${ENV}\n${body}`);
  return name;
}

async function render(file: string, env: Record<string, string> = {}) {
  const result = await runCli(['render', '--format', 'json', file], { cwd: repo, env });
  return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : undefined };
}

describe('qovery-deploy render', () => {
  it('prints the exact body for every kind, field by field, with SHAs resolved', async () => {
    const file = write(
      'all.yaml',
      `applications:
  - id: ${DEMO_IDS.api}
    commit: HEAD~1
containers:
  - id: ${DEMO_IDS.web}
    image_tag: 1.10
databases:
  - id: ${DEMO_IDS.postgres}
jobs:
  - id: ${DEMO_IDS.migrate}
    commit: v1.0.0
  - id: ${DEMO_IDS.nightlyReport}
    image_tag: 2026.11.01
helms:
  - id: ${DEMO_IDS.ingress}
    chart_version: 0123
    values_override_commit: release
  - id: ${DEMO_IDS.monitoring}
    commit: ${sha.first!.slice(0, 8)}
terraforms:
  - id: ${DEMO_IDS.infra}
    commit: HEAD
`,
    );
    const { code, json, stderr } = await render(file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json.requests).toEqual([
      {
        method: 'POST',
        path: `/environment/${ENV}/service/deploy`,
        body: {
          applications: [{ application_id: DEMO_IDS.api, git_commit_id: sha.second }],
          databases: [DEMO_IDS.postgres],
          containers: [{ id: DEMO_IDS.web, image_tag: '1.10' }],
          jobs: [
            { id: DEMO_IDS.migrate, git_commit_id: sha.first },
            { id: DEMO_IDS.nightlyReport, image_tag: '2026.11.01' },
          ],
          helms: [
            { id: DEMO_IDS.ingress, chart_version: '0123', values_override_git_commit_id: sha.second },
            { id: DEMO_IDS.monitoring, git_commit_id: sha.first },
          ],
          terraforms: [{ id: DEMO_IDS.infra, git_commit_id: sha.head }],
        },
      },
    ]);
    expect(json.refs).toContainEqual({ service: DEMO_IDS.migrate, kind: 'job', id: DEMO_IDS.migrate, field: 'commit', ref: 'v1.0.0', sha: sha.first });
  });

  it('keeps version scalars verbatim in the body (checklist item 12)', async () => {
    for (const raw of ['1.10', '0123', '1e3', 'no', '0x1F', '1234e56', '7e10000']) {
      const file = write('tags.yaml', `containers:\n  - id: ${DEMO_IDS.web}\n    image_tag: ${raw}\n`);
      const { json } = await render(file);
      expect(json.requests[0].body.containers[0].image_tag, raw).toBe(raw);
    }
  });

  it('sends a terraform with an action to its own endpoint, and leaves empty kinds out', async () => {
    const file = write('tf.yaml', `terraforms:\n  - id: ${DEMO_IDS.infra}\n    commit: HEAD\n    action: PLAN\n`);
    const { json } = await render(file);
    expect(json.requests).toEqual([{ method: 'POST', path: `/terraform/${DEMO_IDS.infra}/deploy`, body: { git_commit_id: sha.head, action: 'PLAN' } }]);
    const db = write('db.yaml', `databases:\n  - id: ${DEMO_IDS.postgres}\n`);
    expect(Object.keys((await render(db)).json.requests[0].body)).toEqual(['databases']);
  });

  it('shows each resolved SHA beside the ref the user wrote, in text', async () => {
    const file = write('text.yaml', `applications:\n  - id: ${DEMO_IDS.api}\n    commit: release\n`);
    const result = await runCli(['render', file], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`# application ${DEMO_IDS.api}: commit release → ${sha.second} (${sha.second!.slice(0, 7)})`);
    expect(result.stdout).toContain(`POST /environment/${ENV}/service/deploy\n{\n  "applications": [`);
  });

  it('resolves refs of a remote repository with ls-remote, and passes a full SHA through', async () => {
    const file = write(
      'remote.yaml',
      `applications:\n  - id: ${DEMO_IDS.api}\n    commit: release\n    repository: ${fileUrl(remote)}\njobs:\n  - id: ${DEMO_IDS.migrate}\n    commit: ${'a'.repeat(40)}\n    repository: ${fileUrl(remote)}\n`,
    );
    const { json, stderr } = await render(file);
    expect(stderr).toBe('');
    expect(json.requests[0].body.applications[0].git_commit_id).toBe(revParse(remote, 'release'));
    expect(json.requests[0].body.jobs[0].git_commit_id).toBe('a'.repeat(40));
  });

  it('points at the ref when it does not resolve, with exit 1', async () => {
    const file = write('missing.yaml', `applications:\n  - id: ${DEMO_IDS.api}\n    commit: no-such-branch\n`);
    const result = await runCli(['render', file], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.yaml:6:13: error: ');
    expect(result.stderr).toContain('[GIT_REF_NOT_FOUND]');
  });

  it('says once that QOVERY_API_TOKEN is not set and what needs it, not once per named service', async () => {
    const file = write('names.yaml', `applications:\n  - name: api\n    commit: HEAD\ncontainers:\n  - name: web\n    image_tag: "1"\n`);
    const result = await runCli(['render', file], { cwd: repo, env: { QOVERY_API_TOKEN: undefined } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('names.yaml: error: QOVERY_API_TOKEN is not set, and 2 services given by name can only be found through the Qovery API [NEEDS_API_TOKEN]');
    expect(result.stderr.match(/error:/g)).toHaveLength(1);
    expect(result.stderr).not.toContain('NEEDS_API]');
    // A git problem in the same file is still reported beside it.
    const both = await runCli(['render', write('names-bad-ref.yaml', `applications:\n  - name: api\n    commit: no-such-branch\n`)], { cwd: repo, env: { QOVERY_API_TOKEN: undefined } });
    expect(both.stderr).toContain('[NEEDS_API_TOKEN]');
    expect(both.stderr).toContain('[GIT_REF_NOT_FOUND]');
  });

  describe('with the API', () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator();
    });
    afterAll(() => sim.close());

    it('resolves environment and service names to ids (case-insensitively)', async () => {
      writeFileSync(
        join(repo, 'named.yaml'),
        `version: 1\nenvironment:\n  organization: ACME\n  project: Shop\n  name: production\ncontainers:\n  - name: WEB\n    image_tag: "2.0"\n`,
      );
      const { json, code } = await render('named.yaml', { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: sim.token });
      expect(code).toBe(0);
      expect(json.requests[0]).toEqual({ method: 'POST', path: `/environment/${ENV}/service/deploy`, body: { containers: [{ id: DEMO_IDS.web, image_tag: '2.0' }] } });
      expect(sim.requestsTo('POST', '/environment/:id/service/deploy')).toHaveLength(0);
    });

    it('lists the candidates when a name matches nothing', async () => {
      const file = write('unknown.yaml', `containers:\n  - name: webb\n    image_tag: "2.0"\n`);
      const result = await runCli(['render', file], { cwd: repo, env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: sim.token } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('unknown.yaml:5:11: error: the environment has no container named "webb" [SERVICE_NOT_FOUND]');
      expect(result.stderr).toContain('hint: its containers are: web');
    });
  });
});
