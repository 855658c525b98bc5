import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_FIXTURE, type SimFixture } from '../../src/simulator/index.js';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, start } from '../helpers/deploy.js';
import { runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

const h = deployHarness();

/** Fresh GitHub step files in the repository, and the variables that point at them. */
function githubFiles() {
  const id = Math.random().toString(36).slice(2);
  const summary = join(h.repo, `summary-${id}.md`);
  const output = join(h.repo, `output-${id}.txt`);
  writeFileSync(summary, '');
  writeFileSync(output, '');
  return { summary, output, env: { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, GITHUB_WORKSPACE: h.repo }, read: () => [readFileSync(summary, 'utf8'), readFileSync(output, 'utf8')] };
}

/**
 * Fails when any 8 consecutive characters of `part` appear in a text. 8 characters of a random
 * token cannot turn up by chance (16^8 to one for hex), while they already cut the search space of
 * a brute force by that much; shorter runs (`qvtok`, `ab`) do occur in ordinary text.
 */
function expectNoPiece(part: string, texts: string[]): void {
  for (let i = 0; i + 8 <= part.length; i++) {
    const piece = part.slice(i, i + 8);
    for (const text of texts) expect(text.includes(piece), `"${piece}" (from the token) appears in the output`).toBe(false);
  }
}

const ANY_GET = { method: 'GET', path: '*' } as const;

describe('the token never leaks (issue 10 item 5)', () => {
  for (const format of ['text', 'json', 'github']) {
    it(`a pasted token ending in a newline is sent trimmed and hidden in --format ${format}, the summary and the outputs`, async () => {
      const sim = await start(h);
      const pasted = `${h.token}\n`;
      // It works: the client sends it trimmed (the simulator knows it without the newline).
      expect((await h.cli(['plan', h.manifest('all.yaml', ALL_KINDS)], { QOVERY_API_TOKEN: pasted })).code).toBe(0);
      // The API echoes it back in an error, and (for apply) as a deployment request id.
      sim.faults.add({ ...ANY_GET, action: { type: 'status', status: 400, body: { message: `bad token ${h.token}` } } });
      const gh = githubFiles();
      const planned = await h.cli(['plan', '--format', format, h.manifest('all.yaml', ALL_KINDS)], { ...gh.env, QOVERY_API_TOKEN: pasted });
      expect(planned.code).toBe(5);
      sim.faults.add({ method: 'POST', path: '/environment/:id/service/deploy', action: { type: 'status', status: 202, process: true, body: { id: `req-${h.token}`, status: 'QUEUED' } } });
      const applied = await h.cli(['apply', '--format', format, ...FAST, '--timeout', '3s', 'all.yaml'], { ...gh.env, QOVERY_API_TOKEN: pasted });
      const texts = [planned.stdout, planned.stderr, applied.stdout, applied.stderr, ...gh.read()].map((t) => t.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'));
      expect(texts.join('\n')).toContain('***');
      expectNoSecret(h.token, ...texts);
    });
  }

  it('redacts a server message before cutting it at 300 characters: no piece of a token across the cut', async () => {
    const sim = await start(h);
    const token = h.token;
    for (const kept of [8, 12, 20, token.length - 1]) {
      sim.faults.clear();
      // After the cut, `kept` characters of the token would remain.
      sim.faults.add({ ...ANY_GET, action: { type: 'status', status: 403, body: { message: `${'x'.repeat(300 - kept)}${token} and the rest` } } });
      const text = await h.cli(['plan', h.manifest('all.yaml', ALL_KINDS)]);
      expect(text.code).toBe(5);
      expect(text.stderr).toContain('(403)');
      sim.faults.clear();
      sim.faults.add({ ...ANY_GET, action: { type: 'status', status: 403, body: { message: `${'x'.repeat(300 - kept)}${token} and the rest` } } });
      const json = await h.cli(['plan', '--format', 'json', 'all.yaml']);
      expectNoPiece(token, [text.stdout, text.stderr, json.stdout, json.stderr]);
    }
  });

  it('hides a token full of regex, Markdown, JSON and workflow-command characters in every format', async () => {
    const random = h.token.slice(-24);
    const token = `qv|tok*"\\%:,<&>_\`#[x](y)~${random}`;
    const sim = await start(h, { token });
    const echo = () => sim.faults.add({ ...ANY_GET, action: { type: 'status', status: 400, body: { message: `bad token ${token} (${JSON.stringify(token)})` } } });
    const gh = githubFiles();
    const texts: string[] = [];
    for (const format of ['text', 'json', 'github']) {
      echo();
      const result = await h.cli(['plan', '--format', format, h.manifest('all.yaml', ALL_KINDS)], { ...gh.env, QOVERY_API_TOKEN: token });
      expect(result.code).toBe(5);
      texts.push(result.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'), result.stderr);
      if (format === 'github') {
        // The runner unescapes %25, %0D and %0A in a command's data: each form is written escaped, so it registers exactly.
        const masks = result.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
        expect(masks).toContain(`::add-mask::${token.replace(/%/g, '%25')}`);
        for (const mask of masks) expect(mask).not.toMatch(/%(?!25|0D|0A)/);
      }
    }
    texts.push(...gh.read());
    expect(texts.join('\n')).toContain('***');
    // Every escape leaves the random part as it is: none of it may show, in any encoding.
    expectNoPiece(random, texts);
    expectNoSecret(token, ...texts);
  });

  it('hides a token cut short where a message quotes a server name at 80 characters', async () => {
    await start(h, { fixture: echoingFixture('web', `${'x'.repeat(60)}${h.token}`) });
    const manifest = ALL_KINDS.replace('  - name: web\n', `  - id: ${DEMO_IDS.web}\n    name: web\n`);
    for (const format of ['text', 'json']) {
      const result = await h.cli(['plan', '--format', format, h.manifest('all.yaml', manifest)]);
      expect(result.stdout + result.stderr).toContain('SERVICE_NAME_MISMATCH');
      expectNoPiece(h.token, [result.stdout, result.stderr]);
    }
  });

  it('redacts the live progress view before it is wrapped at the terminal width', async () => {
    // A name long enough that the 80-column terminal wraps it in the middle of the token.
    await start(h, { fixture: echoingFixture('web', `web-${'x'.repeat(50)}-${h.token}`) });
    const manifest = ALL_KINDS.replace('  - name: web\n', `  - id: ${DEMO_IDS.web}\n`);
    const result = await runCli(['apply', ...FAST, h.manifest('all.yaml', manifest)], { cwd: h.repo, isTTY: true, clock: h.clock, env: { QOVERY_API_URL: h.sim.url, QOVERY_API_TOKEN: h.token } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('***');
    expectNoPiece(h.token, [result.stdout, result.stderr]);
  });

  it('refuses a token shorter than 16 characters as malformed, without printing it or opening a socket', async () => {
    const sim = await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    for (const token of ['short_token_123', 'qvtok with space_0123', 'qvtok_\u0001_control_chars']) {
      const result = await runCli(['plan', file], { cwd: h.repo, env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: token } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('[API_TOKEN_MALFORMED]');
      expect(result.stderr).toMatch(/hint: /);
      expect(result.stderr + result.stdout).not.toContain(token.slice(0, 8));
    }
    expect(sim.requests).toHaveLength(0);
    // 16 characters is enough.
    const sixteen = await start(h, { token: 'qvtok_0123456789' });
    const ok = await runCli(['plan', file], { cwd: h.repo, env: { QOVERY_API_URL: sixteen.url, QOVERY_API_TOKEN: 'qvtok_0123456789' } });
    expect(ok.code).toBe(0);
  });
});

/** The demo environment with the token planted in the service `name` (and, when asked, its live version). */
function echoingFixture(service: string, name: string, version?: string): SimFixture {
  const copy = structuredClone(DEMO_FIXTURE) as SimFixture;
  const found = copy.organizations[0]!.projects[0]!.environments[0]!.services.find((s) => s.name === service)!;
  found.name = name;
  if (version !== undefined) found.version = version;
  return copy;
}

describe('files written by plan --out and init --out hold no token (issue 10 item 5)', () => {
  it('redacts server text in a saved plan, and apply --plan still verifies and applies it', async () => {
    // The API puts the token in a service's name and in its live version (part of the fingerprint).
    await start(h, { fixture: echoingFixture('web', `web-${h.token}`, `1.4.2-${h.token}`) });
    const manifest = ALL_KINDS.replace('  - name: web\n', `  - id: ${DEMO_IDS.web}\n`);
    const planned = await h.cli(['plan', '--out', 'reviewed.json', h.manifest('all.yaml', manifest)]);
    expect(planned.code, planned.stderr).toBe(0);
    const saved = readFileSync(join(h.repo, 'reviewed.json'), 'utf8');
    expect(saved).toContain('***');
    expectNoSecret(h.token, saved);
    const applied = await h.cli(['apply', '--plan', 'reviewed.json', ...FAST]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.deployPosts()).toHaveLength(1);
  });

  it('redacts server text in the manifest init writes', async () => {
    await start(h, { fixture: echoingFixture('api', `api "${h.token}"`) });
    const result = await h.cli(['init', '--environment', DEMO_IDS.environment, '--out', 'init.yaml', '--force']);
    expect(result.code, result.stderr).toBe(0);
    const written = readFileSync(join(h.repo, 'init.yaml'), 'utf8');
    expect(written).toContain('***');
    expectNoSecret(h.token, written);
  });
});
