// `npm run bench`: every figure of DESIGN.md §7 from one run, each beside its target. Start-up
// figures run in a clean environment; `npm run bench -- --node PATH` (or QD_BENCH_NODE=PATH) also
// times a second Node binary, in the same table. Run `npm run build` first (the figures measure
// the built CLI).
import { cpus, loadavg, totalmem } from 'node:os';

const sections = ['./validate.mjs', './git.mjs', './api.mjs'];

// The machine may be shared: its load before and after says how far to trust the wall times.
const loadBefore = loadavg();
const rows = [];
for (const section of sections) {
  const { measure } = await import(section);
  rows.push(...(await measure()));
}
const loadAfter = loadavg();

const pad = (text, width) => String(text).padEnd(width);
const nodeOf = (row) => row.lane?.version ?? process.version;
const widths = [Math.max(...rows.map((r) => r.figure.length), 6), Math.max(...rows.map((r) => nodeOf(r).length), 4), 12, 8, 4];
const load = (l) => l.map((n) => n.toFixed(2)).join(' ');
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${load(loadBefore)} before, ${load(loadAfter)} after`);
console.log(`${pad('figure', widths[0])}  ${pad('node', widths[1])}  ${pad('measured', widths[2])}  ${pad('target', widths[3])}  ${pad('met', widths[4])}  detail`);
for (const r of rows) {
  const digits = r.unit === 'x' ? 2 : r.unit === 's' ? 3 : 0;
  const unit = (n) => `${n}${r.unit === 'x' ? 'x' : ` ${r.unit}`}`;
  const measured = unit(r.value.toFixed(digits));
  const target = r.target === undefined ? '—' : `≤ ${unit(r.target)}`;
  const met = r.target === undefined ? '—' : r.value <= r.target ? 'yes' : 'NO';
  console.log(`${pad(r.figure, widths[0])}  ${pad(nodeOf(r), widths[1])}  ${pad(measured, widths[2])}  ${pad(target, widths[3])}  ${pad(met, widths[4])}  ${r.detail ?? ''}`);
}
