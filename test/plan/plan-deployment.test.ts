/**
 * planDeployment beyond the unchanged rule (plan-rules.test.ts): what a plan carries (its entries'
 * desired and live facts, the environment's names, the requests), which services `--only` keeps,
 * when a service is blocked rather than deployed, and how versions compare (a SHA in any case, a tag
 * or chart version as the exact text, a helm's values override on its own).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KINDS, type KindDefinition } from '../../src/kinds.js';
import { planDeployment } from '../../src/plan/plan-deployment.js';
import type { LiveService, LiveState, LiveStatus } from '../../src/qovery/live-state.js';
import type { ResolvedManifest, ResolvedService } from '../../src/types.js';

const ENV = '00000000-0000-4000-8000-000000000001';
const APP = '00000000-0000-4000-8000-0000000000a1';
const CTR = '00000000-0000-4000-8000-0000000000a2';
const DB = '00000000-0000-4000-8000-0000000000a3';
const HELM = '00000000-0000-4000-8000-0000000000a4';
const JOB = '00000000-0000-4000-8000-0000000000a5';
const SHA = 'a'.repeat(40);
const VALUES = 'c'.repeat(40);
const NOW = new Date('2026-12-01T00:00:00Z');

const app: ResolvedService = { kind: 'application', id: APP, name: 'api', pointer: '/applications/0', desired: { kind: 'application', commit: { ref: 'main', sha: SHA } } };
const ctr: ResolvedService = { kind: 'container', id: CTR, name: 'Web', pointer: '/containers/0', desired: { kind: 'container', image_tag: '1.10' } };
const db: ResolvedService = { kind: 'database', id: DB, pointer: '/databases/0', desired: { kind: 'database' } };
const helmGit = (values?: string): ResolvedService => ({
  kind: 'helm',
  id: HELM,
  name: 'chart',
  pointer: '/helms/0',
  desired: { kind: 'helm', source: 'git', commit: { ref: 'main', sha: SHA }, ...(values ? { values_override_commit: { ref: 'values', sha: values } } : {}) },
});
const jobImage: ResolvedService = { kind: 'job', id: JOB, name: 'migrate', pointer: '/jobs/0', desired: { kind: 'job', source: 'image', image_tag: '7' } };

function resolvedWith(services: ResolvedService[], environment: ResolvedManifest['environment'] = { id: ENV }): ResolvedManifest {
  return { file: 'deploy.yaml', environmentId: ENV, environment, services, positions: {} };
}

const UP: LiveStatus = { id: '', state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: null, requestsCount: 0 };
function liveWith(services: LiveService[], statuses: Record<string, Partial<LiveStatus>> = {}): LiveState {
  const all = Object.fromEntries(services.map((s) => [s.id, { ...UP, id: s.id, ...statuses[s.id] }]));
  return { environmentId: ENV, readAt: NOW.toISOString(), services, statuses: all, queue: [], history: [] };
}
const liveApp = (over: Partial<LiveService> = {}): LiveService => ({ id: APP, name: 'api', kind: 'application', source: 'git', version: SHA, hasGitValuesOverride: false, ...over });
const liveCtr = (over: Partial<LiveService> = {}): LiveService => ({ id: CTR, name: 'web', kind: 'container', source: 'image', version: '1.10', hasGitValuesOverride: false, ...over });
const liveDb: LiveService = { id: DB, name: 'pg', kind: 'database', source: 'none', hasGitValuesOverride: false };
const liveHelm = (over: Partial<LiveService> = {}): LiveService => ({ id: HELM, name: 'chart', kind: 'helm', source: 'git', version: SHA, hasGitValuesOverride: true, valuesOverrideCommit: VALUES, ...over });

const plan = (services: ResolvedService[], live: LiveState, options = {}) => planDeployment(resolvedWith(services), live, { now: NOW, ...options });
const decisions = (p: ReturnType<typeof plan>) => p.entries.map((e) => [e.id, e.action, e.reason]);

describe('planDeployment: what a plan carries', () => {
  it('stamps the file, the environment, the time given, and one entry per service with its desired and live facts', () => {
    const p = plan([app, ctr], liveWith([liveApp({ version: 'b'.repeat(40) }), liveCtr()], { [APP]: { deploymentRequestId: 'r-1', state: 'DEPLOYED' } }));
    expect(p).toMatchObject({ version: 1, file: 'deploy.yaml', environmentId: ENV, createdAt: '2026-12-01T00:00:00.000Z' });
    expect(p).not.toHaveProperty('environmentNames');
    expect(p.entries).toEqual([
      {
        kind: 'application',
        id: APP,
        name: 'api',
        pointer: '/applications/0',
        desired: { ref: 'main', version: SHA },
        live: { version: 'b'.repeat(40), state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: 'r-1' },
        action: 'deploy',
        reason: 'the version differs',
      },
      {
        kind: 'container',
        id: CTR,
        name: 'Web',
        pointer: '/containers/0',
        desired: { version: '1.10' },
        live: { version: '1.10', state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: null },
        action: 'unchanged',
        reason: 'already deployed at this version',
      },
    ]);
  });

  it('stamps the current time when none is given', () => {
    const before = Date.now();
    const p = planDeployment(resolvedWith([app]), liveWith([liveApp()]));
    expect(Date.parse(p.createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(p.createdAt)).toBeLessThanOrEqual(Date.now());
  });

  it('keeps the environment’s names only when the manifest gave all three', () => {
    const names = { id: ENV, organization: 'acme', project: 'shop', name: 'prod' };
    expect(planDeployment(resolvedWith([app], names), liveWith([liveApp()]), { now: NOW }).environmentNames).toEqual({ organization: 'acme', project: 'shop', name: 'prod' });
    for (const missing of ['organization', 'project', 'name'] as const) {
      const partial = { ...names };
      delete partial[missing];
      expect(planDeployment(resolvedWith([app], partial), liveWith([liveApp()]), { now: NOW }), missing).not.toHaveProperty('environmentNames');
    }
  });

  it('names an entry from the manifest, else from Qovery, else not at all', () => {
    const unnamed = { ...app, name: undefined } as ResolvedService;
    delete unnamed.name;
    expect(plan([unnamed], liveWith([liveApp({ name: 'from-qovery' })])).entries[0]!.name).toBe('from-qovery');
    expect(plan([unnamed], liveWith([liveApp({ name: '' })])).entries[0]).not.toHaveProperty('name');
    expect(plan([unnamed], liveWith([])).entries[0]).not.toHaveProperty('name');
  });

  it('keeps only the live facts there are: no version for a database, no status fields without a status', () => {
    const live = liveWith([liveDb]);
    delete (live.statuses as Record<string, LiveStatus | undefined>)[DB];
    const entry = plan([db], live).entries[0]!;
    expect([entry.desired, entry.live, entry.action, entry.reason]).toEqual([{}, {}, 'deploy', 'no status reported']);
    const helm = plan([helmGit(VALUES)], liveWith([liveHelm()])).entries[0]!;
    expect(helm.desired).toEqual({ ref: 'main', version: SHA, valuesOverride: { ref: 'values', sha: VALUES } });
    expect(helm.live).toEqual({ version: SHA, valuesOverrideCommit: VALUES, state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: null });
  });

  it('compiles requests for the deploy entries only', () => {
    const p = plan([app, ctr, db], liveWith([liveApp({ version: 'b'.repeat(40) }), liveCtr(), liveDb]));
    expect(decisions(p)).toEqual([
      [APP, 'deploy', 'the version differs'],
      [CTR, 'unchanged', 'already deployed at this version'],
      [DB, 'unchanged', 'DEPLOYED and UP_TO_DATE'],
    ]);
    expect(p.requests).toHaveLength(1);
    expect(p.requests[0]!.body).toEqual({ applications: [{ application_id: APP, git_commit_id: SHA }] });
    expect(p.requests[0]!.serviceIds).toEqual([APP]);
  });

  it('sends nothing when one service is blocked, even with others to deploy', () => {
    const p = plan([app, ctr], liveWith([liveApp({ version: 'b'.repeat(40) })]));
    expect(decisions(p)).toEqual([
      [APP, 'deploy', 'the version differs'],
      [CTR, 'blocked', `no container with id ${CTR} in the environment`],
    ]);
    expect(p.requests).toEqual([]);
  });
});

describe('planDeployment: --only', () => {
  const live = liveWith([liveApp({ version: 'b'.repeat(40) }), liveCtr({ version: '1.9' }), liveDb]);

  it('keeps the services named by id or by name, in any case', () => {
    expect(plan([app, ctr, db], live, { only: ['API'] }).entries.map((e) => e.id)).toEqual([APP]);
    expect(plan([app, ctr, db], live, { only: ['web'] }).entries.map((e) => e.id)).toEqual([CTR]);
    expect(plan([app, ctr, db], live, { only: [DB.toUpperCase()] }).entries.map((e) => e.id)).toEqual([DB]);
    const upper = { ...db, id: DB.toUpperCase() };
    expect(plan([app, upper], liveWith([liveApp(), { ...liveDb, id: upper.id }]), { only: [DB] }).entries.map((e) => e.id)).toEqual([upper.id]);
    expect(plan([app, ctr, db], live, { only: ['nothing'] }).entries).toEqual([]);
    expect(plan([app, ctr, db], live, { only: ['api', 'WEB'] }).requests[0]!.serviceIds).toEqual([APP, CTR]);
  });

  it('keeps every service without --only', () => {
    expect(plan([app, ctr, db], live).entries.map((e) => e.id)).toEqual([APP, CTR, DB]);
  });
});

describe('planDeployment: blocked, never sent (not even with --force)', () => {
  const table = KINDS as unknown as Record<string, KindDefinition | undefined>;
  afterEach(() => {
    delete table.gadget;
  });

  it('a service the environment does not have', () => {
    expect(decisions(plan([app], liveWith([]), { force: true }))).toEqual([[APP, 'blocked', `no application with id ${APP} in the environment`]]);
  });

  it('a service of another kind in Qovery', () => {
    expect(decisions(plan([app], liveWith([liveCtr({ id: APP })]), { force: true }))).toEqual([[APP, 'blocked', 'it is a container in Qovery, not an application']]);
    expect(decisions(plan([app], liveWith([liveApp({ kind: 'other' })])))).toEqual([[APP, 'blocked', 'it is a service of another type in Qovery, not an application']]);
  });

  it('a job or helm written with the other source than Qovery has', () => {
    expect(decisions(plan([jobImage], liveWith([{ id: JOB, name: 'migrate', kind: 'job', source: 'git', version: SHA, hasGitValuesOverride: false }]), { force: true }))).toEqual([
      [JOB, 'blocked', 'this job is built from git in Qovery: give `commit`, not `image_tag`'],
    ]);
    expect(decisions(plan([helmGit()], liveWith([liveHelm({ source: 'chart', version: '1.0.0' })])))).toEqual([
      [HELM, 'blocked', 'this helm comes from a chart repository in Qovery: give `chart_version`, not `commit`'],
    ]);
  });

  it('the same source is not a mismatch, nor a source Qovery does not report', () => {
    expect(decisions(plan([jobImage], liveWith([{ id: JOB, name: 'migrate', kind: 'job', source: 'image', version: '7', hasGitValuesOverride: false }])))).toEqual([
      [JOB, 'unchanged', 'already deployed at this version'],
    ]);
    expect(decisions(plan([jobImage], liveWith([{ id: JOB, name: 'migrate', kind: 'job', source: 'none', hasGitValuesOverride: false }])))).toEqual([[JOB, 'deploy', 'never deployed']]);
  });

  it('a source the table gives no wording for says where the service comes from', () => {
    // A kind added in memory (as test/kinds.test.ts does): two sources, the git one without `inQovery`.
    table.gadget = {
      key: 'gadgets',
      label: 'a gadget',
      serviceType: 'GADGET',
      statusList: 'gadgets',
      sources: [
        { source: 'image', field: 'image_tag', live: 'image.tag', inQovery: 'runs an image' },
        { source: 'git', field: 'commit', repository: 'repository', live: 'git' },
      ],
      compile: (id: string) => ({ list: 'containers', item: { id } }),
    } as unknown as KindDefinition;
    const gadget = { kind: 'gadget', id: JOB, pointer: '/gadgets/0', desired: { kind: 'gadget', image_tag: '1' } } as unknown as ResolvedService;
    const live = { id: JOB, name: 'g', kind: 'gadget', source: 'git', version: SHA, hasGitValuesOverride: false } as unknown as LiveService;
    expect(decisions(plan([gadget], liveWith([live])))).toEqual([[JOB, 'blocked', 'this gadget comes from git in Qovery: give `commit`, not `image_tag`']]);
  });

  it('a helm values override Qovery does not have', () => {
    expect(decisions(plan([helmGit(VALUES)], liveWith([liveHelm({ hasGitValuesOverride: false })]), { force: true }))).toEqual([
      [HELM, 'blocked', 'this helm has no git values override in Qovery: remove `values_override_commit`'],
    ]);
    // Without an override in the manifest, Qovery's override is left as it is.
    expect(decisions(plan([helmGit()], liveWith([liveHelm({ hasGitValuesOverride: false })])))).toEqual([[HELM, 'unchanged', 'already deployed at this version']]);
  });
});

describe('planDeployment: how versions compare', () => {
  it('an image tag or chart version is the exact text: 1.1 is not 1.10, V1 is not v1', () => {
    expect(decisions(plan([ctr], liveWith([liveCtr({ version: '1.1' })])))).toEqual([[CTR, 'deploy', 'the version differs']]);
    expect(decisions(plan([{ ...ctr, desired: { kind: 'container', image_tag: 'v1' } }], liveWith([liveCtr({ version: 'V1' })])))).toEqual([[CTR, 'deploy', 'the version differs']]);
    expect(decisions(plan([ctr], liveWith([liveCtr({ version: undefined })])))).toEqual([[CTR, 'deploy', 'never deployed']]);
  });

  it('a helm whose chart runs but whose values override commit differs (in any case) is redeployed for its values', () => {
    expect(decisions(plan([helmGit(VALUES)], liveWith([liveHelm({ valuesOverrideCommit: 'd'.repeat(40) })])))).toEqual([[HELM, 'deploy', 'the values override commit differs']]);
    expect(decisions(plan([helmGit(VALUES)], liveWith([liveHelm({ valuesOverrideCommit: undefined })])))).toEqual([[HELM, 'deploy', 'the values override commit differs']]);
    expect(decisions(plan([helmGit(VALUES)], liveWith([liveHelm({ valuesOverrideCommit: VALUES.toUpperCase() })])))).toEqual([[HELM, 'unchanged', 'already deployed at this version']]);
  });

  it('a different version is reported before a different values override', () => {
    expect(decisions(plan([helmGit(VALUES)], liveWith([liveHelm({ version: 'b'.repeat(40), valuesOverrideCommit: 'd'.repeat(40) })])))).toEqual([[HELM, 'deploy', 'the version differs']]);
  });

  it('a database has no version: only its state decides', () => {
    expect(decisions(plan([db], liveWith([liveDb])))).toEqual([[DB, 'unchanged', 'DEPLOYED and UP_TO_DATE']]);
    expect(decisions(plan([db], liveWith([liveDb], { [DB]: { state: 'STOPPED' } })))).toEqual([[DB, 'deploy', 'the service is STOPPED']]);
  });

  it('a status without a deployment status is not up to date', () => {
    const live = liveWith([liveApp()]);
    delete (live.statuses[APP] as Partial<LiveStatus>).deploymentStatus;
    expect(decisions(plan([app], live))).toEqual([[APP, 'deploy', 'the service is not up to date']]);
  });
});
