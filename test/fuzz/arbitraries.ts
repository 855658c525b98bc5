/**
 * fast-check arbitraries for fuzzing `load` and `validate` (issue 7, checklist item 23):
 *
 *   • raw inputs: random bytes and random strings (binary, graphemes, YAML indicator soup);
 *   • YAML-shaped documents built from a small grammar: block and flow maps and sequences,
 *     scalars of every troublesome kind, anchors, aliases, tags, merge keys, directives,
 *     document markers, comments, BOM, CRLF, tabs and very long lines;
 *   • valid manifests over all six kinds and every field, rendered in many YAML styles, each with
 *     the typed manifest `validate` must produce from it;
 *   • mutations of valid manifests (the examples, the malformed corpus and generated manifests);
 *   • hostile shapes: alias bombs, self-referencing aliases, deep flow nesting, deep indentation,
 *     and single-line block nesting (`- - - …`), for in-process and child-process runs.
 *
 * Nothing here reads outside the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isMap, isScalar, parseDocument } from 'yaml';
import { KIND_KEYS, SERVICE_KINDS, type EnvironmentSpec, type ServiceKind, type ServiceSpec, type TerraformAction } from '../../src/types.js';

const ROOT = new URL('../../', import.meta.url);

// ─── Raw inputs ──────────────────────────────────────────────────────────────────────────────────

/** Characters YAML gives a meaning to, plus line breaks and oddities the lexer must survive. */
const YAML_SOUP = [
  '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '~', '$', '\\', '<<',
  ' ', ' ', ' ', '  ', '\n', '\n', '\r\n', '\r', '\t', '\uFEFF', '\u0000', '\u0085', '\u2028', '\u00a0', '\uFFFE',
  'a', 'x', '1', '0', '.', 'e', 'version', 'environment', 'id', 'name', 'commit', 'image_tag', '---', '...', '%YAML 1.1',
];

/** Random bytes (the CLI reads them as a file: invalid UTF-8 included). */
export const randomBytes: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 600, size: 'large' });

/** Random strings: any code units, full graphemes, or a soup of YAML indicators. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400, size: 'large' }),
  fc.string({ unit: 'grapheme', maxLength: 200, size: 'large' }),
  fc.string({ unit: fc.constantFrom(...YAML_SOUP), maxLength: 300, size: 'large' }),
);

/** Bytes turned into the text `parseManifest` sees, the way a careless reader could decode them. */
export const bytesAsText: fc.Arbitrary<string> = fc
  .tuple(randomBytes, fc.constantFrom('utf8', 'latin1', 'utf16le') as fc.Arbitrary<BufferEncoding>)
  .map(([bytes, encoding]) => Buffer.from(bytes).toString(encoding));

// ─── Troublesome scalars ─────────────────────────────────────────────────────────────────────────

/** Plain scalars YAML 1.1/1.2 resolvers turn into something other than the text (reliability.md §2.3). */
export const TROUBLESOME_PLAIN = [
  '1.10', '0123', '1e3', '1E3', 'no', 'yes', 'off', 'on', 'y', 'n', '~', 'null', 'Null', 'NULL', 'true', 'False', 'TRUE',
  '0x1F', '0o17', '0b101', '7e10000', '-7e10000', '.inf', '-.Inf', '.NaN', '1234567', '1234e56', '2024-01-01',
  '2001-12-14t21:59:43.10-05:00', '1_000', '+12', '-0', '0.', '.5', '1:20', '190:20:30', '=', '<<', '-', '--',
] as const;

/** Plain text that is not a valid YAML plain scalar in some contexts. */
const AWKWARD_TEXT = [
  '@x', '`x`', '%x', '!', '&', '*', '|', '>', '? x', '- x', 'a: b', 'a #b', 'a,b', '[x]', '{x}', "'x", '"x', 'x\ty',
  'HEAD', 'HEAD~1', 'HEAD^2', 'main', 'v1.4.2', 'release/2026.11', '@', '@{1}', 'a..b', 'x.lock', '.hidden',
  '--output=/tmp/x', '-h', '--upload-pack=touch /tmp/p', '--exec=id', '-c', 'ext::sh -c id',
  '${IMAGE_TAG}', '${X:-1.10}', '${X:?is required}', '$$', '${QOVERY_API_TOKEN}', '${', '${A:-${B}}', '$${X}',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '',
  '7a1b0c2d-0000-4000-8000-000000000001', '7A1B0C2D-0000-4000-8000-000000000001',
  'urn:uuid:7a1b0c2d-0000-4000-8000-000000000001', '{7a1b0c2d-0000-4000-8000-000000000001}',
  '3c90c3cc0d444b5088888dd25736052a3c90c3cc', 'PLAN', 'FORCE_UNLOCK', 'MIGRATE_STATE', 'APPLY',
];

/** Keys: the manifest's own, near misses, prototype-shaped, merge keys and oddities. */
const KEY_POOL = [
  'version', 'environment', 'applications', 'containers', 'databases', 'jobs', 'helms', 'terraforms',
  'id', 'name', 'organization', 'project', 'commit', 'image_tag', 'chart_version', 'repository',
  'values_override_commit', 'values_override_repository', 'action',
  'imageTag', 'comit', 'application', 'env', '<<', '__proto__', 'constructor', 'prototype', 'a', 'b', 'x', '1', '~', '',
];

const ANCHORS = ['a', 'b', 'c', 'x'];
const TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!map', '!!seq', '!!binary', '!!timestamp', '!!set', '!!omap',
  '!!js/function', '!foo', '!', '!<tag:yaml.org,2002:str>', '!e!x'];

/** YAML double-quoted text for any string: escapes every character a YAML reader could fold or refuse. */
export function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff || cp === 0xfffe || cp === 0xffff ||
      (cp >= 0xd800 && cp <= 0xdfff)) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** YAML single-quoted text, or undefined when the text holds characters only double quotes can carry. */
export function singleQuoted(text: string): string | undefined {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/.test(text)) return undefined;
  return `'${text.replace(/'/g, "''")}'`;
}

/** Very long lines, now and then (they cost parse time, so not in every document). */
const longScalarArb: fc.Arbitrary<string> = fc.integer({ min: 200, max: 4000 }).map((n) => 'x'.repeat(n));

const scalarTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom(...TROUBLESOME_PLAIN) },
  { weight: 30, arbitrary: fc.constantFrom(...AWKWARD_TEXT) },
  { weight: 20, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/) },
  { weight: 20, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map(doubleQuoted) },
  { weight: 10, arbitrary: fc.constantFrom(...AWKWARD_TEXT, ...TROUBLESOME_PLAIN).map((t) => singleQuoted(t) ?? doubleQuoted(t)) },
  // Escapes YAML knows and ones it does not.
  { weight: 10, arbitrary: fc.constantFrom('"\\x41\\u263A\\U0001F600"', '"\\N\\_\\L\\P\\e\\0\\a"', '"\\q"', '"\\', '"a\\\n  b"', "'it''s'", "'a\n  b'", '"unterminated', "'unterminated") },
  // Multi-line plain, and (rarely) a very long line.
  { weight: 10, arbitrary: fc.constantFrom('a\n  b', 'first\n\n  second') },
  { weight: 1, arbitrary: longScalarArb },
);

