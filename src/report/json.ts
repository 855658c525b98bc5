import type { Diagnostic } from '../diagnostics/types.js';
import { fileRange } from '../load/positions.js';

/** One diagnostic in the shape of Terraform's `validate -json` (plus our `code`; the hint goes in `detail`). */
export interface JsonDiagnostic {
  severity: 'error' | 'warning';
  code: string;
  summary: string;
  detail: string;
  range?: {
    filename: string;
    start: { line: number; column: number; byte?: number };
    end: { line: number; column: number; byte?: number };
  };
}

/** Converts a diagnostic to the JSON output shape. */
export function toJsonDiagnostic(d: Diagnostic, fallbackFile?: string): JsonDiagnostic {
  const detail = [d.detail, d.hint ? `Hint: ${d.hint}` : undefined].filter(Boolean).join('\n');
  const out: JsonDiagnostic = { severity: d.severity, code: d.code, summary: d.summary, detail };
  if (d.range) out.range = d.range;
  else if (fallbackFile) out.range = fileRange(fallbackFile);
  return out;
}
