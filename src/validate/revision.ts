/**
 * Git revision syntax, checked before git ever sees the value (option injection): an allowlist,
 * because blocklists of dangerous options keep being bypassed. Accepted: a ref name (`main`,
 * `release/1.4`, `v1.4.2`, `HEAD`, `@`) or a hex SHA, followed by any `~N` / `^N` steps.
 * Returns the reason a revision is refused, or undefined when it is acceptable.
 */
export function checkRevision(revision: string): string | undefined {
  if (revision.length === 0) return 'it is empty';
  if (revision.length > 255) return 'it is longer than 255 characters';
  if (revision.startsWith('-')) return 'it starts with "-", which git would read as an option';
  if (/[\u0000-\u0020\u007f]/.test(revision)) return 'it contains whitespace or a control character';
  if (/[:?*[\\]/.test(revision)) return `it contains ${JSON.stringify(/[:?*[\\]/.exec(revision)?.[0])}, which git forbids in ref names`;
  if (revision.includes('@{')) return 'reflog expressions (@{…}) are not supported';

  const suffix = /(?:[~^][0-9]*)*$/.exec(revision);
  const base = revision.slice(0, revision.length - (suffix?.[0].length ?? 0));
  if (base.length === 0) return 'it has no branch, tag or commit before ~ or ^';
  if (/[~^]/.test(base)) return '~ and ^ may only follow a branch, tag or commit (as in HEAD~1)';
  if (base === '@') return undefined;
  if (base.includes('..')) return 'it contains "..", which git reads as a range';
  if (base.startsWith('/') || base.endsWith('/') || base.includes('//')) return 'it has an empty path component ("/")';
  if (base.endsWith('.')) return 'it ends with "."';
  for (const part of base.split('/')) {
    if (part.startsWith('.')) return 'a path component starts with "."';
    if (part.endsWith('.lock')) return 'a path component ends with ".lock"';
  }
  return undefined;
}
