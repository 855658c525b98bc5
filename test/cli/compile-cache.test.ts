import { chmodSync, chownSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileCacheDir, startCompileCache } from '../../src/compile-cache.js';
import { tempDir } from '../helpers/temp.js';

const { dir } = tempDir('qd-compile-cache-');
const noEnv = {};

/** A stand-in for `module.enableCompileCache` that records the folders it was given. */
function recorder() {
  const given: string[] = [];
  return { given, enable: (folder: string) => given.push(folder) };
}

describe("the bin's compile cache folder (Node >= 22.1)", () => {
  it('is created for this user only (0700) and handed to Node', () => {
    const { given, enable } = recorder();
    const folder = compileCacheDir(dir);
    expect(folder.startsWith(dir)).toBe(true);
    if (process.getuid) expect(folder.endsWith(`-${process.getuid()}`)).toBe(true);
    expect(startCompileCache(enable, folder, noEnv)).toBe(folder);
    expect(given).toEqual([folder]);
    if (process.getuid) expect(statSync(folder).mode & 0o777).toBe(0o700);
    // A second run uses the same folder.
    expect(startCompileCache(enable, folder, noEnv)).toBe(folder);
  });

  it.skipIf(!process.getuid)('is not used when others may write to it, when it is a link, or when another user owns it', () => {
    const { given, enable } = recorder();
    const open = join(dir, 'open');
    mkdirSync(open, { mode: 0o700 });
    chmodSync(open, 0o777);
    expect(startCompileCache(enable, open, noEnv)).toBeUndefined();
    chmodSync(open, 0o770);
    expect(startCompileCache(enable, open, noEnv)).toBeUndefined();

    const target = join(dir, 'target');
    mkdirSync(target, { mode: 0o700 });
    const link = join(dir, 'link');
    symlinkSync(target, link);
    expect(startCompileCache(enable, link, noEnv)).toBeUndefined();

    if (process.getuid!() === 0) {
      const theirs = join(dir, 'theirs');
      mkdirSync(theirs, { mode: 0o700 });
      chownSync(theirs, 12345, 12345);
      expect(startCompileCache(enable, theirs, noEnv)).toBeUndefined();
    }
    expect(given).toEqual([]);
  });

  it("leaves Node's own variables in charge, and a failure costs only the cache", () => {
    const { given, enable } = recorder();
    const folder = join(dir, 'by-variables');
    expect(startCompileCache(enable, folder, { NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
    expect(startCompileCache(enable, folder, { NODE_COMPILE_CACHE: join(dir, 'elsewhere') })).toBeUndefined();
    expect(existsSync(folder)).toBe(false);
    expect(given).toEqual([]);
    const failing = () => {
      throw new Error('no cache here');
    };
    expect(startCompileCache(failing, folder, noEnv)).toBeUndefined();
    // A path that cannot be a folder (under a file).
    expect(startCompileCache(enable, join(fileURLToPath(import.meta.url), 'x'), noEnv)).toBeUndefined();
  });
});
