import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { loopbackServers } from '../helpers/servers.js';
import { HEADER, tempDir } from '../helpers/temp.js';

/** Issue 15, item 3: the version is written once, in package.json; everything else reads it. */
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const servers = loopbackServers();
const { write } = tempDir('qd-version-');

const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('the version string lives in package.json only', () => {
  it('src/version.ts is generated from package.json, and no other source spells the version out', () => {
    expect(VERSION).toBe(version);
    const spelled = sourcesUnder(join(ROOT, 'src')).filter((file) => !file.endsWith(join('src', 'version.ts')) && readFileSync(file, 'utf8').includes(`'${version}'`));
    expect(spelled).toEqual([]);
  });

  it('--version prints it', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('the API client sends it in its User-Agent', async () => {
    const agents: (string | undefined)[] = [];
    const { url } = await servers.listen((req, res) => {
      agents.push(req.headers['user-agent']);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"no"}');
    });
    const file = write('qovery-deploy.yaml', `${HEADER}databases:\n  - id: 5e7c0000-0000-4000-8000-000000000001\n`);
    const result = await runCli(['status', file], { env: { QOVERY_API_URL: url } });
    expect(result.code).toBe(5);
    expect(agents.length).toBeGreaterThan(0);
    expect(new Set(agents)).toEqual(new Set([`qovery-deploy/${version}`]));
  });
});
