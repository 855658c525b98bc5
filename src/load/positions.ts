/**
 * Positions in a manifest, the one home of the rules every stage uses to point at a line: JSON
 * pointers (how nodes are keyed in `positions`), the start-of-file range, and the nearest node
 * that has a position.
 */
import type { Range } from '../diagnostics/types.js';
import type { NodePosition } from '../types.js';

/** Escapes a key for a JSON pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Splits a JSON pointer into unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The start of a file: where problems with the file as a whole (empty, too large) point. */
export function fileRange(filename: string): Range {
  return { filename, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
}

/** The position of a node (or of its key), falling back to the nearest ancestor that has one. */
export function rangeAt(ctx: { positions: Record<string, NodePosition>; file: string }, pointer: string, part: 'key' | 'value' = 'value'): Range {
  let p = pointer;
  for (;;) {
    const position = ctx.positions[p];
    if (position) return (part === 'key' ? position.key : undefined) ?? position.value;
    if (p === '') break;
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return fileRange(ctx.file);
}
