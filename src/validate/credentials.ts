/**
 * Which `${VAR}`s a manifest may not use. A manifest value ends up in request bodies, plans, job
 * summaries and logs, so a credential must never be interpolated into one. Names are judged by
 * their words (split at `_` and at camelCase humps, case-insensitive), values by their shape,
 * whatever the name. A false positive costs a rename; a false negative, a leaked secret.
 */

/** Words that mark a credential anywhere in a name (`GITHUBTOKEN`, `DB_PASSWORD_FILE`). */
const ANYWHERE = [
  'TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'PRIVATE', 'COOKIE', 'SESSION',
  'SIGNATURE', 'WEBHOOK', 'JWT', 'CERTIFICATE', 'AUTHORIZATION',
];
/** Words that mark a credential only as a whole word: `PAT` but not `PATCH`, `CERT` but not `CERTBOT`. */
const WHOLE_WORD = ['PAT', 'PASS', 'PWD', 'CREDS', 'CERT', 'CERTS', 'DSN', 'KEYS', 'AUTHN', 'AUTHZ'];
/** As a word or at the end of one (`APIKEY`, `BASICAUTH`, `OAUTH`), never at the start (`KEYCLOAK`, `AUTHOR`). */
const WORD_END = ['KEY', 'AUTH'];

/** Why a variable's name marks it as a credential, or undefined when it does not. */
export function credentialNameReason(name: string): string | undefined {
  const upper = name.toUpperCase();
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split('_').filter(Boolean);
  const word =
    ANYWHERE.find((w) => upper.includes(w)) ??
    WHOLE_WORD.find((w) => words.includes(w)) ??
    WORD_END.find((w) => words.some((part) => part.endsWith(w)));
  return word ? `its name contains ${word}` : undefined;
}

/** A URL whose user-info holds a password (any scheme): `postgres://user:pass@host`. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/?#@]*:[^\s/?#@]*@/i;
/** An http(s) URL with any user-info: `https://<token>@github.com/…` (a user alone is normal for ssh://). */
const HTTP_WITH_USER = /\bhttps?:\/\/[^\s/?#@]+@/i;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
/** Access tokens with a published shape: GitHub, GitLab, Slack, AWS access key ids. */
const KNOWN_TOKEN = /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA)[0-9A-Z]{16})\b/;

/** Why a variable's value is a credential whatever its name, in words that never quote it; undefined when it is not. */
export function credentialValueReason(value: string, secrets: readonly string[]): string | undefined {
  if (secrets.some((secret) => secret.length >= 8 && value.includes(secret))) return 'its value holds the Qovery API token';
  if (URL_WITH_PASSWORD.test(value)) return 'its value is a URL with a password';
  if (HTTP_WITH_USER.test(value)) return 'its value is an http(s) URL with a user name, often a token';
  if (JWT.test(value)) return 'its value is a JWT';
  if (PRIVATE_KEY.test(value)) return 'its value is a private key';
  if (KNOWN_TOKEN.test(value)) return 'its value has the shape of an access token';
  return undefined;
}
