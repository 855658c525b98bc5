import { describe, expect, it } from 'vitest';
import { q } from '../../src/diagnostics/catalogue.js';
import { outputLines } from '../../src/report/github.js';
import { escapeData, escapeProperty, tableCell } from '../../src/text/escape.js';
import { createRedactor, REDACTED, secretForms } from '../../src/secrets/redact.js';
import { secretsFromEnv, TOKEN_VARIABLES } from '../../src/secrets/tokens.js';

const json = (text: string) => JSON.stringify(text).slice(1, -1);
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Token shapes: plain, JWT, and one full of the characters every escape touches. */
const SHAPES: Record<string, string> = {
  plain: 'qvtok_0123456789abcdef0123456789abcdef',
  jwt: `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"ci-deployer"}').toString('base64url')}.c2lnbmF0dXJlLXBhcnQtMTIzNDU2`,
  special: 'qv|tok*"\\%:,<&>_`#[x](y)~0123456789abcdef',
  unicode: 'qvtok_é€😀_\u2028_0123456789abcdef',
};

/** Every escape the tool applies to text it emits, and the compositions that really happen. */
const ENCODINGS: Record<string, (text: string) => string> = {
  'as is': (t) => t,
  'JSON string': json,
  'JSON inside JSON (init --format json of a quoted YAML name)': (t) => json(json(t)),
  'Markdown table cell (job summary)': tableCell,
  'table cell of a JSON-quoted value': (t) => tableCell(json(t)),
  'workflow command message (::error::…)': escapeData,
  'workflow command property (title=…)': escapeProperty,
  'workflow message of a JSON-quoted value': (t) => escapeData(json(t)),
  '$GITHUB_OUTPUT value': (t) => outputLines({ x: t }).slice(2, -1),
  'quoted in a message (q)': (t) => q(t).slice(1, -1),
  'base64': b64,
  'URL-encoded': encodeURIComponent,
};

