/**
 * The evidence adopt and reconcile weigh, as pure functions: the targets a request must deploy
 * (from the plan), whether the configuration already carries them, and what a request does (a
 * deployment, or one of a terraform's own actions) as Qovery's queue, history and statuses show it.
 */
import { describe, expect, it } from 'vitest';
import { actionOf, DEPLOY_ACTION, entryDoes, serviceDoes } from '../../src/apply/actions.js';
import { configuredAtTargets, targetsOf } from '../../src/apply/targets.js';
import type { Plan, PlanEntry } from '../../src/plan/types.js';
import type { LiveService, LiveState } from '../../src/qovery/live-state.js';
import type { DeployRequest } from '../../src/types.js';

const A = 'a0000000-0000-4000-8000-000000000001';
const B = 'b0000000-0000-4000-8000-000000000002';
const C = 'c0000000-0000-4000-8000-000000000003';
const SHA = 'abcdef0123456789abcdef0123456789abcdef01';
const VALUES = 'fedcba9876543210fedcba9876543210fedcba98';

const entry = (id: string, desired: PlanEntry['desired']): PlanEntry => ({ kind: 'helm', id, pointer: '/helms/0', desired, live: {}, action: 'deploy', reason: '' });
const planOf = (entries: PlanEntry[]): Plan => ({ version: 1, file: 'f', environmentId: 'e', createdAt: '', entries, requests: [] });
const batch = (serviceIds: string[]): DeployRequest => ({ kind: 'deploy-all', method: 'POST', path: '/environment/e/service/deploy', body: {}, serviceIds });
const terraform = (action?: string): DeployRequest =>
  ({ kind: 'terraform-action', method: 'POST', path: `/terraform/${A}/deploy`, body: { git_commit_id: SHA, ...(action ? { action } : {}) }, serviceIds: [A] }) as DeployRequest;

describe('targetsOf: what each service of a request must read once it is accepted', () => {
  it('takes each service’s version and values override commit from the plan, in the request’s order', () => {
    const plan = planOf([entry(A, { ref: 'main', version: SHA, valuesOverride: { ref: 'v', sha: VALUES } }), entry(B, { version: '1.10' }), entry(C, {})]);
    expect(targetsOf(batch([C, B, A]), plan)).toEqual([{ id: C }, { id: B, version: '1.10' }, { id: A, version: SHA, valuesOverrideCommit: VALUES }]);
  });

  it('a service the plan does not list has only its id', () => {
    expect(targetsOf(batch([B]), planOf([entry(A, { version: SHA })]))).toEqual([{ id: B }]);
  });
});

describe('configuredAtTargets: the configuration carries every target’s versions', () => {
  const live = (services: Partial<LiveService>[]): LiveState => ({
    environmentId: 'e',
    readAt: '',
    services: services.map((s) => ({ id: A, name: 'n', kind: 'helm', source: 'git', hasGitValuesOverride: true, ...s })),
    statuses: {},
    queue: [],
    history: [],
  });

  it('compares versions and values override commits in any case', () => {
    expect(configuredAtTargets(live([{ version: SHA.toUpperCase(), valuesOverrideCommit: VALUES.toUpperCase() }]), [{ id: A, version: SHA, valuesOverrideCommit: VALUES }])).toBe(true);
    expect(configuredAtTargets(live([{ version: SHA, valuesOverrideCommit: VALUES }]), [{ id: A, version: SHA.toUpperCase(), valuesOverrideCommit: VALUES.toUpperCase() }])).toBe(true);
  });

  it('a version or values override commit that differs, or is not there, is not configured', () => {
    expect(configuredAtTargets(live([{ version: '1.0', valuesOverrideCommit: VALUES }]), [{ id: A, version: SHA, valuesOverrideCommit: VALUES }])).toBe(false);
    expect(configuredAtTargets(live([{ valuesOverrideCommit: VALUES }]), [{ id: A, version: SHA }])).toBe(false);
    expect(configuredAtTargets(live([{ version: SHA, valuesOverrideCommit: SHA }]), [{ id: A, version: SHA, valuesOverrideCommit: VALUES }])).toBe(false);
    expect(configuredAtTargets(live([{ version: SHA }]), [{ id: A, version: SHA, valuesOverrideCommit: VALUES }])).toBe(false);
  });

  it('a target with no version (a database) needs only to be there', () => {
    expect(configuredAtTargets(live([{ version: 'anything' }]), [{ id: A }])).toBe(true);
    expect(configuredAtTargets(live([{}]), [{ id: A }])).toBe(true);
  });

  it('every target must be there and configured', () => {
    expect(configuredAtTargets(live([{ version: SHA }]), [{ id: A, version: SHA }, { id: B }])).toBe(false);
    expect(configuredAtTargets(live([{ version: SHA }, { id: B, version: '2' }]), [{ id: A, version: SHA }, { id: B, version: '2' }])).toBe(true);
    expect(configuredAtTargets(live([{ version: SHA }, { id: B, version: '1' }]), [{ id: A, version: SHA }, { id: B, version: '2' }])).toBe(false);
  });
});

