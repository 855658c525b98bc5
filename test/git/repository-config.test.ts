import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configListArgs } from '../../src/git/git-argv.js';
import { gitEnv } from '../../src/git/git-env.js';
import { type ConfigEntry, configValue, firstRefused, parseConfigList, refusalReason } from '../../src/git/repository-config.js';
import { runGit } from '../../src/git/run-git.js';
import { isolatedGitEnv, removeTempDirs, tempDir } from '../helpers/git-fixture.js';

afterAll(removeTempDirs);

const entry = (key: string, value?: string): ConfigEntry => ({ origin: '/repo/.git/config', key, value });

/** What CI checkouts and ordinary clones write into a repository's own config: all accepted. */
const ACCEPTED: [string, string?][] = [
  ['core.repositoryformatversion', '0'],
  ['core.filemode', 'true'],
  ['core.bare', 'false'],
  ['core.logallrefupdates', 'true'],
  ['core.sparsecheckout', 'true'],
  ['core.sparsecheckoutcone', 'true'],
  ['core.worktree', '../../../sub'], // submodules
  ['core.fsmonitor', 'true'], // the built-in daemon (Scalar), not a program
  ['core.fsmonitor', 'false'],
  ['core.hookspath', '.husky/_'], // husky; hooks never run for what we do, and -c overrides it
  ['remote.origin.url', 'https://github.com/acme/shop'],
  ['remote.origin.fetch', '+refs/heads/*:refs/remotes/origin/*'],
  ['remote.origin.promisor', 'false'],
  ['branch.main.remote', 'origin'],
  ['branch.main.merge', 'refs/heads/main'],
  ['gc.auto', '0'], // actions/checkout
  ['http.https://github.com/.extraheader', 'AUTHORIZATION: basic ***'], // actions/checkout
  ['include.path', '/builds/acme/shop.tmp/.gitlab-runner.ext.conf'], // GitLab runner (the included file is listed and checked too)
  ['credential.https://gitlab.example.com.helper', '!/builds/acme/shop.tmp/helper'], // GitLab runner
  ['url.https://gitlab-ci-token:x@gitlab.example.com/.insteadof', 'https://gitlab.example.com/'],
  ['filter.lfs.clean', 'git-lfs clean -- %f'], // `git lfs install --local` (actions/checkout lfs: true)
  ['filter.lfs.smudge', 'git-lfs smudge -- %f'],
  ['filter.lfs.smudge', 'git-lfs smudge --skip -- %f'],
  ['filter.lfs.process', 'git-lfs filter-process'],
  ['filter.lfs.required', 'true'],
  ['lfs.repositoryformatversion', '0'],
  ['submodule.lib.url', 'https://github.com/acme/lib'],
  ['submodule.lib.active', 'true'],
  ['submodule.lib.update', 'rebase'],
  ['pager.branch', 'false'],
  ['color.pager', 'true'],
  ['alias.st', 'status'],
  ['extensions.objectformat', 'sha256'],
  ['extensions.worktreeconfig', 'true'],
  ['protocol.version', '2'],
  ['user.email', 'dev@example.com'],
  ['maintenance.auto', 'false'],
  ['feature.manyfiles', 'true'],
  ['a.valueless'],
];

