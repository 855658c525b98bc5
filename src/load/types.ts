import type { Diagnostic } from '../diagnostics/types.js';
import type { NodePosition } from '../types.js';

/** A manifest file read and parsed: plain data plus the position of every node. */
export interface LoadedManifest {
  file: string;
  source: string;
  /** Plain data (maps have a null prototype), or undefined when the file could not be parsed. */
  data: unknown;
  positions: Record<string, NodePosition>;
  diagnostics: Diagnostic[];
}
