import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('the published package', () => {
  it('packs dist/, schema/, README and LICENSE, nothing of the tests, and its bin runs from an empty folder', () => {
    // Scripts are skipped: the global setup already built dist/.
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
    ) as { filename: string; files: { path: string }[] }[];
    const paths = packed[0]!.files.map((f) => f.path);
    expect(paths).toContain('README.md');
    expect(paths).toContain('LICENSE');
    expect(paths).toContain('package.json');
    expect(paths).toContain('schema/qovery-deploy.schema.json');
    expect(paths).toContain('bin/qovery-deploy.js');
    expect(paths).toContain('dist/bundle/cli.js');
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/validate/generated/schema-validator.cjs');
    expect(paths.filter((p) => /^(test|src|bench|scripts|examples)\//.test(p) || /\.test\./.test(p))).toEqual([]);

    const app = join(dir, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
    const bin = installTarball(join(dir, packed[0]!.filename), app);
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
  }, 120_000);
});
