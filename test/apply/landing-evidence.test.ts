/**
 * Each piece of evidence findLanding weighs, on its own: a new queue entry, the statuses moving to
 * one new request, a new history entry, the configuration turning to our versions. Each test
 * leaves the other pieces silent, so it fails when its own rule is weakened, and says which
 * evidence decided and which request it names (a landing reported by the wrong evidence, or
 * naming a request that is not new, would make apply wait on the wrong deployment).
 */
import { describe, expect, it } from 'vitest';
import { findAdoptableRequest } from '../../src/apply/adopt.js';
import { findLanding } from '../../src/apply/reconcile.js';
import type { Target } from '../../src/apply/targets.js';
import { API, ENV, historyEntry, inFlight, liveAt, OLD, OURS, SHA_NEW, SHA_OLD, status, TARGETS, WEB } from './live-fixtures.js';

const THEIRS = '33333333-3333-4333-8333-333333333333';
const ELSEWHERE = '00000000-0000-4000-8000-0000000000f9';
const BY_QUEUE = 'a new request in the deployment queue lists our services';
const BY_STATUSES = 'every service now follows one new deployment request';
const BY_CONFIGURATION = 'the services are now configured at our versions';
const byHistory = (executionId: string) => `deployment ${executionId} in the history deploys our versions`;

/** Before the POST: the old versions, last deployed by OLD. */
const before = liveAt(SHA_OLD, OLD);
/** Before the POST, already configured at our versions (an earlier attempt set them): the configuration proves nothing. */
const configured = liveAt(SHA_NEW, OLD);

describe('findLanding: the queue', () => {
  it('a new queued DEPLOY listing our services, configured at our versions: landed, by the queue', () => {
    expect(findLanding(before, inFlight(SHA_NEW), TARGETS)).toEqual({ landed: true, requestId: OURS, evidence: BY_QUEUE });
  });

  it('a request already queued before the POST is not our landing', () => {
    expect(findLanding(inFlight(SHA_NEW), inFlight(SHA_NEW), TARGETS)).toEqual({ landed: false });
  });

  it('a new queued request listing only some of our services is not our landing', () => {
    const after = liveAt(SHA_NEW, OLD, { queue: [{ id: OURS, triggerAction: 'DEPLOY', serviceIds: [API] }] });
    expect(findLanding(configured, after, TARGETS)).toEqual({ landed: false });
  });
});

describe('findLanding: the statuses', () => {
  it('every service follows one new request: landed, by the statuses (checked before the configuration)', () => {
    expect(findLanding(configured, liveAt(SHA_NEW, OURS), TARGETS)).toEqual({ landed: true, requestId: OURS, evidence: BY_STATUSES });
    expect(findLanding(before, liveAt(SHA_NEW, OURS), TARGETS)).toEqual({ landed: true, requestId: OURS, evidence: BY_STATUSES });
  });

  it('services that moved to two different requests are not one landing', () => {
    const after = liveAt(SHA_NEW, OURS, { statuses: { [API]: status(API, OURS), [WEB]: status(WEB, THEIRS) } });
    expect(findLanding(configured, after, TARGETS)).toEqual({ landed: false });
  });

  it('a request one of the services already followed before the POST is not new', () => {
    const half = liveAt(SHA_NEW, OLD, { statuses: { [API]: status(API, OURS), [WEB]: status(WEB, OLD) } });
    expect(findLanding(half, liveAt(SHA_NEW, OURS), TARGETS)).toEqual({ landed: false });
  });

  it('a service whose status was missing before the POST: its new request is new', () => {
    expect(findLanding(liveAt(SHA_NEW, OLD, { statuses: {} }), liveAt(SHA_NEW, OURS), TARGETS)).toEqual({ landed: true, requestId: OURS, evidence: BY_STATUSES });
  });

  it('the new request is a queued restart: not our landing, whatever the statuses say', () => {
    const other = { id: THEIRS, triggerAction: 'DEPLOY', serviceIds: [ELSEWHERE] };
    const restart = { id: OURS, triggerAction: 'RESTART', serviceIds: [API, WEB] };
    expect(findLanding(configured, liveAt(SHA_NEW, OURS, { queue: [other, restart] }), TARGETS)).toEqual({ landed: false });
    // The same request queued as a DEPLOY (listing only one of ours, so the queue alone does not decide) is.
    const deploy = { id: OURS, triggerAction: 'DEPLOY', serviceIds: [API] };
    expect(findLanding(configured, liveAt(SHA_NEW, OURS, { queue: [other, deploy] }), TARGETS)).toEqual({ landed: true, requestId: OURS, evidence: BY_STATUSES });
  });

  it('only some services show a deploy (the other restarts): not our landing', () => {
    const after = liveAt(SHA_NEW, OURS, { statuses: { [API]: status(API, OURS, { action: 'RESTART' }), [WEB]: status(WEB, OURS) } });
    expect(findLanding(configured, after, TARGETS)).toEqual({ landed: false });
    expect(findLanding(before, after, TARGETS)).toEqual({ landed: false });
  });
});

