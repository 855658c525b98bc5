/**
 * The endpoint is decided once, before any socket opens (pure): which URL (https anywhere, http on
 * loopback only, no credentials in it), which proxy, which token (its variable, its shape) and how
 * it is sent (`Bearer` for a JWT, `Token` otherwise). Each refusal is a diagnostic code, no request.
 */
import { describe, expect, it } from 'vitest';
import { apiEndpointFrom, apiProxyFrom, authorizationFor, checkApiUrl, DEFAULT_API_URL, MIN_TOKEN_LENGTH, tokenFromEnv, tokenProblem } from '../../src/qovery/endpoint.js';

const TOKEN = 'qvtok_0123456789abcdef';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl';

const summaryOf = (result: object): string => (result as { diagnostic?: { summary: string } }).diagnostic?.summary ?? `accepted: ${JSON.stringify(result)}`;

describe('checkApiUrl: the base URL requests go to', () => {
  it('keeps https anywhere and http on loopback, with the path and without trailing slashes', () => {
    expect(checkApiUrl('https://api.qovery.com')).toEqual({ baseUrl: 'https://api.qovery.com' });
    expect(checkApiUrl('https://API.example.com/')).toEqual({ baseUrl: 'https://api.example.com' });
    expect(checkApiUrl('https://api.example.com:8443/qovery//')).toEqual({ baseUrl: 'https://api.example.com:8443/qovery' });
    expect(checkApiUrl('http://127.0.0.1:4010/')).toEqual({ baseUrl: 'http://127.0.0.1:4010' });
    expect(checkApiUrl('http://localhost:4010/api/')).toEqual({ baseUrl: 'http://localhost:4010/api' });
    expect(checkApiUrl('http://[::1]:4010')).toEqual({ baseUrl: 'http://[::1]:4010' });
  });

  it('refuses a URL carrying a user name or a password, anywhere', () => {
    for (const url of ['https://user@api.qovery.com', 'https://:secret@api.qovery.com', 'http://user:pw@127.0.0.1:4010']) {
      expect(checkApiUrl(url), url).toMatchObject({ diagnostic: { code: 'API_INSECURE_URL' } });
      expect(summaryOf(checkApiUrl(url)), url).toContain('it carries credentials');
    }
  });

  it('refuses a scheme other than https and http, even on loopback', () => {
    expect(summaryOf(checkApiUrl('ftp://127.0.0.1/'))).toBe('refusing the API URL "ftp://127.0.0.1": the ftp: scheme is not supported');
    expect(summaryOf(checkApiUrl('ws://api.qovery.com/v1'))).toBe('refusing the API URL "ws://api.qovery.com/v1": the ws: scheme is not supported');
  });

  it('refuses text that is not a URL, naming it without its query, fragment or userinfo', () => {
    expect(summaryOf(checkApiUrl('api.qovery.com'))).toBe('refusing the API URL "api.qovery.com": it is not a URL');
    expect(summaryOf(checkApiUrl('nope://u:p@h:x/p?q=1'))).toBe('refusing the API URL "nope://h:x/p": it is not a URL');
    expect(summaryOf(checkApiUrl('bad url#frag?q'))).toBe('refusing the API URL "bad url": it is not a URL');
  });

  it('names a refused URL by scheme, host and path (no bare slash)', () => {
    expect(summaryOf(checkApiUrl('http://example.com/'))).toBe('refusing the API URL "http://example.com": plain http:// would send the token unencrypted');
    expect(summaryOf(checkApiUrl('http://u:p@example.com:81/v1/?k=1'))).toBe('refusing the API URL "http://example.com:81/v1/": it carries credentials');
  });
});

describe('tokenProblem: what Qovery could have issued', () => {
  it(`accepts ${MIN_TOKEN_LENGTH} printable ASCII characters or more, any of them`, () => {
    expect(MIN_TOKEN_LENGTH).toBe(16);
    expect(tokenProblem('x'.repeat(16))).toBeUndefined();
    expect(tokenProblem(`!${'a'.repeat(14)}~`)).toBeUndefined();
    expect(tokenProblem(JWT)).toBeUndefined();
  });

  it('refuses a shorter token, and one with a space, a control or a non-ASCII character anywhere', () => {
    expect(tokenProblem('x'.repeat(15))).toBe('it is shorter than 16 characters');
    for (const bad of [`${TOKEN} x`, `x${TOKEN}\u007f`, `\t${TOKEN}`, `${TOKEN}é`, `${TOKEN}\n`]) {
      expect(tokenProblem(bad), JSON.stringify(bad)).toBe('it contains a space, a control character or a non-ASCII character');
    }
  });
});

