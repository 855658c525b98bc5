import { describe, expect, it } from 'vitest';
import { actionOf, DEPLOY_ACTION } from '../../src/apply/actions.js';
import { findAdoptableRequest } from '../../src/apply/adopt.js';
import { findLanding } from '../../src/apply/reconcile.js';
import type { Target } from '../../src/apply/targets.js';
import type { HistoryEntry, LiveState, LiveStatus, QueuedRequest } from '../../src/qovery/live-state.js';
import type { DeployRequest } from '../../src/types.js';

/**
 * Issue 12 item 8 (pure): a queue entry, a status or a history entry counts as our landing, or
 * as a request to adopt, only when it does what our request does. A dry run, a terraform plan, a
 * restart or a stop at our versions deploys nothing.
 */
const WEB = '5e7c0000-0000-4000-8000-000000000002';
const OLD = 'd0000000-0000-4000-8000-000000000001';
const NEW = 'd0000000-0000-4000-8000-000000000002';
const targets: Target[] = [{ id: WEB, version: '2.0' }];

function live(parts: { version?: string; status?: Partial<LiveStatus>; queue?: QueuedRequest[]; history?: HistoryEntry[] } = {}): LiveState {
  return {
    environmentId: 'e',
    readAt: '2026-01-01T00:00:00Z',
    services: [{ id: WEB, name: 'web', kind: 'container', source: 'image', version: parts.version ?? '1.0', hasGitValuesOverride: false }],
    statuses: {
      [WEB]: { id: WEB, state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: OLD, requestsCount: 0, action: 'DEPLOY', actionStatus: 'SUCCESS', subAction: 'NONE', ...parts.status },
    },
    queue: parts.queue ?? [],
    history: parts.history ?? [],
  };
}

const queued = (triggerAction: string): QueuedRequest => ({ id: NEW, triggerAction, serviceIds: [WEB] });
const ran = (triggerAction: string, service: { action?: string; subAction?: string } = {}): HistoryEntry => ({
  executionId: 'e-2',
  status: 'DEPLOYED',
  triggerAction,
  services: [{ id: WEB, action: service.action ?? 'DEPLOY', subAction: service.subAction ?? 'NONE', version: '2.0' }],
});

describe('findLanding counts only a real deployment as ours', () => {
  const before = live();

  it('a new DEPLOY in the queue, in the statuses or in the history is our landing', () => {
    expect(findLanding(before, live({ version: '2.0', queue: [queued('DEPLOY')] }), targets)).toMatchObject({ landed: true, requestId: NEW });
    expect(findLanding(before, live({ version: '2.0', status: { deploymentRequestId: NEW } }), targets)).toMatchObject({ landed: true, requestId: NEW });
    expect(findLanding(before, live({ history: [ran('DEPLOY')] }), targets)).toMatchObject({ landed: true });
  });

  for (const trigger of ['DEPLOY_DRY_RUN', 'RESTART', 'STOP', 'DELETE', 'UNKNOWN']) {
    it(`a ${trigger} at our versions is not (queue, history)`, () => {
      expect(findLanding(before, live({ queue: [queued(trigger)] }), targets)).toEqual({ landed: false });
      expect(findLanding(before, live({ history: [ran(trigger)] }), targets)).toEqual({ landed: false });
    });
  }

  it('a restart that moved the request id of services configured at our versions is not', () => {
    const configured = live({ version: '2.0' });
    const restarting = live({ version: '2.0', status: { deploymentRequestId: NEW, action: 'RESTART' }, queue: [queued('RESTART')] });
    expect(findLanding(configured, restarting, targets)).toEqual({ landed: false });
    const restarted = live({ version: '2.0', status: { deploymentRequestId: NEW, action: 'RESTART' }, history: [ran('RESTART', { action: 'RESTART' })] });
    expect(findLanding(configured, restarted, targets)).toEqual({ landed: false });
  });

  it('a terraform plan that set the configured commit is not the landing of a plan-and-apply', () => {
    const sha = 'b'.repeat(40);
    const tf: Target[] = [{ id: WEB, version: sha }];
    const planned = live({ version: sha, status: { deploymentRequestId: NEW, subAction: 'TERRAFORM_PLAN_ONLY' }, history: [ran('DEPLOY', { subAction: 'TERRAFORM_PLAN_ONLY' })] });
    planned.history[0]!.services[0]!.version = sha;
    expect(findLanding(before, planned, tf)).toEqual({ landed: false });
    // …but it is the landing of our own PLAN request.
    const plan: DeployRequest = { kind: 'terraform-action', method: 'POST', path: `/terraform/${WEB}/deploy`, body: { git_commit_id: sha, action: 'PLAN' }, serviceIds: [WEB] };
    expect(findLanding(before, planned, tf, actionOf(plan))).toMatchObject({ landed: true, requestId: NEW });
  });
});

describe('findAdoptableRequest adopts only a queued deployment', () => {
  const inQueue = (trigger: string, action = 'DEPLOY') => live({ version: '2.0', status: { deploymentRequestId: NEW, action }, queue: [queued(trigger)] });

  it('adopts a queued DEPLOY of our versions', () => {
    expect(findAdoptableRequest(inQueue('DEPLOY'), targets, DEPLOY_ACTION)).toBe(NEW);
  });

  it('never a queued restart, stop or dry run of the same services', () => {
    expect(findAdoptableRequest(inQueue('RESTART', 'RESTART'), targets)).toBeUndefined();
    expect(findAdoptableRequest(inQueue('STOP', 'STOP'), targets)).toBeUndefined();
    expect(findAdoptableRequest(inQueue('DEPLOY_DRY_RUN'), targets)).toBeUndefined();
  });
});
