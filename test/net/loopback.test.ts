import fc from 'fast-check';
import { isIP } from 'node:net';
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

/** The rule as first written, on `net.isIP`: the check now spares `validate` loading node:net. */
function loopbackByNetIsIP(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  const family = isIP(host);
  if (family === 4) return host.split('.')[0] === '127';
  if (family !== 6) return false;
  try {
    return new URL(`http://[${host}]/`).hostname === '[::1]';
  } catch {
    return false;
  }
}

describe('loopback means localhost, 127.0.0.0/8 and ::1 (issue 10, item 8)', () => {
  for (const [host, loopback] of TABLE) {
    it(`${JSON.stringify(host)} is ${loopback ? '' : 'not '}loopback`, () => {
      expect(isLoopbackHost(host)).toBe(loopback);
      expect(loopbackByNetIsIP(host)).toBe(loopback);
    });
  }

  it('answers as the same rule on net.isIP would, for any address or host name', () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('127', '0127', '00', '09', '99', '100', '199', '200', '249', '250', '255', '256', '260', '1000', '1270', '1e2', '0x7f', ''));
    const host = fc.oneof(
      fc.ipV4(),
      fc.ipV4Extended(),
      fc.ipV6(),
      fc.ipV6().map((ip) => `[${ip}]`),
      fc.tuple(fc.oneof(fc.constant('127'), octet), octet, octet, octet).map((parts) => parts.join('.')),
      fc.array(fc.constantFrom('0', '1', '::', ':', 'ffff', '127.0.0.1', '%lo', 'g'), { maxLength: 8 }).map((parts) => parts.join('')),
      fc.domain(),
      fc.string(),
    );
    fc.assert(fc.property(host, (h) => isLoopbackHost(h) === loopbackByNetIsIP(h)), { numRuns: 5000 });
  });

  it('is one function: src/net/loopback.ts defines it, and the API URL, proxy, repository and GITHUB_API_URL checks import it from there', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const sources = walk(join(ROOT, 'src')).map((file) => ({ file: file.slice(ROOT.length), text: readFileSync(file, 'utf8') }));
    expect(sources.filter((s) => /function isLoopbackHost\b/.test(s.text)).map((s) => s.file)).toEqual(['src/net/loopback.ts']);
    const importers = sources.filter((s) => /import \{ isLoopbackHost \} from '\.\.\/net\/loopback\.js'/.test(s.text)).map((s) => s.file);
    expect(importers.sort()).toEqual(['src/git/classify-repository.ts', 'src/github/pull-request.ts', 'src/qovery/endpoint.ts', 'src/qovery/proxy.ts']);
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
