/**
 * action.yml: its declared inputs and outputs, and its run step executed for real with bash, the
 * way a GitHub runner runs a composite step (`bash --noprofile --norc -eo pipefail`), against a fake
 * `qovery-deploy` on PATH and, once, against the real CLI and the simulator.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';
import { tempDir } from '../helpers/temp.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  if?: string;
}
interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const runStep = action.runs.steps.find((s) => s.id === 'run')!;
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const { dir, write } = tempDir('qd-action-');

// The fake CLI logs its argv (one per line, a blank line between runs) and the token it was given.
const bin = join(dir, 'bin');
const FAKE = `#!/usr/bin/env bash
printf '%s\\n' "$@" "" >> "$FAKE_LOG.argv"
printf '%s' "\${QOVERY_API_TOKEN:-}" > "$FAKE_LOG.token"
if [ -n "\${FAKE_OUTPUT:-}" ]; then printf '%s\\n' "$FAKE_OUTPUT" >> "$GITHUB_OUTPUT"; fi
n=$(cat "$FAKE_LOG.n" 2>/dev/null || echo 0); echo $((n + 1)) > "$FAKE_LOG.n"
codes=(\${FAKE_EXITS:-})
exit "\${codes[$n]:-\${FAKE_EXIT:-0}}"
`;

beforeAll(() => {
  mkdirSync(bin);
  writeFileSync(join(bin, 'qovery-deploy'), FAKE);
  chmodSync(join(bin, 'qovery-deploy'), 0o755);
});

/** Expands `${{ inputs.x }}` the way the runner does, from the action's defaults and the given inputs. */
function expand(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? action.inputs[name]?.default ?? '');
}