/** Block scalars (only valid in block context): literal and folded, with chomping and indentation indicators. */
const blockScalarArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('|', '>', '|-', '>+', '|2', '>-1', '|+', '|0'), fc.array(fc.constantFrom('line', '1.10', '  indented', '', '# not a comment', 'a: b', '\tTab'), { minLength: 0, maxLength: 4 }))
  .map(([head, lines]) => `${head}\n${lines.map((l) => `@@INDENT@@${l}`).join('\n')}`);

// ─── YAML-shaped documents ───────────────────────────────────────────────────────────────────────

/** A node of a generated YAML document, with the style it is written in. */
export type YNode =
  | { t: 'scalar'; text: string; block?: string; props: string }
  | { t: 'alias'; name: string }
  | { t: 'map'; flow: boolean; entries: [YNode, YNode][]; props: string }
  | { t: 'seq'; flow: boolean; items: YNode[]; props: string };

const propsArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom(...ANCHORS).map((a) => `&${a} `) },
  { weight: 1, arbitrary: fc.constantFrom(...TAGS).map((t) => `${t} `) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ANCHORS), fc.constantFrom(...TAGS)).map(([a, t]) => `&${a} ${t} `) },
);

const keyArb: fc.Arbitrary<YNode> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...KEY_POOL).map((text): YNode => ({ t: 'scalar', text: /^[A-Za-z_<~1]|^$/.test(text) && text !== '' ? text : doubleQuoted(text), props: '' })) },
  { weight: 1, arbitrary: fc.constantFrom('"version"', "'id'", '"__proto__"', '? x', '1.10', 'null', '[a, b]', '{a: b}', '*a', '!!str id', '&a k').map((text): YNode => ({ t: 'scalar', text, props: '' })) },
);

const { node: yamlNodeArb } = fc.letrec<{ node: YNode; scalar: YNode; alias: YNode; map: YNode; seq: YNode }>((tie) => ({
  node: fc.oneof({ maxDepth: 5, depthSize: 'small', withCrossShrink: true }, tie('scalar'), tie('map'), tie('seq'), tie('alias')),
  scalar: fc.record({
    t: fc.constant('scalar' as const),
    text: scalarTextArb,
    block: fc.option(blockScalarArb, { nil: undefined, freq: 6 }),
    props: propsArb,
  }).map((n): YNode => (n.block === undefined ? { t: 'scalar', text: n.text, props: n.props } : { t: 'scalar', text: n.text, block: n.block, props: n.props })),
  alias: fc.constantFrom(...ANCHORS, 'undefined_anchor').map((name): YNode => ({ t: 'alias', name })),
  map: fc.record({
    t: fc.constant('map' as const),
    flow: fc.boolean(),
    entries: fc.array(fc.tuple(keyArb, tie('node')), { maxLength: 5 }),
    props: propsArb,
  }),
  seq: fc.record({
    t: fc.constant('seq' as const),
    flow: fc.boolean(),
    items: fc.array(tie('node'), { maxLength: 5 }),
    props: propsArb,
  }),
}));

function renderFlow(node: YNode): string {
  switch (node.t) {
    case 'scalar':
      return node.props + node.text;
    case 'alias':
      return `*${node.name}`;
    case 'map':
      return `${node.props}{${node.entries.map(([k, v]) => `${renderFlow(k)}: ${renderFlow(v)}`).join(', ')}}`;
    case 'seq':
      return `${node.props}[${node.items.map(renderFlow).join(', ')}]`;
  }
}

const isBlockCollection = (n: YNode): n is Extract<YNode, { t: 'map' | 'seq' }> =>
  (n.t === 'map' && !n.flow && n.entries.length > 0) || (n.t === 'seq' && !n.flow && n.items.length > 0);

/** What follows `key:` or `-` for this node: an inline value, or a newline and a nested block. */
function renderAfterIndicator(node: YNode, indent: number, step: number): string {
  if (isBlockCollection(node)) return `${node.props ? ` ${node.props.trimEnd()}` : ''}\n${renderBlock(node, indent + step, step)}`;
  if (node.t === 'scalar' && node.block !== undefined) {
    return ` ${node.props}${node.block.replace(/@@INDENT@@/g, ' '.repeat(indent + step))}`;
  }
  return ` ${renderFlow(node)}`;
}

function renderBlock(node: Extract<YNode, { t: 'map' | 'seq' }>, indent: number, step: number): string {
  const pad = ' '.repeat(indent);
  if (node.t === 'map') {
    return node.entries.map(([k, v]) => `${pad}${renderFlow(k)}:${renderAfterIndicator(v, indent, step)}`).join('\n');
  }
  return node.items
    .map((item) => {
      // Compact form (`- key: value` / `- - x`) for block collections, nested form otherwise.
      if (isBlockCollection(item) && item.props === '') {
        const inner = renderBlock(item, indent + 2, step);
        return `${pad}- ${inner.slice(indent + 2)}`;
      }
      return `${pad}-${renderAfterIndicator(item, indent, step)}`;
    })
    .join('\n');
}

/** Renders a generated tree as a document body (block root when it can be, else flow). */
export function renderYaml(root: YNode, step = 2): string {
  return isBlockCollection(root) ? renderBlock(root, 0, step) : renderFlow(root);
}

/** Whole-document dressings: directives, markers, BOM, line endings, comments, tabs, long lines. */
export interface Dressing {
  bom: boolean;
  directive: string;
  start: boolean;
  end: string;
  crlf: 'lf' | 'crlf' | 'mixed' | 'cr';
  edits: { op: 'comment' | 'tab' | 'blank' | 'long' | 'trailing-space' | 'trailing-comment'; at: number }[];
}

export const dressingArb: fc.Arbitrary<Dressing> = fc.record({
  bom: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  directive: fc.constantFrom('', '', '', '', '%YAML 1.1\n', '%YAML 1.2\n', '%YAML 1.3\n', '%YAML 2.0\n', '%TAG !e! tag:example.com,2000:\n', '%FOO bar\n', '%YAML 1.1\n%YAML 1.2\n'),
  start: fc.boolean(),
  end: fc.constantFrom('', '', '', '...\n', '---\n', '---\nsecond: document\n', '...\n# after the end\n'),
  crlf: fc.constantFrom('lf', 'lf', 'lf', 'crlf', 'mixed', 'cr'),
  edits: fc.array(
    fc.record({ op: fc.constantFrom('comment', 'comment', 'tab', 'tab', 'blank', 'trailing-space', 'trailing-comment', 'long'), at: fc.nat() }),
    { maxLength: 4 },
  ),
}) as fc.Arbitrary<Dressing>;

