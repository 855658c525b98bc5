import { readFile } from 'node:fs/promises';
import { isLoopbackHost } from '../net/loopback.js';

/**
 * Which pull request a run comments on, read from what the GitHub runner (or another CI that
 * mimics it) sets: the event payload, the repository and the REST API's base URL.
 */
export interface PullRequestTarget {
  /** The REST API base, without a trailing slash (`https://api.github.com`, or GHES's `https://host/api/v3`). */
  apiUrl: string;
  owner: string;
  repo: string;
  number: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The pull request of this run, or why there is none (not a pull_request event, an unusable setting). */
export async function pullRequestTarget(env: Env): Promise<PullRequestTarget | { problem: string }> {
  const api = apiBase(env.GITHUB_API_URL?.trim() || 'https://api.github.com');
  if ('problem' in api) return api;
  const repository = /^([\w.-]+)\/([\w.-]+)$/.exec(env.GITHUB_REPOSITORY?.trim() ?? '');
  if (!repository) return { problem: 'GITHUB_REPOSITORY does not name a repository (owner/name)' };
  const number = await pullRequestNumber(env.GITHUB_EVENT_PATH);
  if (typeof number !== 'number') return number;
  return { apiUrl: api.url, owner: repository[1]!, repo: repository[2]!, number };
}

/** The number of the pull request in the event payload (`pull_request` and `pull_request_target` events). */
async function pullRequestNumber(path: string | undefined): Promise<number | { problem: string }> {
  if (!path) return { problem: 'GITHUB_EVENT_PATH is not set: this does not look like a GitHub Actions run' };
  let event: unknown;
  try {
    event = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return { problem: 'the event payload in GITHUB_EVENT_PATH cannot be read' };
  }
  const number = (event as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number > 0) return number;
  return { problem: 'this run was not started by a pull request (the event has no pull_request number)' };
}

/** GITHUB_API_URL checked like the Qovery API URL: https, or http only on loopback (the token must not travel in clear). */
function apiBase(text: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'GITHUB_API_URL is not a URL' };
  }
  if (url.username || url.password || url.search || url.hash) return { problem: 'GITHUB_API_URL must not hold credentials, a query or a fragment' };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { problem: 'GITHUB_API_URL must use https:// (plain http:// only on loopback)' };
  }
  return { url: url.href.replace(/\/+$/, '') };
}
