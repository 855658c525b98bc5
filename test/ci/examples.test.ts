/**
 * examples/ci/: every workflow parses, and every qovery-deploy command and flag it uses exists,
 * checked against the CLI's own `--help` of that command (the action's inputs likewise).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionPlan, inputVariable, type InputName } from '../../src/action/inputs.js';
import { ROOT, runCli } from '../helpers/cli.js';

const DIR = join(ROOT, 'examples/ci');
type Json = Record<string, unknown>;
const load = (name: string) => parse(readFileSync(join(DIR, name), 'utf8')) as Json;
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Json };

/** One use of the CLI: the command and the flags given to it. */
interface Use {
  where: string;
  command: string;
  flags: string[];
}

/** Every `qovery-deploy <command> …` in a script, with its `--flags` (values and files dropped). */
function usesInScript(script: string, where: string): Use[] {
  const uses: Use[] = [];
  for (const match of script.matchAll(/qovery-deploy(?:@\S+)?[ \t]+([a-z]+(?: up| down)?)([^\n]*)/g)) {
    const flags = match[2]!.split(/\s+/).filter((t) => t.startsWith('--')).map((t) => t.replace(/=.*$/, ''));
    uses.push({ where, command: match[1]!, flags });
  }
  return uses;
}

/** The flags the action passes for these inputs: its own argv builder, given the step's `with:`. */
function actionFlags(values: Record<string, string>): string[] {
  const env = Object.fromEntries(Object.entries(values).map(([k, v]) => [inputVariable(k as InputName), String(v)]));
  const plan = actionPlan(env, ['x.yaml']);
  if ('problem' in plan) throw new Error(plan.problem);
  return plan.runs[0]!.filter((a) => a.startsWith('--') && a !== '--');
}

/** Every use in a GitHub workflow: `run:` scripts, and steps that use the qovery-deploy action. */
function githubUses(name: string): Use[] {
  const workflow = load(name) as { jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, string> }[] }> };
  const uses: Use[] = [];
  for (const [job, { steps }] of Object.entries(workflow.jobs)) {
    for (const step of steps) {
      if (step.run) uses.push(...usesInScript(step.run, `${name} ${job}`));
      if (step.uses && /\/qovery-deploy@/.test(step.uses)) {
        for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), `${name}: input ${input}`).toContain(input);
        const command = step.with?.command ?? 'validate';
        uses.push({ where: `${name} ${job} (action)`, command, flags: actionFlags(step.with ?? {}) });
      }
    }
  }
  return uses;
}

