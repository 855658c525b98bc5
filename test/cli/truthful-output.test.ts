import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import { createProgress } from '../../src/report/run/progress.js';
import { runCli } from '../helpers/cli.js';
import { ALL_KINDS, DEMO_IDS, deployHarness, FAST, start, webEnvironments } from '../helpers/deploy.js';
import { revParse } from '../helpers/git-fixture.js';

const h = deployHarness();
const short = (rev: string) => revParse(h.repo, rev).slice(0, 7);

describe('plan and apply reports tell the truth (issue 12, item 6)', () => {
  it('helm values-override drift shows the values commit that differs', async () => {
    await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    expect((await h.cli(['apply', ...FAST, file])).code).toBe(0);
    // Same chart commit (main), new values commit: only the values differ.
    h.manifest('all.yaml', ALL_KINDS.replace('values_override_commit: HEAD~1', 'values_override_commit: HEAD'));
    const result = await h.cli(['plan', file]);
    const row = result.stdout.split('\n').find((l) => l.includes('monitoring'))!;
    expect(row).toContain(`main → ${short('HEAD')} (values HEAD → ${short('HEAD')})`);
    expect(row).toContain(`${short('HEAD')} (values ${short('HEAD~1')})`);
    expect(row).toContain('deploy (the values override commit differs)');
  });

  it('a refused stale plan shows the live value of now, not the one the plan saw', async () => {
    const sim = await start(h);
    expect((await h.cli(['plan', '--out', 'reviewed.json', h.manifest('all.yaml', ALL_KINDS)])).code).toBe(0);
    sim.setLiveVersion('web', '1.5.0');
    const result = await h.cli(['apply', '--plan', 'reviewed.json', ...FAST]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/container +web +1\.10 +1\.5\.0 → 1\.5\.0 /);
    expect(result.stdout).not.toContain('1.4.2');
  });

  it('a failed service shows what runs after, not the version Qovery was asked for', async () => {
    const sim = await start(h);
    sim.outcomes.fail('web', 'BUILD_ERROR');
    const result = await h.cli(['apply', '--format', 'text', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/container +web +1\.10 +1\.4\.2 → 1\.4\.2 +BUILD_ERROR/);
    (await start(h)).outcomes.fail('web', 'BUILD_ERROR');
    const json = await h.cli(['apply', '--format', 'json', ...FAST, h.manifest('all.yaml', ALL_KINDS)]);
    const web = JSON.parse(json.stdout).files[0].services.find((s: { name: string }) => s.name === 'web');
    expect(web).toMatchObject({ current: '1.4.2', desired: '1.10', final_state: 'BUILD_ERROR', result: 'failed', after: '1.4.2' });
  });

  it('a saved-plan apply names the environment in its header', async () => {
    await start(h);
    expect((await h.cli(['plan', '--out', 'reviewed.json', h.manifest('all.yaml', ALL_KINDS)])).code).toBe(0);
    const result = await h.cli(['apply', '--plan', 'reviewed.json', ...FAST]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`all.yaml → environment Acme/shop/production (${DEMO_IDS.environment})`);
  });

  it('says "an application", not "a application"', async () => {
    await start(h);
    const result = await h.cli(['plan', h.manifest('kind.yaml', `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\napplications:\n  - name: web\n    commit: HEAD\n`)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"web" is listed as an application but is a container in Qovery');
  });

  it('plan --parallel prints each file whole, in the order given, whatever finishes first', async () => {
    const { fixture, envId } = webEnvironments(['env1', 'env2'], '20');
    const sim = await start(h, { fixture });
    const manifest = (n: number) => `version: 1\nenvironment:\n  id: ${envId(n)}\ncontainers:\n  - name: web\n    image_tag: "2.0"\n`;
    const files = [h.manifest('first.yaml', manifest(1)), h.manifest('second.yaml', manifest(2))];
    // The first file's live state comes slowly: the second is planned first.
    sim.faults.add({ method: 'GET', path: `/environment/${envId(1)}/statuses`, action: { type: 'delay', ms: 400 } });
    const result = await h.cli(['plan', '--parallel', '2', ...files]);
    expect(result.code).toBe(0);
    expect(result.stdout.indexOf('first.yaml →')).toBeGreaterThanOrEqual(0);
    expect(result.stdout.indexOf('first.yaml →')).toBeLessThan(result.stdout.indexOf('second.yaml →'));
    expect(result.stdout.indexOf('second.yaml →')).toBeGreaterThan(result.stdout.indexOf('Plan: 1 to deploy'));
  });
});

describe('apply asks before deploying, on an interactive terminal only', () => {
  /** A fake terminal on stdin, holding the given lines (or ended with none). */
  function terminal(...lines: string[]) {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    for (const line of lines) input.write(`${line}\n`);
    if (lines.length === 0) input.end();
    return input;
  }
  const run = (argv: string[], options: { stdin?: ReturnType<typeof terminal>; env?: Record<string, string>; tty?: boolean }) =>
    runCli(['apply', ...FAST, ...argv], {
      cwd: h.repo,
      clock: h.clock,
      isTTY: options.tty ?? true,
      ...(options.stdin ? { stdin: options.stdin } : {}),
      env: { QOVERY_API_URL: h.sim.url, QOVERY_API_TOKEN: h.token, ...options.env },
    });
  const QUESTION = 'Deploy 7 services to Acme/shop/production? [y/N] ';

  it('shows the plan and asks; anything but y sends nothing and exits 1', async () => {
    await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    for (const answer of [['n'], [''], ['maybe'], []]) {
      const result = await run([file], { stdin: terminal(...answer) });
      expect(result.code, JSON.stringify(answer)).toBe(1);
      expect(result.stderr).toContain(QUESTION);
      expect(result.stderr).toMatch(/container +web +1\.10 +1\.4\.2 .*deploy \(the version differs\)/);
      expect(result.stderr).toContain('the deployment of all.yaml was not confirmed: nothing was sent [APPLY_NOT_CONFIRMED]');
    }
    expect(h.deployPosts()).toHaveLength(0);
    const yes = await run([file], { stdin: terminal('y') });
    expect(yes.code).toBe(0);
    expect(yes.stderr).toContain(QUESTION);
    expect(h.deployPosts()).toHaveLength(1);
  });

  it('never asks in CI, without a terminal, for a dry run, with --yes or --auto-approve, or when nothing changes', async () => {
    await start(h);
    const file = h.manifest('all.yaml', ALL_KINDS);
    const cases: [string, Parameters<typeof run>][] = [
      ['dry run', [['--dry-run', file], { stdin: terminal() }]],
      ['CI', [[file], { stdin: terminal(), env: { CI: 'true' } }]],
    ];
    for (const [name, args] of cases) {
      const result = await run(...args);
      expect(result.stderr, name).not.toContain('[y/N]');
      expect(result.code, name).toBe(0);
    }
    expect(h.deployPosts()).toHaveLength(1);
    h.manifest('all.yaml', ALL_KINDS.replace('image_tag: 1.10', 'image_tag: "1.11"'));
    for (const [name, args] of [
      ['--yes', [['--yes', file], { stdin: terminal() }]],
      ['--auto-approve', [['--auto-approve', file], { stdin: terminal() }]],
    ] as [string, Parameters<typeof run>][]) {
      const result = await run(...args);
      expect(result.stderr, name).not.toContain('[y/N]');
      expect(result.code, name).toBe(0);
      h.manifest('all.yaml', ALL_KINDS.replace('image_tag: 1.10', `image_tag: "1.1${2 + h.deployPosts().length}"`));
    }
    const piped = await run([file], { stdin: Object.assign(new PassThrough(), { isTTY: false }) });
    expect(piped.stderr).not.toContain('[y/N]');
    expect(piped.code).toBe(0);
    const nothing = await run([file], { stdin: terminal() });
    expect(nothing.stderr).not.toContain('[y/N]');
    expect(nothing.stdout).toContain('Nothing to deploy');
    expect(h.deployPosts()).toHaveLength(4);
  });
});

describe('the live view', () => {
  it('wraps at 80 columns when the terminal reports 0, instead of one character per line', () => {
    let out = '';
    const progress = createProgress({ write: (t: string) => (out += t), isTTY: true, columns: 0 }, pc.createColors(false), { live: true });
    progress.services([{ id: 'a', label: 'container web' }]);
    progress.state({ id: 'a', state: 'BUILDING' });
    progress.done();
    expect(out).toContain('container web');
    expect(out).toContain('BUILDING');
  });
});
