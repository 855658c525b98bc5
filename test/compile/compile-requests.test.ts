/**
 * compileRequests as a pure function: the exact requests apply sends. One batch call carries every
 * service but a terraform with an explicit action (which goes alone to its own endpoint), lists in
 * the spec's order, service ids in body order, no empty lists, and no request for no services.
 */
import { describe, expect, it } from 'vitest';
import { compileRequests } from '../../src/compile/compile-requests.js';
import type { ResolvedManifest, ResolvedService } from '../../src/types.js';

const ENV = '00000000-0000-4000-8000-000000000001';
const SHA = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);
const id = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

const resolvedWith = (services: ResolvedService[], environmentId = ENV): ResolvedManifest => ({ file: 'f.yaml', environmentId, environment: { id: environmentId }, services, positions: {} });
const service = (n: number, desired: ResolvedService['desired']): ResolvedService => ({ kind: desired.kind, id: id(n), pointer: `/${desired.kind}s/0`, desired });

const terraform = (n: number, action?: 'PLAN' | 'FORCE_UNLOCK' | 'MIGRATE_STATE') => service(n, { kind: 'terraform', commit: { ref: 'main', sha: SHA }, ...(action ? { action } : {}) });

describe('compileRequests', () => {
  it('puts every kind in its list of one batch call, lists in the spec order whatever the manifest order', () => {
    const services = [
      service(6, { kind: 'helm', source: 'chart', chart_version: '1.2.3', values_override_commit: { ref: 'v', sha: SHA2 } }),
      service(5, { kind: 'job', source: 'image', image_tag: '1.10' }),
      service(4, { kind: 'job', source: 'git', commit: { ref: 'main', sha: SHA } }),
      service(3, { kind: 'container', image_tag: 'v2' }),
      service(2, { kind: 'database' }),
      service(1, { kind: 'application', commit: { ref: 'main', sha: SHA } }),
      terraform(7),
      service(8, { kind: 'helm', source: 'git', commit: { ref: 'main', sha: SHA } }),
    ];
    const requests = compileRequests(resolvedWith(services));
    expect(requests).toEqual([
      {
        kind: 'deploy-all',
        method: 'POST',
        path: `/environment/${ENV}/service/deploy`,
        body: {
          applications: [{ application_id: id(1), git_commit_id: SHA }],
          databases: [id(2)],
          containers: [{ id: id(3), image_tag: 'v2' }],
          jobs: [
            { id: id(5), image_tag: '1.10' },
            { id: id(4), git_commit_id: SHA },
          ],
          helms: [
            { id: id(6), chart_version: '1.2.3', values_override_git_commit_id: SHA2 },
            { id: id(8), git_commit_id: SHA },
          ],
          terraforms: [{ id: id(7), git_commit_id: SHA }],
        },
        serviceIds: [id(1), id(2), id(3), id(5), id(4), id(6), id(8), id(7)],
      },
    ]);
    // The body's keys come in the spec's order too (a report shows them as Qovery sees them).
    expect(Object.keys(requests[0]!.body)).toEqual(['applications', 'databases', 'containers', 'jobs', 'helms', 'terraforms']);
  });

  it('leaves out a kind with nothing to deploy instead of sending an empty list', () => {
    const [request] = compileRequests(resolvedWith([service(3, { kind: 'container', image_tag: 'v2' })]));
    expect(request!.body).toEqual({ containers: [{ id: id(3), image_tag: 'v2' }] });
  });

  it('sends a terraform with an explicit action alone to POST /terraform/{id}/deploy, after the batch call', () => {
    const requests = compileRequests(resolvedWith([terraform(7, 'PLAN'), service(1, { kind: 'application', commit: { ref: 'main', sha: SHA } }), terraform(9, 'MIGRATE_STATE')]));
    expect(requests).toEqual([
      { kind: 'deploy-all', method: 'POST', path: `/environment/${ENV}/service/deploy`, body: { applications: [{ application_id: id(1), git_commit_id: SHA }] }, serviceIds: [id(1)] },
      { kind: 'terraform-action', method: 'POST', path: `/terraform/${id(7)}/deploy`, body: { git_commit_id: SHA, action: 'PLAN' }, serviceIds: [id(7)] },
      { kind: 'terraform-action', method: 'POST', path: `/terraform/${id(9)}/deploy`, body: { git_commit_id: SHA, action: 'MIGRATE_STATE' }, serviceIds: [id(9)] },
    ]);
  });

  it('sends only the terraform actions when nothing goes in the batch call (no empty batch)', () => {
    expect(compileRequests(resolvedWith([terraform(7, 'FORCE_UNLOCK')]))).toEqual([
      { kind: 'terraform-action', method: 'POST', path: `/terraform/${id(7)}/deploy`, body: { git_commit_id: SHA, action: 'FORCE_UNLOCK' }, serviceIds: [id(7)] },
    ]);
  });

  it('no services, no request', () => {
    expect(compileRequests(resolvedWith([]))).toEqual([]);
  });

  it('compiles only the services asked for (the plan’s deploy entries); every one by default', () => {
    const services = [service(1, { kind: 'application', commit: { ref: 'main', sha: SHA } }), service(2, { kind: 'database' }), terraform(7, 'PLAN')];
    const only = compileRequests(resolvedWith(services), { serviceIds: new Set([id(2)]) });
    expect(only).toEqual([{ kind: 'deploy-all', method: 'POST', path: `/environment/${ENV}/service/deploy`, body: { databases: [id(2)] }, serviceIds: [id(2)] }]);
    expect(compileRequests(resolvedWith(services), { serviceIds: new Set() })).toEqual([]);
    expect(compileRequests(resolvedWith(services)).flatMap((r) => r.serviceIds)).toEqual([id(1), id(2), id(7)]);
  });

  it('encodes the ids it puts in a path', () => {
    const odd = 'a/b?c';
    const [batch] = compileRequests(resolvedWith([{ ...service(2, { kind: 'database' }) }], odd));
    expect(batch!.path).toBe('/environment/a%2Fb%3Fc/service/deploy');
    const [action] = compileRequests(resolvedWith([{ ...terraform(7, 'PLAN'), id: odd }]));
    expect(action!.path).toBe('/terraform/a%2Fb%3Fc/deploy');
  });
});
