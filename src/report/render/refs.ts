import { kindOf, valuesOverrideOf, versionOf } from '../../kinds.js';
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
    // The kind's git revisions (src/kinds.ts): its version when it comes from git, its values override.
    const version = versionOf(d);
    if (version && typeof version.value !== 'string') out.push({ ...label, field: version.source.field, ...version.value });
    const values = valuesOverrideOf(d);
    const valuesField = kindOf(d.kind).valuesOverride?.field;
    if (values && valuesField) out.push({ ...label, field: valuesField, ...values });
    return out;
  });
}
