import { afterEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/load/parse.js';

/** parseManifest turns stack capture off while yaml builds its errors (they cost more than the parse): nothing else may notice. */
describe('parsing captures no stack traces, and leaves the setting as it found it', () => {
  const limit = Error.stackTraceLimit;
  afterEach(() => {
    Error.stackTraceLimit = limit;
  });

  it('a broken file still gives positioned diagnostics, and Error.stackTraceLimit is unchanged after it', () => {
    Error.stackTraceLimit = 17;
    const loaded = parseManifest('a: [\n  b: c\nd: &x *y\n', 'broken.yaml');
    expect(Error.stackTraceLimit).toBe(17);
    expect(loaded.diagnostics.length).toBeGreaterThan(0);
    for (const d of loaded.diagnostics) expect(d.range?.start.line).toBeGreaterThanOrEqual(1);
    expect(new Error('after').stack).toContain('parse.test.ts');
  });
});
