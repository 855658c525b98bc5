import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { PlannedFile } from '../results.js';

/**
 * Problems of a plan or apply run as a whole, found once every file is resolved and before any
 * live state is read or anything sent: two files for one environment (their applies would race
 * and undo each other), and `--only` names that select nothing (a typo would deploy nothing and
 * pass). Each is an error of the run: nothing is sent for any file.
 */
export function runProblems(files: readonly PlannedFile[], only?: readonly string[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const byEnvironment = new Map<string, string[]>();
  for (const f of files) {
    if (!f.resolved) continue;
    const list = byEnvironment.get(f.resolved.environmentId) ?? [];
    list.push(f.file);
    byEnvironment.set(f.resolved.environmentId, list);
  }
  for (const [environment, names] of byEnvironment) {
    if (names.length > 1) problems.push(diagnostic('DUPLICATE_ENVIRONMENT', { environment, files: names }));
  }

  // A name can only be called unknown when every file could be resolved: it may belong to one that failed.
  if (only && only.length > 0 && files.every((f) => f.resolved)) {
    const services = files.flatMap((f) => f.resolved!.services);
    const known = new Set(services.flatMap((s) => [s.id.toLowerCase(), ...(s.name !== undefined ? [s.name.toLowerCase()] : [])]));
    const unknown = only.filter((name) => !known.has(name.toLowerCase()));
    if (unknown.length > 0) {
      const candidates = [...new Set(services.map((s) => s.name ?? s.id))];
      problems.push(diagnostic('ONLY_UNKNOWN', { names: unknown, candidates }));
    }
  }
  return problems;
}

/**
 * Calls `write(i)` for each finished item in argument order: item i is written as soon as it and
 * every item before it are done, so parallel runs print whole reports, in the order given.
 */
export function inArgumentOrder(count: number, write: (index: number) => void): (index: number) => void {
  const done: boolean[] = new Array<boolean>(count).fill(false);
  let next = 0;
  return (index) => {
    done[index] = true;
    while (next < count && done[next]) write(next++);
  };
}