/** Applies a dressing to a document body. */
export function dress(body: string, d: Dressing): string {
  const lines = body.split('\n');
  for (const { op, at } of d.edits) {
    const i = at % (lines.length + 1);
    const line = lines[i] ?? '';
    switch (op) {
      case 'comment':
        lines.splice(i, 0, '# a comment: with [brackets] and "quotes\'');
        break;
      case 'blank':
        lines.splice(i, 0, '');
        break;
      case 'tab':
        lines[i] = line.replace(/^( *)/, (s) => `\t${s.slice(1)}`);
        break;
      case 'long':
        lines[i] = `${line} # ${'x'.repeat(1000 + (at % 3000))}`;
        break;
      case 'trailing-space':
        lines[i] = `${line}   `;
        break;
      case 'trailing-comment':
        lines[i] = `${line} #c`;
        break;
    }
  }
  let text = lines.join('\n');
  if (!text.endsWith('\n')) text += '\n';
  if (d.start || d.directive !== '') text = `${d.directive}${d.start || d.directive !== '' ? '---\n' : ''}${text}`;
  text += d.end;
  if (d.crlf === 'crlf') text = text.replace(/\n/g, '\r\n');
  else if (d.crlf === 'cr') text = text.replace(/\n/g, '\r');
  else if (d.crlf === 'mixed') text = text.replace(/\n/g, (_, offset: number) => (offset % 3 === 0 ? '\r\n' : '\n'));
  return (d.bom ? '\uFEFF' : '') + text;
}

/** A YAML-shaped document: usually a map at the root keyed like a manifest, sometimes anything. */
export const yamlDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.record({ t: fc.constant('map' as const), flow: fc.boolean(), entries: fc.array(fc.tuple(keyArb, yamlNodeArb), { minLength: 1, maxLength: 8 }), props: fc.constant('') }) as fc.Arbitrary<YNode> },
      { weight: 1, arbitrary: yamlNodeArb },
    ),
    fc.constantFrom(2, 2, 3, 4, 1),
    dressingArb,
    // Now and then, the whole document nested inside flow brackets or block keys, on both sides of
    // the limits (64 brackets, 200 columns) but far below the depth that can abort V8 (~1,000).
    fc.oneof(
      { weight: 8, arbitrary: fc.constant({ levels: 0, flow: false }) },
      { weight: 1, arbitrary: fc.record({ levels: fc.integer({ min: 1, max: 90 }), flow: fc.boolean() }) },
    ),
  )
  .map(([root, step, dressing, nest]) => dress(nestDocument(root, step, nest.levels, nest.flow), dressing));

/** The document inside `levels` flow sequences, or under `levels` block keys indented `step` each. */
function nestDocument(root: YNode, step: number, levels: number, flow: boolean): string {
  if (levels === 0) return renderYaml(root, step);
  if (flow) return `${'['.repeat(levels)}${renderFlow(root)}${']'.repeat(levels)}`;
  const keys = Array.from({ length: levels }, (_, i) => `${' '.repeat(i * step)}k${i}:`);
  const body = renderYaml(root, step)
    .split('\n')
    .map((line) => (line === '' ? line : ' '.repeat(levels * step) + line));
  return [...keys, ...body].join('\n');
}

// ─── Valid manifests ─────────────────────────────────────────────────────────────────────────────

/** One generated service: what the manifest says, before rendering. */
export interface ServiceModel {
  kind: ServiceKind;
  id?: string;
  name?: string;
  /** Field name → intended value (after `${VAR}` expansion). Insertion order is the written order. */
  fields: Record<string, string>;
}

export interface ManifestModel {
  environment: EnvironmentSpec;
  services: ServiceModel[];
}

/** A generated valid manifest: its text, the variables it needs, and what `validate` must return. */
export interface GeneratedManifest {
  text: string;
  env: Record<string, string>;
  model: ManifestModel;
  /** The typed services `validateManifest` must produce (kinds in KIND_KEYS order), without positions. */
  expected: { environment: EnvironmentSpec; services: ServiceSpec[] };
}

const uuidArb: fc.Arbitrary<string> = fc.uuid().map((u) => u.toLowerCase());
const sha40Arb: fc.Arbitrary<string> = fc.stringMatching(/^[0-9a-f]{40}$/);

/** Names as the Qovery console shows them: anything without control characters, often awkward in YAML. */
const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('yes', 'no', '1.10', '0123', 'null', '~', 'true', '-', '#x', 'a: b', '- x', ' x ', '"q"', "'q'",
      '[x]', '{x}', '&a', '*a', '!t', '%', '@', '`', "O'Brien", 'Été', '日本語', '🚀 rocket', 'a\u00a0b', 'API', 'x'.repeat(255), '<<', '__proto__'),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }) },
).filter((n) => n.length > 0 && n.length <= 255 && !/[\u0000-\u001f\u007f]/.test(n) && !n.includes('$'));

const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const CHART_VERSION = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/;

/** Image tags, with every number-, bool- and date-looking text a YAML resolver would change. */
const imageTagArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('1.10', 'latest', '0123') },
  fc.constantFrom('1.10', '0123', '1e3', '1E3', '0x1F', '0o17', 'no', 'yes', 'true', 'False', '7e10000', '1234e56', '1234567', '2024-01-01',
    '1_000', 'latest', 'v1.4.2', '2026.11.01', '_x', 'a-', '0', '00', '1.0', 'x'.repeat(128)),
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}$/),
).filter((t) => IMAGE_TAG.test(t));

const chartVersionArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('4.11.3', '1.10', '0123', '1e3', '0x1F', 'no', 'true', '7e10000', '1.0.0+build.5', '1.0.0-rc.1', '2024-01-01', '1'),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,30}$/),
).filter((t) => CHART_VERSION.test(t));

/** A ref component git accepts: no leading dot, no `..`, no `.lock` suffix, no forbidden characters. */
const refComponentArb: fc.Arbitrary<string> = fc
  .array(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_+=,-]{0,7}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('.'))
  .filter((c) => !c.endsWith('.lock'));

/** Git revisions `validate` must accept: names, SHAs, number-looking text, with `~N`/`^N` steps. */
const revisionArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      // Common names weigh more, so that values repeat and the renderer can write them as aliases.
      { weight: 4, arbitrary: fc.constantFrom('HEAD', 'main', '1.10') },
      fc.constantFrom('HEAD', '@', 'main', 'master', 'v1.4.2', 'release/2026.11', 'feature/x-1', '1.10', '0123', '1e3', '0x1F', 'no', 'true',
        '1234567', '1234e56', '7e10000', 'v1.0.0-rc.1', '日本', 'a+b', 'FETCH_HEAD'),
      sha40Arb,
      fc.stringMatching(/^[0-9a-f]{7,39}$/),
      fc.array(refComponentArb, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')),
    ),
    fc.array(fc.constantFrom('~', '^', '~1', '^2', '~10', '^0'), { maxLength: 2 }),
  )
  .map(([base, steps]) => base + steps.join(''))
  .filter((r) => !r.startsWith('-') && r.length <= 255);

