import type { Diagnostic } from '../../diagnostics/types.js';
import type { DeployRequest, ResolvedManifest } from '../../types.js';
import type { Reporters } from '../reporter.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

/** What `render` reports: the resolved manifest, the requests apply would send, and the warnings met. */
export interface RenderReport {
  file: string;
  /** The manifest's text, for excerpts under the warnings. */
  source: string;
  resolved: ResolvedManifest;
  requests: readonly DeployRequest[];
  warnings: readonly Diagnostic[];
}

/** `render`'s output formats. */
export const RENDER_REPORTERS: Reporters<RenderReport, never, 'text' | 'json'> = { text: renderText, json: renderJson };
