/** The standalone simulator: flags, banner, and the real `npm run sim` process (the test setup builds dist/). */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runSimulatorCli } from '../../src/simulator/cli.js';
import { DEMO_FIXTURE, type Simulator } from '../../src/simulator/index.js';
import { get } from './helpers.js';

const DIST_CLI = fileURLToPath(new URL('../../dist/simulator/cli.js', import.meta.url));

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function capture(): { io: { stdout: (l: string) => void; stderr: (l: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, out, err };
}

describe('runSimulatorCli', () => {
  it('prints the URL, the token and how to point qovery-deploy at it', async () => {
    const { io, out } = capture();
    sim = await runSimulatorCli(['--stage-ms', '5'], io);
    const banner = out.join('\n');
    expect(banner).toContain(`listening on ${sim?.url}`);
    expect(banner).toContain(`Token: ${sim?.token}`);
    expect(banner).toContain(`QOVERY_API_URL=${sim?.url} QOVERY_API_TOKEN=${sim?.token} qovery-deploy plan`);
    expect(banner).toContain('Acme/shop/production  7a1b0c2d-0000-4000-8000-000000000001');
    expect(sim?.state.stages).toEqual({ queuedMs: 5, buildingMs: 5, deployingMs: 5, cancelingMs: 5 });
  });

  it('--json prints one JSON line; --token, --fixture, per-stage flags and --verbose apply', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qd-sim-'));
    const file = join(dir, 'fixture.json');
    const fixture = structuredClone(DEMO_FIXTURE);
    (fixture.organizations[0] as { name: string }).name = 'Initech';
    await writeFile(file, JSON.stringify(fixture));
    const { io, out, err } = capture();
    sim = await runSimulatorCli(['--json', '--token', 'qvsim_cli', '--fixture', file, '--queued-ms', '1', '--building-ms', '2', '--deploying-ms', '3', '--canceling-ms', '4', '--verbose'], io);
    expect(JSON.parse(out[0] as string)).toEqual({ url: sim?.url, token: 'qvsim_cli' });
    expect(sim?.state.stages).toEqual({ queuedMs: 1, buildingMs: 2, deployingMs: 3, cancelingMs: 4 });
    const orgs = await get(sim as Simulator, '/organization');
    expect(orgs.json.results[0].name).toBe('Initech');
    expect(err.join('\n')).toMatch(/GET \/organization/);
  });

  it('--help prints usage and starts nothing; bad flags throw', async () => {
    const { io, out } = capture();
    expect(await runSimulatorCli(['--help'], io)).toBeUndefined();
    expect(out.join('\n')).toMatch(/--fixture <file>/);
    await expect(runSimulatorCli(['--nope'], io)).rejects.toThrow();
    await expect(runSimulatorCli(['--stage-ms', 'fast'], io)).rejects.toThrow(/milliseconds/);
    await expect(runSimulatorCli(['--not-found-status', '500'], io)).rejects.toThrow(/404 or 403/);
  });
});

describe('node dist/simulator/cli.js', () => {
  it('starts, answers, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [DIST_CLI, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        if (buffer.includes('\n')) resolve(buffer.split('\n')[0] as string);
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const { url, token } = JSON.parse(line) as { url: string; token: string };
    const res = await fetch(`${url}/organization`, { headers: { authorization: `Token ${token}` } });
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
