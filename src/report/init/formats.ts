import type { InitManifest } from '../../results.js';
import type { Reporters } from '../reporter.js';
import { initJson } from './json.js';
import { initText } from './text.js';

/** What `init` reports: the manifest it made, and where it wrote it (stdout when no file was given). */
export interface InitReport {
  environmentId: string;
  /** The `--out` file, as given. */
  out?: string;
  manifest: InitManifest;
}

/** `init`'s output formats. */
export const INIT_REPORTERS: Reporters<InitReport, never, 'text' | 'json'> = { text: initText, json: initJson };
