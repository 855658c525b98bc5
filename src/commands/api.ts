import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { QoveryClient } from '../qovery/client.js';
import { apiEndpointFrom } from '../qovery/endpoint.js';
import { describeProxy, proxyFor } from '../qovery/proxy.js';
import { formatDiagnostic } from '../report/diagnostics-text.js';
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
    ctx.stderr.write(formatDiagnostic(diagnostic('API_TLS_INSECURE', {}, undefined, 'warning'), new Map(), ctx.colors));
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
    userAgent: 'qovery-deploy/0.1.0',
    clock: ctx.clock,
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.retryBaseMs !== undefined ? { retry: { baseMs: options.retryBaseMs } } : {}),
  });
}

/** Prints diagnostics for people, with source excerpts when the sources are known. */
export function printDiagnostics(ctx: CommandContext, diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map(), file?: string): void {
  for (const d of diagnostics) ctx.stderr.write(formatDiagnostic(d, sources, ctx.colors, file));
}
