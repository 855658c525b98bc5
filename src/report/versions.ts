import { hasVersion } from '../kinds.js';
import type { PlanEntry } from '../plan/types.js';

/** A SHA shortened for people; tags and chart versions as they are. */
export function short(version: string | undefined): string {
  if (version === undefined) return '—';
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(version) ? version.slice(0, 7) : version;
}

/** `main → 3c90c3c` when a ref was resolved, else the version itself. */
export function wanted(entry: PlanEntry): string {
  const version = entry.desired.version;
  if (!hasVersion(entry.kind)) return '(as configured)';
  const main = entry.desired.ref !== undefined && entry.desired.ref !== version ? `${entry.desired.ref} → ${short(version)}` : short(version);
  const values = entry.desired.valuesOverride ? ` (values ${entry.desired.valuesOverride.ref} → ${short(entry.desired.valuesOverride.sha)})` : '';
  return main + values;
}

/**
 * A version as reports show it; for a helm with a git values override also the values commit,
 * so that a change of the values alone is visible (`156fa2d (values 9f8e7d6)`).
 */
export function versionText(entry: PlanEntry, version: string | undefined, valuesCommit: string | undefined): string {
  return entry.desired.valuesOverride ? `${short(version)} (values ${short(valuesCommit)})` : short(version);
}

/** What runs now, as `versionText` shows it. */
export function liveText(entry: PlanEntry): string {
  return versionText(entry, entry.live.version, entry.live.valuesOverrideCommit);
}
