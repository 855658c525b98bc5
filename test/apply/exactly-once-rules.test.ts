/**
 * The exactly-once rules as pure functions: which in-flight request apply may adopt, when a lost
 * POST counts as landed. Each test is named for the rule it pins and fails when that rule is
 * weakened (issue 16: these mutations survived the whole suite before).
 */
import { describe, expect, it } from 'vitest';
import { findAdoptableRequest } from '../../src/apply/adopt.js';
import { findLanding } from '../../src/apply/reconcile.js';
import { API, ENV, historyEntry, inFlight, liveAt, OLD, OURS, SHA_NEW, SHA_OLD, SHA_OTHER, status, TARGETS, WEB } from './live-fixtures.js';

describe('findAdoptableRequest: adopt only a request that deploys exactly our targets', () => {
  it('adopts an in-flight DEPLOY of our services at our versions', () => {
    expect(findAdoptableRequest(inFlight(SHA_NEW), TARGETS)).toBe(OURS);
  });

  it('never adopts an in-flight request for our services at other versions (configuredAtTargets)', () => {
    expect(findAdoptableRequest(inFlight(SHA_OTHER), TARGETS)).toBeUndefined();
  });

  it('never adopts when only one of the services is configured at our version', () => {
    const live = inFlight(SHA_NEW);
    live.services[1]!.version = SHA_OTHER;
    expect(findAdoptableRequest(live, TARGETS)).toBeUndefined();
  });

  it('never adopts a dry run, a restart or a stop at our versions', () => {
    for (const trigger of ['DEPLOY_DRY_RUN', 'RESTART', 'STOP']) {
      expect(findAdoptableRequest(inFlight(SHA_NEW, trigger), TARGETS), trigger).toBeUndefined();
    }
  });

  it('never adopts a request whose services show a restart (status action)', () => {
    const live = inFlight(SHA_NEW);
    live.statuses[API] = status(API, OURS, { action: 'RESTART' });
    expect(findAdoptableRequest(live, TARGETS)).toBeUndefined();
  });

  it('never adopts a request that does not list every target', () => {
    const live = inFlight(SHA_NEW);
    live.queue = [{ id: OURS, triggerAction: 'DEPLOY', serviceIds: [API] }];
    expect(findAdoptableRequest(live, TARGETS)).toBeUndefined();
  });

  it('never adopts when the targets follow different requests', () => {
    const live = inFlight(SHA_NEW);
    live.statuses[WEB] = status(WEB, OLD);
    expect(findAdoptableRequest(live, TARGETS)).toBeUndefined();
  });

  it('never adopts a finished request (not in the queue)', () => {
    expect(findAdoptableRequest(liveAt(SHA_NEW, OURS), TARGETS)).toBeUndefined();
  });

  it('adopts nothing for no targets, or when no request id is known', () => {
    expect(findAdoptableRequest(inFlight(SHA_NEW), [])).toBeUndefined();
    expect(findAdoptableRequest(liveAt(SHA_NEW, null), TARGETS)).toBeUndefined();
  });
});

describe('findLanding: a lost POST counts as landed only on evidence of our request', () => {
  const before = liveAt(SHA_OLD, OLD);

  it('nothing moved: not landed (apply must POST again)', () => {
    expect(findLanding(before, liveAt(SHA_OLD, OLD), TARGETS)).toEqual({ landed: false });
  });

  it('a new queued DEPLOY listing our services: landed, named', () => {
    expect(findLanding(before, inFlight(SHA_NEW), TARGETS)).toMatchObject({ landed: true, requestId: OURS });
  });

  it('a new queued DEPLOY of our services at OTHER versions (the configuration says so) is not our landing', () => {
    expect(findLanding(before, inFlight(SHA_OTHER), TARGETS)).toEqual({ landed: false });
  });

  it('a new queued dry run listing our services is not our landing', () => {
    const after = liveAt(SHA_OLD, OLD, { queue: [{ id: OURS, triggerAction: 'DEPLOY_DRY_RUN', serviceIds: [API, WEB] }] });
    expect(findLanding(before, after, TARGETS)).toEqual({ landed: false });
  });

  it('every service follows one new request and carries our versions: landed', () => {
    expect(findLanding(before, liveAt(SHA_NEW, OURS), TARGETS)).toMatchObject({ landed: true, requestId: OURS });
  });

  it('every service follows one new request at OTHER versions (someone else): not landed', () => {
    expect(findLanding(before, liveAt(SHA_OTHER, OURS), TARGETS)).toEqual({ landed: false });
  });

  it('a landing visible only in the history (request ids and configuration unchanged): landed, no second POST', () => {
    const after = liveAt(SHA_OLD, OLD, { history: [historyEntry(`${ENV}-7`, SHA_NEW)] });
    expect(findLanding(before, after, TARGETS)).toMatchObject({ landed: true, evidence: expect.stringContaining(`${ENV}-7`) });
  });

  it('a new history entry deploying OTHER versions is not our landing (POST once)', () => {
    const after = liveAt(SHA_OLD, OLD, { history: [historyEntry(`${ENV}-7`, SHA_OTHER)] });
    expect(findLanding(before, after, TARGETS)).toEqual({ landed: false });
  });

  it('a history entry that was already there before the POST is not our landing', () => {
    const old = historyEntry(`${ENV}-6`, SHA_NEW, { status: 'SUCCESS' });
    expect(findLanding(liveAt(SHA_OLD, OLD, { history: [old] }), liveAt(SHA_OLD, OLD, { history: [old] }), TARGETS)).toEqual({ landed: false });
  });

  it('a new history entry that is a restart at our versions is not our landing', () => {
    const after = liveAt(SHA_OLD, OLD, { history: [historyEntry(`${ENV}-7`, SHA_NEW, { triggerAction: 'RESTART' })] });
    expect(findLanding(before, after, TARGETS)).toEqual({ landed: false });
  });

  it('a history entry missing one of our services is not our landing', () => {
    const partial = historyEntry(`${ENV}-7`, SHA_NEW);
    partial.services = partial.services.filter((s) => s.id === API);
    expect(findLanding(before, liveAt(SHA_OLD, OLD, { history: [partial] }), TARGETS)).toEqual({ landed: false });
  });

  it('the configuration turned to our versions (ids unchanged): landed', () => {
    expect(findLanding(before, liveAt(SHA_NEW, OLD), TARGETS)).toMatchObject({ landed: true, evidence: expect.stringContaining('configured at our versions') });
  });

  it('configuration already at our versions before the POST proves nothing', () => {
    expect(findLanding(liveAt(SHA_NEW, OLD), liveAt(SHA_NEW, OLD), TARGETS)).toEqual({ landed: false });
  });
});
