import { VERSION } from '../version.js';
import type { PullRequestTarget } from './pull-request.js';

/**
 * The sticky pull-request comment, over GitHub's REST API with the platform's fetch: find the
 * comment that starts with our marker and was written by the token's own identity (every page of
 * the list), update it, or create it. Anyone may comment on a public pull request, so the marker
 * alone proves nothing: a comment of someone else's that starts with it must not become the one
 * reviewers read as ours, nor stop ours from being written.
 */

/** GitHub answered with an error (status set) or could not be reached (status undefined). */
export class GitHubError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

/** Pages of comments read at most (100 each): a pull request with more is not worth the wait. */
const MAX_PAGES = 50;
const TIMEOUT_MS = 30_000;

interface Comment {
  id: number;
  body?: unknown;
  user?: { login?: unknown; type?: unknown } | null;
}

/**
 * Whose comments are ours: the token's user (a personal token, which `GET /user` names), or, for
 * an app's installation token such as the workflow's GITHUB_TOKEN (which `GET /user` refuses with
 * 403), a bot: comments written through an app. No one commenting by hand writes as a bot.
 */
export type Author = { login: string } | 'bot';

/**
 * Updates our comment (written by `author`, from `tokenAuthor`) whose body starts with `marker`,
 * or creates one; `body` must start with the marker.
 */
export async function upsertComment(target: PullRequestTarget, token: string, author: Author, marker: string, body: string): Promise<{ action: 'created' | 'updated'; id: number }> {
  const base = `${target.apiUrl}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}`;
  const existing = await findComment(`${base}/issues/${target.number}/comments?per_page=100`, target.apiUrl, token, marker, author);
  if (existing) {
    const updated = (await call('PATCH', `${base}/issues/comments/${existing.id}`, token, { body })) as Comment;
    return { action: 'updated', id: updated.id };
  }
  const created = (await call('POST', `${base}/issues/${target.number}/comments`, token, { body })) as Comment;
  return { action: 'created', id: created.id };
}

/** The author our comments have, from `GET /user`: a 403 or 404 there means an installation token. */
export async function tokenAuthor(apiUrl: string, token: string): Promise<Author> {
  try {
    const { json } = await send('GET', `${apiUrl}/user`, token);
    const login = (json as { login?: unknown } | null)?.login;
    if (typeof login !== 'string' || login === '') throw new GitHubError(200, 'the token\'s user has no login');
    return { login };
  } catch (error) {
    if (error instanceof GitHubError && (error.status === 403 || error.status === 404)) return 'bot';
    throw error;
  }
}

/** True when `comment` is one of ours: it starts with the marker and its author is the token's. */
function isOurComment(comment: Comment, marker: string, author: Author): boolean {
  if (typeof comment?.id !== 'number' || typeof comment.body !== 'string' || !comment.body.startsWith(marker)) return false;
  const user = comment.user;
  return author === 'bot' ? user?.type === 'Bot' : user?.login === author.login;
}

/** Walks the list page by page (the Link header's `next`), following only links to the same API. */
async function findComment(first: string, apiUrl: string, token: string, marker: string, author: Author): Promise<Comment | undefined> {
  let url: string | undefined = first;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const { json, link } = await send('GET', url, token);
    if (!Array.isArray(json)) throw new GitHubError(200, 'the list of comments is not a list');
    const found = (json as Comment[]).find((c) => isOurComment(c, marker, author));
    if (found) return found;
    url = nextPage(link, apiUrl);
  }
  return undefined;
}

/** The `rel="next"` URL of a Link header, if it stays under the API base (the token goes with it). */
export function nextPage(link: string | null, apiUrl: string): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]*)>\s*;.*\brel="?next"?/.exec(part);
    if (match && match[1]!.startsWith(`${apiUrl}/`)) return match[1];
  }
  return undefined;
}

async function call(method: string, url: string, token: string, body: unknown): Promise<unknown> {
  return (await send(method, url, token, body)).json;
}

/** One request: the token in the header only, no redirect followed, a deadline, an error for any non-2xx. */
async function send(method: string, url: string, token: string, body?: unknown): Promise<{ json: unknown; link: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'user-agent': `qovery-deploy/${VERSION}`,
        'x-github-api-version': '2022-11-28',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new GitHubError(undefined, (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message);
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status > 299) throw new GitHubError(response.status, `HTTP ${response.status}${messageOf(text)}`);
  try {
    return { json: JSON.parse(text), link: response.headers.get('link') };
  } catch {
    throw new GitHubError(response.status, 'the answer is not JSON');
  }
}

/** GitHub's `message`, short and on one line, when the body has one. */
function messageOf(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? `: ${message.replace(/\s+/g, ' ').slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
