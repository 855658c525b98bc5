// Issue 11.3: SIGINT and SIGTERM sent to a real child process during apply. It stops waiting,
// prints the request id and how to follow it, writes the partial result (JSON, job summary,
// $GITHUB_OUTPUT), cancels our request only with --cancel-on-interrupt, and exits 130 / 143.
// Every run has --timeout 10m: a run that ends at all ended because of the signal. A child process
// keeps real time, and so must the simulator it talks to (the built project, vitest.config.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { realClock } from '../../src/timing/clock.js';
import { BIN } from '../helpers/cli.js';
import { deployHarness, start, WEB_1_10 as WEB } from '../helpers/deploy.js';
import { expectNoSecret } from '../helpers/secrets.js';

const h = deployHarness();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin against the simulator; `seen(re)` resolves once stderr matches. */
function launch(sim: Simulator, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'apply', '--poll-interval', '30ms', '--request-timeout', '10m', '--timeout', '10m', ...args], {
    cwd: h.repo,
    env: { PATH: process.env.PATH, NO_COLOR: '1', QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: h.token, ...env },
  });
  let stdout = '';
  let stderr = '';
  const waiting: { re: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of waiting.splice(0)) {
      if (w.re.test(stderr)) w.resolve();
      else waiting.push(w);
    }
  });
  const done = new Promise<Run>((resolve) => {
    child.on('close', (code) => {
      expectNoSecret(h.token, stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
  const seen = (re: RegExp) => new Promise<void>((resolve) => (re.test(stderr) ? resolve() : waiting.push({ re, resolve })));
  return { child, done, seen };
}

/** Sends `signal` once stderr shows `when`, and resolves with the run. */
async function applyUntil(sim: Simulator, args: string[], env: Record<string, string>, when: RegExp, signal: NodeJS.Signals): Promise<Run> {
  const run = launch(sim, args, env);
  await run.seen(when);
  run.child.kill(signal);
  return run.done;
}

const ACCEPTED = /accepted \(HTTP 202\): deployment request \S+\n/;
const cancels = (sim: Simulator) => sim.requestsTo('POST', '/deploymentQueue/:id/cancelDeployment');

describe('an interrupted apply, mid-wait', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: exits ${code}, prints the request id and how to follow it, cancels nothing`, async () => {
      const sim = await start(h, { clock: realClock });
      sim.outcomes.hang('web');
      const run = await applyUntil(sim, [h.manifest('web.yaml', WEB)], {}, ACCEPTED, signal);
      expect(run.code).toBe(code);
      const id = sim.state.requests[0]!.id;
      expect(run.stdout).toContain(`Interrupted; deployment request ${id}.`);
      expect(run.stdout).toContain(`Deployment request ${id} may still be running: follow it with \`qovery-deploy status web.yaml\``);
      expect(cancels(sim)).toHaveLength(0);
      expect(sim.state.requests[0]!.status).toBe('RUNNING');
    });
  }

  it('SIGTERM with --cancel-on-interrupt: cancels our request (only ours) before exiting 143', async () => {
    const sim = await start(h, { clock: realClock });
    sim.outcomes.hang('web');
    const run = await applyUntil(sim, ['--cancel-on-interrupt', h.manifest('web.yaml', WEB)], {}, ACCEPTED, 'SIGTERM');
    expect(run.code).toBe(143);
    const id = sim.state.requests[0]!.id;
    expect(cancels(sim).map((r) => r.path)).toEqual([`/deploymentQueue/${id}/cancelDeployment`]);
    expect(sim.requestsTo('POST', '/environment/:id/cancelDeployment')).toHaveLength(0);
    expect(run.stdout).toContain(`Cancelled deployment request ${id}`);
  });

  it('writes the partial result: the JSON document, marked interrupted', async () => {
    const sim = await start(h, { clock: realClock });
    sim.outcomes.hang('web');
    const json = await applyUntil(sim, ['--format', 'json', h.manifest('web.yaml', WEB)], {}, ACCEPTED, 'SIGINT');
    expect(json.code).toBe(130);
    const doc = JSON.parse(json.stdout);
    expect(doc.files[0]).toMatchObject({ status: 'interrupted', interrupted: true, exit_code: 130, deployment_request_ids: [sim.state.requests[0]!.id] });
  });

  it('writes the partial result to the job summary and $GITHUB_OUTPUT', async () => {
    const sim = await start(h, { clock: realClock });
    sim.outcomes.hang('web');
    const dir = mkdtempSync(join(tmpdir(), 'qd-int-'));
    const env = { GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_OUTPUT: join(dir, 'output'), GITHUB_ACTIONS: 'true' };
    writeFileSync(env.GITHUB_STEP_SUMMARY, '');
    writeFileSync(env.GITHUB_OUTPUT, '');
    const gh = await applyUntil(sim, ['--format', 'github', h.manifest('web.yaml', WEB)], env, ACCEPTED, 'SIGTERM');
    expect(gh.code).toBe(143);
    expect(readFileSync(env.GITHUB_OUTPUT, 'utf8')).toBe(`exitcode=143\nchanges=true\ndeployment-request-ids=${sim.state.requests[0]!.id}\n`);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain('interrupted');
  });

  it('a second signal exits at once', async () => {
    const sim = await start(h, { clock: realClock });
    sim.outcomes.hang('web');
    // The cancel call never answers: only the second signal can end the run before its budget.
    sim.faults.add({ method: 'POST', path: '/deploymentQueue/:id/cancelDeployment', action: { type: 'hang' } });
    const run = launch(sim, ['--cancel-on-interrupt', h.manifest('web.yaml', WEB)]);
    await run.seen(ACCEPTED);
    run.child.kill('SIGINT');
    await run.seen(/SIGINT: stopping and cancelling/);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    // It exited before reporting: the summary was never written.
    expect(result.stdout).toBe('');
  });
});

describe('an interrupt before the POST', () => {
  it('sends nothing, and exits 130', async () => {
    let reading!: () => void;
    const planning = new Promise<void>((resolve) => (reading = resolve));
    const sim = await start(h, { clock: realClock, onRequest: (entry) => entry.path.endsWith('/statuses') && reading() });
    // The planning reads never answer: the signal arrives while apply is still reading.
    sim.faults.add({ method: 'GET', path: '/environment/:id/statuses', times: Infinity, action: { type: 'hang' } });
    const run = launch(sim, [h.manifest('web.yaml', WEB)]);
    await planning;
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(h.deployPosts()).toHaveLength(0);
    expect(result.stdout).toContain('Interrupted before any deployment request was accepted.');
  });

  it('an interrupt during the name look-ups ends them: nothing sent, exit 130', async () => {
    let looking!: () => void;
    const lookup = new Promise<void>((resolve) => (looking = resolve));
    const sim = await start(h, { clock: realClock, onRequest: (entry) => entry.path === '/organization' && looking() });
    sim.faults.add({ method: 'GET', path: '/organization', times: Infinity, action: { type: 'hang' } });
    const run = launch(sim, [h.manifest('web.yaml', WEB)]);
    await lookup;
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(h.deployPosts()).toHaveLength(0);
    expect(result.stdout).toContain('Interrupted before any deployment request was accepted.');
    expect(result.stderr).not.toMatch(/internal error/i);
  });
});
