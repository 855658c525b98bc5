/**
 * Repositories a pull request could plant, for the trust-boundary tests (issue 10): folders that
 * look like bare repositories, configs that name programs, shallow clones whose origin lookup
 * would read them. Every hostile command writes its environment to a marker file in `trap`; a
 * test passes only if no marker is ever written.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { commit, fileUrl, git, makeRepo, tempDir } from './git-fixture.js';

/** A shell command (as git config runs it) that dumps its environment into `marker`. */
export function dumpEnv(marker: string): string {
  return `sh -c 'env > ${marker}' #`;
}

/** A full SHA that no repository here contains (asking for it makes a partial clone fetch). */
export const MISSING_SHA = '1234567890abcdef1234567890abcdef12345678';

/** Files that make git treat `dir` as a bare repository: HEAD, config, objects/, refs/ (as a pull request can commit them). */
export function bareLookingFolder(dir: string, config: string, options: { shallow?: boolean } = {}): string {
  mkdirSync(join(dir, 'objects', 'info'), { recursive: true });
  mkdirSync(join(dir, 'refs', 'heads'), { recursive: true });
  writeFileSync(join(dir, 'objects', 'info', '.keep'), '');
  writeFileSync(join(dir, 'refs', 'heads', '.keep'), '');
  writeFileSync(join(dir, 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, 'config'), `[core]\n\trepositoryformatversion = 1\n${config}`);
  if (options.shallow) writeFileSync(join(dir, 'shallow'), `${MISSING_SHA}\n`);
  return dir;
}

/** One attack: where the manifest goes, what its application names, and how the run must end. */
export interface HostileCase {
  name: string;
  /** Folder the manifest is written in. */
  dir: string;
  commit: string;
  repository?: string;
  /** Extra environment for the run (e.g. `GIT_SSH`). */
  env?: Record<string, string>;
  /** The diagnostic code the run must report; undefined: the revision resolves. */
  code?: string;
}

/** Every hostile layout of issue 10, inside one workspace (point `GITHUB_WORKSPACE` at it). */
export interface HostileWorkspace {
  workspace: string;
  /** The honest repository the manifests live in (and the "origin" the hostile configs name). */
  shop: string;
  trap: string;
  cases: HostileCase[];
  /** Names of the marker files written so far (must stay empty). */
  markers: () => string[];
  /** Removes the markers (so that one case's failure does not fail the next). */
  clearMarkers: () => void;
}

/**
 * Builds the hostile workspace. `authUrl` is a loopback http URL that answers 401, so that a
 * credential helper is asked (it must never be a repository's).
 */
