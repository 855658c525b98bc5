/**
 * action.yml (issue 13, item 1): a JavaScript action on Node 24 whose committed bundle,
 * action/index.js, is run here exactly as a runner runs it: a child `node action/index.js` with the
 * inputs as INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and a pull_request event, against
 * the simulator and a fake GitHub REST API on loopback.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expandGlobs } from '../../src/action/glob.js';
import { actionPlan, INPUT_DEFAULTS, inputVariable, type InputName } from '../../src/action/inputs.js';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ROOT } from '../helpers/cli.js';
import { fakeGitHubServers } from '../helpers/fake-github.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';
import { tempDir } from '../helpers/temp.js';

interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const { dir, write } = tempDir('qd-action-');
const inputs = (values: Partial<Record<InputName, string>>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [inputVariable(k as InputName), v]));

/**
 * The action as a runner checks it out: action.yml's folder holds the bundle and package.json, and
 * no node_modules (nothing is installed), so the bundle must be self-contained to run at all.
 */
const checkout = join(dir, 'action-checkout');
mkdirSync(join(checkout, 'action'), { recursive: true });
for (const file of ['action.yml', 'package.json', 'action/index.js']) copyFileSync(join(ROOT, file), join(checkout, file));

let runs = 0;
/** Runs the committed bundle as the runner does; returns its exit status, log, step outputs and summary. */
async function runBundle(values: Partial<Record<InputName, string>>, env: Record<string, string> = {}) {
  const n = ++runs;
  const outputFile = write(`output-${n}`, '');
  const summaryFile = write(`summary-${n}.md`, '');
  const result = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(checkout, 'action/index.js')],
      { cwd: dir, env: { PATH: process.env.PATH, NO_COLOR: '1', GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...inputs(values), ...env } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
  const outputs: Record<string, string> = {};
  const outputText = readFileSync(outputFile, 'utf8');
  for (const line of outputText.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return { ...result, outputs, outputText, summary: readFileSync(summaryFile, 'utf8') };
}

describe('action.yml', () => {
  it('is a node24 action running the committed bundle, with the inputs the code reads and the outputs its reporters write', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'action/index.js' });
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort());
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) {
      expect(action.inputs[name]!.default, name).toBe(name === 'github-token' ? '${{ github.token }}' : value);
    }
    expect(action.inputs.token!.description).toContain('${{ secrets.QOVERY_API_TOKEN }}');
    expect(Object.keys(action.outputs)).toEqual(['exitcode', 'changes', 'deployment-request-ids', 'environment-id', 'environment-name', 'urls', 'deleted']);
  });

  it('the bundle build is deterministic and holds no absolute path (so .ci/run can compare it with the committed one)', async () => {
    const bundle = (n: number) =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [join(ROOT, 'scripts/bundle-action.mjs'), '--out', join(dir, `bundle-${n}.js`)], { cwd: dir }, (error) =>
          error ? reject(error) : resolve(readFileSync(join(dir, `bundle-${n}.js`), 'utf8')),
        ),
      );
    const [one, two] = [await bundle(1), await bundle(2)];
    expect(one === two).toBe(true);
    expect(one).not.toContain(ROOT);
    expect(one).not.toContain(dir);
  });
});