const repositoryArb: fc.Arbitrary<string> = fc.constantFrom(
  '../billing', './sub/repo', 'repos/x', '../infrastructure', 'https://github.com/acme/seed-data.git', 'git@github.com:acme/monitoring-chart.git',
  'ssh://git@github.com/acme/monitoring-values.git', 'file:///srv/git/x.git', 'http://127.0.0.1:8080/x.git', 'https://gitlab.example.com:8443/a/b',
);

const actionArb: fc.Arbitrary<TerraformAction> = fc.constantFrom('PLAN', 'FORCE_UNLOCK', 'MIGRATE_STATE') as fc.Arbitrary<TerraformAction>;

export interface ValidManifestOptions {
  /** Every service has an id, and every revision is a full 40-hex SHA (what `compile` can take as is). */
  idsAndShas?: boolean;
  /** At most this many services per kind. Default 3. */
  maxPerKind?: number;
}

function serviceArb(kind: ServiceKind, o: ValidManifestOptions): fc.Arbitrary<ServiceModel> {
  const rev = o.idsAndShas ? sha40Arb : revisionArb;
  const identity: fc.Arbitrary<{ id?: string; name?: string }> = o.idsAndShas
    ? fc.record({ id: uuidArb, name: nameArb }, { requiredKeys: ['id'] })
    : fc.oneof(fc.record({ id: uuidArb }), fc.record({ name: nameArb }), fc.record({ id: uuidArb, name: nameArb }));
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  let fields: fc.Arbitrary<Record<string, string | undefined>>;
  switch (kind) {
    case 'application':
      fields = fc.record({ commit: rev, repository: opt(repositoryArb) });
      break;
    case 'container':
      fields = fc.record({ image_tag: imageTagArb });
      break;
    case 'database':
      fields = fc.constant({});
      break;
    case 'job':
      fields = fc.oneof(fc.record({ commit: rev, repository: opt(repositoryArb) }), fc.record({ image_tag: imageTagArb }));
      break;
    case 'helm':
      fields = fc
        .tuple(
          fc.oneof(fc.record({ commit: rev, repository: opt(repositoryArb) }), fc.record({ chart_version: chartVersionArb })),
          fc.option(fc.record({ values_override_commit: rev, values_override_repository: opt(repositoryArb) }), { nil: undefined }),
        )
        .map(([source, values]) => ({ ...source, ...(values ?? {}) }));
      break;
    case 'terraform':
      fields = fc.record({ commit: rev, repository: opt(repositoryArb), action: opt(actionArb) });
      break;
  }
  return fc.tuple(identity, fields).map(([id, f]): ServiceModel => {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(f)) if (v !== undefined) clean[k] = v;
    return { kind, ...id, fields: clean };
  });
}

/** Drops services whose id, or kind and case-folded name, an earlier service already uses. */
function dedupe(services: ServiceModel[]): ServiceModel[] {
  const ids = new Set<string>();
  const names = new Set<string>();
  return services.filter((s) => {
    const nameKey = s.name === undefined ? undefined : `${s.kind}:${s.name.toLowerCase()}`;
    if ((s.id !== undefined && ids.has(s.id)) || (nameKey !== undefined && names.has(nameKey))) return false;
    if (s.id !== undefined) ids.add(s.id);
    if (nameKey !== undefined) names.add(nameKey);
    return true;
  });
}

const environmentArb: fc.Arbitrary<EnvironmentSpec> = fc.oneof(
  fc.record({ id: uuidArb }),
  fc.record({ organization: nameArb, project: nameArb, name: nameArb }),
  fc.record({ id: uuidArb, organization: nameArb, project: nameArb, name: nameArb }),
);

export function manifestModelArb(o: ValidManifestOptions = {}): fc.Arbitrary<ManifestModel> {
  const max = o.maxPerKind ?? 3;
  return fc
    .tuple(environmentArb, ...SERVICE_KINDS.map((kind) => fc.array(serviceArb(kind, o), { maxLength: max })))
    .map(([environment, ...lists]) => ({ environment, services: dedupe(lists.flat()) }));
}

// Rendering choices: one stream of small integers, read in order, so that every choice shrinks.
class Choices {
  private i = 0;
  constructor(private readonly values: readonly number[]) {}
  next(n: number): number {
    const v = this.values.length === 0 ? 0 : (this.values[this.i++ % this.values.length] ?? 0);
    return v % n;
  }
  chance(outOf: number): boolean {
    return this.next(outOf) === 0;
  }
}

const plainCache = new Map<string, boolean>();

/**
 * Whether `text` may be written unquoted in this context and still be read back as intended: the
 * same string for ordinary fields; for version fields, a non-null plain scalar whose source is the
 * text (validate keeps that source verbatim, even when YAML would read a number).
 */
export function plainIsSafe(text: string, flow: boolean, version: boolean): boolean {
  const key = `${flow ? 'f' : 'b'}${version ? 'v' : 's'}${text}`;
  const cached = plainCache.get(key);
  if (cached !== undefined) return cached;
  let ok = false;
  if (text !== '' && !/[\r\n\t]/.test(text) && text.trim() === text) {
    const doc = parseDocument(flow ? `{k: ${text}}` : `k: ${text}\n`, { schema: 'core', version: '1.2', merge: false, uniqueKeys: true, strict: true });
    const root = doc.contents;
    if (doc.errors.length === 0 && doc.warnings.length === 0 && isMap(root) && root.items.length === 1) {
      const value = root.items[0]?.value;
      if (isScalar(value) && value.type === 'PLAIN' && value.tag === undefined) {
        ok = version ? value.value !== null && value.source === text : value.value === text;
      }
    }
  }
  if (plainCache.size > 50_000) plainCache.clear();
  plainCache.set(key, ok);
  return ok;
}

interface RenderState {
  c: Choices;
  env: Record<string, string>;
  vars: number;
  anchors: Map<string, string>;
  flow: boolean;
}

const VERSION_KEYS = new Set(['image_tag', 'chart_version', 'commit', 'values_override_commit']);

