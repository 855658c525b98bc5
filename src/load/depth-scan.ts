/**
 * A cheap pass over the raw text before the YAML parser sees it. Deep flow nesting (`[[[[…`) can
 * abort V8 on a second parse in the same process (reliability.md §2.3), which no try/catch stops,
 * so it is refused here. Quoted strings and comments are skipped; plain scalars may over-count,
 * which only matters for files no manifest resembles.
 */
export const MAX_FLOW_DEPTH = 64;
/** Block nesting is bounded by indentation: no manifest indents a line by 200 columns. */
export const MAX_INDENT = 200;

/** Where nesting first exceeds the limits, and how: `[[[…` past MAX_FLOW_DEPTH, or indentation past MAX_INDENT. */
export function findExcessiveNesting(source: string, limit = MAX_FLOW_DEPTH): { offset: number; problem: string } | undefined {
  const indented = new RegExp(`^ {${MAX_INDENT},}\\S`, 'm').exec(source);
  const indentFault = indented ? indented.index + MAX_INDENT : -1;
  const flowFault = findDeepFlow(source, limit);
  if (flowFault !== -1 && (indentFault === -1 || flowFault < indentFault)) {
    return { offset: flowFault, problem: `brackets nest deeper than ${limit} levels` };
  }
  if (indentFault !== -1) return { offset: indentFault, problem: `a line is indented by more than ${MAX_INDENT} columns` };
  return undefined;
}

function findDeepFlow(source: string, limit: number): number {
  let depth = 0;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(source[i - 1] ?? ''))) {
      const end = source.indexOf('\n', i);
      if (end === -1) break;
      i = end;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // Only an opening quote at the start of a scalar counts; `don't` inside plain text does not.
      const prev = source[i - 1] ?? '\n';
      if (/[\s,[{:]/.test(prev)) quote = ch;
      continue;
    }
    if (ch === '[' || ch === '{') {
      depth++;
      if (depth > limit) return i;
    } else if ((ch === ']' || ch === '}') && depth > 0) {
      depth--;
    }
  }
  return -1;
}
