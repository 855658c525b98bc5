import { isCommitId } from './ref-shape.js';

/** Ref name → object id, as listed by `git ls-remote` (peeled tags appear as `refs/tags/X^{}`). */
export type RemoteRefs = Map<string, string>;

/** What a name is on a remote: a commit id, two different commits (branch vs tag), or nothing. */
export type RemoteLookup = { sha: string } | { ambiguous: string } | undefined;

/** Parses `git ls-remote` output; lines that do not carry a full object id are ignored. */
export function parseLsRemote(stdout: string): RemoteRefs {
  const refs: RemoteRefs = new Map();
  for (const line of stdout.split(/\r?\n/)) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const sha = line.slice(0, tab);
    const name = line.slice(tab + 1);
    if (isCommitId(sha) && name.length > 0 && !refs.has(name)) refs.set(name, sha);
  }
  return refs;
}

/** Looks a revision up among remote refs: HEAD, a full ref name, or a branch or tag name (tags peeled). */
export function lookupRemoteName(refs: RemoteRefs, ref: string): RemoteLookup {
  const found = (sha: string | undefined): RemoteLookup => (sha === undefined ? undefined : { sha });
  if (ref === 'HEAD' || ref === '@') return found(refs.get('HEAD'));
  if (ref.startsWith('refs/')) return found(peeled(refs, ref));
  const branch = refs.get(`refs/heads/${ref}`);
  const tag = peeled(refs, `refs/tags/${ref}`);
  if (branch !== undefined && tag !== undefined && branch !== tag) {
    return { ambiguous: `it is the branch ${ref} (${branch.slice(0, 12)}) and the tag ${ref} (${tag.slice(0, 12)})` };
  }
  return found(tag ?? branch);
}

function peeled(refs: RemoteRefs, name: string): string | undefined {
  return refs.get(`${name}^{}`) ?? refs.get(name);
}
