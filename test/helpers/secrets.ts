import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';

/** A recognisable token for tests that run the CLI: if it shows up anywhere, it leaked. */
export function canaryToken(): string {
  return `qvtok_CANARY_${randomBytes(12).toString('hex')}`;
}

/**
 * Fails when any text holds the token in any form we could print it: raw (trimmed, as the client
 * sends it), base64, URL-encoded, and escaped as JSON, as a Markdown table cell and as
 * workflow-command data (written out here, independently of the redactor's own list).
 * `::add-mask::` lines are the one exception: the GitHub runner consumes them to hide the token
 * and never shows them (`--format github` registers every form of the token that way).
 */
export function expectNoSecret(untrimmed: string, ...raw: string[]): void {
  const token = untrimmed.trim();
  const texts = raw.map((t) => t.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n'));
  const forms = [
    token,
    Buffer.from(token).toString('base64'),
    Buffer.from(token).toString('base64').replace(/=+$/, ''),
    Buffer.from(token).toString('base64url'),
    encodeURIComponent(token),
    JSON.stringify(token).slice(1, -1),
    token.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|'),
    token.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'),
  ];
  for (const text of texts) for (const form of forms) expect(text.includes(form), `the token leaked (as ${form === token ? 'itself' : 'an encoding'})`).toBe(false);
}
