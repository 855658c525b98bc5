import { KIND_KEYS, labelOf, type ServiceKind } from '../kinds.js';
import { entry, q } from './catalogue.js';

/**
 * Talking to the Qovery API (src/qovery). Refusals and unreachability exit 5; bad settings and
 * names the API does not know (the manifest is wrong, not the API) exit 1.
 */
export const apiCodes = {
  API_NO_TOKEN: entry('invalid', () => ({
    summary: 'no Qovery API token: set QOVERY_API_TOKEN (or QOVERY_CLI_ACCESS_TOKEN)',
    hint: 'create an API token in the Qovery console (Organization settings → API tokens) and store it as a CI secret',
  })),
  API_TOKEN_MALFORMED: entry('invalid', (a: { variable: string; problem: string }) => ({
    summary: `${a.variable} does not hold a Qovery token: ${a.problem} (its value is not shown)`,
    hint: 'copy the whole token from the Qovery console (Organization settings → API tokens) into the CI secret, with nothing around it',
  })),
  API_INSECURE_URL: entry('invalid', (a: { url: string; reason: string }) => ({
    summary: `refusing the API URL ${q(a.url)}: ${a.reason}`,
    hint: 'use https://; plain http:// is only allowed for loopback addresses (127.0.0.1, ::1, localhost)',
  })),
  API_PROXY_INVALID: entry('invalid', (a: { variable: string; reason: string }) => ({
    summary: `the proxy in ${a.variable} cannot be used: ${a.reason}`,
    hint: 'set it to http://host:port (or https://); list hosts that need no proxy in NO_PROXY',
  })),
  API_UNREACHABLE: entry('api', (a: { url: string; reason: string }) => ({
    summary: `the Qovery API at ${a.url} could not be reached: ${a.reason}`,
    hint: 'check the network and --api-url / QOVERY_API_URL; the request was retried with backoff',
  })),
  API_UNAUTHORIZED: entry('api', (a: { message: string }) => ({
    summary: `the Qovery API refused the token (401): ${a.message}`,
    hint: 'check QOVERY_API_TOKEN: it may be revoked, expired (JWTs expire) or for another organization',
  })),
  API_FORBIDDEN: entry('api', (a: { message: string; path: string }) => ({
    summary: `the Qovery API refused access to ${a.path} (403): ${a.message}`,
    hint: 'the token’s role does not allow this; give it a role that can deploy this environment',
  })),
  API_NOT_FOUND: entry('api', (a: { message: string; path: string }) => ({
    summary: `the Qovery API has no ${a.path} for this token (404): ${a.message}`,
    hint: 'check the id in the manifest, and that the token belongs to the organization that owns it',
  })),
  API_BAD_REQUEST: entry('api', (a: { status: number; message: string; path: string }) => ({
    summary: `the Qovery API rejected the request to ${a.path} (${a.status}): ${a.message}`,
    hint: 'run `qovery-deploy render` to see the exact body; the service may not match its source kind',
  })),
  API_SERVER_ERROR: entry('api', (a: { status: number; path: string; attempts: number }) => ({
    summary: `the Qovery API kept failing on ${a.path} (HTTP ${a.status} after ${a.attempts} attempts)`,
    hint: 'Qovery may be having an incident; try again later',
  })),
  API_RETRY_AFTER_TOO_LONG: entry('api', (a: { path: string; seconds: number; capSeconds: number }) => ({
    summary: `the Qovery API asked to wait ${a.seconds}s before retrying ${a.path}, more than the ${a.capSeconds}s we wait`,
    hint: 'the API is rate limiting this token; run again later',
  })),
  API_REDIRECT: entry('api', (a: { path: string }) => ({
    summary: `the Qovery API answered ${a.path} with a redirect, which qovery-deploy never follows`,
    hint: 'a redirect would forward the token to another address; check --api-url / QOVERY_API_URL',
  })),
  API_BAD_RESPONSE: entry('api', (a: { path: string; reason: string }) => ({
    summary: `the Qovery API answered ${a.path} with something qovery-deploy cannot use: ${a.reason}`,
    hint: 'this may be a proxy in the way; check --api-url / QOVERY_API_URL',
  })),
  API_RESPONSE_TOO_LARGE: entry('api', (a: { path: string; limit: string }) => ({
    summary: `the Qovery API answered ${a.path} with more than ${a.limit}; it was not read`,
    hint: 'no Qovery answer is this large: check --api-url / QOVERY_API_URL and any proxy in the way',
  })),
  DEPLOY_OUTCOME_UNKNOWN: entry('api', (a: { path: string; environmentId: string; services: string[]; sends: number; sent: string; read: string }) => ({
    summary: `the deploy request to ${a.path} may have been queued: the answer to attempt ${a.sends} was lost (${a.sent}), and the environment could not be read to check (${a.read})`,
    hint: `look at the deployment queue of environment ${a.environmentId} in the Qovery console (services ${a.services.join(', ')}) before deploying again; a new apply adopts an identical queued request instead of sending another`,
  })),
  API_TLS_INSECURE: entry('invalid', () => ({
    summary: 'NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks: the token could be sent to an impostor',
    hint: 'unset NODE_TLS_REJECT_UNAUTHORIZED; for a private CA use NODE_EXTRA_CA_CERTS instead',
  })),
  ENVIRONMENT_NOT_FOUND: entry('invalid', (a: { what: string; name: string; candidates: string[] }) => ({
    summary: `no ${a.what} named ${q(a.name)}`,
    hint: a.candidates.length > 0 ? `the token can see: ${a.candidates.join(', ')}` : 'the token can see none; check that it belongs to the right organization',
  })),
  NAME_AMBIGUOUS: entry('invalid', (a: { what: string; name: string; candidates: string[] }) => ({
    summary: `${a.candidates.length} ${a.what}s are named ${q(a.name)}`,
    hint: `use the id instead: ${a.candidates.join(', ')}`,
  })),
  SERVICE_NOT_FOUND: entry('invalid', (a: { kind: string; name: string; candidates: string[] }) => ({
    summary: `the environment has no ${a.kind} named ${q(a.name)}`,
    hint: a.candidates.length > 0 ? `its ${a.kind}s are: ${a.candidates.join(', ')}` : `it has no ${a.kind}s`,
  })),
  SERVICE_ID_NOT_FOUND: entry('invalid', (a: { kind: string; id: string }) => ({
    summary: `the environment has no ${a.kind} with id ${a.id}`,
    hint: 'check the id, and that the manifest points at the right environment',
  })),
  SERVICE_KIND_MISMATCH: entry('invalid', (a: { listedAs: ServiceKind; actual: ServiceKind | 'other'; label: string }) => ({
    summary: `${a.label} is listed as ${labelOf(a.listedAs)} but is ${labelOf(a.actual)} in Qovery`,
    hint: a.actual === 'other' ? 'remove it: the manifest has no list for this type of service' : `move it to the ${KIND_KEYS[a.actual]} list`,
  })),
  SERVICE_NAME_MISMATCH: entry('invalid', (a: { id: string; expected: string; actual: string }) => ({
    summary: `service ${a.id} is named ${q(a.actual)} in Qovery, but the manifest says ${q(a.expected)}`,
    hint: 'fix the name, or drop it and keep the id',
  })),
  SERVICE_BLOCKED: entry('invalid', (a: { label: string; reason: string }) => ({
    summary: `${a.label} cannot be deployed as written: ${a.reason}`,
    hint: 'make the manifest match how the service is set up in Qovery; nothing was deployed',
  })),
  ENVIRONMENT_MISMATCH: entry('invalid', (a: { id: string; names: string; namesId: string }) => ({
    summary: `the manifest gives the environment id ${a.id}, but its names ${a.names} are environment ${a.namesId}`,
    hint: 'the id and the names disagree: this file may have been copied from another environment; nothing was sent',
  })),
} as const;
