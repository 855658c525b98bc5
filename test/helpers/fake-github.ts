import type { IncomingMessage, ServerResponse } from 'node:http';
import { loopbackServers } from './servers.js';

/** Who wrote a comment, as GitHub's `user` object says it. */
export interface FakeUser {
  login: string;
  type: 'User' | 'Bot';
}

/** A comment the fake GitHub holds (a comment pushed without `user` was written by someone else). */
export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user?: FakeUser;
}

/** The workflow's GITHUB_TOKEN writes as this bot; `GET /user` refuses it (403). */
export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };
/** Someone commenting on the pull request by hand. */
export const SOMEONE: FakeUser = { login: 'someone', type: 'User' };

/** One request the fake GitHub received. */
export interface FakeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface FakeGitHub {
  /** The REST API base URL (what GITHUB_API_URL holds). */
  url: string;
  comments: FakeComment[];
  requests: FakeRequest[];
  /** Answer every POST and PATCH with this status (403: a fork's read-only token). */
  refuseWrites?: number;
  /** Comments per page of the list, whatever per_page asks (to exercise the Link header). */
  pageSize: number;
  /** Who the token is: the Actions bot (an installation token, the default) or a user (a personal token). */
  identity: FakeUser;
}

/**
 * A fake GitHub REST API on a real loopback `node:http` server: the three issue-comment routes
 * `--pr-comment` uses, paginated with a Link header, `GET /user` (refused to a bot's installation
 * token, as GitHub does), comments with their authors, and a token check. Call at the top level of a
 * test file (the servers close after each test).
 */
export function fakeGitHubServers(token: string): () => Promise<FakeGitHub> {
  const servers = loopbackServers();
  return async () => {
    const gh = { comments: [], requests: [], pageSize: 100, identity: ACTIONS_BOT } as unknown as FakeGitHub;
    const { url } = await servers.listen((req, res) => void handle(gh, token, req, res));
    gh.url = url;
    return gh;
  };
}

async function handle(gh: FakeGitHub, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += chunk;
  const url = new URL(req.url ?? '/', gh.url);
  gh.requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, body });
  const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };
  if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Bad credentials' });
  const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
  const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
  if (url.pathname === '/user' && req.method === 'GET') {
    if (gh.identity.type === 'Bot') return send(403, { message: 'Resource not accessible by integration' });
    return send(200, gh.identity);
  }
  if ((req.method === 'POST' || req.method === 'PATCH') && gh.refuseWrites) return send(gh.refuseWrites, { message: 'Resource not accessible by integration' });
  if (list && req.method === 'GET') {
    const all = gh.comments.filter((c) => c.issue === Number(list[1]));
    const page = Number(url.searchParams.get('page') ?? '1');
    const items = all.slice((page - 1) * gh.pageSize, page * gh.pageSize).map((c) => ({ ...c, user: c.user ?? SOMEONE }));
    const next: Record<string, string> = page * gh.pageSize < all.length ? { link: `<${gh.url}${url.pathname}?per_page=${gh.pageSize}&page=${page + 1}>; rel="next"` } : {};
    return send(200, items, next);
  }
  if (list && req.method === 'POST') {
    const comment = { id: 1000 + gh.comments.length, issue: Number(list[1]), body: (JSON.parse(body) as { body: string }).body, user: gh.identity };
    gh.comments.push(comment);
    return send(201, comment);
  }
  if (one && req.method === 'PATCH') {
    const comment = gh.comments.find((c) => c.id === Number(one[1]));
    if (!comment) return send(404, { message: 'Not Found' });
    // A repository's writers may edit anyone's comment: the author check is the client's to make.
    comment.body = (JSON.parse(body) as { body: string }).body;
    return send(200, comment);
  }
  send(404, { message: 'Not Found' });
}
