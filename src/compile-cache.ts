/**
 * V8's compile cache for the bin (Node ≥ 22.1 has `module.enableCompileCache`): later runs load
 * the bundle's compiled code instead of compiling it again. For the one file `validate` runs the
 * bin keeps V8's code cache itself (`requireWithCodeCache`), on every Node: Node 20 has no cache of
 * its own, and Node's holds only the code compiled as a module loads, not the functions compiled
 * later as it runs (yaml's parser, the schema validator), which ours saves at exit. A CI runner
 * that starts from a fresh machine gains nothing on its first run; a developer's machine and a
 * self-hosted runner do.
 *
 * The cache is code this process will run, so it is kept where no other user can write: a folder
 * of our own in the OS temp folder, created 0700, used only if it is a real directory (not a
 * link) owned by us with no group or other write bit. Any failure only means a slower start.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Node's `module.enableCompileCache` (only the argument we pass). */
export type EnableCompileCache = (directory: string) => unknown;

/** The cache folder for this user: one per uid, so that users never share (or block) one. */
export function compileCacheDir(base = tmpdir()): string {
  const uid = process.getuid?.();
  return join(base, uid === undefined ? 'qovery-deploy-compile-cache' : `qovery-deploy-compile-cache-${uid}`);
}

/** True when `dir` is a directory of ours that only we can write (always true where there are no uids). */
export function isPrivateDir(dir: string): boolean {
  const info = lstatSync(dir);
  if (!info.isDirectory()) return false;
  const uid = process.getuid?.();
  return uid === undefined || (info.uid === uid && (info.mode & 0o022) === 0);
}

/**
 * Turns the compile cache on in a private folder; returns the folder, or undefined when it stays
 * off. Node's own variables win: NODE_DISABLE_COMPILE_CACHE turns it off, and with
 * NODE_COMPILE_CACHE Node has already turned it on in the folder that names.
 */
export function startCompileCache(enable: EnableCompileCache, dir = compileCacheDir(), env = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE || env.NODE_COMPILE_CACHE) return undefined;
  if (!privateDir(dir)) return undefined;
  try {
    enable(dir);
    return dir;
  } catch {
    return undefined;
  }
}

/** Creates `dir` (0700) if needed; true when it is ours alone. Any failure means no cache. */
function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return isPrivateDir(dir);
  } catch {
    return false;
  }
}

/** A CommonJS module loaded by `requireWithCodeCache`, and what became of its code cache. */
export interface CachedModule {
  exports: unknown;
  /**
   * used: compiled from the cache; noted: compiled, this build's first run here, nothing saved;
   * written: compiled, cache saved at exit (the second run); off: no cache.
   */
  cache: 'used' | 'noted' | 'written' | 'off';
}

/** How `requireWithCodeCache` saves a new cache: at the process's exit by default. */
export interface CodeCacheOptions {
  dir?: string;
  env?: NodeJS.ProcessEnv;
  atExit?: (save: () => void) => void;
}

/**
 * Loads a CommonJS file as `require` would, compiling it with V8's code cache from the private
 * folder (on every Node: Node's own compile cache, from 22.1, keeps less, see above). The cache is
 * saved once the process has run, so that it holds the functions compiled on the way too, and only
 * on a build's second run in this folder: the first leaves an empty mark. Writing a cache costs
 * about a tenth of a start, and a CI runner that is thrown away after one run would pay it for
 * nothing. Its name carries the file's path (hashed), size, inode and change time: a rebuilt file
 * never meets the code of another (V8 itself only checks the source's length). NODE_DISABLE_COMPILE_CACHE turns it off.
 */
export function requireWithCodeCache(file: string, options: CodeCacheOptions = {}): CachedModule {
  const { dir = compileCacheDir(), env = process.env, atExit = (save) => process.once('exit', save) } = options;
  if (env.NODE_DISABLE_COMPILE_CACHE || !privateDir(dir)) return { exports: createRequire(file)(file), cache: 'off' };
  const info = statSync(file);
  // Named after the file's path too: two installs (two projects) keep a cache each instead of
  // replacing each other's at every run; the earlier builds pruned are those of this path only.
  const name = `${basename(file)}-${pathHash(file)}`;
  const cacheFile = join(dir, `${name}-${info.size}-${info.ino}-${info.ctimeMs}-${process.version}-${process.arch}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // Not cached yet.
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(file));
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  if (cachedData && !script.cachedDataRejected) return { exports: module.exports, cache: 'used' };
  // A rejected cache (damaged, or from another V8) is replaced at once; a missing one on the second run.
  if (!cachedData && noteFirstRun(`${cacheFile}.seen`)) {
    keepOnly(dir, name, `${cacheFile}.seen`);
    return { exports: module.exports, cache: 'noted' };
  }
  atExit(() => {
    try {
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
      renameSync(temporary, cacheFile);
      keepOnly(dir, name, cacheFile);
    } catch {
      // Only a slower start next time.
    }
  });
  return { exports: module.exports, cache: 'written' };
}

/** Leaves the empty mark of a build's first run; false when it was there already (or cannot be made). */
function noteFirstRun(mark: string): boolean {
  try {
    writeFileSync(mark, '', { flag: 'wx', mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}

/** Removes the caches and marks of other builds of `name`: they will not be read again. */
function keepOnly(dir: string, name: string, keep: string): void {
  try {
    for (const old of readdirSync(dir)) {
      if (old.startsWith(`${name}-`) && (old.endsWith('.v8') || old.endsWith('.seen')) && join(dir, old) !== keep) rmSync(join(dir, old), { force: true });
    }
  } catch {
    // Only files left behind.
  }
}

/** FNV-1a of a path, 8 hex digits: names a cache, needs no crypto module (which would slow the start). */
function pathHash(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
