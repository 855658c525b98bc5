import type { Diagnostic } from '../../diagnostics/types.js';
import type { LiveState } from '../../qovery/live-state.js';
import type { LastFailures, StatusRow } from '../../results.js';
import type { Manifest } from '../../types.js';
import type { Reporters } from '../reporter.js';
import { statusJson } from './json.js';
import { statusText } from './text.js';

/** What `status` reports: the environment as read, one row per service, and the entries it could not match. */
export interface StatusReport {
  file: string;
  /** The manifest's text, for excerpts under the diagnostics. */
  source: string;
  manifest: Manifest;
  live: LiveState;
  rows: readonly StatusRow[];
  diagnostics: readonly Diagnostic[];
  /** Why each failed service's last deployment failed, from its logs. */
  failures?: LastFailures;
}

/** `status`'s output formats. */
export const STATUS_REPORTERS: Reporters<StatusReport, never, 'text' | 'json'> = { text: statusText, json: statusJson };
