// Issue 11.1: a failed deployment explains itself from Qovery's own deployment logs, in every format.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_KINDS, deployHarness, FAST, start } from '../helpers/deploy.js';

const h = deployHarness();
const lines = Array.from({ length: 25 }, (_, i) => `npm ERR! step ${i + 1}`);
const log = { message: 'The build of web failed: npm ci exited with 1', hint: 'Check package-lock.json', link: 'https://hub.qovery.com/docs/build', lines };

function githubEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'qd-gh-'));
  const summary = join(dir, 'summary.md');
  const output = join(dir, 'output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  return { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, GITHUB_ACTIONS: 'true' };
}

describe('a failed build shows Qovery’s message, hint, link and last 20 lines', () => {
  it('text: under the summary, for the failed service only', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR', { log });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('container web failed (BUILD_ERROR)');
    expect(result.stdout).toContain('error: The build of web failed: npm ci exited with 1');
    expect(result.stdout).toContain('hint:  Check package-lock.json');
    expect(result.stdout).toContain('docs:  https://hub.qovery.com/docs/build');
    expect(result.stdout).toContain('last 20 log lines:');
    // The last 20, oldest first; the first lines fell out.
    expect(result.stdout).not.toContain('step 6\n');
    expect(result.stdout).toMatch(/│ npm ERR! step 7\n[\s\S]*│ npm ERR! step 25\n  │ The build of web failed/);
    // Nothing for the services that succeeded.
    expect(result.stdout).not.toMatch(/api failed|Building api/);
    expect(sim.requestsTo('GET', '/environment/:id/logs')).toHaveLength(1);
    expect(sim.requestsTo('GET', '/environment/:id/logs')[0]!.query.version).toBe(sim.state.requests[0]!.executionId);
  });

  it('json: `error` and `log` on the failed service, nothing on the others', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR', { log });
    const result = await h.cli(['apply', ...FAST, '--format', 'json', h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(3);
    const doc = JSON.parse(result.stdout);
    const services = doc.files[0].services as { name: string; error?: unknown; log?: string[] }[];
    const web = services.find((s) => s.name === 'web')!;
    expect(web.error).toEqual({ message: log.message, hint: log.hint, link: log.link });
    expect(web.log).toEqual([...lines, log.message].slice(-20));
    expect(services.filter((s) => s.name !== 'web').every((s) => !('error' in s) && !('log' in s))).toBe(true);
    expect(doc.files[0].failure_logs.execution_id).toBe(sim.state.requests[0]!.executionId);
  });

  it('github: one annotation per failed service, and a <details> block in the job summary', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR', { log });
    sim.outcomes.fail('api', 'DEPLOYMENT_ERROR', { log: { message: 'CrashLoopBackOff' } });
    const env = githubEnv();
    const result = await h.cli(['apply', ...FAST, '--format', 'github', h.manifest('all.yaml', ALL_KINDS)], env);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('::error title=container web failed::The build of web failed: npm ci exited with 1%0Ahint: Check package-lock.json%0Asee https://hub.qovery.com/docs/build\n');
    expect(result.stdout).toContain('::error title=application api failed::CrashLoopBackOff\n');
    expect(result.stdout.match(/^::error/gm)).toHaveLength(2);
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary).toContain('<details><summary>Last 20 log lines</summary>');
    expect(summary).toContain('npm ERR! step 25');
    expect(summary).toContain('**container web failed** (BUILD_ERROR): The build of web failed');
  });
});

describe('log text is hostile data', () => {
  it('a log line holding a workflow command or the token is escaped and redacted', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR', {
      log: { message: `::error::pwned ${h.token}`, lines: ['::add-mask::x', `::set-output name=a::b`, `token=${h.token}`, 'line\n::warning::smuggled', '<script>x</script>'] },
    });
    const env = githubEnv();
    const result = await h.cli(['apply', ...FAST, '--format', 'github', h.manifest('all.yaml', ALL_KINDS)], env);
    expect(result.code).toBe(3);
    // No line of the log may start a workflow command except our own annotation.
    const commands = result.stdout.split('\n').filter((l) => /^\s*::/.test(l) && !l.startsWith('::add-mask::'));
    expect(commands).toEqual([expect.stringMatching(/^::error title=container web failed::::error::pwned \*\*\*$/)]);
    expect(result.stdout).toContain('token=***');
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary).toContain('&lt;script&gt;');
    expect(summary).not.toContain('<script>');
    expect(summary).not.toContain(h.token);
  });
});

describe('when the logs cannot be read', () => {
  it('says so in one line and keeps exit 3', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR', { log });
    sim.faults.add({ method: 'GET', path: '/environment/:id/logs', times: Infinity, action: { type: 'status', status: 503 } });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/Why it failed is not known: the deployment logs could not be read: .*503.*\n/);
    expect(result.stdout).toMatch(/container\s+web\s+.*BUILD_ERROR/);
  });

  it('a 404 is said in one line too', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR');
    sim.faults.add({ method: 'GET', path: '/environment/:id/logs', action: { type: 'status', status: 404 } });
    const result = await h.cli(['apply', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/Why it failed is not known: the deployment logs could not be read/);
  });
});
