import { BlockList, isIP } from 'node:net';
import { isLoopbackHost } from '../net/loopback.js';

/**
 * HTTP(S) proxies from the environment. Node 20's global fetch ignores HTTPS_PROXY and friends,
 * so a CI that reaches the internet only through a proxy could not reach Qovery. The rule is
 * undici's EnvHttpProxyAgent's (lower-case variables first, https falling back to the http proxy,
 * NO_PROXY by host suffix and port), decided here once per run so that `--verbose` can say what
 * really happens, plus CIDR entries in NO_PROXY (as curl reads them).
 */

/** A proxy the API requests go through. */
export interface ProxyRoute {
  /** The proxy URL as configured, userinfo included (sent as Proxy-Authorization, never printed). */
  url: string;
  /** The proxy without userinfo, path or query: safe to print. */
  display: string;
  /** The variable it came from. */
  variable: string;
}

/** What the environment says about reaching `apiUrl`. */
export type ProxyDecision =
  | { type: 'direct' }
  | { type: 'bypass'; display: string; variable: string; entry: string }
  | { type: 'proxy'; route: ProxyRoute }
  | { type: 'invalid'; variable: string; reason: string };

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_PORT: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The first variable of `names` that is set and not blank. */
function firstSet(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** Decides whether requests to `apiUrl` go through a proxy, and which. */
export function proxyFor(apiUrl: URL, env: Env): ProxyDecision {
  const names = apiUrl.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const found = firstSet(env, names);
  if (!found) return { type: 'direct' };
  let proxy: URL;
  try {
    // `proxy:3128` without a scheme means http, as curl reads it.
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`);
  } catch {
    return { type: 'invalid', variable: found.name, reason: 'it is not a URL' };
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    return { type: 'invalid', variable: found.name, reason: `the ${proxy.protocol} scheme is not supported (use http:// or https://)` };
  }
  const display = `${proxy.protocol}//${proxy.host}`;
  const entry = noProxyEntry(apiUrl, firstSet(env, ['no_proxy', 'NO_PROXY'])?.value ?? '');
  if (entry !== undefined) return { type: 'bypass', display, variable: found.name, entry };
  // Plain http to the API is allowed because it stays on this machine; through a remote proxy the
  // token would cross the network in clear.
  if (apiUrl.protocol === 'http:' && !isLoopbackHost(proxy.hostname)) {
    return { type: 'invalid', variable: found.name, reason: `a plain http:// API URL may only go through a proxy on this machine; add ${apiUrl.hostname} to NO_PROXY` };
  }
  return { type: 'proxy', route: { url: proxy.href, display, variable: found.name } };
}

/** The NO_PROXY entry that exempts `url`, if any. */
function noProxyEntry(url: URL, noProxy: string): string | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = Number(url.port) || DEFAULT_PORT[url.protocol] || 0;
  for (const raw of noProxy.split(/[,\s]+/)) {
    if (!raw) continue;
    if (raw === '*') return raw;
    if (raw.includes('/')) {
      if (inCidr(host, raw)) return raw;
      continue;
    }
    // `host:port`, `[v6]:port`; a bare IPv6 address has colons but no port.
    const withPort = isIP(raw) === 6 ? undefined : /^(.+):(\d+)$/.exec(raw);
    const name = (withPort?.[1] ?? raw).replace(/^\[(.*)\]$/, '$1').replace(/^\*?\./, '').toLowerCase();
    if (withPort && Number(withPort[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return raw;
  }
  return undefined;
}

function inCidr(host: string, cidr: string): boolean {
  const family = isIP(host);
  const [base = '', bits = ''] = cidr.split('/');
  const baseFamily = isIP(base);
  if (family === 0 || family !== baseFamily || !/^\d+$/.test(bits)) return false;
  try {
    const list = new BlockList();
    list.addSubnet(base, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
    return list.check(host, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

/** The `--verbose` line for a decision (never the proxy's userinfo). */
export function describeProxy(decision: ProxyDecision, apiUrl: string): string | undefined {
  const origin = new URL(apiUrl).origin;
  switch (decision.type) {
    case 'direct':
      return undefined;
    case 'bypass':
      return `proxy: ${decision.display} (from ${decision.variable}) is not used for ${origin}: NO_PROXY has ${JSON.stringify(decision.entry)}`;
    case 'proxy':
      return `proxy: requests to ${origin} go through ${decision.route.display} (from ${decision.route.variable})`;
    case 'invalid':
      return undefined;
  }
}

/** A fetch with the same shape as the global one. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

const transports = new Map<string, Promise<FetchFunction>>();

/**
 * The fetch that goes through `route`: undici's own fetch with its ProxyAgent (one version of
 * undici on both sides, whatever Node bundles). Loaded on first use only, so that a run without a
 * proxy never pays for loading undici. Plain http goes to the proxy in absolute form; https
 * through a CONNECT tunnel, so that the proxy never sees the token.
 */
export function proxiedFetch(route: ProxyRoute): Promise<FetchFunction> {
  let transport = transports.get(route.url);
  if (!transport) {
    transport = import('undici').then(({ fetch, ProxyAgent }) => {
      const dispatcher = new ProxyAgent({ uri: route.url, proxyTunnel: false });
      return (url: string, init: RequestInit) => fetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
    });
    transports.set(route.url, transport);
  }
  return transport;
}