describe('findLanding: the history', () => {
  it('names the request a service moved to, when one did', () => {
    const after = liveAt(SHA_OLD, OLD, { statuses: { [API]: status(API, OURS), [WEB]: status(WEB, OLD) }, history: [historyEntry(`${ENV}-7`, SHA_NEW)] });
    expect(findLanding(before, after, TARGETS)).toEqual({ landed: true, requestId: OURS, evidence: byHistory(`${ENV}-7`) });
  });

  it('names no request when none moved', () => {
    const after = liveAt(SHA_OLD, OLD, { history: [historyEntry(`${ENV}-7`, SHA_NEW.toUpperCase())] });
    expect(findLanding(before, after, TARGETS)).toEqual({ landed: true, evidence: byHistory(`${ENV}-7`) });
  });

  it('a target without a version (a database) lands by a new history entry that deploys it', () => {
    const database: Target[] = [{ id: API }];
    const after = liveAt(SHA_OLD, OLD, { history: [historyEntry(`${ENV}-7`, SHA_OLD, { services: [{ id: API, action: 'DEPLOY' }] })] });
    expect(findLanding(before, after, database)).toEqual({ landed: true, evidence: byHistory(`${ENV}-7`) });
  });

  it('a history entry that does not say which version it deployed is not our landing', () => {
    const after = liveAt(SHA_OLD, OLD, { history: [historyEntry(`${ENV}-7`, SHA_NEW, { services: [API, WEB].map((id) => ({ id, action: 'DEPLOY' })) })] });
    expect(findLanding(before, after, TARGETS)).toEqual({ landed: false });
  });
});

describe('findLanding: the configuration', () => {
  it('turned to our versions with no status to read: landed, naming no request', () => {
    expect(findLanding(before, liveAt(SHA_NEW, OLD, { statuses: {} }), TARGETS)).toEqual({ landed: true, evidence: BY_CONFIGURATION });
  });

  it('turned to our versions, request ids unchanged: landed, naming no request (the old one is not ours)', () => {
    expect(findLanding(before, liveAt(SHA_NEW, OLD), TARGETS)).toEqual({ landed: true, evidence: BY_CONFIGURATION });
  });

  it('turned to our versions, one service moved to a new request: landed, naming it', () => {
    const after = liveAt(SHA_NEW, OLD, { statuses: { [API]: status(API, OLD), [WEB]: status(WEB, OURS) } });
    expect(findLanding(before, after, TARGETS)).toEqual({ landed: true, requestId: OURS, evidence: BY_CONFIGURATION });
    // …also when the service had no status before the POST.
    const unknown = liveAt(SHA_OLD, OLD, { statuses: {} });
    expect(findLanding(unknown, liveAt(SHA_NEW, OLD, { statuses: { [API]: status(API, OURS), [WEB]: status(WEB, THEIRS) } }), TARGETS)).toEqual({
      landed: true,
      requestId: OURS,
      evidence: BY_CONFIGURATION,
    });
  });
});

describe('findAdoptableRequest: the request the services follow must be the one queued', () => {
  it('a service without a status: nothing to adopt', () => {
    const live = inFlight(SHA_NEW);
    live.statuses = { [API]: status(API, OURS) };
    expect(findAdoptableRequest(live, TARGETS)).toBeUndefined();
  });

  it('the services follow a request that has left the queue; another one queued for them is not theirs to adopt', () => {
    const live = liveAt(SHA_NEW, OURS, { queue: [{ id: THEIRS, triggerAction: 'DEPLOY', serviceIds: [API, WEB] }] });
    expect(findAdoptableRequest(live, TARGETS)).toBeUndefined();
  });
});
