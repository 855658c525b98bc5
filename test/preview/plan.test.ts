/** The pure half of `preview`: the name, and what up and down decide from a project's environments. */
import { describe, expect, it } from 'vitest';
import { previewName } from '../../src/preview/name.js';
import { decideDown, decideUp, mapToPreview } from '../../src/preview/plan.js';
import type { ResolvedManifest } from '../../src/types.js';

const env = (id: string, name: string, mode = 'PREVIEW') => ({ id, name, mode, projectId: 'p' });

describe('previewName', () => {
  it('--name first, then a GitHub pull_request event, then a GitLab merge request, else none', () => {
    const event = { number: 3, pull_request: { number: 3 } };
    expect(previewName({ flag: 'mine', env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request' }, githubEvent: event })).toBe('mine');
    expect(previewName({ env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request' }, githubEvent: event })).toBe('pr-3');
    expect(previewName({ env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request_target' }, githubEvent: event })).toBe('pr-3');
    // A push event's payload has no pull request; an issue_comment's is not one.
    expect(previewName({ env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push' }, githubEvent: event })).toBeUndefined();
    expect(previewName({ env: { CI_MERGE_REQUEST_IID: '12' } })).toBe('pr-12');
    expect(previewName({ env: { CI_MERGE_REQUEST_IID: '' } })).toBeUndefined();
    expect(previewName({ env: {} })).toBeUndefined();
  });
});

describe('decideUp / decideDown', () => {
  const list = [env('s', 'production', 'PRODUCTION'), env('a', 'pr-1'), env('b', 'staging', 'STAGING')];
  it('up clones when no environment has the name, reuses a preview (any case), refuses the source and non-previews', () => {
    expect(decideUp(list, 'pr-2', 's', 'c')).toEqual({ action: 'clone', body: { name: 'pr-2', mode: 'PREVIEW', apply_deployment_rule: true, cluster_id: 'c' } });
    expect(decideUp(list, 'PR-1', 's')).toEqual({ action: 'reuse', environment: list[1] });
    expect(decideUp(list, 'production', 's')).toMatchObject({ diagnostic: { code: 'PREVIEW_IS_SOURCE' } });
    expect(decideUp(list, 'Staging', 's')).toMatchObject({ diagnostic: { code: 'PREVIEW_NOT_PREVIEW' } });
  });
  it('down does nothing without the name, deletes a preview, refuses the source and non-previews', () => {
    expect(decideDown(list, 'pr-9', 's')).toEqual({ action: 'nothing' });
    expect(decideDown(list, 'pr-1', 's')).toEqual({ action: 'delete', environment: list[1] });
    expect(decideDown(list, 'PRODUCTION', 's')).toMatchObject({ diagnostic: { code: 'PREVIEW_IS_SOURCE' } });
    expect(decideDown(list, 'staging', 's')).toMatchObject({ diagnostic: { code: 'PREVIEW_NOT_PREVIEW' } });
  });
});

describe('mapToPreview', () => {
  const resolved: ResolvedManifest = {
    file: 'f.yaml',
    environmentId: 's',
    environment: { organization: 'Acme', project: 'shop', name: 'production' },
    services: [{ kind: 'container', id: 'src-web', pointer: '/containers/0', desired: { kind: 'container', image_tag: '1.0' } }],
    positions: {},
  };
  it('moves each service onto the preview’s service of the same kind and name (found through the source’s names)', () => {
    const mapped = mapToPreview(resolved, [{ id: 'src-web', name: 'Web', kind: 'container' }], { id: 'p1', name: 'pr-1', services: [{ id: 'p-web', name: 'web', kind: 'container' }] });
    expect(mapped).toMatchObject({ resolved: { environmentId: 'p1', environment: { id: 'p1', name: 'pr-1' }, services: [{ id: 'p-web', name: 'web' }] } });
  });
  it('a service the preview lacks is PREVIEW_SERVICE_MISSING', () => {
    const mapped = mapToPreview(resolved, [{ id: 'src-web', name: 'web', kind: 'container' }], { id: 'p1', name: 'pr-1', services: [{ id: 'x', name: 'web', kind: 'application' }] });
    expect(mapped).toMatchObject({ diagnostics: [{ code: 'PREVIEW_SERVICE_MISSING' }] });
  });
});
