/** Wording helpers for what git prints: short, credential-free, one or two lines. */

/**
 * One or two lines of git's stderr, fit for a message: `hint:` lines and prefixes dropped, URL
 * credentials hidden, control characters removed (a remote server writes some of these lines).
 */
export function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => stripControl(line).trim())
    .filter((line) => line.length > 0 && !/^hint:/i.test(line));
  const important = lines.filter((line) => /^(fatal|error):/i.test(line));
  const chosen = (important.length > 0 ? important : lines)
    .slice(0, 2)
    .map((line) => line.replace(/^(fatal|error|warning|remote):\s*/i, ''));
  const text = redactUrlCredentials(chosen.join('; '));
  if (text.length === 0) return 'git gave no reason';
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** Hides the user-info part of URLs (`https://token@host` → `https://***@host`). */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/@]+@/g, '$1***@');
}

function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** A duration for messages, e.g. "30 s". */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** git's reason, with authentication failures named as such (git never prompts, so it just gives up). */
export function failureDetail(stderr: string): string {
  const detail = summarizeStderr(stderr);
  const auth = /terminal prompts disabled|authentication failed|could not read (username|password)|permission denied \(publickey|returned error: 40[13]\b|HTTP 40[13]\b/i;
  return auth.test(stderr) ? `authentication required or refused (${detail})` : detail;
}