describe('the inputs become CLI command lines', () => {
  const env = (values: Partial<Record<InputName, string>>) => inputs(values);

  it('plan gets --detailed-exitcode, apply --timeout, both --api-url, --pr-comment with comment: true', () => {
    expect(actionPlan(env({ command: 'plan', comment: 'true', 'api-url': 'https://q' }), ['a.yaml', 'b.yaml'])).toEqual({
      command: 'plan',
      runs: [['plan', '--format', 'github', '--detailed-exitcode', '--api-url', 'https://q', '--pr-comment', '--', 'a.yaml', 'b.yaml']],
    });
    expect(actionPlan(env({ command: 'apply', timeout: '10m', args: '--only api,web  --force', 'cancel-on-timeout': 'true', 'cancel-on-interrupt': 'TRUE' }), [])).toEqual({
      command: 'apply',
      runs: [['apply', '--format', 'github', '--timeout', '10m', '--cancel-on-timeout', '--cancel-on-interrupt', '--only', 'api,web', '--force', '--', 'qovery-deploy.yaml']],
    });
    // validate takes no API flags, and the comment is for plan and apply only.
    expect(actionPlan(env({ 'api-url': 'https://q', comment: 'true', args: '--no-git *' }), ['x.yaml'])).toMatchObject({ runs: [['validate', '--format', 'github', '--no-git', '*', '--', 'x.yaml']] });
  });

  it('render and status run once per file, in text when github was asked; bad inputs are refused', () => {
    expect(actionPlan(env({ command: 'status' }), ['a.yaml', 'b.yaml'])).toEqual({
      command: 'status',
      runs: [
        ['status', '--format', 'text', '--', 'a.yaml'],
        ['status', '--format', 'text', '--', 'b.yaml'],
      ],
    });
    expect(actionPlan(env({ command: 'render', format: 'json' }), ['a.yaml'])).toMatchObject({ runs: [['render', '--format', 'json', '--', 'a.yaml']] });
    expect(actionPlan(env({ command: 'destroy $(id)' }), [])).toEqual({ problem: 'unknown command input "destroyid": expected validate, plan, apply, render, status, preview-up or preview-down' });
    expect(actionPlan(env({ command: 'plan', comment: 'yes' }), [])).toEqual({ problem: 'the comment input must be true or false' });
  });

  it('preview-up and preview-down are `preview up` and `preview down` of one manifest; only up gets the timeout input', () => {
    expect(actionPlan(env({ command: 'preview-up', timeout: '20m', 'api-url': 'https://q', args: '--name pr-x' }), ['a.yaml'])).toEqual({
      command: 'preview-up',
      runs: [['preview', 'up', '--format', 'github', '--timeout', '20m', '--api-url', 'https://q', '--name', 'pr-x', '--', 'a.yaml']],
    });
    expect(actionPlan(env({ command: 'preview-down', timeout: '20m', comment: 'true' }), [])).toEqual({
      command: 'preview-down',
      runs: [['preview', 'down', '--format', 'github', '--', 'qovery-deploy.yaml']],
    });
    expect(actionPlan(env({ command: 'preview-up' }), ['a.yaml', 'b.yaml'])).toEqual({ problem: 'preview-up takes one manifest file; the files input names 2' });
  });

  it('expands globs in files as bash with globstar did: sorted, hidden names skipped, no match kept as written', () => {
    for (const name of ['deploy/b.yaml', 'deploy/a.yaml', 'deploy/.hidden.yaml', 'deploy/envs/prod/c.yaml', 'deploy/x.txt']) {
      mkdirSync(dirname(join(dir, 'globs', name)), { recursive: true });
      write(`globs/${name}`, '');
    }
    const cwd = join(dir, 'globs');
    expect(expandGlobs(['deploy/*.yaml'], cwd)).toEqual(['deploy/a.yaml', 'deploy/b.yaml']);
    expect(expandGlobs(['deploy/**/*.yaml'], cwd)).toEqual(['deploy/a.yaml', 'deploy/b.yaml', 'deploy/envs/prod/c.yaml']);
    expect(expandGlobs(['deploy/[ab].y?ml', 'deploy/.h*'], cwd)).toEqual(['deploy/a.yaml', 'deploy/b.yaml', 'deploy/.hidden.yaml']);
    expect(expandGlobs(['none/*.yaml', 'plain.yaml'], cwd)).toEqual(['none/*.yaml', 'plain.yaml']);
  });
});