describe('actionOf: what a compiled request does', () => {
  it('the batch call and a terraform without an action deploy (plan and apply)', () => {
    expect(actionOf(batch([A]))).toBe(DEPLOY_ACTION);
    expect(actionOf(terraform())).toBe(DEPLOY_ACTION);
    expect(DEPLOY_ACTION).toEqual({ triggers: ['DEPLOY'], subActions: ['NONE', 'TERRAFORM_PLAN_AND_APPLY'] });
  });

  it('each terraform action is its own trigger (or DEPLOY) and its own sub action', () => {
    expect(actionOf(terraform('PLAN'))).toEqual({ triggers: ['DEPLOY_DRY_RUN', 'DEPLOY'], subActions: ['TERRAFORM_PLAN_ONLY'] });
    expect(actionOf(terraform('FORCE_UNLOCK'))).toEqual({ triggers: ['TERRAFORM_FORCE_UNLOCK', 'DEPLOY'], subActions: ['TERRAFORM_FORCE_UNLOCK_STATE'] });
    expect(actionOf(terraform('MIGRATE_STATE'))).toEqual({ triggers: ['TERRAFORM_MIGRATE_STATE', 'DEPLOY'], subActions: ['TERRAFORM_MIGRATE_STATE'] });
  });

  it('an action the table does not know is read as a deployment', () => {
    expect(actionOf(terraform('SOMETHING_NEW'))).toBe(DEPLOY_ACTION);
  });
});

describe('entryDoes and serviceDoes: a queue or history entry, a service’s status', () => {
  it('an entry does our action when its trigger is one of ours', () => {
    expect(entryDoes({ triggerAction: 'DEPLOY' }, DEPLOY_ACTION)).toBe(true);
    expect(entryDoes({ triggerAction: 'DEPLOY_DRY_RUN' }, DEPLOY_ACTION)).toBe(false);
    expect(entryDoes({ triggerAction: 'DEPLOY_DRY_RUN' }, actionOf(terraform('PLAN')))).toBe(true);
  });

  it('a service deploys when its action is DEPLOY (or unknown) and its sub action is one of ours (or unknown)', () => {
    expect(serviceDoes({}, DEPLOY_ACTION)).toBe(true);
    expect(serviceDoes({ action: 'DEPLOY' }, DEPLOY_ACTION)).toBe(true);
    expect(serviceDoes({ subAction: 'NONE' }, DEPLOY_ACTION)).toBe(true);
    expect(serviceDoes({ action: 'DEPLOY', subAction: 'TERRAFORM_PLAN_AND_APPLY' }, DEPLOY_ACTION)).toBe(true);
    expect(serviceDoes({ action: 'DEPLOY', subAction: 'TERRAFORM_PLAN_ONLY' }, DEPLOY_ACTION)).toBe(false);
    expect(serviceDoes({ action: 'DEPLOY', subAction: 'TERRAFORM_PLAN_ONLY' }, actionOf(terraform('PLAN')))).toBe(true);
  });

  it('a restart, a stop or a delete is never a deployment, whatever its sub action', () => {
    for (const action of ['RESTART', 'STOP', 'DELETE']) {
      expect(serviceDoes({ action, subAction: 'NONE' }, DEPLOY_ACTION), action).toBe(false);
      expect(serviceDoes({ action }, DEPLOY_ACTION), action).toBe(false);
    }
  });
});
