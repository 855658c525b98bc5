import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { HEADER, tempDir } from '../helpers/temp.js';

const { dir, write } = tempDir('qd-machine-');
write('qovery-deploy.yaml', `${HEADER}containers:\n  - name: web\n    image_tag: "1.0"\n`);
write('bad.yaml', `${HEADER}containers:\n  - name: web\n    imagetag: "1.0"\n`);

/** Every way a command can stop before it has anything else to say, and the code it reports. */
const SETUP_ERRORS: { name: string; env?: Record<string, string | undefined>; args?: string[]; code: string }[] = [
  // render needs the token only for names: its manifest here names a service, so it says that instead.
  { name: 'no token', env: { QOVERY_API_TOKEN: undefined }, code: 'API_NO_TOKEN|NEEDS_API_TOKEN' },
  { name: 'a refused URL', env: { QOVERY_API_URL: 'http://203.0.113.1:9' }, code: 'API_INSECURE_URL' },
  { name: 'an unknown flag', args: ['--nope'], code: 'USAGE' },
  { name: 'a bad flag value', args: ['--request-timeout', 'soon'], code: 'USAGE' },
];

const COMMANDS: { command: string; argv: string[] }[] = [
  { command: 'render', argv: ['render'] },
  { command: 'plan', argv: ['plan'] },
  { command: 'apply', argv: ['apply'] },
  { command: 'status', argv: ['status'] },
  { command: 'init', argv: ['init', '--environment', '7a1b0c2d-0000-4000-8000-000000000001'] },
];

function githubEnv() {
  const summary = write(`summary-${Math.random().toString(36).slice(2)}.md`, '');
  const output = write(`output-${Math.random().toString(36).slice(2)}.txt`, '');
  return { summary, output, env: { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, GITHUB_WORKSPACE: dir } };
}

/** stdout holds exactly one JSON document (JSON.parse refuses anything around it). */
function oneDocument(stdout: string): Record<string, unknown> {
  expect(stdout.trim().startsWith('{')).toBe(true);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('--format json prints exactly one JSON document on every path (issue 12, item 5)', () => {
  for (const { command, argv } of COMMANDS) {
    for (const error of SETUP_ERRORS) {
      it(`${command}: ${error.name}`, async () => {
        const result = await runCli([...argv, '--format', 'json', ...(error.args ?? [])], { cwd: dir, env: error.env ?? {} });
        expect(result.code).toBe(1);
        const doc = oneDocument(result.stdout);
        expect(doc.format_version).toBe('1.0');
        expect((doc.diagnostics as { code: string }[]).map((d) => d.code).join()).toMatch(new RegExp(`^(${error.code})$`));
        expect(result.stderr).not.toContain('(run qovery-deploy --help for usage)');
      });
    }
  }

  it('validate: a bad flag, an unknown command, no command', async () => {
    for (const argv of [['validate', '--format', 'json', '--nope'], ['frobnicate', '--format', 'json'], ['--format', 'json']]) {
      const result = await runCli(argv, { cwd: dir });
      expect(result.code, argv.join(' ')).toBe(1);
      const doc = oneDocument(result.stdout);
      expect(doc.valid, argv.join(' ')).toBe(false);
      expect((doc.diagnostics as { code: string; summary: string }[])[0]).toMatchObject({ code: 'USAGE' });
    }
    const bad = oneDocument((await runCli(['validate', '--format', 'json', '--nope'], { cwd: dir })).stdout);
    expect(bad).toMatchObject({ valid: false, error_count: 1, files: [] });
    expect((bad.diagnostics as { summary: string }[])[0]!.summary).toBe("unknown option '--nope'");
  });

  it('render: an invalid manifest is the render document with its diagnostics, not text', async () => {
    const result = await runCli(['render', '--format', 'json', 'bad.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const doc = oneDocument(result.stdout);
    expect(doc).toMatchObject({ file: 'bad.yaml', environment_id: null, refs: [], requests: [] });
    expect((doc.diagnostics as { code: string }[])[0]!.code).toBe('UNKNOWN_KEY');
  });

  it('apply --plan with a file that is not a plan', async () => {
    writeFileSync(join(dir, 'junk.json'), '{}');
    const doc = oneDocument((await runCli(['apply', '--format', 'json', '--plan', 'junk.json'], { cwd: dir })).stdout);
    expect(doc).toMatchObject({ files: [], diagnostics: [{ code: 'PLAN_FILE_INVALID' }] });
  });
});

describe('--format github: an ::error, the exitcode output and a line in the job summary on every failure', () => {
  for (const { command, argv } of COMMANDS.filter((c) => c.command === 'plan' || c.command === 'apply')) {
    for (const error of SETUP_ERRORS) {
      it(`${command}: ${error.name}`, async () => {
        const gh = githubEnv();
        const result = await runCli([...argv, '--format', 'github', ...(error.args ?? [])], { cwd: dir, env: { ...gh.env, ...error.env } });
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(new RegExp(`^::error title=qovery-deploy (${error.code})::`, 'm'));
        expect(readFileSync(gh.output, 'utf8')).toBe('exitcode=1\nchanges=false\ndeployment-request-ids=\n');
        const summary = readFileSync(gh.summary, 'utf8');
        expect(summary).toContain(`## qovery-deploy ${command}`);
        expect(summary).toContain('❌ stopped with exit code 1');
        expect(summary).toMatch(new RegExp(`\\(\`(${error.code})\`\\)`));
      });
    }
  }

  it('render, status and init have no github format: asking for it is a usage error, reported as GitHub reads it', async () => {
    for (const { command, argv } of COMMANDS.filter((c) => !['plan', 'apply'].includes(c.command))) {
      const gh = githubEnv();
      const result = await runCli([...argv, '--format', 'github'], { cwd: dir, env: gh.env });
      expect(result.code, command).toBe(1);
      expect(result.stdout, command).toContain("::error title=qovery-deploy USAGE::option '--format <format>' argument 'github' is invalid.");
      expect(readFileSync(gh.output, 'utf8'), command).toBe('exitcode=1\n');
      expect(readFileSync(gh.summary, 'utf8'), command).toContain(`## qovery-deploy ${command}`);
    }
  });

  it('validate writes the exitcode output, passing or failing, as the README promises', async () => {
    const pass = githubEnv();
    expect((await runCli(['validate', '--no-git', '--format', 'github'], { cwd: dir, env: pass.env })).code).toBe(0);
    expect(readFileSync(pass.output, 'utf8')).toBe('exitcode=0\n');
    const fail = githubEnv();
    expect((await runCli(['validate', '--no-git', '--format', 'github', 'bad.yaml'], { cwd: dir, env: fail.env })).code).toBe(1);
    expect(readFileSync(fail.output, 'utf8')).toBe('exitcode=1\n');
    const usage = githubEnv();
    const result = await runCli(['validate', '--format', 'github', '--nope'], { cwd: dir, env: usage.env });
    expect(result.stdout).toContain("::error title=qovery-deploy USAGE::unknown option '--nope'");
    expect(readFileSync(usage.output, 'utf8')).toBe('exitcode=1\n');
    expect(readFileSync(usage.summary, 'utf8')).toContain('## qovery-deploy validate');
  });
});
