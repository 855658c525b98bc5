/**
 * Every argv the git wrapper runs is built here, so that one unit test can check them all.
 * Rules: user data (a URL) only ever comes right after `--end-of-options`; revisions never reach
 * argv at all (they go to `git cat-file --batch-check` on stdin, which never parses options).
 */

/** `-c` settings put in front of every git command. None of them carries user data. */
export function hardeningArgs(options: { allowHttp?: boolean } = {}): string[] {
  const config = [
    // Transports: nothing unless listed (blocks ext::, fd::, git://, and http:// to remote hosts).
    'protocol.allow=never',
    'protocol.https.allow=always',
    'protocol.ssh.allow=always',
    'protocol.file.allow=always',
    ...(options.allowHttp ? ['protocol.http.allow=always'] : []),
    // Repository config must not run programs on our behalf.
    'core.fsmonitor=false',
    'core.hooksPath=/dev/null',
    'core.askPass=',
    'credential.interactive=never',
  ];
  return config.flatMap((setting) => ['-c', setting]);
}

/**
 * `git cat-file --batch-check` reading revisions from stdin: the one local process per repository.
 * Unbuffered, so it can be asked a second round; ambiguity warnings forced on (we read them).
 */
export function catFileArgs(): string[] {
  return [...hardeningArgs(), '-c', 'core.warnAmbiguousRefs=true', 'cat-file', '--batch-check=%(objectname) %(objecttype)'];
}

/**
 * `git ls-remote` of a remote URL (user data, placed right after `--end-of-options`). `headsAndTags`
 * limits the listing to branches and tags (smaller answers from hosts with many pull-request refs).
 */
export function lsRemoteUrlArgs(url: string, options: { allowHttp?: boolean; headsAndTags?: boolean } = {}): string[] {
  return [
    ...hardeningArgs({ allowHttp: options.allowHttp }),
    'ls-remote',
    ...(options.headsAndTags ? ['--heads', '--tags'] : []),
    '--end-of-options',
    url,
  ];
}

/**
 * `git ls-remote origin`, run inside a (shallow) repository to look up names it did not fetch.
 * The upload-pack program is pinned so a repository's `remote.origin.uploadpack` cannot run a command.
 */
export function lsRemoteOriginArgs(options: { headsAndTags?: boolean } = {}): string[] {
  return [
    ...hardeningArgs(),
    '-c',
    'remote.origin.uploadpack=git-upload-pack',
    'ls-remote',
    ...(options.headsAndTags ? ['--heads', '--tags'] : []),
    '--end-of-options',
    'origin',
  ];
}
