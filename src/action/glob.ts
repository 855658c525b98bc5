import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `files` input's globs, expanded as the composite action's bash did (`globstar` on): `*`, `?`
 * and `[…]` within a path segment, `**` across folders, hidden names only when the pattern names
 * the dot, matches sorted, and a pattern that matches nothing kept as written (the CLI then says
 * the file does not exist). Node 20 has no fs.glob, and the Action must run on every Node we test.
 */
export function expandGlobs(patterns: readonly string[], cwd: string): string[] {
  return patterns.flatMap((pattern) => {
    if (!/[*?[]/.test(pattern)) return [pattern];
    const absolute = pattern.startsWith('/');
    const found = walk(absolute ? '/' : cwd, pattern.split('/').filter(Boolean), absolute ? '/' : '');
    return found.length > 0 ? found.sort() : [pattern];
  });
}

function walk(dir: string, segments: readonly string[], prefix: string): string[] {
  if (segments.length === 0) return [prefix.replace(/\/$/, '')];
  const [segment, ...rest] = segments as [string, ...string[]];
  const entries = list(dir);
  if (segment === '**') {
    // Zero folders, or one more folder and `**` again.
    const deeper = entries.filter((e) => e.dir && !e.name.startsWith('.')).flatMap((e) => walk(join(dir, e.name), segments, `${prefix}${e.name}/`));
    return [...walk(dir, rest, prefix), ...deeper];
  }
  if (!/[*?[]/.test(segment)) {
    return rest.length === 0 ? (entries.some((e) => e.name === segment) ? [`${prefix}${segment}`] : []) : walk(join(dir, segment), rest, `${prefix}${segment}/`);
  }
  const match = segmentRegExp(segment);
  return entries
    .filter((e) => match.test(e.name) && (segment.startsWith('.') || !e.name.startsWith('.')) && (rest.length === 0 || e.dir))
    .flatMap((e) => walk(join(dir, e.name), rest, `${prefix}${e.name}/`));
}

function list(dir: string): { name: string; dir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() }));
  } catch {
    return [];
  }
}

/** One path segment's pattern as a regular expression. */
function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    const close = c === '[' ? segment.indexOf(']', i + 2) : -1;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (close > 0) {
      const body = segment.slice(i + 1, close);
      source += `[${body.replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
