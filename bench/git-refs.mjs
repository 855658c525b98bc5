#!/usr/bin/env node
// Git resolution cost: 100 refs vs 1 ref in the same repository (DESIGN §7: one git process per
// repository; 100 refs cost at most 1.5× one ref). Builds a throw-away repository, times
// `resolveRevisions` from dist/ (median of several runs), and prints one JSON line:
//   {"oneRefMs":…,"hundredRefsMs":…,"ratio":…,"processesFor100":…,"configReadsFor100":…}
// processesFor100 counts the processes that resolve; the repository's config is also read once,
// as data, by `git config` before git runs in it (issue 10), counted in configReadsFor100.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const { resolveRevisions } = await import(new URL('../dist/git/index.js', import.meta.url).href);

const RUNS = Number(process.env.QD_BENCH_RUNS ?? 15);
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull };
for (const name of Object.keys(env)) if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY)$/.test(name)) delete env[name];

function git(cwd, args, input = '') {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.test', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.test' },
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

/** A repository with 300 commits, 40 tags (half annotated) and 30 branches, built by one fast-import. */
function buildRepository(dir) {
  git(dir, ['init', '--quiet']);
  let stream = '';
  for (let i = 0; i < 300; i++) {
    const message = `commit ${i}\n`;
    stream += `commit refs/heads/main\nmark :${i + 1}\ncommitter Bench <bench@example.test> ${1_767_225_600 + i * 60} +0000\n`;
    stream += `data ${Buffer.byteLength(message)}\n${message}\n`;
  }
  for (let i = 0; i < 30; i++) stream += `reset refs/heads/feature/${i}\nfrom :${250 + i}\n\n`;
  for (let i = 0; i < 40; i++) {
    if (i % 2) stream += `reset refs/tags/v1.${i}.0\nfrom :${i * 5 + 1}\n\n`;
    else stream += `tag v1.${i}.0\nfrom :${i * 5 + 1}\ntagger Bench <bench@example.test> 1767225600 +0000\ndata 4\ntag\n\n`;
  }
  git(dir, ['fast-import', '--quiet'], stream);
  return git(dir, ['rev-list', '--reverse', 'main']).split('\n');
}

function hundredRefs(shas) {
  const refs = ['HEAD', 'main', 'HEAD~1', 'HEAD~5', 'main~10', 'HEAD^'];
  for (let i = 0; i < 30; i++) refs.push(`v1.${i}.0`);
  for (let i = 0; i < 24; i++) refs.push(`feature/${i}`);
  for (let i = 0; i < 20; i++) refs.push(shas[i * 7].slice(0, 10));
  for (let i = 0; i < 20; i++) refs.push(shas[i * 7 + 3]);
  return refs;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'qd-bench-git-')));
try {
  const shas = buildRepository(dir);
  const refs = hundredRefs(shas);
  if (refs.length !== 100) throw new Error(`expected 100 refs, built ${refs.length}`);
  const request = (list) => [{ location: { type: 'local', path: dir }, revisions: list.map((ref, i) => ({ key: `/bench/${i}`, ref })) }];

  let processesFor100 = 0;
  let configReadsFor100 = 0;
  const count = (_file, args) => (args.includes('config') && args.includes('--list') ? configReadsFor100++ : processesFor100++);
  const check = await resolveRevisions(request(refs), { env, onSpawn: count });
  const failed = check.filter((r) => !('sha' in r));
  if (failed.length > 0) throw new Error(`unresolved: ${failed.map((r) => `${r.ref} (${r.problem.code})`).join(', ')}`);
  await resolveRevisions(request(['main']), { env }); // warm-up

  const one = [];
  const hundred = [];
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    await resolveRevisions(request(['main']), { env });
    one.push(performance.now() - started);
    started = performance.now();
    await resolveRevisions(request(refs), { env });
    hundred.push(performance.now() - started);
  }
  const oneRefMs = Math.round(median(one) * 100) / 100;
  const hundredRefsMs = Math.round(median(hundred) * 100) / 100;
  const ratio = Math.round((hundredRefsMs / oneRefMs) * 100) / 100;
  process.stdout.write(`${JSON.stringify({ oneRefMs, hundredRefsMs, ratio, processesFor100, configReadsFor100 })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
