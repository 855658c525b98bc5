import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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
function installTarball(tarball: string, app: string, devDependencies: readonly string[] = []): string {
  const target = join(app, 'node_modules', 'qovery-deploy');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of [...Object.keys(pkg.dependencies ?? {}), ...devDependencies]) {
    const link = join(app, 'node_modules', name);
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), link, 'dir');
  }
  return join(target, 'bin', 'qovery-deploy.js');
}

/** Every file under a folder, as paths relative to it. */
function filesUnder(root: string, sub = ''): string[] {
  return readdirSync(join(root, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(root, join(sub, e.name)) : [join(sub, e.name)]));
}

/** Packs the package (scripts skipped: the global setup already built dist/) and installs it in an empty app. */
function packAndInstall(): { paths: string[]; app: string; bin: string; tarball: string } {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[];
  const app = join(dir, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
  const tarball = join(dir, packed[0]!.filename);
  return { paths: packed[0]!.files.map((f) => f.path), app, bin: installTarball(tarball, app), tarball };
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
    for (const file of ['bin/package.json', 'dist/bundle/start.cjs', 'dist/bundle/validate.cjs', 'dist/bundle/git.cjs']) expect(paths).toContain(file);
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

  it('type-checks in a strict consumer without skipLibCheck and without qovery-typescript-axios (issue 15 item 2)', () => {
    const app = join(dir, 'typed-app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), '{"name":"typed-app","version":"1.0.0","private":true,"type":"module"}');
    // The consumer's own dev dependency: the library's options take `process.env`-like values.
    installTarball(packed.tarball, app, ['@types/node']);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023'], types: ['node'] },
        files: ['index.ts'],
      }),
    );
    writeFileSync(
      join(app, 'index.ts'),
      [
        "import { compileRequests, loadManifest, planDeployment, resolveManifest, validateManifest, validateFiles, catalogue } from 'qovery-deploy';",
        "import type { DeployAllRequest, DeployRequest, Diagnostic, DiagnosticCode, Manifest, TerraformAction, TerraformDeployRequest } from 'qovery-deploy';",
        "import { main, type CliIO } from 'qovery-deploy/cli';",
        "const loaded = await loadManifest('qovery-deploy.yaml');",
        'const checked = validateManifest(loaded, { env: {} });',
        'const manifest: Manifest | undefined = checked.value;',
        'const resolved = manifest && (await resolveManifest(manifest)).value;',
        'const requests: DeployRequest[] = resolved ? compileRequests(resolved) : [];',
        "const body: DeployAllRequest = { applications: [{ application_id: 'x', git_commit_id: 'y' }], databases: ['z'] };",
        '// @ts-expect-error the request body is typed, not `any`',
        'const wrong: DeployAllRequest = { application: [] };',
        "const action: TerraformAction = 'PLAN';",
        "const terraform: TerraformDeployRequest = { git_commit_id: 'y', action };",
        "const code: DiagnosticCode = 'UNKNOWN_KEY';",
        '// @ts-expect-error a diagnostic code is one of the catalogue',
        "const unknown: DiagnosticCode = 'NOT_A_CODE';",
        'const first: Diagnostic | undefined = checked.diagnostics[0];',
        'const firstCode: DiagnosticCode | undefined = first?.code;',
        'const io: CliIO | undefined = undefined;',
        'export const used = [requests, body, wrong, terraform, code, unknown, firstCode, planDeployment, validateFiles, catalogue, main, io];',
        '',
      ].join('\n'),
    );
    expect(existsSync(join(app, 'node_modules', 'qovery-typescript-axios'))).toBe(false);
    // The project's own TypeScript; --listFiles shows every declaration file the consumer's program reached.
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    let listed: string;
    try {
      listed = execFileSync(process.execPath, [tsc, '-p', app, '--listFiles'], { cwd: app, encoding: 'utf8' });
    } catch (error) {
      throw new Error(`the consumer does not type-check:\n${String((error as { stdout?: string }).stdout)}`);
    }
    expect(listed.split('\n')).toContain(join(app, 'node_modules', 'qovery-deploy', 'dist', 'index.d.ts'));
    expect(listed).not.toContain('qovery-typescript-axios');
  }, 120_000);

  it('ships no declaration file that names qovery-typescript-axios, a dev dependency', () => {
    const root = join(packed.app, 'node_modules', 'qovery-deploy');
    const declarations = filesUnder(root).filter((f) => f.endsWith('.d.ts'));
    expect(declarations).toContain(join('dist', 'index.d.ts'));
    for (const file of declarations) expect(readFileSync(join(root, file), 'utf8'), file).not.toContain('qovery-typescript-axios');
  });
});
