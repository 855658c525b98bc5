import type { Diagnostic } from '../diagnostics/types.js';

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
  else if (fallbackFile) out.range = { filename: fallbackFile, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  return out;
}
