import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { HEADER, tempDir } from './helpers/temp.js';

const { dir } = tempDir('qd-pack-');

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
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
    // --offline: the dependencies come from npm's cache (filled by `npm ci`); tests reach nothing beyond loopback.
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, packed[0]!.filename)], { cwd: app, stdio: 'pipe' });
    writeFileSync(join(app, 'qovery-deploy.yaml'), `# yaml-language-server: $schema=./node_modules/qovery-deploy/schema/qovery-deploy.schema.json\n${HEADER}containers:\n  - name: web\n    image_tag: 1.10\n`);
    const out = execFileSync(join(app, 'node_modules/.bin/qovery-deploy'), ['validate', '--no-git'], { cwd: app, encoding: 'utf8' });
    expect(out).toContain('✓ qovery-deploy.yaml: valid (1 service)');
    const schema = execFileSync(join(app, 'node_modules/.bin/qovery-deploy'), ['schema'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(schema).title).toBe('qovery-deploy manifest');
  }, 120_000);
});
