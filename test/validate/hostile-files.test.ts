import { execFile, execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/load/parse.js';
import { validateManifest } from '../../src/validate/validate-manifest.js';
import { BIN, hasStackTrace, runCli, spawnCli } from '../helpers/cli.js';
import { HEADER, tempDir } from '../helpers/temp.js';

const { dir, write } = tempDir();

async function codesOf(file: string): Promise<{ code: number; codes: string[]; positions: string[] }> {
  const result = await runCli(['validate', '--no-git', '--format', 'json', file], { cwd: dir });
  const out = JSON.parse(result.stdout) as { diagnostics: { code: string; range?: { start: { line: number; column: number } } }[] };
  return {
    code: result.code,
    codes: out.diagnostics.map((d) => d.code),
    positions: out.diagnostics.map((d) => (d.range ? `${d.range.start.line}:${d.range.start.column}` : '')),
  };
}

/** Validates with the built bin under a 64 MB heap: exit 1 and the diagnostics, or the test fails. */
async function validateInSmallHeap(file: string): Promise<{ code: string; range: { start: { line: number; column: number } } }[]> {
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--max-old-space-size=64', BIN, 'validate', '--no-git', '--format', 'json', file], { cwd: dir, maxBuffer: 1 << 24 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
  expect(result.code, result.stderr.slice(0, 500)).toBe(1);
  return (JSON.parse(result.stdout) as { diagnostics: { code: string; range: { start: { line: number; column: number } } }[] }).diagnostics;
}

describe('hostile and odd files (checklist items 13 and 14)', () => {
  it('refuses a "billion laughs" alias bomb quickly, at the alias that overflows', async () => {
    let text = `${HEADER}a0: &a0 [x, x, x, x, x, x, x, x, x]\n`;
    for (let i = 1; i < 9; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    write('bomb.yaml', text);
    const result = await codesOf('bomb.yaml');
    expect(result.code).toBe(1);
    expect(result.codes).toEqual(['YAML_ALIAS_LIMIT']);
    expect(result.positions[0]).toMatch(/^\d+:\d+$/);
  });

  it('refuses a 600 KB file of aliases before parsing it, at the first alias past the limit (issue 10 item 8)', async () => {
    // 150,000 aliases: the YAML parser alone took ~300 MB and seconds before our alias count ran.
    const aliases = Array(150_000).fill('*a').join(', ');
    write('aliases.yaml', `${HEADER}a: &a x\nb: [${aliases}]\n`);
    // Under a 64 MB heap the old path ran out of memory (exit 134): the refusal must come first.
    const diagnostics = await validateInSmallHeap('aliases.yaml');
    // The 1,001st alias: `b: [` then 1,000 times `*a, `.
    expect(diagnostics).toMatchObject([{ code: 'YAML_ALIAS_LIMIT', range: { start: { line: 5, column: 5 + 4 * 1000 } } }]);
  });

  it('refuses 150,000 plain list items before parsing them, as too many values (not an alias bomb)', async () => {
    // The YAML parser alone took 12 s and 260 MB on these before the converter's count stopped it.
    const items = Array(150_000).fill('a').join(',');
    write('flow-items.yaml', `${HEADER}b: [${items}]\n`);
    // HEADER ends in 3 newlines; on line 4, `b: [` then `a,` items: the 99,998th comma is separator 100,001.
    expect(await validateInSmallHeap('flow-items.yaml')).toMatchObject([{ code: 'YAML_TOO_MANY_VALUES', range: { start: { line: 4, column: 4 + 2 * 99_998 } } }]);
    write('block-items.yaml', `${HEADER}b:\n${'  - a\n'.repeat(120_000)}`);
    expect(await validateInSmallHeap('block-items.yaml')).toMatchObject([{ code: 'YAML_TOO_MANY_VALUES', range: { start: { line: 100_001 } } }]);
  });

  it('resolves each alias to the latest anchor of that name before it, as YAML says', () => {
    const checked = parseManifest(`${HEADER}x: &a one\ny: *a\nz: &a two\nw: *a\n`, 'm.yaml');
    expect(checked.diagnostics).toEqual([]);
    expect(checked.data).toMatchObject({ y: 'one', w: 'two' });
  });

  it('refuses a self-referencing alias instead of building a circular object', async () => {
    write('cycle.yaml', `${HEADER}containers: &c\n  - name: web\n    image_tag: "1"\n    more: *c\n`);
    expect(await codesOf('cycle.yaml')).toMatchObject({ code: 1, codes: ['YAML_ALIAS_CYCLE'], positions: ['7:11'] });
  });

  it('survives 1000 nested [ validated twice in one process (V8 would abort on the second parse)', async () => {
    write('deep.yaml', `version: 1\nx: ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    const result = await spawnCli(['validate', '--no-git', 'deep.yaml', 'deep.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.match(/deep\.yaml:2:68: error: the document is too deeply nested/g)).toHaveLength(2);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it('refuses block nesting indented past 200 columns at a stable position', async () => {
    let text = 'version: 1\nx:\n';
    for (let i = 1; i <= 300; i++) text += `${' '.repeat(i)}a:\n`;
    write('block-deep.yaml', text);
    expect(await codesOf('block-deep.yaml')).toMatchObject({ code: 1, codes: ['YAML_TOO_DEEP'], positions: ['202:201'] });
  });

  it('refuses a 10 MB file before parsing it', async () => {
    write('huge.yaml', `${HEADER}# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const result = await codesOf('huge.yaml');
    expect(result).toMatchObject({ code: 1, codes: ['FILE_TOO_LARGE'], positions: ['1:1'] });
  });

  it('refuses a FIFO and a symlink to /dev/zero without reading them', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    const result = await spawnCli(['validate', '--no-git', 'fifo.yaml', 'zero.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fifo.yaml: error: fifo.yaml is not a regular file');
    expect(result.stderr).toContain('zero.yaml: error: zero.yaml is not a regular file');
  });

  it('explains an empty file, a whitespace-only file, a missing file, a directory and non-UTF-8 bytes', async () => {
    write('empty.yaml', '');
    write('blank.yaml', '\n   \n\n');
    write('latin1.yaml', Buffer.from([0x76, 0x65, 0x72, 0x3a, 0x20, 0xe9, 0xff, 0x0a]));
    expect(await codesOf('empty.yaml')).toMatchObject({ code: 1, codes: ['FILE_EMPTY'] });
    expect(await codesOf('blank.yaml')).toMatchObject({ code: 1, codes: ['FILE_EMPTY'] });
    expect(await codesOf('latin1.yaml')).toMatchObject({ code: 1, codes: ['FILE_NOT_UTF8'] });
    expect(await codesOf('missing.yaml')).toMatchObject({ code: 1, codes: ['FILE_NOT_FOUND'] });
    expect(await codesOf('.')).toMatchObject({ code: 1, codes: ['FILE_IS_DIRECTORY'] });
    const text = await runCli(['validate', '--no-git', 'missing.yaml', '.'], { cwd: dir });
    expect(text.stderr).toContain('missing.yaml: error: no such file: missing.yaml');
    expect(text.stderr).toContain('.: error: . is a directory, not a manifest file');
  });

  it('reads a file that starts with a UTF-8 byte order mark', async () => {
    write('bom.yaml', `\uFEFF${HEADER}databases:\n  - name: postgres\n`);
    expect(await codesOf('bom.yaml')).toMatchObject({ code: 0, codes: [] });
  });

  it('leaves Object.prototype untouched after __proto__, constructor and prototype keys (item 15)', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const text = `${HEADER}__proto__: {polluted: true}\nconstructor: {prototype: {polluted: true}}\napplications:\n  - name: api\n    commit: HEAD\n    __proto__: {isAdmin: true}\n`;
    const checked = validateManifest(parseManifest(text, 'proto.yaml'));
    expect(checked.diagnostics.map((d) => d.code)).toEqual(['UNKNOWN_KEY', 'UNKNOWN_KEY', 'UNKNOWN_KEY']);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('file-system errors', () => {
  it('words permission and other errors (root reads anything, so the mapping is tested directly)', async () => {
    const { fsDiagnostic } = await import('../../src/load/read-file.js');
    expect(fsDiagnostic('a.yaml', Object.assign(new Error('x'), { code: 'EACCES' }))).toMatchObject({
      code: 'FILE_UNREADABLE',
      summary: 'cannot read a.yaml: permission denied',
    });
    expect(fsDiagnostic('a.yaml', Object.assign(new Error('x'), { code: 'EIO' })).summary).toBe('cannot read a.yaml: EIO');
  });
});
