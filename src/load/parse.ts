import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { findExcessiveNesting, findTooManyAliases, findTooManyValues } from './depth-scan.js';
import { documentToValue, MAX_ALIAS_NODES, MAX_NODES, rangeOf } from './to-value.js';
import type { LoadedManifest } from './types.js';

/** Parses manifest text (pure): data with every node's position, or diagnostics with positions. */
export function parseManifest(source: string, file: string): LoadedManifest {
  // Our own line counter, from the text itself: yaml's misses line breaks inside some tokens it
  // makes while recovering from errors, which shifts every later position by a line.
  const lc = lineCounterFor(source);
  const deep = findExcessiveNesting(source);
  if (deep) {
    return failed(file, source, [diagnostic('YAML_TOO_DEEP', { problem: deep.problem }, rangeOf(lc, file, deep.offset, deep.offset + 1))]);
  }
  const alias = findTooManyAliases(source, MAX_ALIAS_NODES);
  if (alias !== undefined) {
    return failed(file, source, [diagnostic('YAML_ALIAS_LIMIT', { limit: MAX_ALIAS_NODES }, rangeOf(lc, file, alias, alias + 1))]);
  }
  const crowded = findTooManyValues(source, MAX_NODES);
  if (crowded !== undefined) {
    return failed(file, source, [diagnostic('YAML_TOO_MANY_VALUES', { limit: MAX_NODES }, rangeOf(lc, file, crowded, crowded + 1))]);
  }

  // yaml makes an Error for every problem it finds, and capturing its stack costs more than the
  // parse itself on a broken file; only the position and code are ever read, so none is captured.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc;
  try {
    doc = parseDocument(source, {
      prettyErrors: false,
      // Pin the schema: a `%YAML 1.1` directive must not turn `no` into false or `0123` into 83.
      schema: 'core',
      version: '1.2',
      merge: false,
      uniqueKeys: true,
      strict: true,
      keepSourceTokens: false,
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  // Warnings (an unresolved `!tag` falls back to a string) are errors here: nothing is guessed.
  const problems = [...doc.errors, ...doc.warnings].map((e) => yamlDiagnostic(e, lc, file, source));
  if (problems.length > 0) return failed(file, source, problems);
  if (doc.contents === null) return failed(file, source, [diagnostic('FILE_EMPTY', {}, rangeOf(lc, file, 0, 0))]);

  const { data, positions, diagnostics } = documentToValue(doc, lc, file);
  return { file, source, data, positions, diagnostics };
}

/** Line starts of a text: after every LF (a CRLF ends a line too; a lone CR does not, for the yaml library either). */
export function lineCounterFor(source: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

function failed(file: string, source: string, diagnostics: Diagnostic[]): LoadedManifest {
  return { file, source, data: undefined, positions: {}, diagnostics };
}

function yamlDiagnostic(error: YAMLError, lc: LineCounter, file: string, source: string): Diagnostic {
  const [start, end] = error.pos;
  const range = rangeOf(lc, file, start, end);
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return diagnostic('YAML_DUPLICATE_KEY', { key: keyAt(source, start) }, range);
    case 'MULTIPLE_DOCS':
      return diagnostic('YAML_MULTIPLE_DOCUMENTS', {}, range);
    case 'TAB_AS_INDENT':
      return diagnostic('YAML_TAB_INDENT', {}, range);
    case 'TAG_RESOLVE_FAILED':
      return diagnostic('YAML_TAG', { tag: error.message.replace(/^Unresolved tag: /, '').replace(/^tag:yaml\.org,2002:/, '!!') }, range);
    case 'RESOURCE_EXHAUSTION':
      return diagnostic('YAML_TOO_DEEP', { problem: 'the document nests too deeply' }, range);
    default:
      return diagnostic('YAML_SYNTAX', { message: firstLine(error.message) }, range);
  }
}

/** The text of the key that starts at `offset` (yaml reports only its first character). */
function keyAt(source: string, offset: number): string {
  const match = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:\n]*?)\s*:/.exec(source.slice(offset, offset + 300));
  const key = match?.[1] ?? source.slice(offset, offset + 1);
  return /^["']/.test(key) ? key.slice(1, -1) : key;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
