import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { QoveryClient } from '../qovery/client.js';
import { apiEndpointFrom } from '../qovery/endpoint.js';
import { describeProxy, proxyFor } from '../qovery/proxy.js';
import { writeDiagnostics } from '../report/diagnostics-text.js';
import { VERSION } from '../version.js';
import type { CommandContext } from './context.js';

export interface ApiOptions {
  apiUrl?: string;
  /** Deadline of each HTTP request. */
  requestTimeoutMs?: number;
  /** First retry backoff of reads (tests shorten it). */
  retryBaseMs?: number;
}

/**
 * The API client for a command: the URL checked (https, or http on loopback) and the token found
 * before any socket is opened. Returns the problem instead when it cannot be built.
 */
export function createClient(ctx: CommandContext, options: ApiOptions, log: (line: string) => void): QoveryClient | { diagnostic: Diagnostic } {
  if (ctx.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    writeDiagnostics(ctx, [diagnostic('API_TLS_INSECURE', {}, undefined, 'warning')]);
  }
  const built = apiEndpointFrom(ctx.env, options.apiUrl);
  if ('diagnostic' in built) return built;
  if (ctx.verbose) {
    const line = describeProxy(proxyFor(new URL(built.endpoint.baseUrl), ctx.env), built.endpoint.baseUrl);
    if (line) ctx.stderr.write(`${line}\n`);
  }
  return new QoveryClient({
    endpoint: built.endpoint,
    log,
    userAgent: `qovery-deploy/${VERSION}`,
    clock: ctx.clock,
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.retryBaseMs !== undefined ? { retry: { baseMs: options.retryBaseMs } } : {}),
  });
}