let help: Map<string, string>;
beforeAll(async () => {
  const top = await runCli(['--help']);
  const commands = [...top.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  const all = [...commands, 'preview up', 'preview down'];
  help = new Map(await Promise.all(all.map(async (c) => [c, (await runCli([...c.split(' '), '--help'])).stdout] as const)));
});

function expectExists(uses: Use[]): void {
  expect(uses.length).toBeGreaterThan(0);
  for (const use of uses) {
    const text = help.get(use.command);
    expect(text, `${use.where}: no command ${use.command}`).toBeDefined();
    for (const flag of use.flags) expect(text, `${use.where}: ${use.command} has no ${flag}`).toMatch(new RegExp(`(^|[\\s,])${flag}(\\s|,|$)`, 'm'));
  }
}

describe('examples/ci', () => {
  it('holds the five workflows, each valid YAML', () => {
    expect(readdirSync(DIR).sort()).toEqual(['github-apply.yml', 'github-plan.yml', 'github-preview.yml', 'github-validate.yml', 'gitlab-ci.yml']);
    for (const name of readdirSync(DIR)) expect(load(name), name).toBeTypeOf('object');
    expect([...help.keys()]).toEqual(expect.arrayContaining(['validate', 'render', 'plan', 'apply', 'status', 'init', 'schema']));
  });

  it('uses only actions that run on Node 24 (checkout and setup-node v5 or later)', () => {
    for (const name of readdirSync(DIR).filter((n) => n.startsWith('github-'))) {
      const refs = [...readFileSync(join(DIR, name), 'utf8').matchAll(/uses: (actions\/[\w-]+)@v(\d+)/g)];
      expect(refs.length, name).toBeGreaterThan(0);
      for (const [, action, major] of refs) expect(Number(major), `${name}: ${action}`).toBeGreaterThanOrEqual(5);
    }
  });

  it('the action’s default format (github) exists where the action passes it, and not where it falls back to text', () => {
    expect(action.inputs.format).toMatchObject({ default: 'github' });
    for (const command of ['validate', 'plan', 'apply']) expect(help.get(command), command).toMatch(/--format <format>[\s\S]*"github"/);
    for (const command of ['render', 'status']) expect(help.get(command), command).not.toContain('"github"');
  });

  it('github-validate.yml validates every qovery-deploy*.yaml on pull requests, with no token', () => {
    const text = readFileSync(join(DIR, 'github-validate.yml'), 'utf8');
    expect(load('github-validate.yml').on).toHaveProperty('pull_request');
    expect(text).not.toMatch(/secrets\.|QOVERY_API_TOKEN/);
    const uses = githubUses('github-validate.yml');
    expect(uses).toEqual([{ where: expect.any(String), command: 'validate', flags: ['--format'] }]);
    expect(text).toContain('validate --format github');
    expect(text).toContain('**/qovery-deploy*.yaml');
    expectExists(uses);
  });

  it('github-plan.yml plans on pull requests with the token from secrets and a detailed exit code', () => {
    const workflow = load('github-plan.yml') as { on: Json; jobs: { plan: { steps: { with?: Record<string, string> }[] } } };
    expect(workflow.on).toHaveProperty('pull_request');
    const step = workflow.jobs.plan.steps.find((s) => s.with?.command === 'plan')!;
    expect(step.with!.token).toBe('${{ secrets.QOVERY_API_TOKEN }}');
    // The sticky comment on the pull request, and the permission it needs.
    expect(String(step.with!.comment)).toBe('true');
    expect((workflow as unknown as { permissions: Json }).permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const uses = githubUses('github-plan.yml');
    expect(uses.flatMap((u) => u.flags)).toEqual(expect.arrayContaining(['--detailed-exitcode', '--pr-comment']));
    expectExists(uses);
  });

  it('github-apply.yml applies on push to main, one run per environment, with approvals and full history', () => {
    const workflow = load('github-apply.yml') as {
      on: { push: { branches: string[] } };
      jobs: { apply: { concurrency: Json; environment: string; steps: { uses?: string; with?: Record<string, string | number> }[] } };
    };
    expect(workflow.on.push.branches).toEqual(['main']);
    const job = workflow.jobs.apply;
    expect(job.concurrency).toEqual({ group: 'qovery-deploy-${{ matrix.environment }}', 'cancel-in-progress': false });
    expect(job.environment).toBe('${{ matrix.environment }}');
    expect(job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(readFileSync(join(DIR, 'github-apply.yml'), 'utf8')).toMatch(/fetch-depth: 0\n/);
    expect(job.steps.find((s) => s.with?.command === 'apply')?.with?.token).toBe('${{ secrets.QOVERY_API_TOKEN }}');
    expectExists(githubUses('github-apply.yml'));
  });

  it('gitlab-ci.yml validates in merge requests, plans, and applies on the default branch, one at a time per environment', () => {
    type Job = { script?: string[]; rules?: { if: string }[]; resource_group?: string; extends?: string; variables?: Json };
    const ci = load('gitlab-ci.yml') as Record<string, Job>;
    expect((ci.variables as Json).GIT_DEPTH).toBe(0);
    expect(ci.validate!.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(ci['.apply']!.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]);
    const applies = Object.entries(ci).filter(([, job]) => job.extends === '.apply');
    expect(applies.map(([, job]) => job.resource_group)).toEqual(['qovery-deploy-staging', 'qovery-deploy-production']);
    const uses = Object.entries(ci).flatMap(([name, job]) => usesInScript((job.script ?? []).join('\n'), `gitlab-ci.yml ${name}`));
    expect(uses.map((u) => u.command)).toEqual(['validate', 'plan', 'apply', 'preview up', 'preview down']);
    expectExists(uses);
  });

  it('gitlab-ci.yml has a review app per merge request: preview up, stopped by preview down', () => {
    type Job = { rules?: { if: string }[]; environment?: Json };
    const ci = load('gitlab-ci.yml') as Record<string, Job>;
    expect(ci.review!.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(ci.review!.environment).toMatchObject({ name: 'review/$CI_COMMIT_REF_SLUG', on_stop: 'stop_review' });
    expect(ci.stop_review!.environment).toEqual({ name: 'review/$CI_COMMIT_REF_SLUG', action: 'stop' });
  });

  it('github-preview.yml: preview up on opened/synchronize/reopened, down on closed, one run per pull request', () => {
    type Step = { uses?: string; run?: string; env?: Record<string, string> };
    const workflow = load('github-preview.yml') as { on: { pull_request: { types: string[] } }; concurrency: Json; jobs: Record<string, { if: string; steps: Step[] }> };
    expect(workflow.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expect(workflow.concurrency).toEqual({ group: 'qovery-preview-${{ github.event.pull_request.number }}', 'cancel-in-progress': false });
    expect(workflow.jobs.up!.if).toBe("github.event.action != 'closed'");
    expect(workflow.jobs.down!.if).toBe("github.event.action == 'closed'");
    for (const job of Object.values(workflow.jobs)) expect(job.steps[0]!.uses).toBe('actions/checkout@v5');
    const uses = githubUses('github-preview.yml');
    expect(uses.map((u) => u.command)).toEqual(['preview up', 'preview down']);
    expectExists(uses);
  });
});
