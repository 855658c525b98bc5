/**
 * Issue 13, item 2: `--pr-comment` posts one sticky comment per environment on the pull request,
 * against a fake GitHub REST API on loopback (a real node:http server) and the simulator.
 */
import { describe, expect, it } from 'vitest';
import { GITHUB_TOKEN_VARIABLE } from '../../src/secrets/tokens.js';
import { commentMarker, prCommentBody } from '../../src/report/run/pr-comment.js';
import { deployHarness, FAST, start, webEnvironments } from '../helpers/deploy.js';
import { ACTIONS_BOT, fakeGitHubServers, SOMEONE } from '../helpers/fake-github.js';
import { loopbackServers } from '../helpers/servers.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';
import { tempDir } from '../helpers/temp.js';

const h = deployHarness();
const githubToken = `ghs_${canaryToken()}`;
const startGitHub = fakeGitHubServers(githubToken);
const others = loopbackServers();
const { fixture, envId } = webEnvironments(['staging', 'production'], '30');
const { write } = tempDir('qd-pr-');
const manifest = (n: number, tag: string) => `version: 1\nenvironment:\n  id: ${envId(n)}\ncontainers:\n  - name: web\n    image_tag: "${tag}"\n`;

/** What a runner sets on a pull_request event. */
function prEnv(apiUrl: string, event: unknown = { action: 'synchronize', number: 7, pull_request: { number: 7 } }): Record<string, string> {
  return { GITHUB_API_URL: apiUrl, GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_PATH: write(`event-${Math.random()}.json`, JSON.stringify(event)), [GITHUB_TOKEN_VARIABLE]: githubToken };
}

