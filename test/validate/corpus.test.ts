import { describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, spawnCli } from '../helpers/cli.js';
import { CORPUS_DIR as DIR, CORPUS_FILES as files, expectationsOf } from '../helpers/corpus.js';

interface JsonOut {
  valid: boolean;
  error_count: number;
  diagnostics: { code: string; summary: string; detail: string; range?: { filename: string; start: { line: number; column: number } } }[];
}

describe('the malformed-manifest corpus', () => {
  it('holds at least 40 cases, each with an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const file of files) expect(expectationsOf(file), file).not.toHaveLength(0);
  });

  it.each(files)('%s fails with exit 1 at the expected line:col (checklist item 16)', async (file) => {
    const result = await runCli(['validate', '--no-git', '--format', 'json', file], { cwd: DIR });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as JsonOut;
    expect(out.valid).toBe(false);
    const expectations = expectationsOf(file);
    expect(out.error_count, JSON.stringify(out.diagnostics, null, 2)).toBe(expectations.length);
    for (const want of expectations) {
      const found = out.diagnostics.find(
        (d) => d.code === want.code && d.range?.start.line === want.line && d.range.start.column === want.column,
      );
      expect(found, `${file}: no ${want.code} at ${want.line}:${want.column} in ${JSON.stringify(out.diagnostics, null, 2)}`).toBeDefined();
      expect(`${found!.summary}\n${found!.detail}`).toContain(want.text);
      expect(found!.range!.filename).toBe(file);
    }
  });

  it.each(files)('%s prints file:line:col, the hint and no stack trace as text', async (file) => {
    const result = await runCli(['validate', '--no-git', file], { cwd: DIR });
    expect(result.code).toBe(1);
    const [first] = expectationsOf(file);
    expect(result.stderr).toContain(`${file}:${first!.line}:${first!.column}: error: `);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it('the real bin reports every corpus file in one run, with exit 1 and no stack trace', async () => {
    const result = await spawnCli(['validate', '--no-git', ...files], { cwd: DIR });
    expect(result.code).toBe(1);
    for (const file of files) expect(result.stderr).toContain(`✗ ${file}: `);
    expect(result.stderr).toContain(`${files.length} files: 0 valid, ${files.length} invalid`);
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
  });
});