describe('the committed bundle, run as GitHub runs it, against the simulator and a fake GitHub', () => {
  let sim: Simulator;
  const token = canaryToken();
  const githubToken = `ghs_${canaryToken()}`;
  const startGitHub = fakeGitHubServers(githubToken);
  beforeAll(async () => {
    sim = await startSimulator({ token, stages: { queuedMs: 5, buildingMs: 15, deployingMs: 15 } });
    write('pending.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n  - id: ${DEMO_IDS.web}\n    image_tag: "9.9.9"\n`);
  });
  afterAll(() => sim.close());

  /** What a runner sets on a pull_request event, and the Action's token inputs. */
  const pullRequest = (apiUrl: string) => ({
    GITHUB_API_URL: apiUrl,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: write('event.json', JSON.stringify({ action: 'opened', number: 12, pull_request: { number: 12 } })),
  });
  const expectNoTokens = (r: Awaited<ReturnType<typeof runBundle>>, ...more: string[]) => {
    // The mask commands come first, before anything else is printed; the runner consumes them.
    expect(r.stdout.split('\n')[0]).toMatch(/^::add-mask::/);
    for (const secret of [token, githubToken]) expectNoSecret(secret, r.stdout, r.stderr, r.summary, r.outputText, ...more);
  };

  it('plan with changes: exit 0 with changes=true; one comment, then the same one updated; a 403 is a warning', async () => {
    const gh = await startGitHub();
    const values = { command: 'plan', files: 'pending.yaml', token, 'api-url': sim.url, comment: 'true', 'github-token': githubToken };
    const first = await runBundle(values, pullRequest(gh.url));
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.outputs).toMatchObject({ exitcode: '2', changes: 'true' });
    expect(first.stdout).toContain('changes pending (exit 2)');
    expect(first.summary).toContain('| Service | Wanted | Live → wanted | Action | Why |');
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body.startsWith(`<!-- qovery-deploy:${DEMO_IDS.environment} -->`)).toBe(true);
    expect(gh.comments[0]!.body).toContain('`9.9.9`');

    const second = await runBundle(values, pullRequest(gh.url));
    expect(second.status).toBe(0);
    expect(gh.comments).toHaveLength(1);
    // Each run: who the token is (GET /user), the comments, then the write.
    expect(gh.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /user', 'GET /repos/acme/shop/issues/12/comments', 'POST /repos/acme/shop/issues/12/comments',
      'GET /user', 'GET /repos/acme/shop/issues/12/comments', `PATCH /repos/acme/shop/issues/comments/${gh.comments[0]!.id}`,
    ]);

    gh.refuseWrites = 403;
    const refused = await runBundle(values, pullRequest(gh.url));
    expect(refused.status).toBe(0);
    expect(refused.outputs).toMatchObject({ exitcode: '2', changes: 'true' });
    expect(refused.stdout).toContain('::warning title=qovery-deploy PR_COMMENT_REFUSED::GitHub refused the comment on pull request #12');
    expect(sim.requestsTo('POST', '/environment/:id/service/deploy')).toHaveLength(0);
    for (const r of [first, second, refused]) expectNoTokens(r, ...gh.comments.map((c) => c.body), ...gh.requests.map((q) => q.body));
  });

  it('apply deploys once and names the request; a failed service fails the step with 3 and says why', async () => {
    const ok = await runBundle({ command: 'apply', files: 'pending.yaml', token, 'api-url': sim.url, args: '--poll-interval 30ms', 'github-token': githubToken });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.outputs).toMatchObject({ exitcode: '0', changes: 'true', 'deployment-request-ids': sim.state.requests.at(-1)!.id });
    expectNoTokens(ok);

    write('failing.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n  - id: ${DEMO_IDS.web}\n    image_tag: "10.0.0"\n`);
    sim.outcomes.fail(DEMO_IDS.web, 'BUILD_ERROR');
    const failed = await runBundle({ command: 'apply', files: 'failing.yaml', token, 'api-url': sim.url, args: '--poll-interval 30ms' });
    expect(failed.status).toBe(3);
    expect(failed.outputs.exitcode).toBe('3');
    expect(failed.stdout).toContain('qovery-deploy apply exited with 3: the deployment finished and at least one service failed');
  });

  it('preview-up clones the pull request\'s preview once and deploys to it, with its id and URLs as outputs; preview-down deletes it', async () => {
    write('preview.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n  - id: ${DEMO_IDS.web}\n    image_tag: "11.0.0"\n`);
    const values = { command: 'preview-up', files: 'preview.yaml', token, 'api-url': sim.url, args: '--poll-interval 30ms' };
    const clones = () => sim.requestsTo('POST', '/environment/:id/clone');
    const deploys = () => sim.requestsTo('POST', '/environment/:id/service/deploy');
    const before = clones().length;
    const deploysBefore = deploys().length;
    const up = await runBundle(values, pullRequest(sim.url));
    expect(up.status, up.stdout + up.stderr).toBe(0);
    const preview = [...sim.state.environments.values()].find((e) => e.name === 'pr-12')!;
    expect(preview).toBeDefined();
    expect(up.outputs).toMatchObject({ exitcode: '0', 'environment-id': preview.id, 'environment-name': 'pr-12', 'deployment-request-ids': sim.state.requests.at(-1)!.id });
    expect(Array.isArray(JSON.parse(up.outputs.urls!))).toBe(true);
    expect(clones().length - before).toBe(1);
    // The source environment received no deploy.
    expect(deploys().slice(deploysBefore).map((r) => r.path)).toEqual([`/environment/${preview.id}/service/deploy`]);
    const again = await runBundle(values, pullRequest(sim.url));
    expect(again.status).toBe(0);
    expect(clones().length - before).toBe(1);

    const down = await runBundle({ ...values, command: 'preview-down', args: '--poll-interval 30ms' }, pullRequest(sim.url));
    expect(down.status, down.stdout + down.stderr).toBe(0);
    expect(down.outputs).toMatchObject({ exitcode: '0', 'environment-id': preview.id, deleted: 'true' });
    expect(sim.state.environments.has(preview.id)).toBe(false);
    for (const r of [up, again, down]) expectNoTokens(r);
  });

  it('an unknown command is an ::error, exit 1 and exitcode=1, with nothing run', async () => {
    const bad = await runBundle({ command: 'destroy $(id)', token });
    expect(bad.status).toBe(1);
    expect(bad.outputs.exitcode).toBe('1');
    expect(bad.stdout).toContain('::error title=qovery-deploy::unknown command input "destroyid"');
    expectNoTokens(bad);
  });
});