/** Config that can make git run a program, fetch, or pull in config it cannot check: all refused. */
const REFUSED: [string, string?][] = [
  ['core.fsmonitor', '.git/hooks/fsmonitor-watchman'],
  ['core.sshcommand', 'ssh -i key'],
  ['core.gitproxy', 'proxy-command'],
  ['core.askpass', '/bin/askpass'],
  ['core.editor', 'vim'],
  ['core.pager', 'less'],
  ['core.alternaterefscommand', 'x'],
  ['pager.log', 'sh -c x'],
  ['sequence.editor', 'x'],
  ['extensions.partialclone', 'origin'],
  ['remote.origin.promisor', 'true'],
  ['remote.origin.promisor'],
  ['remote.origin.uploadpack', "sh -c 'env > marker' #"],
  ['remote.https://github.com/acme/shop.uploadpack', 'x'], // the section git would apply to `ls-remote <that url>`
  ['remote.origin.receivepack', 'x'],
  ['remote.origin.vcs', 'x'],
  ['remote.origin.proxy', 'http://proxy'],
  ['uploadpack.packobjectshook', 'x'],
  ['uploadpack.allowfilter', 'true'],
  ['protocol.allow', 'always'],
  ['protocol.ext.allow', 'always'],
  ['includeif.gitdir:/.path', '/elsewhere'],
  ['includeif.onbranch:main.path', '/elsewhere'],
  ['filter.lfs.smudge', 'sh -c x'],
  ['filter.evil.clean', 'x'],
  ['diff.external', 'x'],
  ['diff.pdf.textconv', 'x'],
  ['diff.pdf.command', 'x'],
  ['merge.ours.driver', 'x'],
  ['gpg.program', 'x'],
  ['gpg.ssh.program', 'x'],
  ['gpg.ssh.defaultkeycommand', 'x'],
  ['hook.pre-commit.command', 'x'],
  ['trace2.eventtarget', '/tmp/x'],
  ['bundle.uri', 'https://x'],
  ['fetch.bundleuri', 'https://x'],
  ['alias.x', '!sh -c x'],
  ['submodule.lib.update', '!sh -c x'],
  ['difftool.x.path', 'x'],
  ['mergetool.x.cmd', 'x'],
  ['sendemail.smtpserver', '/usr/bin/msmtp'],
  ['man.x.path', 'x'],
  ['browser.x.path', 'x'],
];

describe('the repository config rule (issue 10, item 1)', () => {
  it('accepts what CI checkouts and ordinary clones write', () => {
    for (const [key, value] of ACCEPTED) expect(refusalReason(entry(key, value)), `${key}=${value}`).toBeUndefined();
  });

  it('refuses what could run a program, fetch, or pull in config it cannot check', () => {
    for (const [key, value] of REFUSED) expect(refusalReason(entry(key, value)), `${key}=${value}`).toBeTruthy();
  });

  it('compares section and name case-insensitively, the subsection exactly', () => {
    expect(refusalReason(entry('Core.SSHCommand', 'x'))).toBeTruthy();
    expect(refusalReason(entry('Remote.Origin.UploadPack', 'x'))).toBeTruthy();
    expect(configValue([entry('remote.Origin.url', 'a'), entry('remote.origin.url', 'b'), entry('remote.origin.url', 'c')], 'remote.origin.url')).toBe('b');
    expect(firstRefused([entry('gc.auto', '0'), entry('core.pager', 'less'), entry('core.editor', 'vi')])?.entry.key).toBe('core.pager');
  });

  it('reads a config file as data with git, following plain includes and reporting where each entry comes from', async () => {
    const dir = tempDir('qd-config-');
    writeFileSync(join(dir, 'config'), '[core]\n\tbare = false\n[include]\n\tpath = more.conf\n[a]\n\tvalueless\n[http "https://github.com/"]\n\textraheader = "line one\\nline two"\n');
    writeFileSync(join(dir, 'more.conf'), '[remote "origin"]\n\tuploadpack = touch pwned\n');
    const run = await runGit(configListArgs(join(dir, 'config')), { cwd: dir, env: gitEnv(isolatedGitEnv()), timeoutMs: 10_000 });
    expect(run.ok).toBe(true);
    const entries = run.ok ? parseConfigList(run.stdout) : [];
    expect(entries).toEqual([
      { origin: join(dir, 'config'), key: 'core.bare', value: 'false' },
      { origin: join(dir, 'config'), key: 'include.path', value: 'more.conf' },
      { origin: join(dir, 'more.conf'), key: 'remote.origin.uploadpack', value: 'touch pwned' },
      { origin: join(dir, 'config'), key: 'a.valueless', value: undefined },
      { origin: join(dir, 'config'), key: 'http.https://github.com/.extraheader', value: 'line one\nline two' },
    ]);
    expect(firstRefused(entries)?.entry.key).toBe('remote.origin.uploadpack');
  });
});
