import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { QoveryClient, classifyPost } from '../../src/qovery/client.js';
import { apiEndpointFrom, authorizationFor, checkApiUrl } from '../../src/qovery/endpoint.js';
import { backoffDelay, parseRetryAfter, withRetry, RetryableFailure } from '../../src/timing/retry.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';
import { virtualClock } from '../helpers/virtual-clock.js';

let sim: Simulator | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const client = (s: Simulator, extra: Partial<ConstructorParameters<typeof QoveryClient>[0]> = {}) =>
  new QoveryClient({ endpoint: { baseUrl: s.url, authorization: authorizationFor(s.token) }, requestTimeoutMs: 300, retry: { baseMs: 10 }, ...extra });

describe('every request has a deadline (checklist item 4)', () => {
  it('aborts an attempt that never answers after the request timeout, not undici’s 300 s', async () => {
    sim = await startSimulator();
    sim.faults.add({ method: 'GET', path: '/organization', times: Infinity, action: { type: 'hang' } });
    const started = Date.now();
    await expect(client(sim, { retry: { retries: 0, baseMs: 10 } }).get('/organization')).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'API_UNREACHABLE' })],
    });
    expect(Date.now() - started).toBeLessThan(300 + 1000);
  });

  it('gives up on a permanent 503 within the retry budget, with exit-5 class', async () => {
    sim = await startSimulator();
    sim.faults.add({ method: 'GET', path: '/organization', times: Infinity, action: { type: 'status', status: 503 } });
    // The budget is counted in the client's clock, whose waits are skipped: no real time is spent.
    const clock = virtualClock();
    const started = clock.now();
    const c = client(sim, { clock, retry: { retries: 50, baseMs: 50, capMs: 200, maxRetryTimeMs: 1500 } });
    await expect(c.get('/organization')).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ code: 'API_SERVER_ERROR' })] });
    expect(clock.now() - started).toBeLessThan(1500 + 1000);
    expect(c.requestCount).toBeGreaterThan(2);
  });

  it('never retries a 4xx read other than 429', async () => {
    sim = await startSimulator();
    sim.faults.add({ method: 'GET', path: '/organization', action: { type: 'status', status: 403, body: { message: 'no access' } } });
    const c = client(sim);
    await expect(c.get('/organization')).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ code: 'API_FORBIDDEN' })] });
    expect(c.requestCount).toBe(1);
  });
});

describe('backoff is bounded full jitter (checklist item 5)', () => {
  it('every delay is within [0, min(cap, base·2^(n-1))) and the sum stays under the budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (baseMs, capMs, randoms) => {
          let total = 0;
          randoms.forEach((r, i) => {
            const d = backoffDelay(i + 1, { baseMs, capMs }, () => r);
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(Math.min(capMs, baseMs * 2 ** i));
            total += d;
          });
          expect(total).toBeLessThanOrEqual(randoms.length * capMs);
        },
      ),
      { numRuns: 1000, seed: Number(process.env.FUZZ_SEED ?? 20261129) },
    );
  });

  it('withRetry never spends longer than maxRetryTime waiting', async () => {
    const clock = virtualClock();
    const started = clock.now();
    let attempts = 0;
    await expect(
      withRetry(
        async () => {
          attempts++;
          throw new RetryableFailure('nope');
        },
        { retries: 100, baseMs: 40, capMs: 100, maxRetryTimeMs: 500, retryAfterCapMs: 1000 },
        { clock },
      ),
    ).rejects.toThrow('nope');
    expect(clock.now() - started).toBeLessThan(500 + 300);
    expect(attempts).toBeGreaterThan(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('the POST is classified, never blindly retried', () => {
  it('a refused connection was certainly not processed', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const c = new QoveryClient({ endpoint: { baseUrl: `http://127.0.0.1:${port}`, authorization: 'Token x' }, requestTimeoutMs: 500 });
    expect((await c.post('/environment/x/service/deploy', {})).type).toBe('not-processed');
  });

  it('sorts statuses: 2xx accepted, 409 not processed, 429/5xx ambiguous, other 4xx rejected', () => {
    expect(classifyPost({ type: 'response', status: 202, body: {} }, '/p').type).toBe('accepted');
    expect(classifyPost({ type: 'response', status: 409, body: {} }, '/p').type).toBe('not-processed');
    expect(classifyPost({ type: 'response', status: 429, body: {} }, '/p').type).toBe('ambiguous');
    expect(classifyPost({ type: 'response', status: 503, body: {} }, '/p').type).toBe('ambiguous');
    expect(classifyPost({ type: 'response', status: 422, body: {} }, '/p').type).toBe('rejected');
    expect(classifyPost({ type: 'unreadable', status: 202, reason: 'cut' }, '/p').type).toBe('accepted-unreadable');
    expect(classifyPost({ type: 'lost', reason: 'reset' }, '/p').type).toBe('ambiguous');
  });
});

describe('no redirects (checklist item 19)', () => {
  it('a 302 to another server fails the request, and that server receives nothing', async () => {
    const hits: string[] = [];
    const other = createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.end('{}');
    });
    servers.push(other);
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    sim = await startSimulator({ token: canaryToken() });
    sim.faults.add({ path: '*', times: Infinity, action: { type: 'redirect', location: `${otherUrl}/steal` } });
    // all-kinds.yaml names its environment: the very first call (GET /organization) meets the redirect.
    const byName = await runCli(['plan', '--retry-base', '10ms', '--api-url', sim.url, 'all-kinds.yaml'], { cwd: `${process.cwd()}/examples`, env: { QOVERY_API_TOKEN: sim.token } });
    // What matters first: the other server saw nothing (no request, no token); then the message.
    expect(hits).toEqual([]);
    expect(byName.code).toBe(5);
    expect(byName.stderr).toContain('[API_REDIRECT]');
    expect(sim.requests.filter((r) => r.path === '/organization')).toHaveLength(1);
    expectNoSecret(sim.token, byName.stdout, byName.stderr);
  });
});

