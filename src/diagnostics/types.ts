import type { DiagnosticCode } from './codes.js';

/** A 1-based line and column in a manifest file. */
export interface Position {
  line: number;
  column: number;
  /** 0-based character offset in the file, when known (Terraform's `byte`). */
  byte?: number;
}

/** Where a diagnostic points: a file and a start/end position (Terraform's `range` shape). */
export interface Range {
  filename: string;
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning';

/** A problem found by any stage: a value, never thrown on its own. */
export interface Diagnostic {
  /** A code of the catalogue (README, "Diagnostic codes"): what tests and scripts match on. */
  code: DiagnosticCode;
  severity: Severity;
  summary: string;
  detail?: string;
  hint?: string;
  range?: Range;
}

/** Which exit code a failure maps to (README, "Exit codes"). */
export type ExitClass = 'invalid' | 'failed' | 'timeout' | 'api';
