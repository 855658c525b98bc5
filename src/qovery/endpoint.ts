import { isIP } from 'node:net';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { tokensFromEnv } from '../report/redact.js';

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

/** The shortest token accepted: Qovery's tokens are far longer, and a shorter one could not be redacted safely. */
export const MIN_TOKEN_LENGTH = 16;

/** The token from QOVERY_API_TOKEN, else QOVERY_CLI_ACCESS_TOKEN (as Qovery's CLI reads it), trimmed as the redactor reads it. */
export function tokenFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return tokensFromEnv(env)[0]?.value;
}

/** Why a token cannot be one Qovery issued, in words that never quote it; undefined when it looks right. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `it is shorter than ${MIN_TOKEN_LENGTH} characters`;
  if (!/^[\x21-\x7e]+$/.test(token)) return 'it contains a space, a control character or a non-ASCII character';
  return undefined;
}

/** Builds the endpoint from `--api-url` / QOVERY_API_URL and the token variables. */
export function apiEndpointFrom(
  env: Readonly<Record<string, string | undefined>>,
  apiUrl?: string,
): { endpoint: ApiEndpoint } | { diagnostic: Diagnostic } {
  const url = checkApiUrl(apiUrl ?? env.QOVERY_API_URL ?? DEFAULT_API_URL);
  if ('diagnostic' in url) return url;
  const token = tokensFromEnv(env)[0];
  if (!token) return { diagnostic: diagnostic('API_NO_TOKEN', {}) };
  const problem = tokenProblem(token.value);
  if (problem) return { diagnostic: diagnostic('API_TOKEN_MALFORMED', { variable: token.name, problem }) };
  return { endpoint: { baseUrl: url.baseUrl, authorization: authorizationFor(token.value) } };
}