describe('authorizationFor: Bearer for a JWT, Token for an API token', () => {
  it('three base64url parts (the last may be empty) are a JWT', () => {
    expect(authorizationFor(JWT)).toBe(`Bearer ${JWT}`);
    expect(authorizationFor('a-b_C.d-e_F.')).toBe('Bearer a-b_C.d-e_F.');
  });

  it('anything else is an API token', () => {
    for (const token of [TOKEN, 'a.b', 'a.b.c.d', '.b.c', 'a..c', `x ${JWT}`, `${JWT} x`, 'a+b.c.d']) expect(authorizationFor(token), token).toBe(`Token ${token}`);
  });
});

describe('tokenFromEnv', () => {
  it('reads QOVERY_API_TOKEN first, then QOVERY_CLI_ACCESS_TOKEN, trimmed; none when unset or blank', () => {
    expect(tokenFromEnv({ QOVERY_API_TOKEN: ` ${TOKEN}\n`, QOVERY_CLI_ACCESS_TOKEN: 'other' })).toBe(TOKEN);
    expect(tokenFromEnv({ QOVERY_API_TOKEN: '  ', QOVERY_CLI_ACCESS_TOKEN: TOKEN })).toBe(TOKEN);
    expect(tokenFromEnv({})).toBeUndefined();
  });
});

describe('apiEndpointFrom: the endpoint of a run, or why there is none', () => {
  it('defaults to Qovery’s API, with the token sent as its kind says', () => {
    expect(DEFAULT_API_URL).toBe('https://api.qovery.com');
    // Strictly: no `proxy` key at all, not one set to undefined.
    expect(apiEndpointFrom({ QOVERY_API_TOKEN: TOKEN })).toStrictEqual({ endpoint: { baseUrl: 'https://api.qovery.com', authorization: `Token ${TOKEN}` } });
    expect(apiEndpointFrom({ QOVERY_CLI_ACCESS_TOKEN: JWT })).toStrictEqual({ endpoint: { baseUrl: 'https://api.qovery.com', authorization: `Bearer ${JWT}` } });
  });

  it('takes --api-url before QOVERY_API_URL', () => {
    const env = { QOVERY_API_TOKEN: TOKEN, QOVERY_API_URL: 'http://127.0.0.1:1/' };
    expect(apiEndpointFrom(env)).toMatchObject({ endpoint: { baseUrl: 'http://127.0.0.1:1' } });
    expect(apiEndpointFrom(env, 'http://127.0.0.1:2/v1')).toMatchObject({ endpoint: { baseUrl: 'http://127.0.0.1:2/v1' } });
  });

  it('refuses a bad URL before looking at the proxy or the token', () => {
    expect(apiEndpointFrom({ HTTPS_PROXY: 'ftp://proxy' }, 'http://example.com')).toMatchObject({ diagnostic: { code: 'API_INSECURE_URL' } });
  });

  it('refuses an unusable proxy before looking at the token, naming its variable', () => {
    expect(apiEndpointFrom({ HTTPS_PROXY: 'ftp://proxy:21' })).toMatchObject({
      diagnostic: { code: 'API_PROXY_INVALID', summary: expect.stringContaining('the proxy in HTTPS_PROXY cannot be used: the ftp: scheme is not supported') },
    });
  });

  it('refuses a missing token, and a malformed one by its variable without quoting it', () => {
    expect(apiEndpointFrom({ QOVERY_API_TOKEN: ' ' })).toMatchObject({ diagnostic: { code: 'API_NO_TOKEN' } });
    const malformed = apiEndpointFrom({ QOVERY_CLI_ACCESS_TOKEN: 'short-secret' });
    expect(malformed).toMatchObject({ diagnostic: { code: 'API_TOKEN_MALFORMED', summary: 'QOVERY_CLI_ACCESS_TOKEN does not hold a Qovery token: it is shorter than 16 characters (its value is not shown)' } });
    expect(JSON.stringify(malformed)).not.toContain('short-secret');
  });

  it('routes through the proxy the environment names, and directly when NO_PROXY says so', () => {
    expect(apiEndpointFrom({ QOVERY_API_TOKEN: TOKEN, HTTPS_PROXY: 'http://user:pw@proxy.internal:3128' })).toEqual({
      endpoint: {
        baseUrl: 'https://api.qovery.com',
        authorization: `Token ${TOKEN}`,
        proxy: { url: 'http://user:pw@proxy.internal:3128/', display: 'http://proxy.internal:3128', variable: 'HTTPS_PROXY' },
      },
    });
    const bypassed = apiEndpointFrom({ QOVERY_API_TOKEN: TOKEN, HTTPS_PROXY: 'http://proxy.internal:3128', NO_PROXY: 'qovery.com' });
    expect(bypassed).toStrictEqual({ endpoint: { baseUrl: 'https://api.qovery.com', authorization: `Token ${TOKEN}` } });
  });

  it('apiProxyFrom says why a proxy setting cannot be used', () => {
    expect(apiProxyFrom('https://api.qovery.com', { https_proxy: 'socks5://p:1080' })).toMatchObject({ diagnostic: { code: 'API_PROXY_INVALID' } });
    expect(apiProxyFrom('https://api.qovery.com', {})).toEqual({ decision: { type: 'direct' } });
  });
});
