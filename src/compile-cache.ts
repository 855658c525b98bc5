/**
 * V8's compile cache for the bin (Node ≥ 22.1 has `module.enableCompileCache`): later runs load
 * the bundle's compiled code instead of compiling it again. A CI runner that starts from a fresh
 * machine gains nothing on its first run; a developer's machine and a self-hosted runner do.
 *
 * The cache is code this process will run, so it is kept where no other user can write: a folder
 * of our own in the OS temp folder, created 0700, used only if it is a real directory (not a
 * link) owned by us with no group or other write bit. Any failure only means a slower start.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isPrivateDir(dir)) return undefined;
    enable(dir);
    return dir;
  } catch {
    return undefined;
  }
}
