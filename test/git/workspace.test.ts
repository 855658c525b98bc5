import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRepositoryLocation, resolveRevisions, workspaceFor } from '../../src/git/index.js';
import { commit, git, isolatedGitEnv, makeRepo, removeTempDirs, revParse, tempDir } from '../helpers/git-fixture.js';

let ws: string; // parent folder of the checkouts
let shop: string; // the repository that holds the manifest
let manifestDir: string;
let billing: string; // a sibling checkout
let outside: string; // a repository elsewhere on the machine

beforeAll(() => {
  ws = tempDir('qd-ws-');
  shop = makeRepo({ dir: join(ws, 'shop') });
  commit(shop, 'shop');
  manifestDir = join(shop, 'deploy');
  mkdirSync(manifestDir);
  billing = makeRepo({ dir: join(ws, 'billing') });
  commit(billing, 'billing');
  mkdirSync(join(ws, 'plain'));
  outside = makeRepo();
  commit(outside, 'outside');
  symlinkSync(outside, join(shop, 'escape-link'));
  symlinkSync(billing, join(shop, 'billing-link'));
});

afterAll(removeTempDirs);

const noCi = { env: {} };

describe('resolveRepositoryLocation and the workspace policy', () => {
  it('defaults to the repository that holds the manifest', async () => {
    expect(await resolveRepositoryLocation(undefined, manifestDir, noCi)).toEqual({ type: 'local', path: manifestDir });
  });

  it('accepts a sibling checkout inside the default workspace (the parent of the top-level)', async () => {
    expect(await workspaceFor(manifestDir, noCi)).toBe(ws);
    const location = await resolveRepositoryLocation('../../billing', manifestDir, noCi);
    expect(location).toEqual({ type: 'local', path: billing });
    const [result] = await resolveRevisions([{ location: location as { type: 'local'; path: string }, revisions: [{ key: 'k', ref: 'HEAD' }] }], {
      env: isolatedGitEnv(),
    });
    expect(result && 'sha' in result && result.sha).toBe(revParse(billing, 'HEAD'));
  });

  it('accepts a symlink that stays inside the workspace', async () => {
    expect(await resolveRepositoryLocation('../billing-link', manifestDir, noCi)).toEqual({ type: 'local', path: billing });
  });

  it('refuses ../.. escapes and absolute paths outside the workspace', async () => {
    for (const value of ['../../../etc', '../../../../../../../../etc', '/etc', outside]) {
      const location = await resolveRepositoryLocation(value, manifestDir, noCi);
      expect(location, value).toMatchObject({ problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' } });
      if ('problem' in location) expect(location.problem.hint).toContain('workspace');
    }
  });

  it('refuses a symlink that points outside the workspace', async () => {
    const location = await resolveRepositoryLocation('../escape-link', manifestDir, noCi);
    expect(location).toMatchObject({ problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' } });
    if ('problem' in location) expect(location.problem.summary).toContain(outside);
  });

  it('uses options.workspace, then GITHUB_WORKSPACE, then CI_PROJECT_DIR', async () => {
    expect(await resolveRepositoryLocation('../../billing', manifestDir, { workspace: shop, env: {} })).toMatchObject({
      problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' },
    });
    expect(await resolveRepositoryLocation('../../billing', manifestDir, { env: { GITHUB_WORKSPACE: shop } })).toMatchObject({
      problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' },
    });
    expect(await resolveRepositoryLocation('../../billing', manifestDir, { env: { CI_PROJECT_DIR: shop } })).toMatchObject({
      problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' },
    });
    expect(await resolveRepositoryLocation('../../billing', manifestDir, { workspace: ws, env: { GITHUB_WORKSPACE: shop } })).toEqual({
      type: 'local',
      path: billing,
    });
    expect(await workspaceFor(manifestDir, { env: { GITHUB_WORKSPACE: '', CI_PROJECT_DIR: ws } })).toBe(ws);
  });

  it('refuses a folder inside the workspace whose repository lies outside it', async () => {
    const location = await resolveRepositoryLocation('.', manifestDir, { workspace: manifestDir, env: {} });
    expect(location).toMatchObject({ problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' } });
  });

  it('reports folders that are missing or not in a repository', async () => {
    expect(await resolveRepositoryLocation('../../plain', manifestDir, noCi)).toMatchObject({ problem: { code: 'GIT_NOT_A_REPOSITORY' } });
    expect(await resolveRepositoryLocation('../../missing', manifestDir, noCi)).toMatchObject({ problem: { code: 'GIT_NOT_A_REPOSITORY' } });
    const lonely = tempDir('qd-lonely-');
    expect(await resolveRepositoryLocation(undefined, lonely, noCi)).toMatchObject({ problem: { code: 'GIT_NOT_A_REPOSITORY' } });
  });

  it('uses the manifest folder itself as the workspace when it is in no repository', async () => {
    const lonely = tempDir('qd-lonely-');
    const inner = makeRepo({ dir: join(lonely, 'inner') });
    expect(await resolveRepositoryLocation('./inner', lonely, noCi)).toEqual({ type: 'local', path: inner });
    expect(await resolveRepositoryLocation('../', lonely, noCi)).toMatchObject({ problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' } });
  });

  it('applies the workspace rule to file:// URLs too (issue 10, item 2)', async () => {
    const url = (path: string) => pathToFileURL(path).href;
    // Inside: a checkout, a bare repository, and the `<path>.git` git upload-pack also tries.
    const bare = join(ws, 'mirror.git');
    git(ws, ['clone', '--quiet', '--bare', billing, bare]);
    for (const value of [url(billing), url(bare), url(join(ws, 'mirror')), url(join(shop, 'billing-link'))]) {
      expect(await resolveRepositoryLocation(value, manifestDir, noCi), value).toEqual({ type: 'remote', url: value });
    }
    // Outside: another repository, a symlink out, a `..` walk, the file system root.
    for (const value of [url(outside), url(join(shop, 'escape-link')), `${url(shop)}/../../..${outside}`, 'file:///etc', 'file://localhost/etc']) {
      const location = await resolveRepositoryLocation(value, manifestDir, noCi);
      expect(location, value).toMatchObject({ problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' } });
    }
    // Inside, but nothing there, or not a repository.
    expect(await resolveRepositoryLocation(url(join(ws, 'missing')), manifestDir, noCi)).toMatchObject({ problem: { code: 'GIT_NOT_A_REPOSITORY' } });
    expect(await resolveRepositoryLocation(url(join(ws, 'plain')), manifestDir, noCi)).toMatchObject({ problem: { code: 'GIT_NOT_A_REPOSITORY' } });
    // And GITHUB_WORKSPACE narrows it as it does for paths.
    expect(await resolveRepositoryLocation(url(billing), manifestDir, { env: { GITHUB_WORKSPACE: shop } })).toMatchObject({
      problem: { code: 'GIT_REPOSITORY_OUTSIDE_WORKSPACE' },
    });
  });

  it('passes remote URLs through and refuses invalid values', async () => {
    expect(await resolveRepositoryLocation('https://github.com/acme/billing.git', manifestDir, noCi)).toEqual({
      type: 'remote',
      url: 'https://github.com/acme/billing.git',
    });
    expect(await resolveRepositoryLocation('ext::sh', manifestDir, noCi)).toMatchObject({ problem: { code: 'GIT_INVALID_REPOSITORY' } });
  });
});
