import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/load/parse.js';
import { resolveGitRefs } from '../../src/resolve/git-refs.js';
import { validateManifest } from '../../src/validate/validate-manifest.js';
import { runCli } from '../helpers/cli.js';
import { commit, fileUrl, git, makeRepo, removeTempDirs, shallowClone, subcommands, tag, tempDir } from '../helpers/git-fixture.js';
import { HEADER } from '../helpers/temp.js';

let workspace: string;
let repo: string;
let sibling: string;

beforeAll(() => {
  workspace = tempDir('qd-ws-');
  repo = makeRepo({ dir: join(workspace, 'shop') });
  commit(repo, 'one');
  tag(repo, 'v1.0.0', { annotated: true });
  commit(repo, 'two');
  sibling = makeRepo({ dir: join(workspace, 'billing') });
  commit(sibling, 'billing');
});
afterAll(removeTempDirs);

function manifest(dir: string, name: string, services: string): string {
  writeFileSync(join(dir, name), `${HEADER}${services}`);
  return name;
}

const validate = (file: string, cwd: string, extra: string[] = []) => runCli(['validate', ...extra, file], { cwd });

describe('validate checks that git refs resolve (local repositories, offline)', () => {
  it('accepts refs that resolve: HEAD, HEAD~1, an annotated tag, a sibling repository in the workspace', async () => {
    const file = manifest(repo, 'ok.yaml', 'applications:\n  - name: api\n    commit: HEAD~1\n  - name: billing\n    commit: HEAD\n    repository: ../billing\njobs:\n  - name: migrate\n    commit: v1.0.0\n');
    const result = await validate(file, repo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('points at a ref that does not exist, with exit 1; --no-git skips the check', async () => {
    const file = manifest(repo, 'missing.yaml', 'applications:\n  - name: api\n    commit: feature/nope\n');
    const result = await validate(file, repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.yaml:6:13: error: ');
    expect(result.stderr).toContain('[GIT_REF_NOT_FOUND]');
    expect((await validate(file, repo, ['--no-git'])).code).toBe(0);
  });

  it('leaves refs of remote repositories to render and plan (no network in validate)', async () => {
    const remote = join(workspace, 'remote.git');
    git(workspace, ['clone', '--quiet', '--bare', repo, remote]);
    const file = manifest(repo, 'remote.yaml', `applications:\n  - name: api\n    commit: no-such-branch\n    repository: ${fileUrl(remote)}\n`);
    expect((await validate(file, repo)).code).toBe(0);
  });

  it('refuses a file:// repository outside the workspace, offline, at the repository: field (issue 10, item 2)', async () => {
    const elsewhere = makeRepo();
    commit(elsewhere, 'elsewhere');
    const file = manifest(repo, 'file-url.yaml', `applications:\n  - name: api\n    commit: main\n    repository: ${fileUrl(elsewhere)}\n`);
    const result = await validate(file, repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('file-url.yaml:7:17: error: ');
    expect(result.stderr).toContain('[GIT_REPOSITORY_OUTSIDE_WORKSPACE]');
  });

  it('explains a manifest outside any git repository', async () => {
    const outside = tempDir('qd-nogit-');
    const file = manifest(outside, 'm.yaml', 'applications:\n  - name: api\n    commit: HEAD\n');
    const result = await validate(file, outside);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('m.yaml:6:13: error: ');
    expect(result.stderr).toContain('[GIT_NOT_A_REPOSITORY]');
  });

  it('explains a shallow clone that lacks the commit, and still resolves branch names through origin', async () => {
    const shallow = shallowClone(repo);
    const file = manifest(shallow, 'ci.yaml', 'applications:\n  - name: api\n    commit: HEAD~1\njobs:\n  - name: migrate\n    commit: main\n');
    const result = await validate(file, shallow);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ci.yaml:6:13: error: ');
    expect(result.stderr).toContain('shallow');
    expect(result.stderr).toContain('fetch-depth: 0');
    expect(result.stderr).not.toContain('ci.yaml:9:');
  });

  it('refuses repositories outside the workspace, through .. or through a symlink (the documented policy)', async () => {
    const elsewhere = makeRepo();
    commit(elsewhere, 'outside');
    symlinkSync(elsewhere, join(repo, 'link-out'));
    mkdirSync(join(repo, 'nested'), { recursive: true });
    const file = manifest(
      repo,
      'escape.yaml',
      `applications:\n  - name: a\n    commit: HEAD\n    repository: ../../..\n  - name: b\n    commit: HEAD\n    repository: link-out\n  - name: c\n    commit: HEAD\n    repository: ${elsewhere}\n`,
    );
    const result = await runCli(['validate', '--format', 'json', file], { cwd: repo });
    expect(result.code).toBe(1);
    const codes = JSON.parse(result.stdout).diagnostics.map((d: { code: string; range: { start: { line: number } } }) => `${d.range.start.line}:${d.code}`);
    expect(codes).toEqual(['7:GIT_REPOSITORY_OUTSIDE_WORKSPACE', '10:GIT_REPOSITORY_OUTSIDE_WORKSPACE', '13:GIT_REPOSITORY_OUTSIDE_WORKSPACE']);
  });

  it('honours GITHUB_WORKSPACE as the workspace', async () => {
    const file = manifest(repo, 'gh.yaml', 'applications:\n  - name: billing\n    commit: HEAD\n    repository: ../billing\n');
    const result = await runCli(['validate', file], { cwd: repo, env: { GITHUB_WORKSPACE: repo } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[GIT_REPOSITORY_OUTSIDE_WORKSPACE]');
  });

  it('spawns one git process (and one config read) for 100 manifests with 300 refs in one repository', async () => {
    const manifests = Array.from({ length: 100 }, (_, i) => {
      const text = `${HEADER}applications:\n  - name: a${i}\n    commit: HEAD\njobs:\n  - name: j${i}\n    commit: HEAD~1\nhelms:\n  - name: h${i}\n    commit: v1.0.0\n`;
      return validateManifest(parseManifest(text, `env-${i}.yaml`)).value!;
    });
    const spawned: string[][] = [];
    const results = await resolveGitRefs(manifests, { cwd: repo, localOnly: true, git: { onSpawn: (_file, args) => spawned.push([...args]) } });
    expect(results.every((r) => r.diagnostics.length === 0 && r.refs.size === 3)).toBe(true);
    expect(subcommands(spawned)).toEqual(['config', 'cat-file']);
  });
});

describe('option-shaped refs never reach git (checklist item 8)', () => {
  it('validate refuses them at file:line:col before any git process starts, and nothing is written', async () => {
    const pwned = join(tempDir('qd-pwn-'), 'pwned');
    const file = manifest(
      repo,
      'inject.yaml',
      `applications:\n  - name: a\n    commit: "--output=${pwned}"\n  - name: b\n    commit: "--upload-pack=touch ${pwned}"\n  - name: c\n    commit: -h\n  - name: d\n    commit: --exec=id\n  - name: e\n    commit: -c\n`,
    );
    // No git on PATH: had validate started git, GIT_NOT_INSTALLED would show up.
    const noGit = tempDir('qd-nopath-');
    const result = await runCli(['validate', '--format', 'json', file], { cwd: repo, env: { PATH: noGit } });
    expect(result.code).toBe(1);
    const found = JSON.parse(result.stdout).diagnostics.map((d: { code: string; range: { start: { line: number; column: number } } }) => `${d.range.start.line}:${d.range.start.column} ${d.code}`);
    expect(found).toEqual(['6:13 INVALID_GIT_REVISION', '8:13 INVALID_GIT_REVISION', '10:13 INVALID_GIT_REVISION', '12:13 INVALID_GIT_REVISION', '14:13 INVALID_GIT_REVISION']);
    const { existsSync } = await import('node:fs');
    expect(existsSync(pwned)).toBe(false);
  });
});
