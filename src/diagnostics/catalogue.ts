import type { ExitClass } from './types.js';

/** The words a diagnostic shows a user, produced from a code's small arguments. */
export interface Wording {
  summary: string;
  hint?: string;
  detail?: string;
}

/** One catalogue entry: the exit class it maps to and how to word it. */
export interface CatalogueEntry<A> {
  exit: ExitClass;
  word: (args: A) => Wording;
}

/** Builds a typed catalogue entry (keeps inference of the argument type). */
export function entry<A = Record<string, never>>(exit: ExitClass, word: (args: A) => Wording): CatalogueEntry<A> {
  return { exit, word };
}

/** Quote a value for a message, keeping it short and on one line. */
export function q(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  return `"${oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine}"`;
}