/** Writes one scalar value: plain, single- or double-quoted, through `${VAR}`, or as an alias. */
function scalar(s: RenderState, key: string, value: string): string {
  const version = VERSION_KEYS.has(key);
  // ${VAR} forms: the value comes from the environment or a default; validate must expand it once.
  if ((version || key === 'id' || key === 'repository') && !value.includes('}') && s.c.chance(5)) {
    const name = `QD_FUZZ_${s.vars++}`;
    let expr: string;
    switch (s.c.next(4)) {
      case 0:
        s.env[name] = value;
        expr = `\${${name}}`;
        break;
      case 1:
        expr = `\${${name}:-${value}}`;
        break;
      case 2:
        s.env[name] = value;
        expr = `\${${name}:?is required}`;
        break;
      default: {
        const cut = 1 + s.c.next(Math.max(1, value.length));
        s.env[name] = value.slice(cut);
        expr = `${value.slice(0, cut).replace(/\$/g, '$$$$')}\${${name}}`;
      }
    }
    return quoteOrPlain(s, expr, false);
  }
  if (version && !value.includes('$')) {
    const anchor = s.anchors.get(value);
    if (anchor !== undefined && s.c.chance(3)) return `*${anchor}`;
    if (anchor === undefined && s.c.chance(6)) {
      const name = `v${s.anchors.size}`;
      s.anchors.set(value, name);
      return `&${name} ${quoteOrPlain(s, value, true)}`;
    }
  }
  return quoteOrPlain(s, value, version);
}

function quoteOrPlain(s: RenderState, text: string, version: boolean): string {
  const style = s.c.next(5);
  if (style <= 1 && plainIsSafe(text, s.flow, version)) return text;
  if (style === 2 || style === 0) {
    const single = singleQuoted(text);
    if (single !== undefined) return single;
  }
  if (style === 3 && version && s.c.chance(2)) return `!!str ${doubleQuoted(text)}`;
  return doubleQuoted(text);
}

/** An entry's keys in written order (identity first or last, sometimes shuffled). */
function entryPairs(s: RenderState, svc: ServiceModel): [string, string][] {
  const pairs: [string, string][] = [];
  if (svc.id !== undefined) pairs.push(['id', svc.id]);
  if (svc.name !== undefined) pairs.push(['name', svc.name]);
  pairs.push(...Object.entries(svc.fields));
  const rot = s.c.next(pairs.length || 1);
  return s.c.chance(2) ? [...pairs.slice(rot), ...pairs.slice(0, rot)] : pairs;
}

function renderEntryFlow(s: RenderState, svc: ServiceModel): string {
  const flow = s.flow;
  s.flow = true;
  const text = `{${entryPairs(s, svc).map(([k, v]) => `${k}: ${scalar(s, k, v)}`).join(', ')}}`;
  s.flow = flow;
  return text;
}

function comment(s: RenderState): string {
  return s.c.chance(6) ? `   # ${['note', 'stays "1.10"', 'a: b', '[x]', "it's"][s.c.next(5)]}` : '';
}

/** Renders a manifest model in a style chosen by `choices`; fills `env` with the variables it uses. */
export function renderManifest(model: ManifestModel, choices: readonly number[]): { text: string; env: Record<string, string> } {
  const s: RenderState = { c: new Choices(choices), env: {}, vars: 0, anchors: new Map(), flow: false };
  const step = [2, 2, 4, 3][s.c.next(4)] ?? 2;
  const seqIndent = s.c.chance(3) ? 0 : step;
  const pad = (n: number) => ' '.repeat(n);
  const versionText = ['1', '1', '1', '0x1', '1.0', '+1', '1e0', '0o1'][s.c.next(8)] ?? '1';

  if (s.c.chance(12)) {
    // The whole manifest as one flow map.
    s.flow = true;
    const env = Object.entries(model.environment).map(([k, v]) => `${k}: ${scalar(s, k, v)}`).join(', ');
    const lists = SERVICE_KINDS.flatMap((kind) => {
      const list = model.services.filter((x) => x.kind === kind);
      return list.length === 0 && !s.c.chance(4) ? [] : [`${KIND_KEYS[kind]}: [${list.map((svc) => renderEntryFlow(s, svc)).join(', ')}]`];
    });
    return { text: `{version: ${versionText}, environment: {${env}}${lists.map((l) => `, ${l}`).join('')}}\n`, env: s.env };
  }

  const lines: string[] = [];
  if (s.c.chance(3)) lines.push('# yaml-language-server: $schema=./node_modules/qovery-deploy/schema/qovery-deploy.schema.json');
  // Sections are rendered in their final order, so that an anchor always comes before its aliases.
  const sections: (() => string[])[] = [];
  sections.push(() => [`version: ${versionText}${comment(s)}`]);
  sections.push(() =>
    s.c.chance(6)
      ? [`environment: {${Object.entries(model.environment).map(([k, v]) => { s.flow = true; const t = `${k}: ${scalar(s, k, v)}`; s.flow = false; return t; }).join(', ')}}`]
      : ['environment:', ...Object.entries(model.environment).map(([k, v]) => `${pad(step)}${k}: ${scalar(s, k, v)}${comment(s)}`)],
  );

  for (const kind of SERVICE_KINDS) {
    const list = model.services.filter((x) => x.kind === kind);
    if (list.length === 0) {
      if (s.c.chance(5)) sections.push(() => [`${KIND_KEYS[kind]}: []`]);
      continue;
    }
    sections.push(() => {
      const style = s.c.next(4);
      if (style === 0) return [`${KIND_KEYS[kind]}: [${list.map((svc) => renderEntryFlow(s, svc)).join(', ')}]`];
      const out = [`${KIND_KEYS[kind]}:${comment(s)}`];
      for (const svc of list) {
        if (style === 1) {
          out.push(`${pad(seqIndent)}- ${renderEntryFlow(s, svc)}${comment(s)}`);
          continue;
        }
        const pairs = entryPairs(s, svc);
        if (pairs.length === 0) {
          out.push(`${pad(seqIndent)}- {}`);
          continue;
        }
        pairs.forEach(([k, v], i) => {
          const lead = i === 0 ? `${pad(seqIndent)}- ` : pad(seqIndent + 2);
          out.push(`${lead}${k}: ${scalar(s, k, v)}${comment(s)}`);
        });
        if (s.c.chance(5)) out.push('');
      }
      return out;
    });
  }
  // Top-level keys in any order (version and environment usually first).
  if (s.c.chance(4)) {
    const rot = s.c.next(sections.length);
    sections.push(...sections.splice(0, rot));
  }
  for (const section of sections) lines.push(...section());
  let text = `${lines.join('\n')}\n`;
  const wrap = s.c.next(10);
  if (wrap === 0) text = `---\n${text}`;
  else if (wrap === 1) text = `%YAML 1.2\n---\n${text}...\n`;
  else if (wrap === 2) text = `%YAML 1.1\n---\n${text}`;
  else if (wrap === 3) text = text.replace(/\n/g, '\r\n');
  else if (wrap === 4) text = `\uFEFF${text}`;
  return { text, env: s.env };
}

