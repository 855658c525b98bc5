/**
 * A cheap pass over the raw text before the YAML parser sees it. Deep nesting can abort V8 on a
 * second parse in the same process (a stack overflow in native code), which no try/catch stops, so it is
 * refused here, deliberately crudely: every bracket counts (quotes and comments are not
 * interpreted, since a stray quote must not hide what follows), and block nesting is measured by
 * the leading spaces and `- `, `? `, `: ` indicators of each line (`- - - a` nests three deep on
 * one line). Over-counting only refuses files no manifest resembles.
 */
export const MAX_FLOW_DEPTH = 64;
/** Block nesting is bounded by indentation: no manifest indents a line by 200 columns. */
export const MAX_INDENT = 200;

const LEADING = new RegExp(`^(?:[ \\t]|[-?:](?=[ \\t])){${MAX_INDENT},}`, 'm');

/** Where nesting first exceeds the limits, and how: `[[[…` past MAX_FLOW_DEPTH, or a line's nesting past MAX_INDENT. */
export function findExcessiveNesting(source: string, limit = MAX_FLOW_DEPTH): { offset: number; problem: string } | undefined {
  const indented = LEADING.exec(source);
  const indentFault = indented ? indented.index + MAX_INDENT : -1;
  const flowFault = findDeepFlow(source, limit);
  if (flowFault !== -1 && (indentFault === -1 || flowFault < indentFault)) {
    return { offset: flowFault, problem: `brackets nest deeper than ${limit} levels` };
  }
  if (indentFault !== -1) return { offset: indentFault, problem: `a line is indented or nested more than ${MAX_INDENT} columns deep` };
  return undefined;
}

/**
 * An alias token (`*name` at the start of a value: after a line start, a space or `[`, `{`, `,`).
 * Each alias expands to at least one node, so a file with more aliases than the expansion limit
 * is refused before the YAML parser spends seconds and hundreds of MB on it (150,000 aliases in
 * 600 KB did). An alias-like `*x` in a comment or a quoted string counts too: only files with
 * over a thousand of them are refused, and no manifest has that many.
 */
const ALIAS_TOKEN = /(?<=^|[\s[{,])\*[^\s[\]{},]/gm;

/** The offset of the first alias token past `limit`, or undefined when there are no more than `limit`. */
export function findTooManyAliases(source: string, limit: number): number | undefined {
  if (!source.includes('*')) return undefined;
  let count = 0;
  for (const match of source.matchAll(ALIAS_TOKEN)) {
    count++;
    if (count > limit) return match.index;
  }
  return undefined;
}

function findDeepFlow(source: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > limit) return i;
    } else if ((ch === 0x5d || ch === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return -1;
}

/**
 * Where the text first holds more than `limit` values, counted crudely before parsing: every line
 * and every comma may start one (a 450 KB flow list of plain items took the YAML parser 12 s and
 * 260 MB before the converter's own count stopped it). Over-counting only refuses files no
 * manifest resembles: a manifest has a few hundred lines.
 */
export function findTooManyValues(source: string, limit: number): number | undefined {
  let count = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if ((c === 10 || c === 44) && ++count > limit) return i;
  }
  return undefined;
}
