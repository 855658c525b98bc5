// DESIGN.md §7: git resolution costs one git process per repository; 100 refs at most 1.5x one ref.
// Runs bench/git-refs.mjs (which times src/git from dist/) and reads its JSON line.
import { execFileSync } from 'node:child_process';
import { ROOT } from './util.mjs';

/** Figures for git resolution. */
export async function measure() {
  const out = execFileSync(process.execPath, [`${ROOT}bench/git-refs.mjs`], { encoding: 'utf8' });
  const figures = JSON.parse(out.trim().split('\n').at(-1));
  return [
    { figure: 'git: resolve 100 refs / resolve 1 ref (same repository)', value: figures.ratio, unit: 'x', target: 1.5, detail: `${figures.hundredRefsMs.toFixed(1)} ms / ${figures.oneRefMs.toFixed(1)} ms` },
    {
      figure: 'git: processes spawned for 100 refs in one repository',
      value: figures.processesFor100,
      unit: 'proc',
      target: 1,
      detail: `plus ${figures.configReadsFor100} read of its config as data (issue 10)`,
    },
  ];
}
