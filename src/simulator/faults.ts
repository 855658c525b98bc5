/**
 * The fault injector: a test scripts, per route and per call, what goes wrong on the wire.
 * Calls are counted per rule from the moment it is added, so `nth: 1` (the default) is "the next
 * matching call" whatever happened before.
 */

/** What a fault does to one request. */
export type FaultAction =
  /** Answer with this status (and `Retry-After`); with `process: true` the request is handled first. */
  | { type: 'status'; status: number; retryAfter?: string; body?: unknown; process?: boolean }
  /** Wait `ms`, then handle normally; with `until`, handle as soon as that promise settles (at most `ms`). */
  | { type: 'delay'; ms: number; until?: PromiseLike<unknown> }
  /** Drop the connection (TCP reset) without handling the request. */
  | { type: 'reset-before' }
  /** Handle the request (e.g. queue the deployment), then drop the connection without answering. */
  | { type: 'reset-after' }
  /** Never answer (until the client gives up or the simulator closes); `process: true` handles it first. */
  | { type: 'hang'; process?: boolean }
  /** Answer 200/202 (or `status`) with a body that is not JSON. */
  | { type: 'malformed-json'; process?: boolean; status?: number }
  /**
   * Answer 200/202 (or `status`) with well-formed JSON of the wrong shape: by default
   * `{"status":503,"message":"maintenance"}`, as a proxy or a maintenance page might.
   */
  | { type: 'wrong-shape'; body?: unknown; process?: boolean; status?: number }
  /** Send headers with the full Content-Length, then cut the connection mid-body. */
  | { type: 'truncated-json'; process?: boolean; status?: number }
  /**
   * Send headers and half the body, then go silent with the connection open (until the client gives
   * up or the simulator closes). With `trickleMs`, no Content-Length and one more byte every
   * `trickleMs` forever instead: the connection never idles, but the body never ends.
   */
  | { type: 'stall-body'; process?: boolean; status?: number; trickleMs?: number }
  /** Answer a redirect (302 by default) to `location`. */
  | { type: 'redirect'; location: string; status?: 301 | 302 | 303 | 307 | 308 };

export interface FaultSpec {
  /** HTTP method; any when absent. */
  method?: string;
  /** `/environment/:id/service/deploy` (`:name` or `*` match one segment), an exact path, `*` for any, or a RegExp. */
  path: string | RegExp;
  /** 1-based number of the matching call, counted from when the fault was added. Default: 1 (the next call). */
  nth?: number;
  /** How many consecutive matching calls it fires on, from `nth`. Default: 1; `Infinity` for all. */
  times?: number;
  action: FaultAction;
}

/** A fault as registered, with its counters. */
export interface FaultRule extends Readonly<FaultSpec> {
  readonly id: number;
  /** Matching calls seen since it was added. */
  seen: number;
  /** Times it fired. */
  fired: number;
}

/** Whether `path` fits a route template (`:param` and `*` match one non-empty segment). */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  if (template === '*') return {};
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':') || w === '*') {
      if (g === '') return undefined;
      if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    } else if (w !== g) return undefined;
  }
  return params;
}

/** The registry of scripted faults; the server asks it once per request. */
export class FaultInjector {
  private readonly rules: FaultRule[] = [];
  private nextId = 1;

  /** Registers a fault; returns its live record (counters included). */
  add(spec: FaultSpec): FaultRule {
    if (spec.nth !== undefined && (!Number.isInteger(spec.nth) || spec.nth < 1)) throw new Error('fault nth must be an integer ≥ 1');
    const rule: FaultRule = { ...spec, id: this.nextId, seen: 0, fired: 0 };
    this.nextId += 1;
    this.rules.push(rule);
    return rule;
  }

  /** Removes every fault. */
  clear(): void {
    this.rules.length = 0;
  }

  /** The registered faults. */
  list(): readonly FaultRule[] {
    return this.rules;
  }

  /** Counts a request against every matching rule; returns the action of the first that fires. */
  take(method: string, path: string): FaultAction | undefined {
    let action: FaultAction | undefined;
    for (const rule of this.rules) {
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const hit = typeof rule.path === 'string' ? matchPath(rule.path, path) !== undefined : rule.path.test(path);
      if (!hit) continue;
      rule.seen += 1;
      const first = rule.nth ?? 1;
      const inWindow = rule.seen >= first && rule.seen < first + (rule.times ?? 1);
      if (inWindow && action === undefined) {
        rule.fired += 1;
        action = rule.action;
      }
    }
    return action;
  }
}
