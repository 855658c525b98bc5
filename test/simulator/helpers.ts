/** Plain HTTP clients for the simulator tests: real sockets, no stubs. */
import { request as httpRequest } from 'node:http';
import type { Simulator } from '../../src/simulator/index.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or undefined when it is not JSON. `any` on purpose: tests read arbitrary response shapes, and spec-check.ts checks them. */
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  rawBody?: string;
  /** The full Authorization header; default `Token <sim.token>`; null sends none. */
  authorization?: string | null;
  signal?: AbortSignal;
}

/** One request with Node's fetch; never follows redirects. */
export async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const authorization = options.authorization === undefined ? `Token ${sim.token}` : options.authorization;
  if (authorization !== null) headers.authorization = authorization;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, { method, headers, body, redirect: 'manual', signal: options.signal });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** GET with the main token. */
export const get = (sim: Simulator, path: string, options?: CallOptions): Promise<Answer> => call(sim, 'GET', path, options);

/** POST a JSON body with the main token. */
export const post = (sim: Simulator, path: string, body?: unknown, options?: CallOptions): Promise<Answer> =>
  call(sim, 'POST', path, { ...options, body });

export interface RawOutcome {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body: string;
  /** The socket error, when the exchange failed. */
  error?: NodeJS.ErrnoException;
  /** True when the client gave up after `timeoutMs`. */
  timedOut?: boolean;
}

/** One request with `http.request` and a fresh connection, reporting exactly what happened on the wire. */
export function raw(sim: Simulator, method: string, path: string, body?: unknown, timeoutMs = 2000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(`${sim.url}${path}`, {
      method,
      agent: false,
      headers: {
        authorization: `Token ${sim.token}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
      },
    });
    let settled = false;
    const done = (outcome: RawOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      req.destroy();
      done({ body: '', timedOut: true });
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error: NodeJS.ErrnoException) =>
        done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), error }),
      );
      res.on('aborted', () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), error: Object.assign(new Error('aborted'), { code: 'ECONNRESET' }) }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => done({ body: '', error }));
    req.end(payload);
  });
}

/** Waits a few milliseconds of wall time. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A clock a test moves by hand, for deterministic state-machine timing: nothing happens between
 * two calls unless the test ticks. `sleep` ticks too, so `waitForIdle` walks the stages at once.
 */
export function manualClock(start = Date.parse('2026-11-02T10:00:00.000Z')): { now: () => number; tick: (ms: number) => void; sleep: (ms: number) => Promise<void> } {
  let t = start;
  return { now: () => t, tick: (ms) => void (t += ms), sleep: async (ms) => void (t += ms) };
}
