import { isIP } from 'node:net';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';

export const DEFAULT_API_URL = 'https://api.qovery.com';

/** Where the API is and how to authenticate: decided once, before any socket is opened. */
export interface ApiEndpoint {
  baseUrl: string;
  authorization: string;
}

/** Is this host a loopback address (the only place plain http:// is allowed)? */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Checks the API base URL: https anywhere, http only on loopback, nothing else. */
export function checkApiUrl(url: string): { baseUrl: string } | { diagnostic: Diagnostic } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { diagnostic: diagnostic('API_INSECURE_URL', { url, reason: 'it is not a URL' }) };
  }
  if (parsed.username || parsed.password) {
    return { diagnostic: diagnostic('API_INSECURE_URL', { url: `${parsed.protocol}//${parsed.host}`, reason: 'it carries credentials' }) };
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return { diagnostic: diagnostic('API_INSECURE_URL', { url, reason: 'plain http:// would send the token unencrypted' }) };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { diagnostic: diagnostic('API_INSECURE_URL', { url, reason: `the ${parsed.protocol} scheme is not supported` }) };
  }
  return { baseUrl: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}` };
}

/** A JWT is three dot-separated base64url parts: sent as `Bearer`; API tokens as `Token` (Qovery's rule). */
export function authorizationFor(token: string): string {
  const jwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
  return `${jwt ? 'Bearer' : 'Token'} ${token}`;
}

/** The token from QOVERY_API_TOKEN, else QOVERY_CLI_ACCESS_TOKEN (as Qovery's CLI reads it). */
export function tokenFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of ['QOVERY_API_TOKEN', 'QOVERY_CLI_ACCESS_TOKEN', 'Q_CLI_ACCESS_TOKEN']) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Builds the endpoint from `--api-url` / QOVERY_API_URL and the token variables. */
export function apiEndpointFrom(
  env: Readonly<Record<string, string | undefined>>,
  apiUrl?: string,
): { endpoint: ApiEndpoint } | { diagnostic: Diagnostic } {
  const url = checkApiUrl(apiUrl ?? env.QOVERY_API_URL ?? DEFAULT_API_URL);
  if ('diagnostic' in url) return url;
  const token = tokenFromEnv(env);
  if (!token) return { diagnostic: diagnostic('API_NO_TOKEN', {}) };
  return { endpoint: { baseUrl: url.baseUrl, authorization: authorizationFor(token) } };
}
