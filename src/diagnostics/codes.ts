import type { CatalogueEntry, Wording } from './catalogue.js';
import { apiCodes } from './codes-api.js';
import { gitCodes } from './codes-git.js';
import { githubCodes } from './codes-github.js';
import { previewCodes } from './codes-preview.js';
import { fileCodes, interpolationCodes, ruleCodes, savedPlanCodes, schemaCodes, usageCodes, yamlCodes } from './codes-manifest.js';
import type { Diagnostic, ExitClass, Range, Severity } from './types.js';

/** Every diagnostic code qovery-deploy can emit, with its wording and exit class. */
export const catalogue = {
  ...fileCodes,
  ...yamlCodes,
  ...schemaCodes,
  ...ruleCodes,
  ...interpolationCodes,
  ...savedPlanCodes,
  ...usageCodes,
  ...gitCodes,
  ...apiCodes,
  ...githubCodes,
  ...previewCodes,
} as const;

export type DiagnosticCode = keyof typeof catalogue;
type ArgsOf<C extends DiagnosticCode> = (typeof catalogue)[C] extends CatalogueEntry<infer A> ? A : never;

/** Builds a diagnostic from its code and small arguments; the catalogue words it. */
export function diagnostic<C extends DiagnosticCode>(
  code: C,
  args: ArgsOf<C>,
  range?: Range,
  severity: Severity = 'error',
): Diagnostic {
  const entry = catalogue[code] as CatalogueEntry<ArgsOf<C>>;
  const wording: Wording = entry.word(args);
  const result: Diagnostic = { code, severity, summary: wording.summary };
  if (wording.detail !== undefined) result.detail = wording.detail;
  if (wording.hint !== undefined) result.hint = wording.hint;
  if (range !== undefined) result.range = range;
  return result;
}

/** The exit class of a code; unknown codes count as invalid input. */
export function exitClassOf(code: string): ExitClass {
  const entry = (catalogue as Record<string, CatalogueEntry<unknown>>)[code];
  return entry?.exit ?? 'invalid';
}
