import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { KIND_KEYS, REVISION_FIELDS, SERVICE_KINDS, type ServiceKind } from '../kinds.js';
import type { NodePosition } from '../types.js';
import { checkRevision } from './revision.js';
import { valueAt } from './describe.js';
import { rangeAt } from '../load/positions.js';

// Checked on every entry, whatever its kind: a misplaced field still gets its value checked.
const REVISIONS = REVISION_FIELDS.map((r) => r.field);
const REPOSITORIES = REVISION_FIELDS.map((r) => r.repository);

export interface RuleContext {
  /** The data checked (after `${VAR}` expansion). */
  data: unknown;
  /** The data as written (before expansion): what messages quote. */
  shown: unknown;
  positions: Record<string, NodePosition>;
  file: string;
  /** Why a `repository:` value is refused, or undefined when it is acceptable. */
  repositoryProblem: (value: string) => string | undefined;
  /** Pointers whose values were already reported (a failed ${VAR}). */
  skip: ReadonlySet<string>;
}

/**
 * Rules the schema cannot express: a service listed twice, git revisions git would misread, and
 * repositories we will not touch. They read the data defensively, so they also run on a manifest
 * that failed the schema and one run reports every problem.
 */
export function checkRules(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = isMap(ctx.data) ? ctx.data : {};
  const where = (p: string) => rangeAt(ctx, p);
  const written = (p: string) => String(valueAt(ctx.shown, p));
  const location = (p: string) => {
    const r = where(p);
    return `${r.filename}:${r.start.line}:${r.start.column}`;
  };

  // In file order, so "listed twice" points at the second occurrence, whatever the kinds' order.
  const entries: { kind: ServiceKind; pointer: string; entry: Record<string, unknown> }[] = [];
  for (const kind of SERVICE_KINDS) {
    const list = root[KIND_KEYS[kind]];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (isMap(entry)) entries.push({ kind, pointer: `/${KIND_KEYS[kind]}/${index}`, entry });
    });
  }
  entries.sort((a, b) => (where(a.pointer).start.byte ?? 0) - (where(b.pointer).start.byte ?? 0));

  const firstById = new Map<string, string>();
  const firstByName = new Map<string, string>();
  for (const { kind, pointer, entry } of entries) {
    if (typeof entry.id === 'string') {
      const first = firstById.get(entry.id);
      if (first) out.push(diagnostic('DUPLICATE_SERVICE', { by: 'id', value: written(`${pointer}/id`), first: location(first) }, where(`${pointer}/id`)));
      else firstById.set(entry.id, `${pointer}/id`);
    }
    if (typeof entry.name === 'string') {
      // Qovery compares names case-insensitively, so `API` and `api` are the same service.
      const nameKey = `${kind}:${entry.name.toLowerCase()}`;
      const first = firstByName.get(nameKey);
      if (first) out.push(diagnostic('DUPLICATE_SERVICE', { by: 'name', value: written(`${pointer}/name`), first: location(first) }, where(`${pointer}/name`)));
      else firstByName.set(nameKey, `${pointer}/name`);
    }

    // Empty values and values whose ${VAR} failed are reported elsewhere already.
    const checkable = (field: string) => {
      const value = entry[field];
      return typeof value === 'string' && value !== '' && !ctx.skip.has(`${pointer}/${field}`) ? value : undefined;
    };
    for (const field of REVISIONS) {
      const value = checkable(field);
      const reason = value === undefined ? undefined : checkRevision(value);
      if (value !== undefined && reason) out.push(diagnostic('INVALID_GIT_REVISION', { value: written(`${pointer}/${field}`), reason }, where(`${pointer}/${field}`)));
    }
    for (const field of REPOSITORIES) {
      const value = checkable(field);
      const reason = value === undefined ? undefined : ctx.repositoryProblem(value);
      if (value !== undefined && reason) out.push(diagnostic('INVALID_REPOSITORY', { value: written(`${pointer}/${field}`), reason }, where(`${pointer}/${field}`)));
    }
  }
  return out;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
