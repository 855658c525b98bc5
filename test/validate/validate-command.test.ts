import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { hasStackTrace, ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { HEADER, tempDir } from '../helpers/temp.js';

const { dir, write } = tempDir();
write('qovery-deploy.yaml', `${HEADER}databases:\n  - name: postgres\n`);
write('good.yaml', `${HEADER}containers:\n  - name: web\n    image_tag: "1.0"\n`);
write('bad.yaml', `${HEADER}containers:\n  - name: web\n    imagetag: "1.0"\n`);

describe('qovery-deploy validate', () => {
  it('reads ./qovery-deploy.yaml by default and exits 0 when it is valid', async () => {
    const result = await runCli(['validate', '--no-git'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('✓ qovery-deploy.yaml: valid (1 service)');
  });

  it('reports each of many files and exits 1 if any is invalid, in every format', async () => {
    for (const format of ['text', 'json', 'github']) {
      const result = await runCli(['validate', '--no-git', '--format', format, 'good.yaml', 'bad.yaml'], { cwd: dir });
      expect(result.code, format).toBe(1);
      expect(result.stdout + result.stderr, format).toContain('bad.yaml');
      expect(result.stdout + result.stderr, format).toContain('good.yaml');
    }
    const ok = await runCli(['validate', '--no-git', '--format', 'json', 'good.yaml', 'qovery-deploy.yaml'], { cwd: dir });
    expect(ok.code).toBe(0);
  });

  it('prints text as file:line:col: error: message, the source line with a caret, and the hint', async () => {
    const result = await runCli(['validate', '--no-git', 'bad.yaml'], { cwd: dir });
    expect(result.stderr).toContain('bad.yaml:6:5: error: unknown key "imagetag" in container #1 "web" [UNKNOWN_KEY]');
    expect(result.stderr).toContain('   6 |     imagetag: "1.0"\n     |     ^^^^^^^^');
    expect(result.stderr).toContain('  hint: did you mean "image_tag"?');
    expect(result.stderr).toContain('✗ bad.yaml: 1 error');
  });

  it('prints JSON in the shape of terraform validate -json', async () => {
    const result = await runCli(['validate', '--no-git', '--format', 'json', 'bad.yaml', 'good.yaml'], { cwd: dir });
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ format_version: '1.0', valid: false, error_count: 1, warning_count: 0 });
    expect(out.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'UNKNOWN_KEY',
        summary: 'unknown key "imagetag" in container #1 "web"',
        detail: 'Hint: did you mean "image_tag"?',
        range: { filename: 'bad.yaml', start: { line: 6, column: 5, byte: 97 }, end: { line: 6, column: 13, byte: 105 } },
      },
    ]);
    expect(out.files).toEqual([
      { filename: 'bad.yaml', valid: false, error_count: 1, services: 0 },
      { filename: 'good.yaml', valid: true, error_count: 0, services: 1 },
    ]);
  });

  it('writes GitHub annotations with file/line/col, escaped, capped at 10, and every error in the step summary', async () => {
    let text = HEADER + 'containers:\n';
    for (let i = 0; i < 12; i++) text += `  - name: "web${i}"\n    image_tag: "1"\n    bad%key,x:y${i}: 1\n`;
    write('many.yaml', text);
    const summary = write('summary.md', '');
    const result = await runCli(['validate', '--no-git', '--format', 'github', 'many.yaml'], {
      cwd: dir,
      env: { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir },
    });
    expect(result.code).toBe(1);
    const annotations = result.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(annotations).toHaveLength(10);
    expect(annotations[0]).toBe(
      '::error file=many.yaml,line=7,endLine=7,col=5,endColumn=17,title=qovery-deploy UNKNOWN_KEY::unknown key "bad%25key,x:y0" in container #1 "web0"%0Ahint: allowed keys: id, name, image_tag',
    );
    expect(result.stdout).toContain('2 more problems are listed above and in the job summary');
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('## qovery-deploy validate');
    expect(md.match(/^\| `many\.yaml:\d+:5` \| unknown key/gm)).toHaveLength(12);
  });

  it('keeps workflow commands out of free text (checklist item 22)', async () => {
    write('::error::x.yaml', `${HEADER}databases:\n  - name: "a\\n::error::injected"\n`);
    let many = '';
    for (let i = 0; i < 11; i++) many += `  - name: db${i}\n    x: 1\n`;
    write('pad.yaml', `${HEADER}databases:\n${many}`);
    const result = await runCli(['validate', '--no-git', '--format', 'github', 'pad.yaml', '::error::x.yaml'], { cwd: dir });
    const commandLines = result.stdout.split('\n').filter((l) => /^\s*::/.test(l));
    for (const line of commandLines) expect(line).toMatch(/^::error file=/);
    expect(result.stdout).toContain('› ::error::x.yaml');
  });

  it('shows no stack trace for a bug unless --verbose', async () => {
    // A manifest path that is a file inside a file makes fs throw ENOTDIR: handled, not a crash.
    const quiet = await spawnCli(['validate', '--no-git', 'good.yaml/x.yaml'], { cwd: dir });
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toContain('no such file: good.yaml/x.yaml');
    expect(hasStackTrace(quiet.stderr)).toBe(false);
  });

  it('turns a bug into "internal error" with exit 1, and shows its stack only with --verbose', async () => {
    for (const verbose of [false, true]) {
      let stderr = '';
      const brokenStdout = {
        write: () => {
          throw new Error('stdout went away');
        },
      };
      const argv = ['validate', '--no-git', 'good.yaml', ...(verbose ? ['--verbose'] : [])];
      const code = await main(argv, { stdout: brokenStdout, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd: dir });
      expect(code).toBe(1);
      expect(stderr).toContain('error: internal error: stdout went away [INTERNAL]');
      expect(hasStackTrace(stderr)).toBe(verbose);
    }
  });

  it('refuses unknown commands, options and formats with exit 1 and a hint', async () => {
    for (const argv of [['frobnicate'], ['validate', '--format', 'xml'], ['validate', '--nope']]) {
      const result = await runCli(argv, { cwd: dir });
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr, argv.join(' ')).toMatch(/error: .*\n\(run qovery-deploy --help for usage\)/);
    }
    const help = await runCli(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('validate');
  });

  it('never needs a token or the network', async () => {
    const result = await spawnCli(['validate', '--no-git', 'good.yaml'], {
      cwd: dir,
      env: { QOVERY_API_URL: 'http://203.0.113.1:9', HTTPS_PROXY: 'http://203.0.113.1:9' },
    });
    expect(result.code).toBe(0);
  });
});

describe('qovery-deploy schema', () => {
  it('prints the schema file, and the compiled validator is not stale (checklist item 25)', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'schema/qovery-deploy.schema.json'), 'utf8'));
    expect(JSON.parse(result.stdout).$schema).toBe('http://json-schema.org/draft-07/schema#');
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-validator.mjs'), '--check']);
  });
});
