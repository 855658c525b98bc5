/**
 * What a revision looks like, decided from its text alone. Resolution asks git different questions
 * for each shape: a name may be a branch or a tag, a hex string may also be a SHA prefix, and
 * `HEAD~2` needs history that a shallow clone may lack.
 */
export type RefShape =
  | 'head' // HEAD or @
  | 'full-sha' // 40 or 64 hex digits
  | 'hex' // 4–63 hex digits: a SHA prefix, or a name that happens to be all hex
  | 'name' // a branch, tag or other ref name
  | 'relative'; // anything with ~, ^ or other revision syntax (HEAD~1, main^2, v1^{}…)

const FULL_SHA = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;
const HEX = /^[0-9a-fA-F]{4,63}$/;

/** Classifies a revision the caller wrote. */
export function refShape(ref: string): RefShape {
  if (ref === 'HEAD' || ref === '@') return 'head';
  if (FULL_SHA.test(ref)) return 'full-sha';
  if (HEX.test(ref)) return 'hex';
  if (/[~^:@{}\\*?[]/.test(ref)) return 'relative';
  return 'name';
}

/** True when a value git printed is a full commit id (SHA-1 or SHA-256), lower-case. */
export function isCommitId(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}

/**
 * Why a revision is refused before any git process sees it, or undefined. `validate` refuses far
 * more (see src/validate/revision.ts); this is the floor that keeps stdin and argv safe when the
 * library is called directly: nothing that git could read as an option or as a second input line.
 */
export function unsafeRevisionReason(ref: string): string | undefined {
  if (ref.length === 0) return 'it is empty';
  if (ref.length > 1024) return 'it is longer than 1024 characters';
  if (ref.startsWith('-')) return 'it starts with "-", which git would read as an option';
  if (/[\u0000-\u0020\u007f]/.test(ref)) return 'it contains whitespace or a control character';
  return undefined;
}
