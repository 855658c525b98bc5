/**
 * planDeployment's rule, as a pure function: a service is left alone only when it runs the wanted
 * version AND is DEPLOYED AND is UP_TO_DATE. Qovery rewrites the configured version when a
 * request is made, so the version alone proves nothing (issue 16: dropping either condition
 * survived the suite before).
 */
import { describe, expect, it } from 'vitest';
import { planDeployment } from '../../src/plan/plan-deployment.js';
import type { LiveState, LiveStatus } from '../../src/qovery/live-state.js';
import type { ResolvedManifest } from '../../src/types.js';

const ENV = '00000000-0000-4000-8000-000000000001';
const API = '00000000-0000-4000-8000-0000000000a1';
const SHA = 'a'.repeat(40);
const NOW = new Date('2026-12-01T00:00:00Z');

const resolved: ResolvedManifest = {
  file: 'qovery-deploy.yaml',
  environmentId: ENV,
  environment: { id: ENV },
  services: [{ kind: 'application', id: API, name: 'api', pointer: '/applications/0', desired: { kind: 'application', commit: { ref: 'main', sha: SHA } } } as ResolvedManifest['services'][number]],
  positions: {},
};

function live(version: string | undefined, status: Partial<LiveStatus> | undefined): LiveState {
  return {
    environmentId: ENV,
    readAt: NOW.toISOString(),
    services: [{ id: API, name: 'api', kind: 'application', source: 'git', ...(version ? { version } : {}), hasGitValuesOverride: false }],
    statuses: status ? { [API]: { id: API, state: 'DEPLOYED', deploymentStatus: 'UP_TO_DATE', deploymentRequestId: null, requestsCount: 0, ...status } } : {},
    queue: [],
    history: [],
  };
}

const decide = (state: LiveState, force = false) => {
  const plan = planDeployment(resolved, state, { now: NOW, force });
  return { action: plan.entries[0]!.action, reason: plan.entries[0]!.reason, requests: plan.requests.length };
};

describe('planDeployment: unchanged only when the version matches AND DEPLOYED AND UP_TO_DATE', () => {
  it('same version, DEPLOYED, UP_TO_DATE: unchanged, nothing to send', () => {
    expect(decide(live(SHA, {}))).toEqual({ action: 'unchanged', reason: 'already deployed at this version', requests: 0 });
  });

  it('the SHA compares in any case', () => {
    expect(decide(live(SHA.toUpperCase(), {})).action).toBe('unchanged');
  });

  for (const state of ['DEPLOYMENT_ERROR', 'STOPPED', 'BUILD_ERROR', 'DEPLOYING']) {
    it(`same version but ${state}: deploy (the DEPLOYED condition)`, () => {
      expect(decide(live(SHA, { state }))).toEqual({ action: 'deploy', reason: `the service is ${state}`, requests: 1 });
    });
  }

  it('same version, DEPLOYED but OUT_OF_DATE: deploy (the UP_TO_DATE condition)', () => {
    expect(decide(live(SHA, { deploymentStatus: 'OUT_OF_DATE' }))).toEqual({ action: 'deploy', reason: 'the service is OUT_OF_DATE', requests: 1 });
  });

  it('same version and no status reported: deploy', () => {
    expect(decide(live(SHA, undefined))).toMatchObject({ action: 'deploy', reason: 'no status reported' });
  });

  it('another version: deploy; none at all: never deployed', () => {
    expect(decide(live('b'.repeat(40), {}))).toMatchObject({ action: 'deploy', reason: 'the version differs' });
    expect(decide(live(undefined, {}))).toMatchObject({ action: 'deploy', reason: 'never deployed' });
  });

  it('--force deploys a service that is up to date', () => {
    expect(decide(live(SHA, {}), true)).toMatchObject({ action: 'deploy', reason: '--force', requests: 1 });
  });
});
