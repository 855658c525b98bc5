import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitSummary, workflowCommand } from '../../src/report/github.js';
import { escapeData, escapeProperty, tableCell, withoutMentions } from '../../src/text/escape.js';
import { runSummary } from '../../src/report/run/github.js';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, start } from '../helpers/deploy.js';
import { canaryToken } from '../helpers/secrets.js';

const h = deployHarness();

function githubFiles() {
  const summary = join(h.repo, `summary-${Math.random().toString(36).slice(2)}.md`);
  const output = join(h.repo, `output-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(summary, '');
  writeFileSync(output, '');
  return { summary, output, env: { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, GITHUB_WORKSPACE: h.repo } };
}

describe('workflow-command escaping, as actions/toolkit does it (checklist item 22)', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
    expect(workflowCommand('error', { file: 'dir,x/a:b.yaml', line: 3, col: 7, title: 'T' }, 'bad\n::error::injected')).toBe(
      '::error file=dir%2Cx/a%3Ab.yaml,line=3,col=7,title=T::bad%0A::error::injected\n',
    );
  });

  it('keeps tables intact whatever a cell holds', () => {
    expect(tableCell('a|b\n<script>')).toBe('a\\|b<br>&lt;script&gt;');
  });
});

describe('a pull-request comment pings no one (withoutMentions)', () => {
  it('breaks @user, @org/team and #123 or owner/repo#123 with a zero-width space, and leaves links and other text alone', () => {
    expect(withoutMentions('ping @alice and @acme/admins about #12 and acme/shop#3')).toBe('ping @\u200Balice and @\u200Bacme/admins about #\u200B12 and acme/shop#\u200B3');
    expect(withoutMentions('see https://console.qovery.com/x#1?a=@b, then @c')).toBe('see https://console.qovery.com/x#1?a=@b, then @\u200Bc');
    expect(withoutMentions('## heading, a # b, @ alone, C# and x@')).toBe('## heading, a # b, @ alone, C# and x@');
    // What it returns reads the same once the zero-width spaces are taken out.
    const text = 'branch @feature/x #9 <https://e.example/#9>';
    expect(withoutMentions(text).replaceAll('\u200B', '')).toBe(text);
  });
});

describe('plan and apply with --format github', () => {
  it('plan: a summary table per service, the outputs, and the token masked', async () => {
    await start(h);
    const gh = githubFiles();
    const result = await h.cli(['plan', '--format', 'github', '--detailed-exitcode', h.manifest('all.yaml', ALL_KINDS)], gh.env);
    expect(result.code).toBe(2);
    const masks = result.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    expect(masks).toContain(`::add-mask::${h.token}`);
    expect(masks).toContain(`::add-mask::${Buffer.from(h.token).toString('base64')}`);
    const md = readFileSync(gh.summary, 'utf8');
    expect(md).toContain('## qovery-deploy plan');
    expect(md).toContain('### `all.yaml` — 🚀 changes pending');
    expect(md).toMatch(/\| container `web` \| `1\.10` \| `1\.4\.2` → `1\.10` \| 🚀 deploy \| the version differs \|/);
    expect(md).toMatch(/\| database `postgres` \| `\(as configured\)` \| — \| ✅ unchanged \|/);
    expect(readFileSync(gh.output, 'utf8')).toBe('exitcode=2\nchanges=true\ndeployment-request-ids=\n');
  });

  it('apply: per-service rows with before → after, final state, duration and request id; outputs name the request', async () => {
    const sim = await start(h);
    const gh = githubFiles();
    const result = await h.cli(['apply', '--format', 'github', ...FAST, h.manifest('all.yaml', ALL_KINDS)], gh.env);
    expect(result.code).toBe(0);
    const id = sim.state.requests[0]!.id;
    const md = readFileSync(gh.summary, 'utf8');
    expect(md).toContain('### `all.yaml` — ✅ deployed');
    expect(md).toMatch(new RegExp(`\\| container \`web\` \\| \`1\\.10\` \\| \`1\\.4\\.2\` → \`1\\.10\` \\| 🚀 deploy \\| DEPLOYED \\| \\d+\\.\\d s \\| \`${id}\` \\|`));
    expect(readFileSync(gh.output, 'utf8')).toBe(`exitcode=0\nchanges=true\ndeployment-request-ids=${id}\n`);
  });

  it('annotates errors on the manifest lines, at most 10, with the rest in the summary', async () => {
    const sim = await start(h);
    let services = '';
    for (let i = 0; i < 12; i++) services += `  - name: "ghost,${i}:x%"\n    image_tag: "1"\n`;
    const file = h.manifest('ghosts.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\ncontainers:\n${services}`);
    const gh = githubFiles();
    const result = await h.cli(['apply', '--format', 'github', ...FAST, file], gh.env);
    expect(result.code).toBe(1);
    const annotations = result.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(annotations).toHaveLength(10);
    expect(annotations[0]).toBe(
      '::error file=ghosts.yaml,line=5,endLine=5,col=11,endColumn=23,title=qovery-deploy SERVICE_NOT_FOUND::the environment has no container named "ghost,0:x%25"%0Ahint: its containers are: web',
    );
    expect(result.stdout).toContain('2 more problems are listed above and in the job summary');
    expect(readFileSync(gh.summary, 'utf8').match(/^- `ghosts\.yaml:\d+:11` the environment has no container/gm)).toHaveLength(12);
    expect(readFileSync(gh.output, 'utf8')).toContain('exitcode=1\nchanges=false\n');
    expect(sim.requestsTo('POST', '*')).toHaveLength(0);
  });

  it('a failed deployment, which no diagnostic describes, still gets an ::error naming the service (issue 12, item 5; issue 11: one per failed service, with Qovery’s message)', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR');
    const gh = githubFiles();
    const result = await h.cli(['apply', '--format', 'github', ...FAST, h.manifest('all.yaml', ALL_KINDS)], gh.env);
    expect(result.code).toBe(3);
    const id = sim.state.requests[0]!.id;
    expect(result.stdout).toContain('::error title=container web failed::web ended in BUILD_ERROR\n');
    expect(readFileSync(gh.output, 'utf8')).toBe(`exitcode=3\nchanges=true\ndeployment-request-ids=${id}\n`);
  });

  it('keeps the summary under 1 MiB by dropping detail first', () => {
    const entries = Array.from({ length: 4000 }, (_, i) => ({
      kind: 'container' as const,
      id: `id-${i}`,
      name: `service-with-a-long-name-${i}`.padEnd(120, 'x'),
      pointer: `/containers/${i}`,
      desired: { version: '1.0' },
      live: { version: '1.0', state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE' },
      action: i === 0 ? ('deploy' as const) : ('unchanged' as const),
      reason: 'already deployed at this version',
    }));
    const planned = { file: 'big.yaml', source: '', diagnostics: [], plan: { version: 1 as const, file: 'big.yaml', environmentId: 'env', createdAt: '', entries, requests: [] } };
    const md = runSummary('plan', [planned], 64 * 1024);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(64 * 1024);
    expect(md).toContain('service-with-a-long-name-0');
    expect(md).toContain('3999 rows left out to fit GitHub’s summary limit');
    expect(Buffer.byteLength(fitSummary('x\n'.repeat(100_000), 1000))).toBeLessThanOrEqual(1000);
  });

  it('never lets a secret reach the summary or the outputs', async () => {
    const token = canaryToken();
    const sim = await start(h, { token });
    const gh = githubFiles();
    await h.cli(['apply', '--format', 'github', ...FAST, h.manifest('all.yaml', ALL_KINDS)], { ...gh.env, QOVERY_API_TOKEN: token });
    expect(readFileSync(gh.summary, 'utf8')).not.toContain(token);
    expect(readFileSync(gh.output, 'utf8')).not.toContain(token);
    void sim;
  });
});
