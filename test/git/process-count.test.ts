import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RepositoryRequest, resolveRevisions } from '../../src/git/index.js';
import { bareClone, bulkRefs, commit, fileUrl, isolatedGitEnv, makeRepo, manyCommits, removeTempDirs, revParse, revParseMany, subcommands } from '../helpers/git-fixture.js';

const env = isolatedGitEnv();

let big: string;
let bigShas: string[];
let other: string;
let remoteUrl: string;

beforeAll(() => {
  big = makeRepo();
  bigShas = manyCommits(big, 120);
  const tags: Record<string, string> = {};
  const annotatedTags: Record<string, string> = {};
  const branches: Record<string, string> = {};
  for (let i = 0; i < 30; i++) (i % 2 === 0 ? annotatedTags : tags)[`v1.${i}.0`] = bigShas[i * 3] as string;
  for (let i = 0; i < 20; i++) branches[`feature/${i}`] = bigShas[100 + i] as string;
  bulkRefs(big, { branches, tags, annotatedTags });
  other = makeRepo();
  commit(other, 'one');
  commit(other, 'two');
  remoteUrl = fileUrl(bareClone(other));
});

afterAll(removeTempDirs);

function hundredRefs(): string[] {
  const refs: string[] = ['HEAD', 'main', 'HEAD~1', 'main~7'];
  for (let i = 0; i < 30; i++) refs.push(`v1.${i}.0`);
  for (let i = 0; i < 20; i++) refs.push(`feature/${i}`);
  for (let i = 0; i < 23; i++) refs.push((bigShas[i * 5] as string).slice(0, 8 + (i % 5)));
  for (let i = 0; i < 23; i++) refs.push(bigShas[i * 5 + 1] as string);
  return refs;
}

// Each local repository also costs one `git config` read of its config, as data, before the process that resolves.
describe('one git process per repository', () => {
  it('resolves 100 refs of one repository with 1 process, each equal to git rev-parse', async () => {
    const refs = hundredRefs();
    expect(refs).toHaveLength(100);
    const spawned: (readonly string[])[] = [];
    const results = await resolveRevisions([{ location: { type: 'local', path: big }, revisions: refs.map((ref, i) => ({ key: `/k/${i}`, ref })) }], {
      env,
      onSpawn: (_f, args) => spawned.push(args),
    });
    expect(subcommands(spawned)).toEqual(['config', 'cat-file']);
    expect(results.map((r) => ('sha' in r ? r.sha : r.problem.summary))).toEqual(revParseMany(big, refs));
  });

  it('spawns exactly one process for each of several repositories, local and remote', async () => {
    const sub = join(big, 'nested', 'folder');
    mkdirSync(sub, { recursive: true });
    const requests: RepositoryRequest[] = [
      { location: { type: 'local', path: big }, revisions: [{ key: 'a', ref: 'main' }, { key: 'b', ref: 'v1.3.0' }] },
      { location: { type: 'local', path: other }, revisions: [{ key: 'c', ref: 'HEAD' }, { key: 'd', ref: 'HEAD~1' }] },
      // Another folder of the first repository: the same process.
      { location: { type: 'local', path: sub }, revisions: [{ key: 'e', ref: 'feature/3' }] },
      { location: { type: 'remote', url: remoteUrl }, revisions: [{ key: 'f', ref: 'main' }, { key: 'g', ref: 'HEAD' }] },
      { location: { type: 'remote', url: remoteUrl }, revisions: [{ key: 'h', ref: 'main' }] },
    ];
    const spawned: (readonly string[])[] = [];
    const results = await resolveRevisions(requests, { env, onSpawn: (_f, args) => spawned.push(args) });
    expect(subcommands(spawned).sort()).toEqual(['cat-file', 'cat-file', 'config', 'config', 'config', 'ls-remote']);
    expect(results.map((r) => r.key)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(results.map((r) => ('sha' in r ? r.sha : r.problem.code))).toEqual([
      revParse(big, 'main'),
      revParse(big, 'v1.3.0'),
      revParse(other, 'HEAD'),
      revParse(other, 'HEAD~1'),
      revParse(big, 'feature/3'),
      revParse(other, 'main'),
      revParse(other, 'HEAD'),
      revParse(other, 'main'),
    ]);
  });

  it('spawns nothing for an empty request', async () => {
    let spawned = 0;
    expect(await resolveRevisions([], { env, onSpawn: () => spawned++ })).toEqual([]);
    expect(await resolveRevisions([{ location: { type: 'local', path: big }, revisions: [] }], { env, onSpawn: () => spawned++ })).toEqual([]);
    expect(spawned).toBe(0);
  });
});
