import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyFor, type ProxyDecision } from '../../src/qovery/proxy.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';
import { loopbackServers } from '../helpers/servers.js';

/**
 * Issue 10 item 6: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured (Node 20's fetch ignores
 * them), `--verbose` names the proxy without its password, and the no-redirect and loopback-only
 * rules still hold. A real proxy server on loopback forwards to the simulator.
 */

const PROXY_PASSWORD = 'proxy-pa55-do-not-print';

interface SeenByProxy {
  line: string;
  proxyAuthorization?: string;
  /** Whether an Authorization header (the API token) reached the proxy in clear. */
  sawToken: boolean;
}

interface TestProxy {
  url: string;
  seen: SeenByProxy[];
}

const servers = loopbackServers();
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A forwarding proxy: absolute-form requests are forwarded; CONNECT is refused with 407. */
async function startProxy(): Promise<TestProxy> {
  const seen: SeenByProxy[] = [];
  const { server, url } = await servers.listen((req, res) => {
    seen.push({ line: `${req.method} ${req.url}`, proxyAuthorization: req.headers['proxy-authorization'], sawToken: req.headers.authorization !== undefined });
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket) => {
    seen.push({ line: `CONNECT ${req.url}`, proxyAuthorization: req.headers['proxy-authorization'], sawToken: req.headers.authorization !== undefined });
    socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
  });
  return { url, seen };
}

const withUser = (proxyUrl: string) => proxyUrl.replace('http://', `http://deployer:${PROXY_PASSWORD}@`);

async function plan(env: Record<string, string>, extra: string[] = []) {
  const result = await runCli(['plan', '--verbose', '--retry-base', '10ms', '--request-timeout', '5s', ...extra, 'examples/minimal.yaml'], {
    env: { QOVERY_API_URL: sim!.url, QOVERY_API_TOKEN: sim!.token, ...env },
  });
  expectNoSecret(PROXY_PASSWORD, result.stdout, result.stderr);
  return result;
}

