import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyRepository } from '../../src/git/index.js';
import { isLoopbackHost } from '../../src/net/loopback.js';
import { checkApiUrl } from '../../src/qovery/endpoint.js';
import { ROOT } from '../helpers/cli.js';

/**
 * Issue 10 item 8: one loopback rule — exactly `localhost`, 127.0.0.0/8 and ::1 in any spelling —
 * for the API URL and for `repository:` alike. Plain http:// is allowed only there.
 */
const TABLE: [string, boolean][] = [
  ['localhost', true],
  ['LOCALHOST', true],
  ['127.0.0.1', true],
  ['127.1.2.3', true],
  ['127.255.255.255', true],
  ['::1', true],
  ['[::1]', true],
  ['0:0:0:0:0:0:0:1', true],
  ['[0:0:0:0:0:0:0:1]', true],
  ['0000::0001', true],
  ['::0.0.0.1', true],
  ['evil.localhost', false],
  ['api.localhost', false],
  ['localhost.', false],
  ['localhost.evil.com', false],
  ['127.0.0.1.nip.io', false],
  ['128.0.0.1', false],
  ['126.255.255.255', false],
  ['10.0.0.1', false],
  ['0.0.0.0', false],
  ['::', false],
  ['::2', false],
  ['::ffff:127.0.0.1', false],
  ['[::ffff:7f00:1]', false],
  ['fe80::1%lo', false],
  ['example.com', false],
  ['', false],
];

describe('loopback means localhost, 127.0.0.0/8 and ::1 (issue 10, item 8)', () => {
  for (const [host, loopback] of TABLE) {
    it(`${JSON.stringify(host)} is ${loopback ? '' : 'not '}loopback`, () => {
      expect(isLoopbackHost(host)).toBe(loopback);
    });
  }

  it('is one function: src/net/loopback.ts defines it, and the API URL, proxy and repository checks import it from there', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const sources = walk(join(ROOT, 'src')).map((file) => ({ file: file.slice(ROOT.length), text: readFileSync(file, 'utf8') }));
    expect(sources.filter((s) => /function isLoopbackHost\b/.test(s.text)).map((s) => s.file)).toEqual(['src/net/loopback.ts']);
    const importers = sources.filter((s) => /import \{ isLoopbackHost \} from '\.\.\/net\/loopback\.js'/.test(s.text)).map((s) => s.file);
    expect(importers.sort()).toEqual(['src/git/classify-repository.ts', 'src/qovery/endpoint.ts', 'src/qovery/proxy.ts']);
  });

  for (const host of ['evil.localhost', 'localhost.evil.com', '[::ffff:127.0.0.1]', '0x7f000001.nip.io']) {
    it(`plain http to ${host} is refused by the API URL check and by the repository check`, () => {
      expect(checkApiUrl(`http://${host}:8080`)).toMatchObject({ diagnostic: { code: 'API_INSECURE_URL' } });
      expect(classifyRepository(`http://${host}/acme/api.git`)).toMatchObject({ type: 'invalid' });
    });
  }

  for (const host of ['localhost', '127.0.0.2', '[::1]', '[0:0:0:0:0:0:0:1]']) {
    it(`plain http to ${host} is accepted by both checks`, () => {
      expect(checkApiUrl(`http://${host}:8080`)).toHaveProperty('baseUrl');
      expect(classifyRepository(`http://${host}/acme/api.git`)).toMatchObject({ type: 'remote' });
    });
  }
});