export function hostileWorkspace(authUrl: string): HostileWorkspace {
  const workspace = tempDir('qd-hostile-ws-');
  const trap = tempDir('qd-hostile-trap-');
  const shop = makeRepo({ dir: join(workspace, 'shop') });
  commit(shop, 'one');
  const marker = (name: string) => join(trap, name);
  const origin = `[remote "origin"]\n\turl = ${shop}\n`;
  const cases: HostileCase[] = [];

  // 1. Partial clone: cat-file fetches a missing object lazily, through the config's uploadpack.
  const partial = `[extensions]\n\tpartialClone = origin\n${origin}\tpromisor = true\n\tuploadpack = ${dumpEnv(marker('partial'))}\n`;
  bareLookingFolder(join(shop, 'evil-partial'), partial);
  cases.push({ name: 'bare folder, partial clone', dir: shop, commit: MISSING_SHA, repository: './evil-partial', code: 'GIT_BARE_REPOSITORY' });

  // 2. Shallow + a name it lacks: `git ls-remote origin` ran the config's uploadpack.
  bareLookingFolder(join(shop, 'evil-shallow'), `${origin}\tuploadpack = ${dumpEnv(marker('shallow'))}\n`, { shallow: true });
  cases.push({ name: 'bare folder, shallow + ls-remote origin', dir: shop, commit: 'feature/x', repository: './evil-shallow', code: 'GIT_BARE_REPOSITORY' });

  // 3. GIT_SSH set by the caller: the repository's core.sshCommand wins over it.
  const sshOrigin = `[core]\n\tsshCommand = ${dumpEnv(marker('ssh'))}\n[remote "origin"]\n\turl = ssh://git@127.0.0.1:9/x.git\n`;
  bareLookingFolder(join(shop, 'evil-ssh'), sshOrigin, { shallow: true });
  const gitSsh = { GIT_SSH: '/bin/false' };
  cases.push({ name: 'bare folder, core.sshCommand with GIT_SSH set', dir: shop, commit: 'feature/x', repository: './evil-ssh', env: gitSsh, code: 'GIT_BARE_REPOSITORY' });

  // 4. No `repository:` at all: the manifest sits in a folder that looks like a bare repository.
  const home = bareLookingFolder(join(shop, 'evil-home'), partial.replace(marker('partial'), marker('home')));
  cases.push({ name: 'manifest inside a bare-looking folder', dir: home, commit: MISSING_SHA, code: 'GIT_BARE_REPOSITORY' });

  // 5–9. Real repositories (a `.git` folder) whose config names a program or pulls config in.
  const checkout = (name: string, config: string, options: { shallow?: string } = {}): string => {
    const dir = join(workspace, name);
    if (options.shallow) git(workspace, ['clone', '--quiet', '--depth', '1', fileUrl(shop), dir]);
    else commit(makeRepo({ dir }), name);
    if (options.shallow) git(dir, ['remote', 'set-url', 'origin', options.shallow]);
    writeFileSync(join(dir, '.git', 'config'), config, { flag: 'a' });
    return dir;
  };
  checkout('fsmonitor', `[core]\n\tfsmonitor = ${dumpEnv(marker('fsmonitor'))}\n`);
  cases.push({ name: 'core.fsmonitor', dir: shop, commit: 'HEAD', repository: '../fsmonitor', code: 'GIT_REPOSITORY_CONFIG_REFUSED' });
  checkout('ssh-command', `[core]\n\tsshCommand = ${dumpEnv(marker('ssh-command'))}\n`, { shallow: 'ssh://git@127.0.0.1:9/x.git' });
  cases.push({ name: 'core.sshCommand with GIT_SSH set', dir: shop, commit: 'feature/x', repository: '../ssh-command', env: gitSsh, code: 'GIT_REPOSITORY_CONFIG_REFUSED' });
  checkout('pager', `[core]\n\tpager = ${dumpEnv(marker('pager'))}\n`);
  cases.push({ name: 'core.pager', dir: shop, commit: 'HEAD', repository: '../pager', code: 'GIT_REPOSITORY_CONFIG_REFUSED' });
  const included = checkout('include', '[include]\n\tpath = ../evil.gitconfig\n', { shallow: fileUrl(shop) });
  writeFileSync(join(included, 'evil.gitconfig'), `[remote "origin"]\n\tuploadpack = ${dumpEnv(marker('include'))}\n`);
  cases.push({ name: 'include.path to a file in the work tree', dir: shop, commit: 'feature/x', repository: '../include', code: 'GIT_REPOSITORY_CONFIG_REFUSED' });
  checkout('include-if', `[includeIf "gitdir:/"]\n\tpath = ${join(workspace, 'include', 'evil.gitconfig')}\n`);
  cases.push({ name: 'includeIf', dir: shop, commit: 'HEAD', repository: '../include-if', code: 'GIT_REPOSITORY_CONFIG_REFUSED' });

  // 10. A credential helper in a shallow clone's config, and an origin that asks for credentials.
  checkout('credential', `[credential]\n\thelper = !${dumpEnv(marker('credential'))}\n`, { shallow: authUrl });
  cases.push({ name: 'credential.helper on a shallow origin lookup', dir: shop, commit: 'feature/x', repository: '../credential', code: 'GIT_SHALLOW_MISSING_COMMIT' });

  // 11. Hooks everywhere (and core.hooksPath, as husky sets it): nothing we run may trigger one.
  const hooked = checkout('hooks', '[core]\n\thooksPath = .husky\n');
  for (const folder of [join(hooked, '.git', 'hooks'), join(hooked, '.husky')]) {
    mkdirSync(folder, { recursive: true });
    for (const hook of HOOKS) writeFileSync(join(folder, hook), `#!/bin/sh\nenv > ${marker(`hook-${hook}`)}\n`, { mode: 0o755 });
  }
  cases.push({ name: 'hooks and core.hooksPath', dir: shop, commit: 'HEAD', repository: '../hooks' });

  return {
    workspace,
    shop,
    trap,
    cases,
    markers: () => readdirSync(trap),
    clearMarkers: () => {
      for (const name of readdirSync(trap)) rmSync(join(trap, name), { force: true });
    },
  };
}

const HOOKS = ['pre-commit', 'post-checkout', 'post-merge', 'reference-transaction', 'post-index-change', 'fsmonitor-watchman', 'pre-auto-gc', 'post-rewrite', 'push-to-checkout'];

/** A loopback server that answers every HTTP request with 401 (git then asks a credential helper). */
export async function unauthorizedServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', () => {
      socket.end('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="x"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/x.git`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
