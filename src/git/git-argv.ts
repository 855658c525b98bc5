/**
 * Every argv the git wrapper runs is built here, so that one unit test can check them all.
 * Rules: user data (a URL) only ever comes right after `--end-of-options`; revisions never reach
 * argv at all (they go to `git cat-file --batch-check` on stdin, which never parses options).
 * Only `cat-file` runs inside a repository, and it runs with every transport off.
 */

/** `-c` settings common to every git command: repository config must not run programs on our behalf. */
const COMMON = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.askPass=',
  'credential.interactive=never',
  // A folder that merely looks like a bare repository is never used as one.
  'safe.bareRepository=explicit',
];

/**
 * `-c` settings in front of every command that talks to a remote (run outside any repository).
 * Transports: nothing unless listed (blocks ext::, fd::, git://, and http:// to remote hosts).
 */
export function hardeningArgs(options: { allowHttp?: boolean } = {}): string[] {
  const config = [
    'protocol.allow=never',
    'protocol.https.allow=always',
    'protocol.ssh.allow=always',
    'protocol.file.allow=always',
    ...(options.allowHttp ? ['protocol.http.allow=always'] : []),
    ...COMMON,
  ];
  return config.flatMap((setting) => ['-c', setting]);
}

/**
 * `-c` settings of commands run inside a repository: purely local, so every transport is off (a
 * partial clone cannot fetch a missing object) and no credential helper is configured.
 */
export function localHardeningArgs(): string[] {
  return ['protocol.allow=never', 'credential.helper=', ...COMMON].flatMap((setting) => ['-c', setting]);
}

/**
 * `git cat-file --batch-check` reading revisions from stdin: the one local process per repository.
 * Unbuffered, so it can be asked a second round; ambiguity warnings forced on (we read them).
 */
export function catFileArgs(): string[] {
  return [...localHardeningArgs(), '-c', 'core.warnAmbiguousRefs=true', 'cat-file', '--batch-check=%(objectname) %(objecttype)'];
}

/**
 * `git ls-remote` of a remote URL (user data, placed right after `--end-of-options`), run from a
 * folder outside any repository. The upload-pack program is pinned on the command line, which no
 * config can override. `headsAndTags` limits the listing to branches and tags (smaller answers
 * from hosts with many pull-request refs).
 */
export function lsRemoteUrlArgs(url: string, options: { allowHttp?: boolean; headsAndTags?: boolean } = {}): string[] {
  return [
    ...hardeningArgs({ allowHttp: options.allowHttp }),
    'ls-remote',
    '--upload-pack=git-upload-pack',
    ...(options.headsAndTags ? ['--heads', '--tags'] : []),
    '--end-of-options',
    url,
  ];
}

/**
 * `git config --list` of one config file, read as data: run outside any repository, following
 * plain `include.path` (so what it pulls in is checked too; `includeIf` is listed, not followed),
 * NUL-separated with each entry's origin. The path is one `--file=` argument, never an option.
 */
export function configListArgs(file: string): string[] {
  return [...localHardeningArgs(), 'config', '--list', '--null', '--show-origin', '--includes', `--file=${file}`];
}