describe('proxies from the environment (issue 10, item 6)', () => {
  it('HTTP_PROXY carries every request in absolute form, with its credentials, and --verbose says so without the password', async () => {
    sim = await startSimulator({ token: canaryToken() });
    const proxy = await startProxy();
    const result = await plan({ HTTP_PROXY: withUser(proxy.url), NO_PROXY: '' });
    expect([0, 2], result.stderr).toContain(result.code);
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen).toHaveLength(sim.requests.length);
    for (const hit of proxy.seen) {
      expect(hit.line).toMatch(new RegExp(`^GET ${sim.url}/`));
      expect(hit.proxyAuthorization).toBe(`Basic ${Buffer.from(`deployer:${PROXY_PASSWORD}`).toString('base64')}`);
    }
    expect(result.stderr).toContain(`proxy: requests to ${sim.url} go through ${proxy.url} (from HTTP_PROXY)`);
  });

  it('the built CLI (bundle, undici kept external) goes through the proxy too', async () => {
    sim = await startSimulator({ token: canaryToken() });
    const proxy = await startProxy();
    const result = await spawnCli(['plan', '--verbose', '--retry-base', '10ms', 'examples/minimal.yaml'], {
      env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: sim.token, HTTP_PROXY: withUser(proxy.url), NO_PROXY: '' },
    });
    expect([0, 2], result.stderr).toContain(result.code);
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen).toHaveLength(sim.requests.length);
    expectNoSecret(PROXY_PASSWORD, result.stdout, result.stderr);
  });

  it('the lower-case variable wins over the upper-case one', async () => {
    sim = await startSimulator({ token: canaryToken() });
    const proxy = await startProxy();
    const result = await plan({ http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9' });
    expect([0, 2], result.stderr).toContain(result.code);
    expect(proxy.seen.length).toBe(sim.requests.length);
    expect(result.stderr).toContain(`go through ${proxy.url} (from http_proxy)`);
  });

  for (const noProxy of ['127.0.0.1', 'localhost, 127.0.0.1', '*', '127.0.0.0/8']) {
    it(`NO_PROXY=${JSON.stringify(noProxy)} bypasses the proxy, and --verbose says why`, async () => {
      sim = await startSimulator({ token: canaryToken() });
      const proxy = await startProxy();
      const result = await plan({ HTTP_PROXY: withUser(proxy.url), no_proxy: noProxy });
      expect([0, 2], result.stderr).toContain(result.code);
      expect(proxy.seen).toEqual([]);
      expect(sim.requests.length).toBeGreaterThan(0);
      expect(result.stderr).toContain(`proxy: ${proxy.url} (from HTTP_PROXY) is not used for ${sim.url}: NO_PROXY has`);
    });
  }

  it('https through HTTPS_PROXY is tunnelled with CONNECT: the proxy never sees the token; a 407 stops at once with exit 5', async () => {
    sim = await startSimulator({ token: canaryToken() });
    const proxy = await startProxy();
    const port = new URL(sim.url).port;
    const result = await plan({ HTTPS_PROXY: withUser(proxy.url), NO_PROXY: '' }, ['--api-url', `https://127.0.0.1:${port}`]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('the proxy refused the connection (HTTP 407)');
    expect(proxy.seen.map((s) => s.line)).toEqual([`CONNECT 127.0.0.1:${port}`]);
    expect(proxy.seen[0]!.sawToken).toBe(false);
    expect(sim.requests).toEqual([]);
  });

  it('a redirect is still never followed through a proxy', async () => {
    sim = await startSimulator({ token: canaryToken() });
    const proxy = await startProxy();
    const stolen: string[] = [];
    const { url: otherUrl } = await servers.listen((req, res) => {
      stolen.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    sim.faults.add({ path: '*', times: Infinity, action: { type: 'redirect', location: `${otherUrl}/steal` } });
    const result = await plan({ HTTP_PROXY: proxy.url, NO_PROXY: '' });
    expect(stolen).toEqual([]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('[API_REDIRECT]');
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]!.line).toMatch(new RegExp(`^GET ${sim.url}/`));
    expect(stolen).toEqual([]);
  });

  it('plain http to the API through a proxy elsewhere is refused (exit 1) before any socket is opened', async () => {
    sim = await startSimulator({ token: canaryToken() });
    const result = await plan({ HTTP_PROXY: `http://deployer:${PROXY_PASSWORD}@proxy.example.com:3128` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[API_PROXY_INVALID]');
    expect(result.stderr).toContain('add 127.0.0.1 to NO_PROXY');
    expect(sim.requests).toEqual([]);
  });

  it('a proxy with an unsupported scheme is refused (exit 1)', async () => {
    sim = await startSimulator({ token: canaryToken() });
    const result = await plan({ HTTP_PROXY: 'socks5://127.0.0.1:1080' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the proxy in HTTP_PROXY cannot be used: the socks5: scheme is not supported');
  });

  it('undici is loaded only when a proxy is used: the bundled CLI imports it lazily', () => {
    const dir = `${ROOT}dist/bundle`;
    const code = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(`${dir}/${f}`, 'utf8'));
    expect(code.some((text) => /^\s*import\s[^(]*["']undici["']/m.test(text) || /require\(["']undici["']\)/.test(text))).toBe(false);
    expect(code.filter((text) => text.includes('import("undici")'))).toHaveLength(1);
  });
});

const https = new URL('https://api.qovery.com');
const http = new URL('http://127.0.0.1:8080');
const route = (decision: ProxyDecision) => (decision.type === 'proxy' ? `${decision.route.variable} ${decision.route.display}` : decision.type);

describe('which proxy applies (the rule behind the verbose line)', () => {
  const cases: [string, URL, Record<string, string>, string][] = [
    ['no variable', https, {}, 'direct'],
    ['https_proxy first', https, { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:1', HTTP_PROXY: 'http://c:1' }, 'https_proxy http://a:1'],
    ['HTTPS_PROXY', https, { HTTPS_PROXY: 'http://b:1' }, 'HTTPS_PROXY http://b:1'],
    ['https falls back to the http proxy (as undici does)', https, { HTTP_PROXY: 'http://c:1' }, 'HTTP_PROXY http://c:1'],
    ['an http API ignores HTTPS_PROXY', http, { HTTPS_PROXY: 'http://127.0.0.1:1' }, 'direct'],
    ['a blank variable counts as unset', https, { https_proxy: ' ', HTTPS_PROXY: 'http://b:1' }, 'HTTPS_PROXY http://b:1'],
    ['no scheme means http', https, { HTTPS_PROXY: 'proxy.corp:3128' }, 'HTTPS_PROXY http://proxy.corp:3128'],
    ['userinfo never shown', https, { HTTPS_PROXY: 'http://u:secret@proxy.corp:3128/x?y' }, 'HTTPS_PROXY http://proxy.corp:3128'],
    ['an https proxy', https, { HTTPS_PROXY: 'https://proxy.corp' }, 'HTTPS_PROXY https://proxy.corp'],
    ['NO_PROXY exact host', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.qovery.com' }, 'bypass'],
    ['NO_PROXY domain suffix', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'qovery.com' }, 'bypass'],
    ['NO_PROXY leading dot', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.qovery.com' }, 'bypass'],
    ['NO_PROXY leading *.', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'foo, *.qovery.com' }, 'bypass'],
    ['NO_PROXY is not a substring match', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'ery.com' }, 'HTTPS_PROXY http://p:1'],
    ['NO_PROXY with the right port', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.qovery.com:443' }, 'bypass'],
    ['NO_PROXY with another port', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.qovery.com:8443' }, 'HTTPS_PROXY http://p:1'],
    ['NO_PROXY *', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }, 'bypass'],
    ['no_proxy first', https, { HTTPS_PROXY: 'http://p:1', no_proxy: 'other.com', NO_PROXY: 'qovery.com' }, 'HTTPS_PROXY http://p:1'],
    ['NO_PROXY CIDR', http, { HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: '127.0.0.0/8' }, 'bypass'],
    ['NO_PROXY CIDR elsewhere', http, { HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: '10.0.0.0/8' }, 'HTTP_PROXY http://127.0.0.1:1'],
    ['NO_PROXY bare IPv6', new URL('http://[::1]:8080'), { HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: '::1' }, 'bypass'],
    ['NO_PROXY bracketed IPv6 with port', new URL('http://[::1]:8080'), { HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: '[::1]:8080' }, 'bypass'],
    ['http API through a loopback proxy', http, { HTTP_PROXY: 'http://localhost:3128' }, 'HTTP_PROXY http://localhost:3128'],
    ['http API through a remote proxy', http, { HTTP_PROXY: 'http://proxy.corp:3128' }, 'invalid'],
    ['socks is not supported', https, { HTTPS_PROXY: 'socks5://127.0.0.1:1080' }, 'invalid'],
    ['not a URL', https, { HTTPS_PROXY: 'http://[nope' }, 'invalid'],
  ];
  for (const [name, url, env, expected] of cases) {
    it(name, () => expect(route(proxyFor(url, env))).toBe(expected));
  }

  it('keeps the userinfo for Proxy-Authorization, and only there', () => {
    const decision = proxyFor(https, { HTTPS_PROXY: 'http://u:s3cret@proxy.corp:3128' });
    expect(decision).toMatchObject({ type: 'proxy', route: { url: 'http://u:s3cret@proxy.corp:3128/', display: 'http://proxy.corp:3128' } });
  });
});