describe('the sticky pull-request comment (--pr-comment)', () => {
  it('plan posts one comment per environment, then updates each in place (the list read page by page)', async () => {
    await start(h, { fixture });
    const gh = await startGitHub();
    gh.pageSize = 2;
    // Other people's comments come first: ours is found on the third page.
    for (let i = 0; i < 5; i++) gh.comments.push({ id: i + 1, issue: 7, body: `lgtm ${i}` });
    const files = [h.manifest('staging.yaml', manifest(1, '2.0.0')), h.manifest('production.yaml', manifest(2, '1.0.0'))];
    const first = await h.cli(['plan', '--detailed-exitcode', '--pr-comment', ...FAST.slice(2, 6), ...files], prEnv(gh.url));
    expect(first.code, first.stderr).toBe(2);
    const ours = gh.comments.filter((c) => c.body.startsWith('<!-- qovery-deploy:'));
    expect(ours.map((c) => c.body.split('\n')[0])).toEqual([commentMarker(envId(1)), commentMarker(envId(2))]);
    expect(ours[0]!.body).toContain('| Service | Wanted | Live → wanted | Action | Why |');
    expect(ours[0]!.body).toMatch(/container `web` \| `2\.0\.0` \| `1\.0\.0` → `2\.0\.0` \| 🚀 deploy/);
    expect(ours[0]!.body).toContain('**Exit 2**: changes pending');
    expect(ours[1]!.body).toContain('**Exit 0**');
    expect(gh.requests.every((r) => r.authorization === `Bearer ${githubToken}`)).toBe(true);

    h.manifest('staging.yaml', manifest(1, '3.0.0'));
    const second = await h.cli(['plan', '--pr-comment', ...FAST.slice(2, 6), ...files], prEnv(gh.url));
    expect(second.code).toBe(0);
    expect(gh.comments).toHaveLength(7);
    expect(gh.comments.find((c) => c.id === ours[0]!.id)!.body).toContain('`3.0.0`');
    expect(gh.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual(ours.map((c) => `/repos/acme/shop/issues/comments/${c.id}`));
    expect(gh.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toContain('/repos/acme/shop/issues/7/comments?per_page=2&page=3');
    expect(second.stderr).toContain(`Updated the comment on pull request #7 for environment ${envId(1)}.`);
  });

  it('a refused comment (403, a fork) is a warning: the plan keeps its exit code', async () => {
    await start(h, { fixture });
    const gh = await startGitHub();
    gh.refuseWrites = 403;
    const file = h.manifest('staging.yaml', manifest(1, '2.0.0'));
    const r = await h.cli(['plan', '--detailed-exitcode', '--format', 'github', '--pr-comment', ...FAST.slice(2, 6), file], prEnv(gh.url));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('::warning title=qovery-deploy PR_COMMENT_REFUSED::GitHub refused the comment on pull request #7');
    expect(r.stdout).not.toContain('::error');
    expect(gh.comments).toHaveLength(0);
  });

  it('apply posts the outcome table', async () => {
    await start(h, { fixture });
    const gh = await startGitHub();
    const file = h.manifest('staging.yaml', manifest(1, '4.0.0'));
    const r = await h.cli(['apply', '--pr-comment', ...FAST, file], prEnv(gh.url));
    expect(r.code, r.stderr).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toContain('## qovery-deploy apply');
    expect(gh.comments[0]!.body).toContain('| Service | Ref → SHA | Before → after | Action | Final state | Duration | Request |');
    expect(gh.comments[0]!.body).toContain('✅ deployed');
  });

  it('outside a pull request, without a token or with a clear-text URL: a warning and no request', async () => {
    await start(h, { fixture });
    const gh = await startGitHub();
    const file = h.manifest('staging.yaml', manifest(1, '1.0.0'));
    const push = await h.cli(['plan', '--pr-comment', file], prEnv(gh.url, { ref: 'refs/heads/main' }));
    expect(push.code).toBe(0);
    expect(push.stderr).toContain('warning: no pull-request comment: this run was not started by a pull request');
    const noToken = await h.cli(['plan', '--pr-comment', file], { ...prEnv(gh.url), [GITHUB_TOKEN_VARIABLE]: '' });
    expect(noToken.stderr).toContain('no pull-request comment: GITHUB_TOKEN is not set');
    const clear = await h.cli(['plan', '--pr-comment', file], prEnv('http://github.example.com/api/v3'));
    expect(clear.stderr).toContain('GITHUB_API_URL must use https://');
    expect(gh.requests).toHaveLength(0);
  });

  it('follows a next page only under the API base: the token never goes to another host', async () => {
    await start(h, { fixture });
    const elsewhere: string[] = [];
    const other = await others.listen((req, res) => {
      elsewhere.push(String(req.headers.authorization));
      res.end('[]');
    });
    const { url } = await others.listen((req, res) => {
      if (req.url === '/user') {
        res.writeHead(403);
        return res.end('{"message":"Resource not accessible by integration"}');
      }
      if (req.method === 'GET') {
        res.writeHead(200, { link: `<${other.url}/repos/acme/shop/issues/7/comments?page=2>; rel="next"` });
        return res.end('[]');
      }
      res.writeHead(201);
      res.end('{"id":1}');
    });
    const r = await h.cli(['plan', '--pr-comment', h.manifest('staging.yaml', manifest(1, '1.0.0'))], prEnv(url));
    expect(r.stderr).toContain('Commented on pull request #7');
    expect(elsewhere).toEqual([]);
  });

  it('a comment body is hostile-data-safe: tokens redacted, table cells escaped, the marker unforgeable', async () => {
    const qoveryToken = h.token;
    await start(h, { fixture });
    const gh = await startGitHub();
    // A file name carrying both tokens and Markdown/HTML: it shows in the comment's heading.
    const name = h.manifest(`x|<img src=x>${githubToken}.yaml`, manifest(1, '5.0.0'));
    const r = await h.cli(['plan', '--pr-comment', ...FAST.slice(2, 6), name], { ...prEnv(gh.url), QOVERY_CLI_ACCESS_TOKEN: qoveryToken });
    expect(r.code, r.stderr).toBe(0);
    const body = gh.comments[0]!.body;
    expectNoSecret(githubToken, body);
    expectNoSecret(qoveryToken, body);
    expect(body).toContain('x\\|&lt;img src=x&gt;***.yaml');
    expect(body).not.toContain('<img');
    expect(commentMarker('a --> <b>')).toBe('<!-- qovery-deploy:a-b -->');
    expect(prCommentBody('plan', { file: 'f', source: '', diagnostics: [] }, 'e', 1)).toContain('**Exit 1**: invalid manifest');
  });

  it("someone else's comment that starts with our marker is never taken for ours: it is not updated, and ours is written", async () => {
    await start(h, { fixture });
    const gh = await startGitHub();
    // Anyone may comment on a public pull request: a fake "nothing to deploy" under our marker.
    const spoof = { id: 1, issue: 7, body: `${commentMarker(envId(1))}\n## qovery-deploy plan\nNothing to deploy.`, user: SOMEONE };
    gh.comments.push(spoof);
    const file = h.manifest('staging.yaml', manifest(1, '6.0.0'));
    const first = await h.cli(['plan', '--pr-comment', ...FAST.slice(2, 6), file], prEnv(gh.url));
    expect(first.stderr).toContain('Commented on pull request #7');
    const second = await h.cli(['plan', '--pr-comment', ...FAST.slice(2, 6), file], prEnv(gh.url));
    expect(second.stderr).toContain('Updated the comment on pull request #7');
    expect(gh.comments).toHaveLength(2);
    expect(gh.comments[0]).toEqual({ id: 1, issue: 7, body: spoof.body, user: SOMEONE });
    expect(gh.comments[1]!.user).toEqual(ACTIONS_BOT);
    expect(gh.comments[1]!.body).toContain('`6.0.0`');
    expect(gh.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/repos/acme/shop/issues/comments/${gh.comments[1]!.id}`]);
  });

  it("with a personal token, ours are that user's comments: a bot's under our marker is not", async () => {
    await start(h, { fixture });
    const gh = await startGitHub();
    gh.identity = { login: 'deployer', type: 'User' };
    gh.comments.push({ id: 1, issue: 7, body: `${commentMarker(envId(1))}\nby a bot`, user: ACTIONS_BOT });
    gh.comments.push({ id: 2, issue: 7, body: `${commentMarker(envId(1))}\nby someone`, user: SOMEONE });
    gh.comments.push({ id: 3, issue: 7, body: `${commentMarker(envId(1))}\nours, from an earlier run`, user: gh.identity });
    const r = await h.cli(['plan', '--pr-comment', ...FAST.slice(2, 6), h.manifest('staging.yaml', manifest(1, '7.0.0'))], prEnv(gh.url));
    expect(r.stderr).toContain('Updated the comment on pull request #7');
    expect(gh.comments.map((c) => c.body.split('\n')[1])).toEqual(['by a bot', 'by someone', '## qovery-deploy plan · environment `' + envId(1) + '`']);
  });

  it('a comment pings no one: @mentions and #references from the manifest (a file name here) are broken by a zero-width space', async () => {
    await start(h, { fixture });
    const gh = await startGitHub();
    const r = await h.cli(['plan', '--pr-comment', ...FAST.slice(2, 6), h.manifest('@acme-admins #12 acme@x.yaml', manifest(1, '8.0.0'))], prEnv(gh.url));
    expect(r.stderr).toContain('Commented on pull request #7');
    const body = gh.comments[0]!.body;
    expect(body).toContain('@\u200Bacme-admins #\u200B12 acme@\u200Bx.yaml');
    expect(body).not.toMatch(/@[\w-]|#\d/);
    expect(body.split('\n')[0]).toBe(commentMarker(envId(1)));
  });
});
