/**
 * Compile-time checks of the table of kinds, run by `npm run typecheck` (nothing here runs): the
 * compiler refuses a table without an entry for every kind, an entry that names a field its kind
 * does not have or compiles into the wrong shape, and a switch over kinds that misses one.
 */
import { assertNever, KINDS, type KindDefinition, type KindTable, type ServiceKind } from '../../src/kinds.js';

const { helm: _helm, ...withoutHelm } = KINDS;
// @ts-expect-error the helm entry is missing
export const incomplete: KindTable = withoutHelm;

export const misspelt: KindDefinition<'job'> = {
  ...KINDS.job,
  // @ts-expect-error a job has no `comit` field
  sources: [{ source: 'git', field: 'comit', live: 'source.docker.git_repository?' }],
};

export const wrongBody: KindDefinition<'container'> = {
  ...KINDS.container,
  // @ts-expect-error an item of the batch call's containers needs its id
  compile: (_id, d) => ({ list: 'containers', item: { image_tag: d.image_tag } }),
};

/** A switch that forgets a kind stops at its `assertNever`. */
export function forgetful(kind: ServiceKind): string {
  switch (kind) {
    case 'application':
    case 'container':
    case 'database':
    case 'job':
    case 'helm':
      return kind;
    default:
      // @ts-expect-error 'terraform' reaches here
      return assertNever(kind);
  }
}
