import { escapeData, escapeProperty, outputValue, tableCell } from '../text/escape.js';
import { normalizeToken } from './tokens.js';

/** Replacement text for a secret. */
export const REDACTED = '***';

/** Secrets shorter than this are not redacted: they would shred ordinary output (the client refuses tokens under 16). */
const MIN_SECRET_LENGTH = 6;
/** A cut-off prefix of a secret this long or longer is hidden; shorter runs occur in ordinary text by chance. */
const MIN_CUT_PREFIX = 8;

/**
 * Every escape qovery-deploy applies to text it emits: JSON strings (`--format json`, and YAML
 * double-quoted scalars in `init`), Markdown table cells (job summary), workflow-command data and
 * properties, `$GITHUB_OUTPUT` values and quoted message values, and collapsed whitespace (server
 * messages). They compose (a JSON-quoted name inside a table cell), so they are applied up to
 * ESCAPE_DEPTH deep.
 */
const ESCAPES: readonly ((text: string) => string)[] = [
  (text) => JSON.stringify(text).slice(1, -1),
  tableCell,
  escapeData,
  escapeProperty,
  outputValue,
  (text) => text.replace(/\s+/g, ' '),
];
const ESCAPE_DEPTH = 3;

/** Every form of a secret that could reach output: raw, escaped as we emit it, base64 (both alphabets), URL-encoded, JWT segments. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  let layer = [secret, encodeURIComponent(secret)];
  for (const form of layer) forms.add(form);
  for (let depth = 0; depth < ESCAPE_DEPTH; depth++) {
    const next: string[] = [];
    for (const form of layer) {
      for (const escape of ESCAPES) {
        const escaped = escape(form);
        if (!forms.has(escaped)) forms.add(escaped), next.push(escaped);
      }
    }
    layer = next;
  }
  const base64 = Buffer.from(secret).toString('base64');
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret).toString('base64url'));
  const parts = secret.split('.');
  if (parts.length === 3) for (const part of parts) if (part.length >= 8) forms.add(part);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/**
 * Builds the one redactor every output goes through. Each occurrence of each form is found, even
 * where two overlap, and the union is replaced. A prefix of a form cut short by an ellipsis (a
 * value quoted at 80 characters, a git message at 300) is hidden too: cutting before redacting
 * would otherwise leave all but the end of a token.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const normalised = secrets.filter((s): s is string => typeof s === 'string').map(normalizeToken).filter((s) => s.length >= MIN_SECRET_LENGTH);
  const forms = [...new Set(normalised.flatMap(secretForms))];
  return (text) => replaceRanges(text, [...occurrences(text, forms), ...cutPrefixes(text, forms)]);
}

/** Where each form occurs in the text, overlaps included. */
function occurrences(text: string, forms: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const form of forms) {
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) ranges.push([at, at + form.length]);
  }
  return ranges;
}

const CUT_MARKER = /\.\.\.|…/g;

/** Prefixes (at least MIN_CUT_PREFIX long) of a form that end where the text says it was cut. */
function cutPrefixes(text: string, forms: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const marker of text.matchAll(CUT_MARKER)) {
    const end = marker.index;
    for (const form of forms) {
      // A prefix shorter than the whole form, running up to the marker, starts in this window.
      const start = Math.max(0, end - form.length + 1);
      const window = text.slice(start, end);
      const head = form.slice(0, MIN_CUT_PREFIX);
      // The earliest match is the longest prefix (a match of the head leaves at least MIN_CUT_PREFIX characters).
      for (let at = window.indexOf(head); at !== -1; at = window.indexOf(head, at + 1)) {
        if (form.startsWith(window.slice(at))) {
          ranges.push([start + at, end]);
          break;
        }
      }
    }
  }
  return ranges;
}

/** Replaces the union of the ranges with REDACTED (overlapping or touching ranges become one). */
function replaceRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let copied = 0;
  let [start, end] = ranges[0]!;
  for (const [s, e] of ranges.slice(1)) {
    if (s <= end) end = Math.max(end, e);
    else {
      out += text.slice(copied, start) + REDACTED;
      copied = end;
      [start, end] = [s, e];
    }
  }
  return out + text.slice(copied, start) + REDACTED + text.slice(end);
}
