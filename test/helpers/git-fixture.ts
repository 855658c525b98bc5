/**
 * Real git repositories in temp folders, for tests. Every git call sets its own identity, a fixed
 * clock and `init.defaultBranch=main`, and ignores the machine's global and system config, so the
 * suite behaves the same on a clean CI machine and on a developer's laptop.
 * Call `removeTempDirs()` in `afterAll` (folders left behind are also removed when the process exits).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const created: string[] = [];
let clock = 1_767_225_600; // 2026-01-01T00:00:00Z; every commit moves it one minute on

process.on('exit', removeTempDirs);

/** The environment for git in tests: no inherited repository variables, no global or system config. */
export function isolatedGitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toUpperCase().startsWith('GIT_')) env[name] = value;
  }
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull, ...extra };
}

/** Runs git for a fixture (with identity and clock) and returns its trimmed stdout. */
export function git(cwd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const date = `${clock} +0000`;
  const env = isolatedGitEnv({
    GIT_AUTHOR_NAME: 'Fixture Author',
    GIT_AUTHOR_EMAIL: 'author@example.test',
    GIT_COMMITTER_NAME: 'Fixture Committer',
    GIT_COMMITTER_EMAIL: 'committer@example.test',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    ...options.env,
  });
  const config = ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgSign=false', '-c', 'tag.gpgSign=false', '-c', 'protocol.file.allow=always'];
  try {
    return execFileSync('git', [...config, ...args], {
      cwd,
      env,
      input: options.input ?? '',
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`fixture: git ${args.join(' ')} failed in ${cwd}: ${stderr.trim()}`);
  }
}

/** A new empty temp folder (realpath'd, so it compares equal to what git and realpath report). */
export function tempDir(prefix = 'qd-git-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Removes every temp folder made by this module. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Initialises a repository (in `dir`, or a new temp folder) on branch main; returns its path. */
export function makeRepo(options: { dir?: string; bare?: boolean; objectFormat?: 'sha1' | 'sha256' } = {}): string {
  const dir = options.dir ?? tempDir();
  mkdirSync(dir, { recursive: true });
  const format = options.objectFormat ? [`--object-format=${options.objectFormat}`] : [];
  git(dir, ['init', '--quiet', ...format, ...(options.bare ? ['--bare'] : [])]);
  return dir;
}

/** Commits (writing `files` first, or a new file named after the clock, so merges never conflict); returns the SHA. */
export function commit(repo: string, message = 'change', files?: Record<string, string>): string {
  clock += 60;
  const contents = files ?? { [`changes/${clock}.txt`]: `${message}\n` };
  for (const [path, text] of Object.entries(contents)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git(repo, ['add', '--all']);
  git(repo, ['commit', '--quiet', '--allow-empty', '-m', message]);
  return revParse(repo, 'HEAD');
}

/** Creates a tag (lightweight, or annotated) at `ref`; returns the SHA of the commit it tags. */
export function tag(repo: string, name: string, options: { annotated?: boolean; ref?: string; message?: string } = {}): string {
  const ref = options.ref ?? 'HEAD';
  if (options.annotated) git(repo, ['tag', '-a', '-m', options.message ?? `tag ${name}`, name, ref]);
  else git(repo, ['tag', name, ref]);
  return revParse(repo, name);
}

/** Creates a branch at `ref` (without checking it out); returns its commit SHA. */
export function branch(repo: string, name: string, ref = 'HEAD'): string {
  git(repo, ['branch', name, ref]);
  return revParse(repo, `refs/heads/${name}`);
}

/** Checks out a branch or commit. */
export function checkout(repo: string, ref: string): void {
  git(repo, ['checkout', '--quiet', ref]);
}

/** Merges `ref` into the current branch with a merge commit; returns its SHA. */
export function merge(repo: string, ref: string, message = `merge ${ref}`): string {
  clock += 60;
  git(repo, ['merge', '--quiet', '--no-ff', '-m', message, ref]);
  return revParse(repo, 'HEAD');
}

/** What git itself resolves `rev` to, peeled to a commit (the reference value tests compare with). */
export function revParse(repo: string, rev: string): string {
  return git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
}

/** The object a name points at without peeling (an annotated tag gives the tag object). */
export function objectId(repo: string, rev: string): string {
  return git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', rev]);
}

/** A bare clone of `repo` in a new temp folder (a "remote" for file:// tests); returns its path. */
export function bareClone(repo: string): string {
  const dir = join(tempDir(), 'remote.git');
  git(tmpdir(), ['clone', '--quiet', '--bare', repo, dir]);
  return dir;
}

/** A shallow clone of `source` (a path or URL; paths are turned into file:// URLs so depth applies). */
export function shallowClone(source: string, options: { depth?: number; branch?: string } = {}): string {
  const dir = join(tempDir(), 'shallow');
  const url = /^[a-z]+:\/\//.test(source) ? source : fileUrl(source);
  const branchArgs = options.branch ? ['--branch', options.branch] : [];
  git(tmpdir(), ['clone', '--quiet', '--depth', String(options.depth ?? 1), ...branchArgs, url, dir]);
  return dir;
}

/** The file:// URL of a local path. */
export function fileUrl(path: string): string {
  return pathToFileURL(path).href;
}

/** Adds `count` empty commits on `branchName` in one `git fast-import`; returns their SHAs, oldest first. */
export function manyCommits(repo: string, count: number, branchName = 'main'): string[] {
  const ref = `refs/heads/${branchName}`;
  const tip = (() => {
    try {
      return revParse(repo, ref);
    } catch {
      return undefined;
    }
  })();
  let stream = '';
  for (let i = 0; i < count; i++) {
    clock += 60;
    const message = `bulk commit ${i}\n`;
    stream += `commit ${ref}\ncommitter Fixture Committer <committer@example.test> ${clock} +0000\n`;
    stream += `data ${Buffer.byteLength(message)}\n${message}`;
    if (i === 0 && tip !== undefined) stream += `from ${tip}\n`;
    stream += '\n';
  }
  git(repo, ['fast-import', '--quiet'], { input: stream });
  return git(repo, ['rev-list', '--reverse', `-${count}`, ref]).split('\n');
}

/**
 * The first prefix of `length` hex digits shared by two or more of `shas`, with the SHAs sharing it;
 * with `distinctBy`, only a group whose SHAs all differ in their first `distinctBy` digits.
 */
export function findPrefixCollision(shas: string[], length = 4, distinctBy = length): { prefix: string; shas: string[] } | undefined {
  const byPrefix = new Map<string, string[]>();
  for (const sha of shas) byPrefix.set(sha.slice(0, length), [...(byPrefix.get(sha.slice(0, length)) ?? []), sha]);
  for (const [prefix, group] of [...byPrefix].sort(([a], [b]) => a.localeCompare(b))) {
    if (group.length > 1 && new Set(group.map((sha) => sha.slice(0, distinctBy))).size === group.length) return { prefix, shas: group };
  }
  return undefined;
}

/** Creates many branches and tags (lightweight or annotated) in one `git fast-import`. Values are SHAs. */
export function bulkRefs(
  repo: string,
  refs: { branches?: Record<string, string>; tags?: Record<string, string>; annotatedTags?: Record<string, string> },
): void {
  let stream = '';
  for (const [name, sha] of Object.entries(refs.branches ?? {})) stream += `reset refs/heads/${name}\nfrom ${sha}\n\n`;
  for (const [name, sha] of Object.entries(refs.tags ?? {})) stream += `reset refs/tags/${name}\nfrom ${sha}\n\n`;
  for (const [name, sha] of Object.entries(refs.annotatedTags ?? {})) {
    clock += 60;
    const message = `tag ${name}\n`;
    stream += `tag ${name}\nfrom ${sha}\ntagger Fixture Committer <committer@example.test> ${clock} +0000\n`;
    stream += `data ${Buffer.byteLength(message)}\n${message}\n`;
  }
  git(repo, ['fast-import', '--quiet', '--force'], { input: stream });
}

/** `revParse` for many revisions in one git process (all of them must exist; none may start with "-"). */
export function revParseMany(repo: string, revs: string[]): string[] {
  if (revs.length === 0) return [];
  if (revs.some((rev) => rev.startsWith('-'))) throw new Error('fixture: revParseMany takes no option-like revisions');
  return git(repo, ['rev-parse', ...revs.map((rev) => `${rev}^{commit}`)]).split('\n');
}

/** The git subcommand of each argv (`-c` settings skipped), e.g. `['config', 'cat-file']`: what a test counts. */
export function subcommands(spawned: readonly (readonly string[])[]): string[] {
  return spawned.map((argv) => argv.find((arg, i) => !arg.startsWith('-') && argv[i - 1] !== '-c') ?? '');
}
