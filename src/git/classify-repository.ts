import { isLoopbackHost } from '../net/loopback.js';
import type { RepositoryClass } from './types.js';

/**
 * Accepted `repository:` forms, decided offline (validate calls this without running git):
 *   https://host/path          any host, no credentials in the URL
 *   http://127.0.0.1/path      plain http only for loopback hosts (local test servers)
 *   ssh://[user@]host[:port]/path
 *   [user@]host:path           scp-like ssh
 *   file:///abs/path           a repository on this machine, reached like a remote
 *   anything else without a scheme: a local path, relative to the manifest's folder
 * Refused: remote helpers (`ext::…`, `fd::…`), git://, other schemes, credentials in a URL, a
 * leading "-", whitespace and control characters, and host or user names that start with "-".
 */

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const SCP_LIKE = /^(?:([^@/:]+)@)?([^@/:]+):(.*)$/;
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9._-]*)|\[[0-9A-Fa-f:.]+\])$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/** Classifies a `repository:` value as a remote URL, a local path, or invalid (with the reason). */
export function classifyRepository(value: string): RepositoryClass {
  if (value.length === 0) return invalid('it is empty');
  if (value.length > 2048) return invalid('it is longer than 2048 characters');
  if (/[\u0000-\u0020\u007f]/.test(value)) return invalid('it contains whitespace or a control character');
  if (value.startsWith('-')) return invalid('it starts with "-", which git would read as an option');

  const helper = /^([A-Za-z][A-Za-z0-9+.-]*)::/.exec(value);
  if (helper) return invalid(`remote helpers ("${helper[1]}::") are not allowed`);

  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme !== undefined) return classifyUrl(value, scheme);

  if (isWindowsDrivePath(value)) return { type: 'local', path: value };
  const scp = SCP_LIKE.exec(value);
  if (scp) return classifyScpLike(value, scp[1], scp[2] ?? '', scp[3] ?? '');
  return { type: 'local', path: value };
}


/** True when git needs plain http allowed for this (already classified) remote URL. */
export function needsHttp(url: string): boolean {
  return /^http:\/\//i.test(url);
}

function classifyUrl(value: string, scheme: string): RepositoryClass {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid('it is not a valid URL');
  }
  switch (scheme) {
    case 'https':
    case 'http': {
      if (url.username || url.password) {
        return invalid('credentials must not be written in the URL; let git find them (a credential helper, or the CI checkout)');
      }
      if (!checkHost(url.hostname)) return invalid(`the host ${JSON.stringify(url.hostname)} is not a valid host name`);
      if (scheme === 'http' && !isLoopbackHost(url.hostname)) {
        return invalid('plain http:// is only allowed for loopback addresses; use https://');
      }
      return { type: 'remote', url: value };
    }
    case 'ssh': {
      if (url.password) return invalid('credentials must not be written in the URL; use an SSH key');
      if (url.username && !USER.test(decodeURIComponent(url.username))) {
        return invalid('the user name must not start with "-" or contain special characters');
      }
      if (!checkHost(url.hostname)) return invalid(`the host ${JSON.stringify(url.hostname)} is not a valid host name`);
      if (url.pathname.length <= 1) return invalid('it has no repository path');
      return { type: 'remote', url: value };
    }
    case 'file': {
      if (url.hostname !== '' && url.hostname !== 'localhost') return invalid('file:// URLs must name a path on this machine');
      if (url.pathname.length <= 1) return invalid('it has no repository path');
      return { type: 'remote', url: value };
    }
    case 'git':
      return invalid('git:// is neither encrypted nor authenticated; use https:// or ssh://');
    default:
      return invalid(`the scheme "${scheme}://" is not supported; use https://, ssh://, git@host:path or file://`);
  }
}

function classifyScpLike(value: string, user: string | undefined, host: string, path: string): RepositoryClass {
  if (user !== undefined && !USER.test(user)) return invalid('the user name must not start with "-" or contain special characters');
  if (!checkHost(host)) return invalid(`the host ${JSON.stringify(host)} is not a valid host name`);
  if (path.length === 0) return invalid('it has no repository path after ":"');
  if (path.startsWith('-')) return invalid('the repository path must not start with "-"');
  return { type: 'remote', url: value };
}

function checkHost(host: string): boolean {
  return host.length > 0 && !host.startsWith('-') && HOST.test(host);
}

function isWindowsDrivePath(value: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(value);
}

function invalid(reason: string): RepositoryClass {
  return { type: 'invalid', reason };
}
