import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { isLoopbackHost } from '../net/loopback.js';
import { tokensFromEnv } from '../secrets/tokens.js';
import { proxyFor, type ProxyDecision, type ProxyRoute } from './proxy.js';

export const DEFAULT_API_URL = 'https://api.qovery.com';

/** Where the API is, how to reach it and how to authenticate: decided once, before any socket is opened. */
export interface ApiEndpoint {
  baseUrl: string;
  authorization: string;
  /** The proxy requests go through (from HTTPS_PROXY/HTTP_PROXY/NO_PROXY); none when absent. */
  proxy?: ProxyRoute;
}

/**
 * The URL as it may be printed: scheme, host and path only. The query or fragment may hold a key
 * (`?api_key=…`) and the userinfo a password; a URL that does not parse is cut at the same places.
 */
function printable(url: string, parsed?: URL): string {
  if (parsed) return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  return url.split(/[?#]/)[0]!.replace(/\/\/[^/]*@/, '//');
}

/** Checks the API base URL: https anywhere, http only on loopback, nothing else. */
export function checkApiUrl(url: string): { baseUrl: string } | { diagnostic: Diagnostic } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { diagnostic: diagnostic('API_INSECURE_URL', { url: printable(url), reason: 'it is not a URL' }) };
  }
  const shown = printable(url, parsed);
  if (parsed.username || parsed.password) {
    return { diagnostic: diagnostic('API_INSECURE_URL', { url: shown, reason: 'it carries credentials' }) };
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return { diagnostic: diagnostic('API_INSECURE_URL', { url: shown, reason: 'plain http:// would send the token unencrypted' }) };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { diagnostic: diagnostic('API_INSECURE_URL', { url: shown, reason: `the ${parsed.protocol} scheme is not supported` }) };
  }
  return { baseUrl: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}` };
}

/** The proxy for the API URL from the environment; a diagnostic when its setting cannot be used. */
export function apiProxyFrom(baseUrl: string, env: Readonly<Record<string, string | undefined>>): { decision: ProxyDecision } | { diagnostic: Diagnostic } {
  const decision = proxyFor(new URL(baseUrl), env);
  if (decision.type === 'invalid') return { diagnostic: diagnostic('API_PROXY_INVALID', { variable: decision.variable, reason: decision.reason }) };
  return { decision };
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
  const proxy = apiProxyFrom(url.baseUrl, env);
  if ('diagnostic' in proxy) return proxy;
  const token = tokensFromEnv(env)[0];
  if (!token) return { diagnostic: diagnostic('API_NO_TOKEN', {}) };
  const problem = tokenProblem(token.value);
  if (problem) return { diagnostic: diagnostic('API_TOKEN_MALFORMED', { variable: token.name, problem }) };
  const route = proxy.decision.type === 'proxy' ? { proxy: proxy.decision.route } : {};
  return { endpoint: { baseUrl: url.baseUrl, authorization: authorizationFor(token.value), ...route } };
}
