/**
 * A repository's own config, read as data before git runs in the repository, and the rule that
 * refuses config which could make git run a program or fetch.
 *
 * Read: `git config --list --file=<file> --includes` for each config file of the repository (its
 * `config`, and `config.worktree` when present), run outside any repository, so nothing in the
 * files is acted on while they are read; plain includes are followed so what they pull in is
 * checked too.
 *
 * Refused (a deny-list, chosen so that what CI systems write still works):
 *   - anything that names a program: `core.fsmonitor` (unless a boolean), `core.sshCommand`,
 *     `core.gitProxy`, `core.askPass`, `core.editor`, `core.pager`, `pager.*` (unless a boolean),
 *     any `*command`/`*cmd`/`*program`/`*editor` key, `remote.*.uploadpack`/`receivepack`/`vcs`/
 *     `proxy`, `uploadpack.*`, `filter.*` (except git-lfs's own values), `diff.external`,
 *     `diff.*.textconv`, `merge.*.driver`, `hook.*`, `alias.*` and `submodule.*.update` values
 *     starting with "!", and the program sections of difftool, mergetool, browser, man, sendemail;
 *   - anything that fetches: `extensions.partialClone`, `remote.*.promisor`, bundle URIs;
 *   - transport and file-writing settings: `protocol.*` (except `protocol.version`), `trace2.*`;
 *   - `includeIf.*`: its condition depends on where git runs, so it cannot be checked as data.
 * Accepted although they name programs or pull config in, because CI checkouts write them and
 * nothing we run inside a repository can use them: `credential.*` (only transports ask helpers,
 * and the one command run in a repository has every transport off and the helper list emptied),
 * `core.hooksPath` (hooks run only for commands that change a repository; husky sets it),
 * `url.*.insteadOf`, `http.*` (actions/checkout's `extraheader`), and `include.path` (followed).
 * Whatever is accepted is also overridden on every command line (see git-argv.ts).
 */

import { normalize } from 'node:path';

/** One `key=value` of a config file, with the file it came from (`value` undefined: a bare `key`, i.e. true). */
export interface ConfigEntry {
  origin: string;
  key: string;
  value: string | undefined;
}

const BOOLEAN = /^(?:true|false|yes|no|on|off|1|0|)$/i;
const PROGRAM_SECTIONS = new Set(['uploadpack', 'hook', 'trace2', 'bundle', 'difftool', 'mergetool', 'browser', 'man', 'sendemail', 'includeif', 'guitool']);
const LFS_FILTER: Record<string, RegExp> = {
  clean: /^git-lfs clean -- %f$/,
  smudge: /^git-lfs smudge (?:--skip )?-- %f$/,
  process: /^git-lfs filter-process(?: --skip)?$/,
  required: BOOLEAN,
};

/** Parses `git config --list --null --show-origin` output into entries. */
export function parseConfigList(stdout: string): ConfigEntry[] {
  const fields = stdout.split('\0');
  const entries: ConfigEntry[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const raw = fields[i] as string;
    const origin = raw.startsWith('file:') ? normalize(raw.slice('file:'.length)) : raw;
    const pair = fields[i + 1] as string;
    const newline = pair.indexOf('\n');
    entries.push(newline < 0 ? { origin, key: pair, value: undefined } : { origin, key: pair.slice(0, newline), value: pair.slice(newline + 1) });
  }
  return entries;
}

/** Why an entry is refused (see the top of this file), or undefined when it is accepted. */
export function refusalReason(entry: ConfigEntry): string | undefined {
  const { section, subsection, name } = splitKey(entry.key);
  const value = entry.value;
  const bool = value === undefined || BOOLEAN.test(value.trim());
  if (PROGRAM_SECTIONS.has(section)) return section === 'includeif' ? 'pulls in config under a condition that cannot be checked before git runs' : `belongs to ${section}.*, whose settings run programs or fetch`;
  if (section === 'protocol' && entry.key !== 'protocol.version') return 'changes which transports git may use';
  if (section === 'extensions' && name === 'partialclone') return 'makes a partial clone, which fetches missing objects on demand';
  if (section === 'remote' && subsection !== undefined) {
    if (name === 'promisor') return value !== undefined && /^(?:false|no|off|0|)$/i.test(value.trim()) ? undefined : 'makes a promisor remote, which fetches missing objects on demand';
    if (['uploadpack', 'receivepack', 'vcs', 'proxy'].includes(name)) return 'names a program or a proxy for the remote';
  }
  if (section === 'core' && ['sshcommand', 'gitproxy', 'askpass', 'editor', 'pager', 'alternaterefscommand'].includes(name)) return 'names a program';
  if (section === 'core' && name === 'fsmonitor' && !bool) return 'names a program';
  if (section === 'pager' && !bool) return 'names a program';
  if (section === 'filter') {
    const lfs = subsection === 'lfs' ? LFS_FILTER[name] : undefined;
    return lfs?.test(value ?? '') ? undefined : 'runs a filter program';
  }
  if (section === 'diff' && (name === 'external' || name === 'textconv')) return 'names a program';
  if (section === 'merge' && name === 'driver') return 'names a program';
  if ((section === 'alias' || (section === 'submodule' && name === 'update')) && value?.trimStart().startsWith('!')) return 'runs a shell command';
  if (name.endsWith('bundleuri')) return 'fetches';
  if (section !== 'color' && /(?:command|cmd|program|editor)$/.test(name)) return 'names a program';
  return undefined;
}

/** The first refused entry of a config, if any. */
export function firstRefused(entries: readonly ConfigEntry[]): { entry: ConfigEntry; reason: string } | undefined {
  for (const entry of entries) {
    const reason = refusalReason(entry);
    if (reason !== undefined) return { entry, reason };
  }
  return undefined;
}

/** The value of a key (the first one, as git takes for `remote.<name>.url`), from entries. */
export function configValue(entries: readonly ConfigEntry[], key: string): string | undefined {
  const { section, subsection, name } = splitKey(key);
  return entries.find((e) => {
    const other = splitKey(e.key);
    return other.section === section && other.subsection === subsection && other.name === name;
  })?.value;
}

/** `section[.subsection].name`: section and name are case-insensitive (git lists them in lower case), the subsection is not. */
function splitKey(key: string): { section: string; subsection: string | undefined; name: string } {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0) return { section: key.toLowerCase(), subsection: undefined, name: '' };
  return {
    section: key.slice(0, first).toLowerCase(),
    subsection: first === last ? undefined : key.slice(first + 1, last),
    name: key.slice(last + 1).toLowerCase(),
  };
}
