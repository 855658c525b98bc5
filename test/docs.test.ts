import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import { commit, makeRepo, removeTempDirs, revParse } from './helpers/git-fixture.js';

const run = promisify(execFile);
const REPOSITORY = 'https://github.com/qovery-deploy/qovery-deploy';
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
afterAll(removeTempDirs);

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('packaging and docs (issue 12, item 7)', () => {
  it('package.json points at the repository, its home page and its issues', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git` });
    expect(pkg.homepage).toBe(`${REPOSITORY}#readme`);
    expect(pkg.bugs).toEqual({ url: `${REPOSITORY}/issues` });
  });

  it('README links work on the npm page: every link to a file of the repository is absolute', () => {
    const targets = [...README.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(targets.filter((t) => !/^(https?:|#)/.test(t))).toEqual([]);
    for (const target of targets.filter((t) => t.startsWith(REPOSITORY))) {
      const path = target.replace(new RegExp(`^${REPOSITORY}/(blob|tree)/main/`), '');
      expect(statSync(join(ROOT, path)).isFile() || statSync(join(ROOT, path)).isDirectory(), target).toBe(true);
    }
    expect(targets.some((t) => t.includes('/docs/'))).toBe(true);
    expect(targets.some((t) => t.includes('/examples'))).toBe(true);
  });

  it('the "As a library" snippet runs as written, against the built package by its name', async () => {
    const section = README.slice(README.indexOf('## As a library'));
    const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(snippet).toContain("from 'qovery-deploy'");
    for (const stage of ['loadManifest(', 'validateManifest(', 'resolveManifest(', 'compileRequests(']) expect(snippet).toContain(stage);

    // An app whose node_modules/qovery-deploy is this package (built dist/, resolved through `exports`).
    const app = makeRepo();
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(ROOT, join(app, 'node_modules', 'qovery-deploy'), 'dir');
    writeFileSync(join(app, 'main.mjs'), snippet!);
    const env = '7a1b0c2d-0000-4000-8000-000000000001';
    const api = '5e7c0000-0000-4000-8000-000000000001';
    writeFileSync(join(app, 'qovery-deploy.yaml'), `version: 1\nenvironment:\n  id: ${env}\napplications:\n  - id: ${api}\n    commit: HEAD\n`);
    const sha = commit(app, 'one', { 'qovery-deploy.yaml': readFileSync(join(app, 'qovery-deploy.yaml'), 'utf8') });
    expect(sha).toBe(revParse(app, 'HEAD'));
    const ok = await run(process.execPath, ['main.mjs'], { cwd: app });
    expect(ok.stdout).toBe(`POST /environment/${env}/service/deploy {"applications":[{"application_id":"${api}","git_commit_id":"${sha}"}]}\n`);

    // And it reports problems as the CLI would, with their position, and fails.
    writeFileSync(join(app, 'qovery-deploy.yaml'), `version: 1\nenvironment:\n  id: ${env}\napplications:\n  - id: ${api}\n    commit: no-such-branch\n`);
    const failed = await run(process.execPath, ['main.mjs'], { cwd: app }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('qovery-deploy.yaml:6:13: error: "no-such-branch" does not name a commit');
  });

  it('shipped comments cite no document that is not shipped (dist/, bin/)', () => {
    const shipped = [...filesUnder(join(ROOT, 'dist')), ...filesUnder(join(ROOT, 'bin'))].filter((f) => /\.(c?js|d\.c?ts|map)$/.test(f) && !f.endsWith('.map'));
    expect(shipped.length).toBeGreaterThan(20);
    const citing = shipped.filter((f) => /DESIGN\.md|reliability\.md|style guide|research\/|docs\/[\w-]+\.md|scripts\/bundle-cli/.test(readFileSync(f, 'utf8')));
    expect(citing.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('every example validates with the refs a fresh clone has, or says how to check it in one', async () => {
    // A fresh clone: one commit on main holding the examples, nothing else (no tags, no siblings).
    const clone = makeRepo();
    const examples = join(ROOT, 'examples');
    const manifests = filesUnder(examples).filter((f) => f.endsWith('.yaml'));
    for (const file of manifests) {
      mkdirSync(join(clone, 'examples', relative(examples, join(file, '..'))), { recursive: true });
      copyFileSync(file, join(clone, 'examples', relative(examples, file)));
    }
    commit(clone, 'examples');
    for (const file of manifests) {
      const name = `examples/${relative(examples, file)}`;
      const result = await runCli(['validate', '--offline', name], { cwd: clone });
      if (result.code !== 0) {
        const header = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n');
        expect(header, `${name} needs refs a fresh clone lacks, and must say how to check it there`).toContain(`validate --no-git ${name}`);
        expect((await runCli(['validate', '--no-git', name], { cwd: clone })).code, name).toBe(0);
      }
    }
  });
});
