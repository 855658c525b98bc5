import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRevisions, type RevisionResult } from '../../src/git/index.js';
import { catFileArgs, configListArgs, lsRemoteUrlArgs } from '../../src/git/git-argv.js';
import { gitEnv } from '../../src/git/git-env.js';
import { firstRound, parseAnswers } from '../../src/git/local-queries.js';
import { runGit, runGitSession } from '../../src/git/run-git.js';
import { bareClone, commit, fileUrl, isolatedGitEnv, makeRepo, removeTempDirs, tempDir } from '../helpers/git-fixture.js';

let repo: string;
let bare: string;
let url: string;
let trap: string; // every injected command or output targets this folder: it must stay empty

const hostileRefs = (): string[] => [
  `--output=${join(trap, 'output.txt')}`,
  '-h',
  `--upload-pack=touch ${join(trap, 'pwned')}`,
  '--exec=id',
  '-c',
  `-cprotocol.ext.allow=always`,
  `HEAD\n--output=${join(trap, 'newline.txt')}`,
  `main --output=${join(trap, 'space.txt')}`,
];

beforeAll(() => {
  repo = makeRepo();
  commit(repo, 'one');
  bare = bareClone(repo);
  url = fileUrl(bare);
  trap = tempDir('qd-trap-');
});

afterAll(removeTempDirs);

function expectTrapEmpty(): void {
  expect(readdirSync(trap)).toEqual([]);
}

describe('option-shaped input', () => {
  for (const where of ['local', 'remote'] as const) {
    it(`is refused as a problem, never resolved (${where})`, async () => {
      const spawned: (readonly string[])[] = [];
      const refs = [...hostileRefs(), 'HEAD'];
      const location = where === 'local' ? { type: 'local' as const, path: repo } : { type: 'remote' as const, url };
      const results: RevisionResult[] = await resolveRevisions([{ location, revisions: refs.map((ref) => ({ key: ref, ref })) }], {
        env: isolatedGitEnv(),
        onSpawn: (_file, args) => spawned.push(args),
      });
      for (const result of results.slice(0, -1)) {
        expect('problem' in result && result.problem.code, JSON.stringify(result.ref)).toBe('GIT_INVALID_REVISION');
      }
      expect('sha' in (results.at(-1) as RevisionResult)).toBe(true);
      // Revisions never reach argv: the config read and the one process ran exactly the fixed commands.
      expect(spawned).toEqual(
        where === 'local'
          ? [configListArgs(join(repo, '.git', 'config')), catFileArgs()]
          : [configListArgs(join(bare, 'config')), lsRemoteUrlArgs(url, { headsAndTags: false })],
      );
      expectTrapEmpty();
    });
  }

  it('changes nothing even when fed straight to git cat-file (below the refusal)', async () => {
    const raw = hostileRefs().filter((ref) => !/\s/.test(ref));
    const lines = [...firstRound(raw), ...raw, ...raw.map((ref) => `refs/remotes/origin/${ref}^{commit}`)];
    const { outcome, value } = await runGitSession(catFileArgs(), { cwd: repo, env: gitEnv(isolatedGitEnv()), timeoutMs: 10_000 }, async (ask) =>
      parseAnswers(await ask(lines), lines.length),
    );
    expect(outcome.ok).toBe(true);
    expect(value).toEqual(lines.map(() => 'missing'));
    expectTrapEmpty();
  });

  it('cannot turn a "URL" into an ls-remote option, even below the classifier', async () => {
    const pwned = join(trap, 'ls-remote-pwned');
    const run = await runGit(lsRemoteUrlArgs(`--upload-pack=touch ${pwned}`), { cwd: repo, env: gitEnv(isolatedGitEnv()), timeoutMs: 10_000 });
    expect(run.ok).toBe(false);
    expect(existsSync(pwned)).toBe(false);
    expectTrapEmpty();
  });

  it('refuses hostile repository URLs before running git', async () => {
    const urls = [
      `--upload-pack=touch ${join(trap, 'u1')}`,
      `ext::sh -c touch% ${join(trap, 'u2')}`,
      `ssh://-oProxyCommand=touch%20${encodeURIComponent(join(trap, 'u3'))}/x`,
      `-oProxyCommand=touch:${join(trap, 'u4')}`,
    ];
    let spawned = 0;
    const results = await resolveRevisions(
      urls.map((u) => ({ location: { type: 'remote' as const, url: u }, revisions: [{ key: u, ref: 'main' }] })),
      { env: isolatedGitEnv(), onSpawn: () => spawned++ },
    );
    expect(results.map((r) => ('problem' in r ? r.problem.code : r.sha))).toEqual(urls.map(() => 'GIT_INVALID_REPOSITORY'));
    expect(spawned).toBe(0);
    expectTrapEmpty();
  });
});