/** The typed services `validate` must return for a model: kinds in KIND_KEYS order, positions aside. */
export function expectedServices(model: ManifestModel): ServiceSpec[] {
  const out: ServiceSpec[] = [];
  for (const kind of SERVICE_KINDS) {
    model.services
      .filter((s) => s.kind === kind)
      .forEach((svc, index) => {
        const spec = { kind, pointer: `/${KIND_KEYS[kind]}/${index}` } as Record<string, unknown>;
        if (svc.id !== undefined) spec.id = svc.id;
        if (svc.name !== undefined) spec.name = svc.name;
        Object.assign(spec, svc.fields);
        out.push(spec as unknown as ServiceSpec);
      });
  }
  return out;
}

/** A valid manifest over all six kinds and every field, with what `validate` must return for it. */
export function validManifest(o: ValidManifestOptions = {}): fc.Arbitrary<GeneratedManifest> {
  return fc
    .tuple(manifestModelArb(o), fc.array(fc.nat({ max: 1_000_000 }), { minLength: 8, maxLength: 64 }))
    .map(([model, choices]) => {
      const { text, env } = renderManifest(model, choices);
      return { text, env, model, expected: { environment: model.environment, services: expectedServices(model) } };
    });
}

// ─── Mutations ───────────────────────────────────────────────────────────────────────────────────

function readDir(dir: string): string[] {
  const url = new URL(dir, ROOT);
  return readdirSync(url)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(new URL(f, url), 'utf8'));
}

/** The valid manifests in examples/ and the malformed ones in test/corpus/invalid/. */
export const EXAMPLE_MANIFESTS: readonly string[] = readDir('examples/');
export const CORPUS_MANIFESTS: readonly string[] = readDir('test/corpus/invalid/');

/** Refs shaped like git options (reliability.md §3.1, checklist item 8). */
export const OPTION_REFS = [
  '--output=/tmp/x', '--output=x', '--upload-pack=touch /tmp/p', '-h', '--exec=id', '-c', '-', '--', '--end-of-options',
  '-oProxyCommand=touch /tmp/p', '--help', 'ext::sh -c touch% /tmp/pwned', '-uhttps://x', '--git-dir=/tmp',
];

/** `${…}` expressions, well-formed and not (checklist item 21). */
export const INTERPOLATIONS = [
  '${IMAGE_TAG}', '${UNSET_VAR}', '${IMAGE_TAG:-1.10}', '${UNSET_VAR:-0123}', '${UNSET_VAR:?is required}', '${EMPTY_VAR:?must be set}',
  '${EMPTY_VAR:-fallback}', '${QOVERY_API_TOKEN}', '${GITHUB_TOKEN:-x}', '${MY_SECRET}', '${bad-name}', '${}', '${', '$${IMAGE_TAG}',
  '$$', '${A:-${B}}', '${NEWLINE_VAR}', '${OPTION_VAR}', '${NESTED_VAR}', '${SHA_VAR}', '${UUID_VAR}', 'v${IMAGE_TAG}-x', '${IMAGE_TAG}${IMAGE_TAG}',
];

/** The environment mutated manifests are validated with; the canaries must never show up in output. */
export const CANARY = 'qvtok_CANARY_5f3a';
export const MUTATION_ENV: Readonly<Record<string, string>> = {
  IMAGE_TAG: '1.10',
  EMPTY_VAR: '',
  NEWLINE_VAR: 'x\nversion: 2\nextra: key',
  OPTION_VAR: '--upload-pack=touch /tmp/p',
  NESTED_VAR: '${IMAGE_TAG}',
  SHA_VAR: '3c90c3cc0d444b5088888dd25736052a3c90c3cc',
  UUID_VAR: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  QOVERY_API_TOKEN: CANARY,
  GITHUB_TOKEN: `${CANARY}_gh`,
  MY_SECRET: `${CANARY}_secret`,
};

export type Mutation =
  | { op: 'insert-line'; at: number; line: string; indent: number }
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'swap-lines'; at: number; other: number }
  | { op: 'reindent'; at: number; delta: number; tab: boolean }
  | { op: 'retype'; at: number; value: string }
  | { op: 'interpolate'; at: number; expr: string; whole: boolean }
  | { op: 'option-ref'; at: number; ref: string; quote: boolean }
  | { op: 'splice'; at: number; remove: number; text: string };

const LINE_POOL = [
  'version: 1', 'version: 2', 'environment:', 'id: 7a1b0c2d-0000-4000-8000-000000000001', 'applications:', '- name: api', '  commit: HEAD',
  '- id: 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'image_tag: 1.10', 'chart_version: 0123', 'commit: 1e3', 'values_override_commit: no',
  'repository: ../billing', 'action: PLAN', 'action: APPLY', 'databases: []', 'containers:', '  - name: web', '    image_tag: ~', 'name: ',
  '<<: *a', 'x: &a [1, 2]', '__proto__: {polluted: true}', 'constructor: {prototype: {polluted: true}}', '%YAML 1.1', '---', '...',
  '? complex', ': value', '!!js/function f: x', 'key: !foo bar', '- *a', '- &b x', '\ttabbed: 1', 'jobs:', '  - name: j', '    image_tag: x',
  '    commit: main', 'helms:', 'terraforms:', 'organization: Acme', 'project: shop', 'name: production', '# comment',
];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert-line' as const), at: fc.nat(), line: fc.oneof(fc.constantFrom(...LINE_POOL), fc.string({ unit: fc.constantFrom(...YAML_SOUP), maxLength: 20 })), indent: fc.nat({ max: 8 }) }),
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('reindent' as const), at: fc.nat(), delta: fc.integer({ min: -4, max: 4 }), tab: fc.boolean() }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...TROUBLESOME_PLAIN, ...AWKWARD_TEXT, '[]', '{}', '[a, b]', '{a: 1}', '|\n  text', '>-\n  folded', '!!str 1.10', '!!int 1', '&a v', '*a', '"1.10"', "'0123'", '-1', '1.5', 'true', '"\\u0000"'), scalarTextArb) }),
  fc.record({ op: fc.constant('interpolate' as const), at: fc.nat(), expr: fc.constantFrom(...INTERPOLATIONS), whole: fc.boolean() }),
  fc.record({ op: fc.constant('option-ref' as const), at: fc.nat(), ref: fc.constantFrom(...OPTION_REFS), quote: fc.boolean() }),
  fc.record({ op: fc.constant('splice' as const), at: fc.nat(), remove: fc.nat({ max: 4 }), text: fc.string({ unit: fc.constantFrom(...YAML_SOUP), maxLength: 4 }) }),
);

