import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic, Range } from '../diagnostics/types.js';
import { VERSION_FIELDS } from '../kinds.js';
import type { NodePosition } from '../types.js';
import { escapePointer } from './positions.js';


/** Nodes an alias may expand to, in total: far above any real manifest, far below a "billion laughs". */
export const MAX_ALIAS_NODES = 1000;
/** Nodes in a whole document (a manifest lists at most a few thousand values). */
export const MAX_NODES = 100_000;

const CORE_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

interface Context {
  doc: Document;
  lc: LineCounter;
  file: string;
  positions: Record<string, NodePosition>;
  diagnostics: Diagnostic[];
  nodes: number;
  aliasNodes: number;
  /** Alias targets being expanded, to catch `&x [*x]`. */
  expanding: Set<Node>;
  /** What each alias refers to, found in one pass. */
  targets: Map<Alias, Node | undefined>;
  stopped: boolean;
}

/** Converts the YAML tree to plain data (null-prototype maps) and records every node's position. */
export function documentToValue(
  doc: Document,
  lc: LineCounter,
  file: string,
): { data: unknown; positions: Record<string, NodePosition>; diagnostics: Diagnostic[] } {
  const ctx: Context = {
    doc,
    lc,
    file,
    positions: {},
    diagnostics: [],
    nodes: 0,
    aliasNodes: 0,
    expanding: new Set(),
    targets: aliasTargets(doc),
    stopped: false,
  };
  const root = doc.contents as Node | null;
  const data = root ? convert(ctx, root, '', undefined, false, false) : null;
  return { data, positions: ctx.positions, diagnostics: ctx.diagnostics };
}

/**
 * Each alias's target: the latest node before it (in document order) with that anchor, as YAML and
 * `Alias.resolve` define it. One pass over the document: `resolve` walks the whole document for
 * every alias, which made a 270 KB file with 1,000 aliases take close to a minute.
 */
function aliasTargets(doc: Document): Map<Alias, Node | undefined> {
  const latest = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, latest.get(node.source));
      else if (node.anchor) latest.set(node.anchor, node as Node);
    },
  });
  return targets;
}

/** Turns a node's character range into a file range. */
export function rangeOf(lc: LineCounter, file: string, start: number, end: number): Range {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return {
    filename: file,
    start: { line: a.line, column: a.col, byte: start },
    end: { line: b.line, column: b.col, byte: Math.max(start, end) },
  };
}

function nodeRange(ctx: Context, node: Node): Range {
  const [start, valueEnd] = node.range ?? [0, 0];
  return rangeOf(ctx.lc, ctx.file, start, valueEnd);
}

function fail(ctx: Context, d: Diagnostic): undefined {
  ctx.diagnostics.push(d);
  return undefined;
}

function convert(
  ctx: Context,
  node: Node,
  pointer: string,
  key: Range | undefined,
  versionField: boolean,
  viaAlias: boolean,
): unknown {
  if (ctx.stopped) return undefined;
  ctx.nodes++;
  if (viaAlias) ctx.aliasNodes++;
  if (ctx.aliasNodes > MAX_ALIAS_NODES || ctx.nodes > MAX_NODES) {
    ctx.stopped = true;
    const range = nodeRange(ctx, node);
    return fail(
      ctx,
      ctx.aliasNodes > MAX_ALIAS_NODES ? diagnostic('YAML_ALIAS_LIMIT', { limit: MAX_ALIAS_NODES }, range) : diagnostic('YAML_TOO_MANY_VALUES', { limit: MAX_NODES }, range),
    );
  }
  // Inside an expanded alias the positions stay those of the alias, which is where the user looks.
  if (!viaAlias || ctx.positions[pointer] === undefined) {
    ctx.positions[pointer] = key ? { key, value: nodeRange(ctx, node) } : { value: nodeRange(ctx, node) };
  }

  if (isAlias(node)) {
    const target = ctx.targets.get(node);
    if (!target) return fail(ctx, diagnostic('YAML_SYNTAX', { message: `unknown alias *${node.source}` }, nodeRange(ctx, node)));
    if (ctx.expanding.has(target)) {
      ctx.stopped = true;
      return fail(ctx, diagnostic('YAML_ALIAS_CYCLE', { anchor: node.source }, nodeRange(ctx, node)));
    }
    ctx.expanding.add(target);
    const value = convert(ctx, target, pointer, key, versionField, true);
    ctx.expanding.delete(target);
    return value;
  }

  if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
    return fail(ctx, diagnostic('YAML_TAG', { tag: node.tag.replace(/^tag:yaml\.org,2002:/, '!!') }, nodeRange(ctx, node)));
  }

  if (isScalar(node)) return scalarValue(node, versionField);

  if (isSeq(node)) {
    const list: unknown[] = [];
    node.items.forEach((item, index) => {
      const itemPointer = `${pointer}/${index}`;
      list.push(item === null ? null : convert(ctx, item as Node, itemPointer, undefined, false, viaAlias));
    });
    return list;
  }

  if (isMap(node)) {
    const map: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
        fail(ctx, diagnostic('YAML_NON_STRING_KEY', {}, keyNode ? nodeRange(ctx, keyNode) : nodeRange(ctx, node)));
        continue;
      }
      const name = String(keyNode.value ?? keyNode.source ?? '');
      const keyRange = nodeRange(ctx, keyNode);
      if (name === '<<' && keyNode.type === 'PLAIN') {
        fail(ctx, diagnostic('YAML_MERGE_KEY', {}, keyRange));
        continue;
      }
      const childPointer = `${pointer}/${escapePointer(name)}`;
      const valueNode = pair.value as Node | null;
      if (valueNode === null) {
        // `key:` with nothing after it: a null value positioned just after the key.
        const end = keyRange.end.byte ?? 0;
        ctx.positions[childPointer] = { key: keyRange, value: rangeOf(ctx.lc, ctx.file, end, end) };
        map[name] = null;
      } else {
        // Version fields (src/kinds.ts) keep the exact text the user wrote: `1.10` is the tag "1.10", never 1.1.
        map[name] = convert(ctx, valueNode, childPointer, keyRange, VERSION_FIELDS.has(name), viaAlias);
      }
    }
    return map;
  }
  return fail(ctx, diagnostic('YAML_SYNTAX', { message: 'unsupported YAML node' }, nodeRange(ctx, node)));
}

function scalarValue(node: Scalar, versionField: boolean): unknown {
  const value = node.value;
  // A plain `1.10`, `0123`, `1e3`, `0x1F` in a version field is the text as written. An empty or `~`
  // value stays null so the schema reports it as missing rather than as the tag "~".
  if (versionField && node.type === 'PLAIN' && value !== null && typeof value !== 'string') {
    return typeof node.source === 'string' ? node.source : String(value);
  }
  return value;
}