describe('HTTPS is enforced (checklist item 20)', () => {
  it('refuses plain http:// to a non-loopback host with exit 1, before any socket is opened', async () => {
    const result = await runCli(['plan', '--api-url', 'http://api.example.com', 'examples/minimal.yaml'], { env: { QOVERY_API_TOKEN: 'qvtok_x_123456' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing the API URL "http://api.example.com": plain http:// would send the token unencrypted [API_INSECURE_URL]');
    expect(checkApiUrl('http://127.0.0.1:8080')).toEqual({ baseUrl: 'http://127.0.0.1:8080' });
    expect(checkApiUrl('http://[::1]:8080/')).toEqual({ baseUrl: 'http://[::1]:8080' });
    expect(checkApiUrl('http://localhost:1')).toMatchObject({ baseUrl: 'http://localhost:1' });
    expect(checkApiUrl('https://api.qovery.com/')).toEqual({ baseUrl: 'https://api.qovery.com' });
    expect(checkApiUrl('ftp://api.qovery.com')).toHaveProperty('diagnostic');
    expect(checkApiUrl('https://user:pw@api.qovery.com')).toHaveProperty('diagnostic');
  });

  it('warns loudly when NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off', async () => {
    sim = await startSimulator();
    const result = await runCli(['plan', '--api-url', sim.url, 'examples/minimal.yaml'], {
      env: { QOVERY_API_TOKEN: sim.token, NODE_TLS_REJECT_UNAUTHORIZED: '0' },
    });
    expect(result.stderr).toContain('warning: NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks');
  });

  it('sends API tokens as `Token` and JWTs as `Bearer`, from QOVERY_API_TOKEN or QOVERY_CLI_ACCESS_TOKEN', () => {
    expect(authorizationFor('qov_abc123')).toBe('Token qov_abc123');
    expect(authorizationFor('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl')).toMatch(/^Bearer /);
    expect(apiEndpointFrom({ QOVERY_CLI_ACCESS_TOKEN: 'qov_cli_0123456789' })).toMatchObject({ endpoint: { authorization: 'Token qov_cli_0123456789', baseUrl: 'https://api.qovery.com' } });
    // Trimmed as the redactor reads it (a pasted secret ends with a newline); too short is refused.
    expect(apiEndpointFrom({ QOVERY_API_TOKEN: 'qov_api_0123456789\n' })).toMatchObject({ endpoint: { authorization: 'Token qov_api_0123456789' } });
    expect(apiEndpointFrom({ QOVERY_API_TOKEN: 'qov_api_01234\n' })).toMatchObject({ diagnostic: { code: 'API_TOKEN_MALFORMED' } });
    expect(apiEndpointFrom({})).toMatchObject({ diagnostic: { code: 'API_NO_TOKEN' } });
  });

  it('the simulator sees the Token scheme for API tokens', async () => {
    sim = await startSimulator();
    await client(sim).get('/organization');
    expect(sim.requests[0]!.headers.authorization).toBe('Token [REDACTED]');
  });
});
