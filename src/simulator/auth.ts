/**
 * Tokens and what each may see. Qovery takes `Authorization: Token <api-token>` for machine tokens
 * and `Authorization: Bearer <jwt>` for console/OIDC JWTs; a token sent with the other scheme is
 * refused, as is anything else.
 */
import { randomBytes } from 'node:crypto';

/** How a test describes an extra token. */
export interface TokenSpec {
  /** The token text. Default: a random `qvsim_<hex>` (api) or a JWT-shaped string (jwt). */
  token?: string;
  /** `api` tokens go with `Token`, `jwt` tokens with `Bearer`. Default: api. */
  kind?: 'api' | 'jwt';
  /** Environment ids it may see; `all` (default) sees everything. */
  environments?: string[] | 'all';
  /** Shown as `triggered_by` on the requests it queues. */
  user?: string;
  /** Status for environments it cannot see (overrides the simulator's `notFoundStatus`). */
  notFoundStatus?: 404 | 403;
}

export interface SimToken {
  readonly token: string;
  readonly scheme: 'Token' | 'Bearer';
  readonly user: string;
  readonly environments: ReadonlySet<string> | 'all';
  readonly notFoundStatus?: 404 | 403;
}

const b64url = (value: string): string => Buffer.from(value).toString('base64url');

/** A random API token, `qvsim_<32 hex>`. */
export function randomApiToken(): string {
  return `qvsim_${randomBytes(16).toString('hex')}`;
}

/** A JWT-shaped token (three base64url parts); nothing verifies its signature. */
export function randomJwt(user: string): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sub: user, iss: 'qovery-sim', exp: 4_102_444_800 }));
  return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
}

/** Builds a token record from a spec. */
export function makeToken(spec: TokenSpec = {}, index = 0): SimToken {
  const kind = spec.kind ?? 'api';
  const user = spec.user ?? (kind === 'jwt' ? `user-${index}@acme.example` : `api-token-${index}`);
  const token: SimToken = {
    token: spec.token ?? (kind === 'jwt' ? randomJwt(user) : randomApiToken()),
    scheme: kind === 'jwt' ? 'Bearer' : 'Token',
    user,
    environments: spec.environments === undefined || spec.environments === 'all' ? 'all' : new Set(spec.environments),
  };
  return spec.notFoundStatus ? { ...token, notFoundStatus: spec.notFoundStatus } : token;
}

/** The token an `Authorization` header carries, or undefined (→ 401). */
export function authenticate(header: string | undefined, tokens: readonly SimToken[]): SimToken | undefined {
  const match = /^(\S+) (\S+)$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const scheme = (match[1] as string).toLowerCase();
  const value = match[2] as string;
  return tokens.find((t) => t.token === value && t.scheme.toLowerCase() === scheme);
}

/** Whether a token may see an environment. */
export function canSee(token: SimToken, environmentId: string): boolean {
  return token.environments === 'all' || token.environments.has(environmentId);
}
