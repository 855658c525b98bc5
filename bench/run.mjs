// `npm run bench`: every figure of DESIGN.md §7 from one run, each beside its target.
// Run `npm run build` first (the figures measure the built CLI).
import { cpus, totalmem } from 'node:os';

const sections = ['./validate.mjs', './git.mjs', './api.mjs'];

const rows = [];
for (const section of sections) {
  const { measure } = await import(section);
  rows.push(...(await measure()));
}

const pad = (text, width) => String(text).padEnd(width);
const widths = [Math.max(...rows.map((r) => r.figure.length), 6), 12, 8, 6];
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`${pad('figure', widths[0])}  ${pad('measured', widths[1])}  ${pad('target', widths[2])}  ${pad('met', widths[3])}  detail`);
for (const r of rows) {
  const digits = r.unit === 'x' ? 2 : r.unit === 's' ? 3 : 0;
  const measured = `${r.value.toFixed(digits)}${r.unit === 'x' ? 'x' : ` ${r.unit}`}`;
  const target = `≤ ${r.target}${r.unit === 'x' ? 'x' : ` ${r.unit}`}`;
  console.log(`${pad(r.figure, widths[0])}  ${pad(measured, widths[1])}  ${pad(target, widths[2])}  ${pad(r.value <= r.target ? 'yes' : 'NO', widths[3])}  ${r.detail ?? ''}`);
}
