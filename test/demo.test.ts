import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_FIXTURE } from '../src/simulator/index.js';
import { ROOT, runCli } from './helpers/cli.js';

/** Runs `node scripts/demo.mjs` the way `npm run demo` does, with short simulated stages. */
function runDemo(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/demo.mjs'],
      { cwd: ROOT, env: { PATH: process.env.PATH, NO_COLOR: '1', QD_DEMO_STAGE_MS: '50', QOVERY_API_TOKEN: 'must-not-be-used' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run demo', () => {
  it('is the script npm runs, and its manifest is valid and uses every kind', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBe('node scripts/demo.mjs');
    const result = await runCli(['validate', '--no-git', 'examples/demo/qovery-deploy.yaml']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid (8 services)');
    // The fixture file is the built-in demo fixture (the simulator's own test keeps them equal too).
    expect(JSON.parse(readFileSync(join(ROOT, 'examples/demo/fixture.json'), 'utf8'))).toEqual(DEMO_FIXTURE);
  });

  it('deploys once, then finds nothing to deploy; one deploy request in all; cleans up', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(code, stdout + stderr).toBe(0);
    // On a terminal apply would ask before deploying: the demo says yes up front.
    expect(stdout).toContain('demo: $ qovery-deploy apply --yes qovery-deploy.yaml');
    const [first, second] = stdout.split('demo: second apply');
    expect(first).toContain('Deployed: 7 deployed, 1 unchanged.');
    expect(first).toMatch(/application +api +HEAD → [0-9a-f]{7} /);
    expect(first).toMatch(/job +migrate +v1\.0\.0 → [0-9a-f]{7} /);
    expect(first).toMatch(/container +web +1\.10 +1\.4\.2 → 1\.10 /);
    expect(first).toMatch(/job +nightly-report +2026\.11\.01 /);
    expect(second).toContain('Nothing to deploy: every service already runs the wanted version.');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('demo: 1 deploy request sent');
    // The progress lines went to stderr: one POST, accepted.
    expect(stderr.match(/POST \/environment\/\S+\/service\/deploy: accepted/g)).toHaveLength(1);
    // Its own simulator token was used (and never printed), not one from the caller's environment.
    expect(stdout + stderr).not.toMatch(/qvsim_|must-not-be-used/);
    const repo = /throwaway git repository (\S+):/.exec(stdout)?.[1];
    expect(repo).toBeDefined();
    expect(existsSync(repo!)).toBe(false);
  }, 60_000);
});
