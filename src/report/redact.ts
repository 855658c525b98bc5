/** Replacement text for a secret. */
export const REDACTED = '***';

/** Every form of a secret that could reach output: raw, base64 (both alphabets), URL-encoded, JWT segments. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  forms.add(encodeURIComponent(secret));
  const parts = secret.split('.');
  if (parts.length === 3) for (const part of parts) if (part.length >= 8) forms.add(part);
  // Very short forms would shred ordinary output; real tokens are long.
  return [...forms].filter((f) => f.length >= 6).sort((a, b) => b.length - a.length);
}

/** Builds the one redactor every output goes through; the secrets come from the token variables. */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6).flatMap(secretForms))];
  if (forms.length === 0) return (text) => text;
  const pattern = new RegExp(forms.map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

/** The environment variables that hold secrets qovery-deploy knows about. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return [env.QOVERY_API_TOKEN, env.QOVERY_CLI_ACCESS_TOKEN, env.Q_CLI_ACCESS_TOKEN].filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
