// DESIGN.md §7: `validate` of one manifest, whole process, at most 2x `node -e 0` (issue 15: in a
// clean environment, as on a CI runner); one run over 1,000 manifest files under 1 s. Each figure
// is measured for every lane (Node binary) given, see lanes() in util.mjs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cleanEnv, interleavedMedians, lanes, median, ROOT, timeProcess } from './util.mjs';

const RUNS = Number(process.env.QD_BENCH_RUNS ?? 31);

/** Start-up: `node -e 0`, `--version` and `validate` of one small file, in turns, per lane. */
function startup(lane) {
  const options = { node: lane.node, cwd: ROOT, env: cleanEnv(), expectStatus: 0 };
  // A CI runner's first run finds no compile cache and pays for writing one: each such run gets an
  // empty temp folder of its own (the cache lives in the OS temp folder).
  const fresh = mkdtempSync(join(tmpdir(), 'qd-bench-fresh-'));
  const cold = () => ({ ...options, env: { ...cleanEnv(), TMPDIR: mkdtempSync(join(fresh, 'run-')) } });
  // from-ci.yaml has no git revision, so this measures start-up and validation, not a git process.
  let timed;
  try {
    timed = interleavedMedians(RUNS, [
      () => timeProcess(['-e', '0'], options),
      () => timeProcess([BIN, '--version'], options),
      () => timeProcess([BIN, 'validate', 'examples/from-ci.yaml'], options),
      () => timeProcess([BIN, 'validate', 'examples/from-ci.yaml'], cold()),
    ]);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
  const [baseline, version, one, first] = timed;
  return [
    { figure: 'validate examples/from-ci.yaml (whole process) / node -e 0', lane, value: one / baseline, unit: 'x', target: 2.0, detail: `${one.toFixed(1)} ms / ${baseline.toFixed(1)} ms` },
    { figure: 'the same, first run on a fresh runner (no cache yet) / node -e 0', lane, value: first / baseline, unit: 'x', detail: `${first.toFixed(1)} ms / ${baseline.toFixed(1)} ms` },
    { figure: 'qovery-deploy --version / node -e 0', lane, value: version / baseline, unit: 'x', detail: `${version.toFixed(1)} ms / ${baseline.toFixed(1)} ms` },
  ];
}

/** 1,000 generated manifests in a git repository, validated in one run (refs checked). */
function thousandFiles(lanesToTime) {
  const dir = mkdtempSync(join(tmpdir(), 'qd-bench-'));
  try {
    // A real repository, so the git ref check runs too (one git process for all 1,000 files).
    const git = (...args) =>
      execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'bench');
    const files = [];
    for (let i = 0; i < 1000; i++) {
      const name = `env-${String(i).padStart(4, '0')}.yaml`;
      writeFileSync(
        join(dir, name),
        `# yaml-language-server: $schema=../schema/qovery-deploy.schema.json\nversion: 1\nenvironment:\n  id: 7a1b0c2d-0000-4000-8000-${String(i).padStart(12, '0')}\n` +
          `applications:\n  - name: api\n    commit: HEAD\ncontainers:\n  - name: web\n    image_tag: "1.${i}"\n` +
          `jobs:\n  - name: report\n    image_tag: 2026.11.01\nhelms:\n  - name: ingress\n    chart_version: 4.11.3\ndatabases:\n  - name: postgres\n`,
      );
      files.push(name);
    }
    return lanesToTime.map((lane) => {
      const ms = median(3, () => timeProcess([BIN, 'validate', ...files], { node: lane.node, cwd: dir, env: cleanEnv(), expectStatus: 0 }));
      return { figure: 'validate, 1,000 manifest files in one run (git check included)', lane, value: ms / 1000, unit: 's', target: 1.0, detail: `${ms.toFixed(0)} ms` };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Figures for `validate`. */
export async function measure() {
  const timed = lanes();
  return [...timed.flatMap(startup), ...thousandFiles(timed)];
}