const VALUE_LINE = /^(\s*(?:-\s+)*[^\s#:][^:#]*?:)(\s+)(.*)$/;
const REF_LINE = /^(\s*(?:-\s+)?(?:commit|values_override_commit|repository|values_override_repository|image_tag|chart_version):)(\s+)(.*)$/;

/** The index of the `at`-th line (modulo) that matches `re`, or -1. */
function nthMatching(lines: string[], re: RegExp, at: number): number {
  const idx = lines.flatMap((l, i) => (re.test(l) ? [i] : []));
  return idx.length === 0 ? -1 : (idx[at % idx.length] ?? -1);
}

/** Applies one mutation to a manifest's text. */
export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const n = lines.length;
  switch (m.op) {
    case 'insert-line':
      lines.splice(m.at % (n + 1), 0, ' '.repeat(m.indent) + m.line);
      break;
    case 'delete-line':
      lines.splice(m.at % n, 1);
      break;
    case 'duplicate-line': {
      const i = m.at % n;
      lines.splice(i, 0, lines[i] ?? '');
      break;
    }
    case 'swap-lines': {
      const i = m.at % n;
      const j = m.other % n;
      const a = lines[i] ?? '';
      lines[i] = lines[j] ?? '';
      lines[j] = a;
      break;
    }
    case 'reindent': {
      const i = m.at % n;
      const line = lines[i] ?? '';
      const indent = /^\s*/.exec(line)?.[0].length ?? 0;
      const next = Math.max(0, indent + m.delta);
      lines[i] = (m.tab ? '\t' : '') + ' '.repeat(next) + line.slice(indent);
      break;
    }
    case 'retype': {
      const i = nthMatching(lines, VALUE_LINE, m.at);
      if (i === -1) break;
      const match = VALUE_LINE.exec(lines[i] ?? '');
      if (match) lines[i] = `${match[1]}${match[2]}${m.value}`;
      break;
    }
    case 'interpolate': {
      const i = nthMatching(lines, VALUE_LINE, m.at);
      if (i === -1) break;
      const match = VALUE_LINE.exec(lines[i] ?? '');
      if (!match) break;
      const value = (match[3] ?? '').replace(/\s+#.*$/, '');
      const next = m.whole || value === '' ? m.expr : `${value.replace(/^["']|["']$/g, '')}${m.expr}`;
      // Quoted when the expression would break the line's YAML (flow indicators, `: `).
      lines[i] = `${match[1]}${match[2]}${/[{}[\],]|: /.test(next) && !m.whole ? doubleQuoted(next) : next}`;
      break;
    }
    case 'option-ref': {
      let i = nthMatching(lines, REF_LINE, m.at);
      let match = i === -1 ? null : REF_LINE.exec(lines[i] ?? '');
      if (!match) {
        i = nthMatching(lines, VALUE_LINE, m.at);
        match = i === -1 ? null : VALUE_LINE.exec(lines[i] ?? '');
      }
      if (match) lines[i] = `${match[1]}${match[2]}${m.quote || /[ :#]/.test(m.ref) ? doubleQuoted(m.ref) : m.ref}`;
      break;
    }
    case 'splice': {
      const joined = lines.join('\n');
      const at = joined.length === 0 ? 0 : m.at % joined.length;
      return joined.slice(0, at) + m.text + joined.slice(at + m.remove);
    }
  }
  return lines.join('\n');
}

/** Seeds for mutation: the examples, the malformed corpus, and generated valid manifests. */
export const mutationSeed: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...EXAMPLE_MANIFESTS) },
  { weight: 2, arbitrary: fc.constantFrom(...CORPUS_MANIFESTS) },
  { weight: 3, arbitrary: validManifest().map((m) => m.text) },
);

/** A manifest with one to five mutations applied. */
export const mutatedManifest: fc.Arbitrary<string> = fc
  .tuple(mutationSeed, fc.array(mutationArb, { minLength: 1, maxLength: 5 }))
  .map(([seed, mutations]) => mutations.reduce(mutate, seed));

// ─── Hostile shapes ──────────────────────────────────────────────────────────────────────────────

/** The smallest valid header; hostile parts are appended to it. */
export const HEADER = 'version: 1\nenvironment:\n  id: 7a1b0c2d-0000-4000-8000-000000000001\n';

export interface AliasBomb {
  text: string;
  width: number;
  depth: number;
}

/**
 * A "billion laughs" bomb: level 0 holds `width` scalars, each further level `width` aliases of the
 * one below. Expanding the last level visits at least width^depth nodes, always past the limit of
 * 1,000 alias-expanded nodes here.
 */
export const aliasBomb: fc.Arbitrary<AliasBomb> = fc
  .integer({ min: 2, max: 12 })
  .chain((width) => {
    const minDepth = Math.ceil(Math.log(1001) / Math.log(width));
    return fc.record({
      width: fc.constant(width),
      depth: fc.integer({ min: minDepth, max: minDepth + 3 }),
      style: fc.constantFrom('flow-seq', 'block-seq', 'flow-map'),
      placement: fc.constantFrom('root', 'under-key', 'in-service', 'header-after'),
      scalar: fc.constantFrom('x', 'lol', '"1.10"', '~', '1e3'),
    });
  })
  .map(({ width, depth, style, placement, scalar }) => {
    const items = (level: number) => Array.from({ length: width }, () => (level === 0 ? scalar : `*a${level - 1}`));
    const pad = placement === 'root' || placement === 'header-after' ? '' : placement === 'under-key' ? '  ' : '    ';
    const levels: string[] = [];
    for (let level = 0; level <= depth; level++) {
      const list = items(level);
      if (style === 'flow-seq') levels.push(`${pad}a${level}: &a${level} [${list.join(', ')}]`);
      else if (style === 'flow-map') levels.push(`${pad}a${level}: &a${level} {${list.map((v, i) => `k${i}: ${v}`).join(', ')}}`);
      else levels.push(`${pad}a${level}: &a${level}\n${list.map((v) => `${pad}  - ${v}`).join('\n')}`);
    }
    let text: string;
    switch (placement) {
      case 'root':
        text = `${levels.join('\n')}\n${HEADER}`;
        break;
      case 'header-after':
        text = `${HEADER}${levels.join('\n')}\n`;
        break;
      case 'under-key':
        text = `${HEADER}bomb:\n${levels.join('\n')}\n`;
        break;
      default:
        text = `${HEADER}containers:\n  - name: web\n    image_tag: "1"\n${levels.join('\n')}\n`;
    }
    return { text, width, depth };
  });

