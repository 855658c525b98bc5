import type { ResolvedManifest } from '../../types.js';

/** One revision the manifest names, with the SHA it resolved to. */
export interface RenderedRef {
  service: string;
  kind: string;
  id: string;
  field: string;
  ref: string;
  sha: string;
}

/** Every revision the manifest names, with the SHA it resolved to. */
export function refsOf(resolved: ResolvedManifest): RenderedRef[] {
  return resolved.services.flatMap((s) => {
    const d = s.desired;
    const label = { service: s.name ?? s.id, kind: s.kind, id: s.id };
    const out: RenderedRef[] = [];
    if ('commit' in d) out.push({ ...label, field: 'commit', ...d.commit });
    if ('values_override_commit' in d && d.values_override_commit) out.push({ ...label, field: 'values_override_commit', ...d.values_override_commit });
    return out;
  });
}
