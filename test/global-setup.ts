import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built project: its files may run dist/ (given in vitest.config.ts). */
    built: boolean;
    /** Where the built project's background build writes how it ended ('' when dist/ is already fresh). */
    buildStatus: string;
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));
/** What a build is made from: when none of it is newer than dist/, dist/ is fresh. */
const BUILD_INPUTS = ['src', 'schema', 'scripts', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** The build's last output (scripts/bundle-cli.mjs runs last, after clean-dist emptied dist/). */
const LAST_OUTPUT = `${root}dist/bundle/cli.js`;

/** The newest modification time among the build inputs (a checkout or an edit moves it). */
function newestInput(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of BUILD_INPUTS) if (existsSync(join(root, input))) visit(join(root, input));
  return newest;
}

/** Whether dist/ was built after the last change to any build input (by `npm run build` or by this setup). */
function distIsFresh(): boolean {
  if (!existsSync(LAST_OUTPUT) || !existsSync(`${root}dist/index.js`)) return false;
  return statSync(LAST_OUTPUT).mtimeMs > newestInput();
}

/** Touched each time this setup regenerated the validator (which rewrites it only when it changed). */
const VALIDATOR_CHECKED = `${root}node_modules/.cache/qovery-deploy/validator-checked`;

/** Whether the generated validator was written, or found current, after the last change to the schema and its generator. */
function validatorIsFresh(): boolean {
  const generated = `${root}src/validate/generated/schema-validator.cjs`;
  if (!existsSync(generated)) return false;
  const inputs = Math.max(...['schema/qovery-deploy.schema.json', 'scripts/build-validator.mjs'].map((file) => statSync(join(root, file)).mtimeMs));
  const checked = existsSync(VALIDATOR_CHECKED) ? statSync(VALIDATOR_CHECKED).mtimeMs : 0;
  return Math.max(statSync(generated).mtimeMs, checked) > inputs;
}

/** Replaces a small JSON file whole, so that a reader never sees it half-written. */
function writeWhole(file: string, value: object): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

/**
 * What each project needs before its files run. QD_SKIP_BUILD=1 says the build is fresh (.ci/run
 * builds first): nothing to do.
 * - source: only the generated validator, when the schema or its generator is newer than it.
 * - built: dist/, unless it was built after the last change to its inputs. It is built in the
 *   background while the source files run; each built file waits for it (test/wait-for-build.ts).
 *   The build scripts rewrite a source file only when it changes, so the files running meanwhile
 *   never read one half-written.
 */
export default function setup(project: TestProject): (() => Promise<void>) | undefined {
  project.provide('buildStatus', '');
  if (process.env.QD_SKIP_BUILD === '1') return undefined;
  if (project.name !== 'built') {
    if (!validatorIsFresh()) {
      execFileSync(process.execPath, ['scripts/build-validator.mjs'], { cwd: root, stdio: 'inherit' });
      mkdirSync(join(VALIDATOR_CHECKED, '..'), { recursive: true });
      writeFileSync(VALIDATOR_CHECKED, '');
    }
    return undefined;
  }
  if (distIsFresh()) return undefined;
  mkdirSync(`${root}.test-output`, { recursive: true });
  const status = `${root}.test-output/build-${process.pid}.json`;
  writeWhole(status, { state: 'running' });
  project.provide('buildStatus', status);
  let output = '';
  // Without the machine's extra CA certificates (as the workers, vitest.config.ts): the build reaches no network.
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
  const build = spawn('npm', ['run', '--silent', 'build'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  build.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  build.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<void>((resolve) => {
    build.on('close', (code) => {
      if (code !== 0) process.stderr.write(`npm run build failed (exit ${code}):\n${output}\n`);
      writeWhole(status, code === 0 ? { state: 'ok' } : { state: 'failed', output: output.slice(-4000) });
      resolve();
    });
  });
  // Even when no built file ran (a filtered run), the build finishes: a half-written dist/ is worse than a late one.
  return async () => {
    await done;
    rmSync(status, { force: true });
  };
}
