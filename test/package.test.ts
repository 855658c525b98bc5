import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { HEADER, tempDir } from './helpers/temp.js';

const { dir } = tempDir('qd-pack-');

/**
 * Installs the packed tarball without npm's registry or cache: `npm install --offline` needs the
 * registry metadata of every dependency in npm's cache, which `npm ci` from a lockfile does not put
 * there, so on a fresh CI machine it failed with ENOTCACHED. Instead the tarball is unpacked where
 * npm would place it, and each declared runtime dependency (only those) is linked from this
 * project's node_modules: a dependency missing from `dependencies` still fails to load.
 */
function installTarball(tarball: string, app: string): string {
  const target = join(app, 'node_modules', 'qovery-deploy');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const link = join(app, 'node_modules', name);
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), link, 'dir');
  }
  return join(target, 'bin', 'qovery-deploy.js');
}

/** Packs the package (scripts skipped: the global setup already built dist/) and installs it in an empty app. */
function packAndInstall(): { paths: string[]; app: string; bin: string } {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[];
  const app = join(dir, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
  return { paths: packed[0]!.files.map((f) => f.path), app, bin: installTarball(join(dir, packed[0]!.filename), app) };
}

/**
 * Runs `code` as an ES module in `cwd` with a loader hook that writes the URL of every module
 * resolved to a file (ES modules and CommonJS packages imported from them alike), and returns them.
 */
function modulesLoadedBy(code: string, cwd: string): string[] {
  const log = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const hooks = join(dir, 'trace-hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}
`,
  );
  const register = join(dir, 'trace.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });\n`);
  execFileSync(process.execPath, ['--import', pathToFileURL(register).href, '--input-type=module', '-e', code], { cwd, encoding: 'utf8' });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('the published package', () => {
  let packed: ReturnType<typeof packAndInstall>;
  beforeAll(() => {
    packed = packAndInstall();
  }, 120_000);

  it('packs dist/, schema/, README and LICENSE, nothing of the tests, and its bin runs from an empty folder', () => {
    const { paths, app, bin } = packed;
    expect(paths).toContain('README.md');
    expect(paths).toContain('LICENSE');
    expect(paths).toContain('package.json');
    expect(paths).toContain('schema/qovery-deploy.schema.json');
    expect(paths).toContain('bin/qovery-deploy.js');
    expect(paths).toContain('dist/bundle/cli.js');
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/validate/generated/schema-validator.cjs');
    expect(paths.filter((p) => /^(test|src|bench|scripts|examples)\//.test(p) || /\.test\./.test(p))).toEqual([]);

    writeFileSync(join(app, 'qovery-deploy.yaml'), `# yaml-language-server: $schema=./node_modules/qovery-deploy/schema/qovery-deploy.schema.json\n${HEADER}containers:\n  - name: web\n    image_tag: 1.10\n`);
    const out = execFileSync(process.execPath, [bin, 'validate', '--no-git'], { cwd: app, encoding: 'utf8' });
    expect(out).toContain('✓ qovery-deploy.yaml: valid (1 service)');
    const schema = execFileSync(process.execPath, [bin, 'schema'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(schema).title).toBe('qovery-deploy manifest');
    // The library entry loads with only the declared dependencies installed.
    const lib = execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('qovery-deploy'); console.log(typeof m.validateManifest)"], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(lib.trim()).toBe('function');
  });

  it('holds no simulator file: the simulated API is a test and demo tool, kept in the repository (npm run sim, npm run demo)', () => {
    expect(packed.paths.filter((p) => /simulator/i.test(p))).toEqual([]);
    // The repository still builds it, where `npm run sim` and the demo start it (test/simulator/cli.test.ts, test/demo.test.ts run them).
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.sim).toBe('node dist/simulator/cli.js');
    expect(existsSync(join(ROOT, 'dist/simulator/cli.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/simulator/index.js'))).toBe(true);
  });

  it('importing the library loads no command-line code: neither commander nor cli.js, nor any command', () => {
    const loaded = modulesLoadedBy("const m = await import('qovery-deploy'); if (typeof m.validateManifest !== 'function') process.exit(1);", packed.app);
    // The trace works: it saw the library and what the library does load.
    expect(loaded.some((url) => url.endsWith('/node_modules/qovery-deploy/dist/index.js'))).toBe(true);
    expect(loaded.some((url) => url.includes('/node_modules/yaml/'))).toBe(true);
    const cli = loaded.filter((url) => /\/node_modules\/commander\/|\/dist\/(cli|bundle\/[^/]+|commands\/[^/]+)\.js$/.test(url));
    expect(cli).toEqual([]);
  });

  it('offers the command line as qovery-deploy/cli', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const { main } = await import('qovery-deploy/cli'); process.exitCode = await main(['--version'])"],
      { cwd: packed.app, encoding: 'utf8' },
    );
    expect(out.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