describe('the redactor', () => {
  describe('hides every encoding of every token shape (formats × shapes)', () => {
    for (const [shape, token] of Object.entries(SHAPES)) {
      for (const [name, encode] of Object.entries(ENCODINGS)) {
        it(`${shape} token, ${name}`, () => {
          const redact = createRedactor([token]);
          const encoded = encode(token);
          const out = redact(`before ${encoded} after`);
          expect(out).toBe(`before ${REDACTED} after`);
        });
      }
    }
  });

  it('reads the token variables with the client’s rule: trimmed, empty ones skipped, each value once', () => {
    expect(TOKEN_VARIABLES).toEqual(['QOVERY_API_TOKEN', 'QOVERY_CLI_ACCESS_TOKEN', 'Q_CLI_ACCESS_TOKEN']);
    expect(secretsFromEnv({ QOVERY_API_TOKEN: '  qvtok_pasted_with_newline_0001\n', QOVERY_CLI_ACCESS_TOKEN: '\n', Q_CLI_ACCESS_TOKEN: 'qvtok_pasted_with_newline_0001' })).toEqual([
      'qvtok_pasted_with_newline_0001',
    ]);
    // The one that used to leak: a pasted token ends with a newline, the text holds it without.
    const redact = createRedactor(secretsFromEnv({ QOVERY_API_TOKEN: 'qvtok_pasted_with_newline_0001\n' }));
    expect(redact('bad token qvtok_pasted_with_newline_0001.')).toBe('bad token ***.');
  });

  it('lists raw, base64 (both alphabets, padded or not), URL-encoded and JWT segment forms', () => {
    const token = 'qvtok_?/+=0123456789';
    const forms = secretForms(token);
    for (const form of [token, b64(token), b64(token).replace(/=+$/, ''), Buffer.from(token).toString('base64url'), encodeURIComponent(token)]) expect(forms).toContain(form);
    const jwt = SHAPES.jwt!;
    for (const part of jwt.split('.')) expect(secretForms(jwt)).toContain(part);
    // Longest first, so a longer form is never half-replaced by a shorter one.
    expect(forms).toEqual([...forms].sort((a, b) => b.length - a.length));
  });

  it('replaces overlapping forms and a token that is a substring of another whole', () => {
    const short = 'qvtok_shared_prefix_0001';
    const long = `${short}_and_more_0002`;
    const redact = createRedactor([short, long]);
    expect(redact(`a ${long} b ${short} c`)).toBe('a *** b *** c');
    // Two tokens overlapping in the text: both disappear.
    const a = 'AAAAAAAAAAAAAAAA1111';
    const b = '1111BBBBBBBBBBBBBBBB';
    expect(createRedactor([a, b])(`x ${'AAAAAAAAAAAAAAAA1111BBBBBBBBBBBBBBBB'} y`)).not.toMatch(/AAAAAAAA|BBBBBBBB/);
  });

  it('hides a prefix of a token cut short by an ellipsis (a message cut before it reached us)', () => {
    const token = SHAPES.plain!;
    const redact = createRedactor([token]);
    for (let k = 8; k < token.length; k++) {
      expect(redact(`said: ${token.slice(0, k)}...`)).toBe('said: ***...');
      expect(redact(`said: ${token.slice(0, k)}…`)).toBe('said: ***…');
    }
    // A prefix of a message quoted in a diagnostic (q cuts values at 80 characters).
    expect(redact(q(`${'x'.repeat(60)}${token}`))).not.toContain(token.slice(0, 8));
    // Short prefixes and ordinary ellipses are left alone.
    expect(redact(`${token.slice(0, 7)}... and so on...`)).toBe(`${token.slice(0, 7)}... and so on...`);
  });

  it('hides a secret whose whitespace a server message collapsed to one space', () => {
    const redact = createRedactor(['qvtok_first\n\n  second_0123456789']);
    expect(redact('said: qvtok_first second_0123456789.')).toBe('said: ***.');
  });

  it('escapes compose up to three deep, no deeper (each form is searched in every line of output)', () => {
    const token = 'qv"tok_0123456789';
    expect(createRedactor([token])(`x ${json(json(json(token)))} y`)).toBe(`x ${REDACTED} y`);
    expect(secretForms(token)).not.toContain(json(json(json(json(token)))));
  });

  it('hides unpadded base64 and base64url of a token whose base64 has + and / and padding', () => {
    const token = 'qvtok_???>>>_';
    const base64 = b64(token);
    expect(base64).toMatch(/[+/].*==$/);
    const redact = createRedactor([token]);
    expect(redact(`x ${base64.replace(/=+$/, '')} y`)).toBe(`x ${REDACTED} y`);
    expect(redact(`x ${Buffer.from(token).toString('base64url')} y`)).toBe(`x ${REDACTED} y`);
  });

  it('hides a JWT’s segments of 8 characters or more on their own, and only a JWT’s', () => {
    const jwt = 'header12.payload.signature-part';
    const redact = createRedactor([jwt]);
    expect(redact('a header12 b')).toBe(`a ${REDACTED} b`);
    expect(redact('a payload b')).toBe('a payload b');
    // Two or four dot-separated parts are not a JWT: their parts are ordinary text.
    expect(createRedactor(['abcdefghij.klmnopqrst'])('abcdefghij')).toBe('abcdefghij');
    expect(createRedactor(['abcdefghij.klmnopqrst.uvwxyzabcd.efghijklmn'])('abcdefghij')).toBe('abcdefghij');
  });

  it('hides a secret of 6 characters; a shorter one, and its base64, are left alone', () => {
    expect(createRedactor(['abcdef'])('x abcdef y')).toBe(`x ${REDACTED} y`);
    expect(createRedactor(['abcde'])(`${b64('abcde')} abcde`)).toBe(`${b64('abcde')} abcde`);
  });

  it('hides a cut prefix even after an earlier look-alike that is not one', () => {
    const token = SHAPES.plain!;
    expect(createRedactor([token])(`said: ${token.slice(0, 8)}zz ${token.slice(0, 10)}...`)).toBe(`said: ${token.slice(0, 8)}zz ${REDACTED}...`);
  });

  it('replaces two secrets that touch in the text with one marker', () => {
    expect(createRedactor(['qvtok_first_0001', 'qvtok_second_002'])('[qvtok_first_0001qvtok_second_002]')).toBe(`[${REDACTED}]`);
  });

  it('ignores empty, missing and very short secrets instead of shredding the output', () => {
    expect(createRedactor([])('nothing to hide')).toBe('nothing to hide');
    expect(createRedactor([undefined, '', '   ', 'abc'])('abc abc')).toBe('abc abc');
    expect(secretForms('abc')).toEqual([]);
  });
});
