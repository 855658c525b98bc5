import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkApiUrl } from '../../src/qovery/endpoint.js';
import { runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * Issue 10 item 8: a refused API URL is named without its query, fragment or userinfo (they can
 * hold a key), and plain http to anything but loopback is refused by the check itself, with no DNS.
 */
const SECRET = 'k3y-0f-the-kingdom-4242';

const message = (url: string): string => {
  const checked = checkApiUrl(url);
  if (!('diagnostic' in checked)) throw new Error(`${url} was accepted`);
  return JSON.stringify(checked.diagnostic);
};

describe('checkApiUrl (issue 10, item 8)', () => {
  for (const url of ['http://api.example.com', 'http://10.0.0.1:8080', 'http://evil.localhost', 'http://[::ffff:127.0.0.1]/', 'http://128.0.0.1']) {
    it(`refuses plain http to the non-loopback ${url}`, () => {
      expect(checkApiUrl(url)).toMatchObject({ diagnostic: { code: 'API_INSECURE_URL', summary: expect.stringContaining('plain http:// would send the token unencrypted') } });
    });
  }

  const refused = [
    `http://api.example.com/v1?api_key=${SECRET}`,
    `http://api.example.com/#${SECRET}`,
    `https://user:${SECRET}@api.qovery.com/?token=${SECRET}`,
    `ftp://api.qovery.com/?api_key=${SECRET}`,
    `not a url?api_key=${SECRET}`,
    `ht!tp://user:${SECRET}@host/#${SECRET}`,
  ];
  for (const url of refused) {
    it(`names ${url.replace(SECRET, '…')} without its query, fragment or userinfo`, () => {
      expect(message(url)).not.toContain(SECRET);
    });
  }

  it('keeps the scheme, host and path, so the message still says which URL it was', () => {
    expect(message(`http://api.example.com:8080/v1?api_key=${SECRET}#x`)).toContain('refusing the API URL \\"http://api.example.com:8080/v1\\"');
  });
});

describe('a refused API URL never echoes its query, in any format', () => {
  for (const format of ['text', 'json', 'github']) {
    for (const how of ['--api-url', 'QOVERY_API_URL']) {
      it(`--format ${format}, from ${how}`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'qd-api-url-'));
        const summary = join(dir, 'summary.md');
        const output = join(dir, 'output.txt');
        writeFileSync(summary, '');
        writeFileSync(output, '');
        const url = `http://api.example.com/v1?api_key=${SECRET}#${SECRET}`;
        const result = await runCli(['plan', '--format', format, ...(how === '--api-url' ? ['--api-url', url] : []), 'examples/minimal.yaml'], {
          env: { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, ...(how === 'QOVERY_API_URL' ? { QOVERY_API_URL: url } : {}) },
        });
        expect(result.code).toBe(1);
        expect(`${result.stdout}${result.stderr}`).toContain('API_INSECURE_URL');
        expect(`${result.stdout}${result.stderr}`).toContain('http://api.example.com/v1');
        expectNoSecret(SECRET, result.stdout, result.stderr, readFileSync(summary, 'utf8'), readFileSync(output, 'utf8'));
      });
    }
  }
});
