/**
 * Reading API answers against the shape qovery-deploy relies on (the required fields of Qovery's
 * OpenAPI spec). A missing or mistyped field throws a `ShapeError` naming it, so a well-formed
 * answer of the wrong shape (`200 {"status":503,"message":"maintenance"}`) is an API error, never
 * an empty list. Unknown enum values and extra fields are accepted: they are plain strings here.
 */

/** An answer that lacks a field qovery-deploy relies on, or carries it with the wrong type. */
export class ShapeError extends Error {
  constructor(
    /** Where, e.g. `results[2].identifier.deployment_request_id`. */
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'ShapeError';
  }
}

export type Json = Record<string, unknown>;

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

function wrong(v: unknown, where: string, want: string): never {
  throw new ShapeError(where, v === undefined ? 'is missing' : `is ${describe(v)}, not ${want}`);
}

/** A required object. */
export function needObject(v: unknown, where: string): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : wrong(v, where, 'an object');
}

/** A required array. */
export function needList(v: unknown, where: string): unknown[] {
  return Array.isArray(v) ? v : wrong(v, where, 'an array');
}

/** A required string (an empty one too: Qovery sends `""` for some unset values). */
export function needString(v: unknown, where: string): string {
  return typeof v === 'string' ? v : wrong(v, where, 'a string');
}

/** A required, non-empty string: an id. */
export function needId(v: unknown, where: string): string {
  const id = needString(v, where);
  if (id === '') throw new ShapeError(where, 'is empty');
  return id;
}

/** An optional object: absent or null reads as undefined; anything else but an object is wrong. */
export function maybeObject(v: unknown, where: string): Json | undefined {
  return v === undefined || v === null ? undefined : needObject(v, where);
}

/** An optional (or nullable) string: absent, null or empty reads as undefined. */
export function maybeString(v: unknown, where: string): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : needString(v, where);
}

/** An optional (or nullable) number. */
export function maybeNumber(v: unknown, where: string): number | undefined {
  return v === undefined || v === null ? undefined : typeof v === 'number' && Number.isFinite(v) ? v : wrong(v, where, 'a number');
}

/** The items of a required list at `where`, each with its own path (`where[i]`) for messages. */
export function eachOf(v: unknown, where: string): { item: Json; at: string }[] {
  return needList(v, where).map((raw, i) => {
    const at = `${where}[${i}]`;
    return { item: needObject(raw, at), at };
  });
}