/** A collection that contains an alias to itself, `depth` levels down: `&x [*x]`, `&x {a: [{b: *x}]}`… */
export const selfAlias: fc.Arbitrary<string> = fc
  .record({
    path: fc.array(fc.constantFrom('seq', 'map'), { minLength: 1, maxLength: 6 }),
    flow: fc.boolean(),
    siblings: fc.boolean(),
    placement: fc.constantFrom('root-key', 'service', 'environment'),
    anchor: fc.constantFrom('x', 'self', 'a1', 'loop'),
  })
  .map(({ path, flow, siblings, placement, anchor }) => {
    // Build inside-out: the innermost node is the alias.
    let inner = `*${anchor}`;
    for (let i = path.length - 1; i >= 0; i--) {
      const extra = siblings ? 'v, ' : '';
      inner = path[i] === 'seq' ? `[${extra}${inner}]` : `{${siblings ? 'z: v, ' : ''}k${i}: ${inner}}`;
    }
    const value = `&${anchor} ${inner}`;
    let text: string;
    if (!flow && path[0] === 'seq' && path.length === 1) {
      // Block form: `key: &x\n  - *x`.
      const body = `&${anchor}\n${siblings ? '    - v\n' : ''}    - *${anchor}`;
      text = placement === 'service' ? `${HEADER}containers:\n  - name: web\n    image_tag: "1"\n    more: ${body}\n` : `${HEADER}cycle:\n  inner: ${body}\n`;
    } else if (placement === 'service') text = `${HEADER}containers:\n  - name: web\n    image_tag: "1"\n    more: ${value}\n`;
    else if (placement === 'environment') text = `version: 1\nenvironment:\n  id: 7a1b0c2d-0000-4000-8000-000000000001\n  extra: ${value}\n`;
    else text = `${HEADER}cycle: ${value}\n`;
    return text;
  });

/** A deep-nesting input as a small description (so a counterexample prints short); `render` writes it. */
export interface DeepShape {
  /** How the nesting is written. */
  form: 'flow' | 'indent' | 'compact';
  /** Text before the nesting. */
  prefix: string;
  /** One nesting step: `[`, `{k: `, `- `, `? `…; for `indent`, the indentation step in columns. */
  unit: string;
  depth: number;
  /** Flow: write the closing brackets. Indent: `map` or `seq`. */
  closed?: boolean;
  block?: 'map' | 'seq' | 'one-line';
  suffix: string;
}

const CLOSERS: Record<string, string> = { '[': ']', '{': '}' };

/** Writes a deep shape as text, and the 1-based line where the nesting goes too deep. */
export function renderDeep(shape: DeepShape): { text: string; line: number } {
  const prefixLines = shape.prefix.split('\n').length;
  if (shape.form === 'flow') {
    let open = '';
    let close = '';
    for (let i = 0; i < shape.depth; i++) {
      open += shape.unit;
      close = [...shape.unit].filter((c) => c in CLOSERS).map((c) => CLOSERS[c]).reverse().join('') + close;
    }
    return { text: `${shape.prefix}${open}${shape.closed ? close : ''}${shape.suffix}`, line: prefixLines };
  }
  if (shape.form === 'compact') {
    return { text: `${shape.prefix}${shape.unit.repeat(shape.depth)}${shape.suffix}`, line: prefixLines };
  }
  // Indentation: lines nested `step` columns deeper each, until past column 200.
  const step = Number(shape.unit);
  if (shape.block === 'one-line') {
    return { text: `${shape.prefix}x:\n${' '.repeat(shape.depth)}a: 1\n${shape.suffix}`, line: prefixLines + 1 };
  }
  let text = `${shape.prefix}x:\n`;
  let deepLine = -1;
  for (let i = 1; i * step <= shape.depth; i++) {
    const indent = i * step;
    text += shape.block === 'seq' ? `${' '.repeat(indent)}-\n` : `${' '.repeat(indent)}k${i}:\n`;
    if (deepLine === -1 && indent >= 200) deepLine = prefixLines + i;
  }
  text += `${' '.repeat(shape.depth + step)}end\n${shape.suffix}`;
  return { text, line: deepLine === -1 ? prefixLines + Math.floor(shape.depth / step) + 1 : deepLine };
}

/** Prefixes with no quote character: the depth pre-scan sees every bracket after them. */
const CLEAN_PREFIXES = ['', `${HEADER}x: `, `${HEADER}containers:\n  - name: web\n    image_tag: `, 'x:\n  - ', `${HEADER}# a comment\ny: `, 'a: 1\nb: ', '---\n'];

/**
 * Flow collections nested deeper than the 64-level limit, after a prefix with no quote character.
 * Safe to parse in-process: the pre-scan refuses them before the YAML parser runs.
 */
export const deepFlow: fc.Arbitrary<DeepShape> = fc.record({
  form: fc.constant('flow' as const),
  prefix: fc.constantFrom(...CLEAN_PREFIXES),
  unit: fc.constantFrom('[', '{', '[{', '{k: ', '[x, ', '{"q": ', '[[{a: '),
  depth: fc.integer({ min: 65, max: 4000 }),
  closed: fc.boolean(),
  suffix: fc.constantFrom('', '\n', '\nz: 1\n', ' # trailing\n'),
});

/** Block nesting indented past 200 columns: a chain of maps or sequences, or one deep line. */
export const deepIndent: fc.Arbitrary<DeepShape> = fc.record({
  form: fc.constant('indent' as const),
  prefix: fc.constantFrom(HEADER, '', '# comment\n'),
  unit: fc.integer({ min: 1, max: 9 }).map(String),
  depth: fc.integer({ min: 201, max: 600 }),
  block: fc.constantFrom('map' as const, 'seq' as const, 'one-line' as const),
  suffix: fc.constantFrom('', 'z: 1\n'),
});

/**
 * Flow nesting after a stray quote that YAML does not read as a quote (a directive line, a plain
 * scalar like `it 's`, a block scalar): a pre-scan that trusts every quote misses the brackets.
 * Child processes only: a second parse of such input can abort V8.
 */
export const deepFlowBehindQuote: fc.Arbitrary<DeepShape> = fc.record({
  form: fc.constant('flow' as const),
  prefix: fc.constantFrom("%FOO '\n---\n", '%FOO "\n---\n', "%YAML 1.2 '\n---\n", "x: a '\ny: ", 'x: |\n  a "\ny: ', `${HEADER}x: it 's\ny: `, "# '\n"),
  unit: fc.constantFrom('[', '{', '[{'),
  depth: fc.integer({ min: 65, max: 5000 }),
  closed: fc.boolean(),
  suffix: fc.constant('\n'),
});

/**
 * Block nesting written on one line (`- - - …`, `? ? ? …`): no indentation shows it. Child
 * processes only: a second parse of such input can abort V8.
 */
export const deepCompact: fc.Arbitrary<DeepShape> = fc.record({
  form: fc.constant('compact' as const),
  prefix: fc.constantFrom('', '---\n', 'x:\n', `${HEADER}x:\n  `),
  unit: fc.constantFrom('- ', '? ', '- ? ', '? - '),
  depth: fc.integer({ min: 1000, max: 5000 }),
  suffix: fc.constantFrom('a\n', '[]\n', '"q"\n', '\n'),
});
