import { diagnostic } from '../diagnostics/codes.js';
import { byPosition } from '../diagnostics/error.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { rangeAt } from '../load/positions.js';
import type { LoadedManifest } from '../load/types.js';
import type { Checked, Manifest } from '../types.js';
import { describeFound } from './describe.js';
import validateSchema from './generated/schema-validator.cjs';
import { interpolate } from './interpolate.js';
import { checkRules } from './rules.js';
import { schemaDiagnostics } from './schema-errors.js';
import { toManifest } from './to-manifest.js';


export interface ValidateOptions {
  /** Where `${VAR}` values come from. Default: an empty environment (every `${VAR}` without a default fails). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Why a `repository:` value is refused, or undefined when acceptable. Default: accept any. */
  repositoryProblem?: (value: string) => string | undefined;
}

/**
 * Checks a loaded manifest offline (pure): `${VAR}` expansion, the JSON Schema, and the rules the
 * schema cannot express. Returns the typed manifest when there is no error, and every diagnostic.
 */
export function validateManifest(loaded: LoadedManifest, options: ValidateOptions = {}): Checked<Manifest> {
  if (loaded.diagnostics.length > 0 || loaded.data === undefined) return { diagnostics: [...loaded.diagnostics] };
  const { file, positions, source } = loaded;
  if (loaded.data === null || typeof loaded.data !== 'object' || Array.isArray(loaded.data)) {
    return { diagnostics: [diagnostic('YAML_NOT_A_MAP', { found: describeFound(loaded.data) }, rangeAt({ positions, file }, ''))] };
  }

  const expanded = interpolate({ data: loaded.data, positions, source, env: options.env ?? {} });
  const data = expanded.data;
  // Messages quote values as written, `${VAR}` and all: an expanded value may be a secret the
  // name-based rules did not catch, and the reader knows the file, not the environment.
  const shown = loaded.data;
  const diagnostics: Diagnostic[] = [...expanded.diagnostics];

  if (!validateSchema(data)) {
    // A value whose ${VAR} failed is already reported; its half-expanded text would only add noise.
    const errors = (validateSchema.errors ?? []).filter((e) => !expanded.failed.has(e.instancePath));
    diagnostics.push(...schemaDiagnostics(errors, { data, shown, positions, source, file, allowedKeys: validateSchema.allowedKeys }));
  }
  diagnostics.push(
    ...checkRules({ data, shown, positions, file, repositoryProblem: options.repositoryProblem ?? (() => undefined), skip: expanded.failed }),
  );
  diagnostics.sort(byPosition);

  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { value: toManifest(file, data as Record<string, unknown>, positions), diagnostics };
}
