/**
 * What `preview up` and `preview down` hand their reporters: below `workflows/` (which produce
 * them) and `report/` (which renders them).
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { AppliedFile } from '../results.js';

/** A line of progress while the preview is cloned. */
export type CloneEvent =
  | { type: 'sent'; attempt: number; outcome: 'accepted' | 'accepted-unreadable' | 'not-processed' | 'ambiguous' | 'rejected' }
  | { type: 'reconciled'; found: boolean }
  | { type: 'waiting'; ms: number; reason: string };

/** The preview environment a run worked on. */
export interface PreviewEnvironment {
  id: string;
  name: string;
  /** True when this run cloned it; false when it already existed (or a racing run made it). */
  created: boolean;
}

/** One public URL of the preview. */
export interface PreviewUrl {
  /** The service's name (its id when the name is unknown). */
  service: string;
  url: string;
}

/** How `preview up` ended. */
export interface PreviewUpResult {
  name: string;
  environment?: PreviewEnvironment;
  /** The manifest applied to the preview; its diagnostics include those met before (clone, services). */
  applied: AppliedFile;
  urls: PreviewUrl[];
  exitCode: number;
}

/** How `preview down` ended. */
export interface PreviewDownResult {
  file: string;
  /** The manifest's text, for source excerpts. */
  source: string;
  name: string;
  /** The environment deleted (or refused); absent when there was none. */
  environment?: { id: string; name: string; mode: string };
  deleted: boolean;
  diagnostics: Diagnostic[];
  exitCode: number;
}
