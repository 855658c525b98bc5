import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { commit, makeRepo, removeTempDirs, tempDir } from '../helpers/git-fixture.js';
import { HEADER } from '../helpers/temp.js';

let repo: string;
const write = (name: string, text: string) => (writeFileSync(join(repo, name), text), name);

beforeAll(() => {
  repo = makeRepo();
  commit(repo, 'one');
});
afterAll(removeTempDirs);

describe('validate output that tells the truth (issue 12, items 6 and 7)', () => {
  it('--help lists the exit codes and the environment variables read', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    for (const line of [/^ {2}0 {2}success/m, /^ {2}1 {2}invalid manifest.*stale saved plan/m, /^ {2}2 {2}plan --detailed-exitcode/m, /^ {2}3 {2}/m, /^ {2}4 {2}/m, /^ {2}5 {2}the Qovery API/m]) {
      expect(help.stdout).toMatch(line);
    }
    expect(help.stdout).toContain('Environment variables read:');
    for (const name of ['QOVERY_API_TOKEN', 'QOVERY_CLI_ACCESS_TOKEN', 'QOVERY_API_URL', 'GITHUB_WORKSPACE', 'CI_PROJECT_DIR', 'GITHUB_STEP_SUMMARY', 'GITHUB_OUTPUT', 'NO_COLOR', 'CI']) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}(.*[ ,])?${name}\\b`, 'm'));
    }
  });

  it('a manifest with no services is valid with a warning, not a silent "valid (0 services)"', async () => {
    const file = write('empty.yaml', HEADER);
    const text = await runCli(['validate', file], { cwd: repo });
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('empty.yaml:1:1: warning: the manifest lists no services: plan and apply would do nothing [MANIFEST_NO_SERVICES]');
    expect(text.stdout).toBe('✓ empty.yaml: valid (0 services, 1 warning)\n');
    const json = JSON.parse((await runCli(['validate', '--format', 'json', file], { cwd: repo })).stdout);
    expect(json).toMatchObject({ valid: true, error_count: 0, warning_count: 1, diagnostics: [{ severity: 'warning', code: 'MANIFEST_NO_SERVICES' }] });
  });

  it('reports unresolvable git refs together with schema errors, in line order', async () => {
    const file = write('both.yaml', `${HEADER}applications:\n  - name: api\n    commit: no-such-branch\n    imagetag: x\n  - name: worker\n    commit: -bad\n`);
    const result = await runCli(['validate', '--format', 'json', file], { cwd: repo });
    expect(result.code).toBe(1);
    const found = JSON.parse(result.stdout).diagnostics.map((d: { code: string; range: { start: { line: number } } }) => `${d.range.start.line} ${d.code}`);
    expect(found).toEqual(['6 GIT_REF_NOT_FOUND', '7 UNKNOWN_KEY', '9 INVALID_GIT_REVISION']);
  });

  it('with several files, the ✓ lines of valid ones stay on stdout when another fails', async () => {
    write('good.yaml', `${HEADER}applications:\n  - name: api\n    commit: HEAD\n`);
    write('bad.yaml', `${HEADER}containers:\n  - name: web\n    imagetag: "1"\n`);
    const result = await runCli(['validate', 'good.yaml', 'bad.yaml'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('✓ good.yaml: valid (1 service)\n');
    expect(result.stderr).toContain('✗ bad.yaml: 1 error');
    expect(result.stderr).toContain('2 files: 1 valid, 1 invalid');
  });

  it('does not say "origin/origin/main" for a missing remote-tracking name', async () => {
    const file = write('origin.yaml', `${HEADER}applications:\n  - name: api\n    commit: origin/main\n`);
    const result = await runCli(['validate', file], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"origin/main" does not name a commit');
    expect(result.stderr).toContain('no branch, tag or remote-tracking branch of that name');
    expect(result.stderr).not.toContain('origin/origin/');
  });

  it('outside a git repository, the hint offers --no-git', async () => {
    const lonely = tempDir('qd-nogit-');
    writeFileSync(join(lonely, 'qovery-deploy.yaml'), `${HEADER}applications:\n  - name: api\n    commit: HEAD\n`);
    const result = await runCli(['validate'], { cwd: lonely });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[GIT_NOT_A_REPOSITORY]');
    expect(result.stderr).toContain('run `validate --no-git` to check the manifest without git');
    expect(await runCli(['validate', '--no-git'], { cwd: lonely })).toMatchObject({ code: 0 });
  });
});