let runs = 0;
/** Runs the action's `run` step with bash; returns its exit status, output, step outputs and what the CLI got. */
async function runAction(inputs: Record<string, string>, env: Record<string, string> = {}, path = bin) {
  const n = ++runs;
  const outputFile = write(`output-${n}`, '');
  const script = write(`step-${n}.sh`, runStep.run!);
  const stepEnv = Object.fromEntries(Object.entries(runStep.env ?? {}).map(([k, v]) => [k, expand(v, inputs)]));
  const log = join(dir, `log-${n}`);
  const result = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', script],
      { cwd: dir, env: { PATH: `${path}:${process.env.PATH}`, NO_COLOR: '1', GITHUB_OUTPUT: outputFile, FAKE_LOG: log, ...stepEnv, ...env } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const outputs: Record<string, string> = {};
  for (const line of read(outputFile).split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  const argvRuns = read(`${log}.argv`).split('\n\n').filter(Boolean).map((chunk) => chunk.split('\n').filter((a) => a !== ''));
  return { ...result, outputs, argv: argvRuns, token: read(`${log}.token`) };
}

describe('action.yml', () => {
  it('declares the inputs, the outputs and a composite run', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['command', 'files', 'format', 'timeout', 'args', 'api-url', 'token', 'version']));
    expect(action.inputs.format!.default).toBe('github');
    expect(action.inputs.timeout!.default).toBe('30m');
    expect(action.inputs.version!.default).toBe(version);
    expect(action.inputs.token!.description).toContain('${{ secrets.QOVERY_API_TOKEN }}');
    expect(action.outputs).toEqual({
      exitcode: expect.objectContaining({ value: '${{ steps.run.outputs.exitcode }}' }),
      changes: expect.objectContaining({ value: '${{ steps.run.outputs.changes }}' }),
      'deployment-request-ids': expect.objectContaining({ value: '${{ steps.run.outputs.deployment-request-ids }}' }),
    });
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.some((s) => s.uses?.startsWith('actions/setup-node@'))).toBe(true);
    // Every run step takes its inputs from env: `${{ }}` pasted into a script is an injection hole.
    for (const step of action.runs.steps) expect(step.run ?? '', step.name).not.toContain('${{');
    expect(runStep.env?.QD_TOKEN).toBe('${{ inputs.token }}');
    expect(runStep.run).toMatch(/2\)\s*\n\s*if \[ "\$command" = plan \]; then[\s\S]*?exit 0/);
  });

  it('plan exiting 2 is a success with exitcode=2 and changes=true', async () => {
    const r = await runAction({ command: 'plan', files: 'a.yaml\nb.yaml' }, { FAKE_EXIT: '2' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ exitcode: '2', changes: 'true' });
    expect(r.argv).toEqual([['plan', '--format', 'github', '--detailed-exitcode', '--', 'a.yaml', 'b.yaml']]);
  });

  it('plan exiting 0 sets changes=false; outputs the CLI wrote itself are kept', async () => {
    expect((await runAction({ command: 'plan' })).outputs).toMatchObject({ exitcode: '0', changes: 'false' });
    const own = await runAction({ command: 'plan' }, { FAKE_EXIT: '2', FAKE_OUTPUT: 'changes=true\ndeployment-request-ids=' });
    expect(own.outputs).toMatchObject({ exitcode: '2', changes: 'true' });
  });

  it('apply exiting 3 fails the step with 3, and still sets exitcode', async () => {
    const r = await runAction({ command: 'apply', timeout: '10m', args: '--only api,web  --force' }, { FAKE_EXIT: '3', FAKE_OUTPUT: 'deployment-request-ids=r-1' });
    expect(r.status).toBe(3);
    expect(r.outputs).toMatchObject({ exitcode: '3', 'deployment-request-ids': 'r-1' });
    expect(r.stdout).toContain('qovery-deploy apply exited with 3: the deployment finished and at least one service failed');
    expect(r.argv).toEqual([['apply', '--format', 'github', '--timeout', '10m', '--only', 'api,web', '--force', '--', 'qovery-deploy.yaml']]);
  });

  it('maps cancel-on-timeout and cancel-on-interrupt (off by default) to apply’s flags (issue 11)', async () => {
    expect(action.inputs['cancel-on-timeout']!.default).toBe('false');
    expect(action.inputs['cancel-on-interrupt']!.default).toBe('false');
    expect((await runAction({ command: 'apply' })).argv).toEqual([['apply', '--format', 'github', '--timeout', '30m', '--', 'qovery-deploy.yaml']]);
    const r = await runAction({ command: 'apply', 'cancel-on-timeout': 'true', 'cancel-on-interrupt': 'true' });
    expect(r.argv).toEqual([['apply', '--format', 'github', '--timeout', '30m', '--cancel-on-timeout', '--cancel-on-interrupt', '--', 'qovery-deploy.yaml']]);
    // Only apply takes them.
    expect((await runAction({ command: 'plan', 'cancel-on-timeout': 'true' })).argv).toEqual([['plan', '--format', 'github', '--detailed-exitcode', '--', 'qovery-deploy.yaml']]);
  });

  it('fails on exit 2 from any command but plan, and on 1, 4 and 5', async () => {
    for (const [command, exit] of [['apply', 2], ['validate', 1], ['apply', 4], ['plan', 5]] as const) {
      const r = await runAction({ command }, { FAKE_EXIT: String(exit) });
      expect(r.status, `${command} ${exit}`).toBe(exit);
      expect(r.outputs.exitcode).toBe(String(exit));
    }
  });

  it('passes the token only as QOVERY_API_TOKEN, masked, and never in argv', async () => {
    const token = canaryToken();
    const r = await runAction({ command: 'apply', token, 'api-url': 'http://127.0.0.1:9' });
    expect(r.status).toBe(0);
    expect(r.token).toBe(token);
    expect(r.argv.flat().join(' ')).not.toContain(token);
    expect(r.argv[0]).toEqual(expect.arrayContaining(['--api-url', 'http://127.0.0.1:9']));
    // The only place the token shows is the mask command, which the runner consumes.
    expect(r.stdout.split('\n').filter((l) => l.includes(token))).toEqual([`::add-mask::${token}`]);
    expectNoSecret(token, r.stderr);
    // An empty input keeps a token the job set in its env.
    const kept = await runAction({ command: 'plan' }, { QOVERY_API_TOKEN: 'from-job-env' });
    expect(kept.token).toBe('from-job-env');
  });

  it('runs render and status once per file, in text (they have no github format), keeping the worst code', async () => {
    const r = await runAction({ command: 'status', files: 'a.yaml b.yaml' });
    expect(r.argv).toEqual([
      ['status', '--format', 'text', '--', 'a.yaml'],
      ['status', '--format', 'text', '--', 'b.yaml'],
    ]);
    expect(r.status).toBe(0);
    const worst = await runAction({ command: 'render', files: 'a.yaml b.yaml c.yaml', format: 'json' }, { FAKE_EXITS: '1 5 0' });
    expect(worst.argv.map((a) => a.slice(0, 3))).toEqual(Array(3).fill(['render', '--format', 'json']));
    expect(worst.status).toBe(5);
    expect(worst.outputs.exitcode).toBe('5');
  });

  it('expands globs in files but not in args, and refuses an unknown command', async () => {
    write('deploy-a.yaml', '');
    write('deploy-b.yaml', '');
    const r = await runAction({ command: 'validate', files: 'deploy-*.yaml', args: '--no-git *' });
    expect(r.argv).toEqual([['validate', '--format', 'github', '--no-git', '*', '--', 'deploy-a.yaml', 'deploy-b.yaml']]);
    const bad = await runAction({ command: 'destroy $(id)' });
    expect(bad.status).toBe(1);
    expect(bad.outputs.exitcode).toBe('1');
    expect(bad.stdout).toContain('::error title=qovery-deploy::unknown command input "destroyid"');
    expect(bad.argv).toEqual([]);
  });

  describe('with the real CLI and the simulator', () => {
    let sim: Simulator;
    const token = canaryToken();
    const real = join(dir, 'real-bin');
    beforeAll(async () => {
      sim = await startSimulator({ token });
      mkdirSync(real);
      write('real-bin/qovery-deploy', `#!/usr/bin/env bash\nexec "${process.execPath}" "${BIN}" "$@"\n`);
      chmodSync(join(real, 'qovery-deploy'), 0o755);
      write('pending.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n  - id: ${DEMO_IDS.web}\n    image_tag: "9.9.9"\n`);
    });
    afterAll(() => sim.close());

    it('plan with changes pending (format github): the step succeeds with exitcode=2, changes=true, nothing deployed', async () => {
      const summary = write('summary-plan.md', '');
      const r = await runAction({ command: 'plan', files: 'pending.yaml', token, 'api-url': sim.url }, { GITHUB_STEP_SUMMARY: summary }, real);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.outputs).toMatchObject({ exitcode: '2', changes: 'true' });
      expect(readFileSync(summary, 'utf8')).toContain('web');
      expect(r.stdout).toContain('changes pending (exit 2)');
      // The action and the CLI (format github) both mask it; the runner consumes those lines.
      const holding = r.stdout.split('\n').filter((l) => l.includes(token));
      expect(holding.length).toBeGreaterThan(0);
      expect(holding.every((l) => l === `::add-mask::${token}`)).toBe(true);
      expectNoSecret(token, r.stderr, readFileSync(summary, 'utf8'));
      expect(sim.requestsTo('POST', '/environment/:id/service/deploy')).toHaveLength(0);
    });

    it('apply (format github): deploys once, exit 0, and names the deployment request in the outputs', async () => {
      const r = await runAction({ command: 'apply', files: 'pending.yaml', token, 'api-url': sim.url, args: '--poll-interval 30ms' }, { GITHUB_STEP_SUMMARY: write('summary-apply.md', '') }, real);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      const posts = sim.requestsTo('POST', '/environment/:id/service/deploy');
      expect(posts).toHaveLength(1);
      const requestId = sim.state.requests.at(-1)!.id;
      expect(r.outputs).toMatchObject({ exitcode: '0', changes: 'true', 'deployment-request-ids': requestId });
      expectNoSecret(token, r.stderr);
    });
  });
});
