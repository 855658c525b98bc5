/**
 * Issue 15, item 5: the bin keeps V8's code cache for validate.cjs itself (src/compile-cache.ts,
 * `requireWithCodeCache`), on every Node: Node 20 has no compile cache of its own, and Node 24's
 * keeps less (not the functions compiled as the module runs). Each load runs in
 * a fresh process of the built module, as the bin's do: within one process V8 remembers what it
 * compiled, and a second load would say nothing about the cache.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, spawnCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const { dir } = tempDir('qd-code-cache-');
const MODULE = pathToFileURL(join(ROOT, 'dist/compile-cache.js')).href;

/** A CommonJS module that requires a sibling, as validate.cjs requires git.cjs. */
function fixture(name: string, answer: string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'sibling.cjs'), 'exports.twice = (x) => x + x;\n');
  const file = join(folder, 'entry.cjs');
  writeFileSync(file, `const { twice } = require('./sibling.cjs');\nexports.answer = () => twice('${answer}');\nexports.file = __filename;\n`);
  return file;
}

/** Loads `file` in a new Node process, the cache in `cacheDir`; the cache is saved as that process exits. */
function load(file: string, cacheDir: string, env: Record<string, string> = {}): { cache: string; answer: string; file: string } {
  const script = `import { requireWithCodeCache } from ${JSON.stringify(MODULE)};
const { exports, cache } = requireWithCodeCache(${JSON.stringify(file)}, { dir: ${JSON.stringify(cacheDir)}, env: ${JSON.stringify(env)} });
console.log(JSON.stringify({ cache, answer: exports.answer(), file: exports.file }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout);
}

const caches = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.v8'));
const marks = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.seen'));

describe("the bin's code cache for validate.cjs", () => {
  it("saves nothing on a build's first run (a thrown-away CI runner would pay for nothing), the cache (0600) on its second, and uses it from the third", () => {
    const folder = join(dir, 'cache');
    const file = fixture('src', 'ab');
    expect(load(file, folder)).toEqual({ cache: 'noted', answer: 'abab', file });
    expect(caches(folder)).toEqual([]);
    expect(marks(folder)).toHaveLength(1);
    expect(load(file, folder)).toEqual({ cache: 'written', answer: 'abab', file });
    expect(caches(folder)).toHaveLength(1);
    expect(marks(folder)).toEqual([]);
    if (process.getuid) expect(statSync(join(folder, caches(folder)[0]!)).mode & 0o777).toBe(0o600);
    expect(load(file, folder)).toEqual({ cache: 'used', answer: 'abab', file });
    expect(load(file, folder)).toEqual({ cache: 'used', answer: 'abab', file });
  });

  it('never runs the code of an earlier build: a rewritten file of the same length gets a new cache, the old one goes', () => {
    const folder = join(dir, 'cache-rebuilt');
    const file = fixture('src-rebuilt', 'ab');
    load(file, folder);
    load(file, folder);
    const before = caches(folder);
    expect(before).toHaveLength(1);
    fixture('src-rebuilt', 'cd'); // the same length, other code
    expect(load(file, folder)).toEqual({ cache: 'noted', answer: 'cdcd', file });
    expect(caches(folder)).toEqual([]);
    expect(load(file, folder)).toEqual({ cache: 'written', answer: 'cdcd', file });
    expect(caches(folder)).toHaveLength(1);
    expect(caches(folder)).not.toEqual(before);
    expect(load(file, folder)).toEqual({ cache: 'used', answer: 'cdcd', file });
  });

  it('two installs of the same file name keep a cache each: used in turns, neither replaces the other', () => {
    const folder = join(dir, 'cache-two-installs');
    const one = fixture('install-one', 'ij');
    const two = fixture('install-two', 'kl');
    for (const expected of ['noted', 'written', 'used', 'used'] as const) {
      expect(load(one, folder)).toEqual({ cache: expected, answer: 'ijij', file: one });
      expect(load(two, folder)).toEqual({ cache: expected, answer: 'klkl', file: two });
    }
    expect(caches(folder)).toHaveLength(2);
  });

  it('a damaged cache is set aside and replaced', () => {
    const folder = join(dir, 'cache-damaged');
    const file = fixture('src-damaged', 'ef');
    load(file, folder);
    load(file, folder);
    writeFileSync(join(folder, caches(folder)[0]!), 'not V8 code');
    expect(load(file, folder)).toEqual({ cache: 'written', answer: 'efef', file });
    expect(load(file, folder)).toEqual({ cache: 'used', answer: 'efef', file });
  });

  it.skipIf(!process.getuid)('is off in a folder others may write to, and with NODE_DISABLE_COMPILE_CACHE; the module still loads', () => {
    const open = join(dir, 'cache-open');
    mkdirSync(open, { mode: 0o700 });
    chmodSync(open, 0o777);
    const file = fixture('src-open', 'gh');
    expect(load(file, open)).toEqual({ cache: 'off', answer: 'ghgh', file });
    expect(load(file, open)).toEqual({ cache: 'off', answer: 'ghgh', file });
    expect(readdirSync(open)).toEqual([]);
    const disabled = join(dir, 'cache-disabled');
    expect(load(file, disabled, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ cache: 'off', answer: 'ghgh', file });
    expect(load(file, disabled, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ cache: 'off', answer: 'ghgh', file });
    expect(existsSync(disabled)).toBe(false);
  });
});

describe('the bin, on every Node', () => {
  it('runs validate from validate.cjs with the code cache in its private folder, and gives the same answer with it', async () => {
    const tmp = join(dir, 'bin-tmp');
    mkdirSync(tmp);
    const manifest = join(ROOT, 'examples/from-ci.yaml');
    const first = await spawnCli(['validate', manifest], { env: { TMPDIR: tmp } });
    const folder = join(tmp, `qovery-deploy-compile-cache-${process.getuid?.() ?? ''}`.replace(/-$/, ''));
    expect(marks(folder)).toEqual([expect.stringMatching(/^validate\.cjs-/)]);
    const second = await spawnCli(['validate', manifest], { env: { TMPDIR: tmp } });
    expect(caches(folder)).toEqual([expect.stringMatching(/^validate\.cjs-/)]);
    const third = await spawnCli(['validate', manifest], { env: { TMPDIR: tmp } });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('valid (6 services)');
  });
});

// @types/node is Node 20's, which has no enableCompileCache.
const hasNodeCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe.runIf(hasNodeCompileCache)("the bin and Node's own compile cache (Node >= 22.1)", () => {
  /** The files of Node's own cache (its folder inside ours is named after the Node version). */
  const nodeCacheFiles = (folder: string) =>
    readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => readdirSync(join(folder, entry.name)));

  it('keeps the ES module bundle of the other commands, and nothing on validate\'s path before validate.cjs (a first run would pay for writing it)', async () => {
    const validating = join(dir, 'node-cache-validate');
    mkdirSync(validating);
    expect((await spawnCli(['validate', join(ROOT, 'examples/from-ci.yaml')], { env: { TMPDIR: validating } })).code).toBe(0);
    const folder = (tmp: string) => join(tmp, `qovery-deploy-compile-cache-${process.getuid?.() ?? ''}`.replace(/-$/, ''));
    expect(nodeCacheFiles(folder(validating))).toEqual([]);

    const other = join(dir, 'node-cache-schema');
    mkdirSync(other);
    expect((await spawnCli(['schema'], { env: { TMPDIR: other } })).code).toBe(0);
    expect(nodeCacheFiles(folder(other)).length).toBeGreaterThan(0);
  });
});
