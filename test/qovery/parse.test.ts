import { describe, expect, it } from 'vitest';
import { parseHistory, parseQueue, parseServices, parseStatuses } from '../../src/qovery/live-state.js';
import { parseNamedList } from '../../src/qovery/names.js';
import { ShapeError } from '../../src/qovery/shape.js';

/**
 * Issue 10 item 4: every parser checks the fields of Qovery's spec that qovery-deploy relies on.
 * A missing or mistyped one throws a ShapeError naming it (never an empty list); unknown enum
 * values and extra fields are accepted.
 */
const ID = '5e7c0000-0000-4000-8000-000000000001';
const REQ = 'd0000000-0000-4000-8000-000000000001';
const SHA = 'a'.repeat(40);
const MAINTENANCE = { status: 503, message: 'maintenance' };

const repo = (commit?: string) => ({ provider: 'GITHUB', owner: 'acme', url: 'https://github.com/acme/x.git', name: 'acme/x', ...(commit ? { deployed_commit_id: commit } : {}) });
const services = () => ({
  results: [
    { id: ID, name: 'api', service_type: 'APPLICATION', git_repository: repo(SHA) },
    { id: '5e7c0000-0000-4000-8000-000000000002', name: 'web', service_type: 'CONTAINER', tag: '1.10' },
    { id: '5e7c0000-0000-4000-8000-000000000003', name: 'db', service_type: 'DATABASE' },
    { id: '5e7c0000-0000-4000-8000-000000000004', name: 'job', service_type: 'JOB', source: { image: { image_name: 'j', tag: '2.0' } } },
    { id: '5e7c0000-0000-4000-8000-000000000005', name: 'chart', service_type: 'HELM', source: { repository: { chart_name: 'c', chart_version: '4.11.3' } }, values_override: { file: { git: { git_repository: repo(SHA) } } } },
    { id: '5e7c0000-0000-4000-8000-000000000006', name: 'tf', service_type: 'TERRAFORM', terraform_files_source: { git: { git_repository: repo(SHA) } } },
    { id: '5e7c0000-0000-4000-8000-000000000007', name: 'argo', service_type: 'ARGOCD_APP', whatever: [1, 2] },
  ],
});
const status = (overrides: Record<string, unknown> = {}) => ({
  id: ID,
  state: 'DEPLOYED',
  service_deployment_status: 'UP_TO_DATE',
  is_part_last_deployment: true,
  status_details: { action: 'DEPLOY', status: 'SUCCESS', sub_action: 'NONE' },
  deployment_request_id: REQ,
  deployment_requests_count: 0,
  ...overrides,
});
const statuses = () => ({ environment: {}, applications: [status()], containers: [], jobs: [], databases: [], helms: [], terraforms: [] });
const stage = (service: Record<string, unknown>) => ({ name: 'DEFAULT', status: 'DONE', services: [service] });
const queue = () => ({
  results: [
    {
      identifier: { deployment_request_id: REQ, environment_id: 'e' },
      auditing_data: { triggered_by: 'someone' },
      trigger_action: 'DEPLOY',
      stages: [stage({ identifier: { service_id: ID, service_type: 'APPLICATION', name: 'api' }, status: 'QUEUED' })],
    },
  ],
});
const history = () => ({
  page: 1,
  page_size: 10,
  results: [
    {
      identifier: { execution_id: 'e-1', environment_id: 'e' },
      auditing_data: { created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', triggered_by: 'someone' },
      status: 'DEPLOYED',
      trigger_action: 'DEPLOY',
      total_duration: 'PT1S',
      action_status: 'SUCCESS',
      stages: [
        stage({
          identifier: { service_id: ID, service_type: 'APPLICATION', name: 'api' },
          status: 'DEPLOYED',
          details: { commit: { git_commit_id: SHA } },
          status_details: { action: 'DEPLOY', status: 'SUCCESS', sub_action: 'NONE' },
        }),
      ],
    },
  ],
});

/** Applies `edit` to a fresh valid body and expects a ShapeError naming `field`. */
function expectShapeError(parse: (body: unknown) => unknown, body: unknown, field: string): void {
  let thrown: unknown;
  try {
    parse(body);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a ShapeError naming ${field}`).toBeInstanceOf(ShapeError);
  expect((thrown as ShapeError).field).toBe(field);
}

function edited<T>(make: () => T, edit: (body: T) => void): T {
  const body = make();
  edit(body);
  return body;
}

/** The tests edit arbitrary JSON. */
type Any = any;

describe('a well-formed answer of the wrong shape is an error naming the field, never an empty list', () => {
  const parsers = { parseServices, parseStatuses, parseQueue, parseHistory, parseNamedList };
  for (const [name, parse] of Object.entries(parsers)) {
    it(`${name}: 200 {"status":503,"message":"maintenance"}, an array, a string and null are refused`, () => {
      expectShapeError(parse, MAINTENANCE, name === 'parseStatuses' ? 'applications' : 'results');
      expectShapeError(parse, [], 'the answer');
      expectShapeError(parse, 'maintenance', 'the answer');
      expectShapeError(parse, null, 'the answer');
    });
  }
});

describe('parseServices', () => {
  it('reads every kind; an unknown service type is kept as "other"', () => {
    const parsed = parseServices(services());
    expect(parsed.map((s) => [s.name, s.kind, s.source, s.version ?? null])).toEqual([
      ['api', 'application', 'git', SHA],
      ['web', 'container', 'image', '1.10'],
      ['db', 'database', 'none', null],
      ['job', 'job', 'image', '2.0'],
      ['chart', 'helm', 'chart', '4.11.3'],
      ['tf', 'terraform', 'git', SHA],
      ['argo', 'other', 'none', null],
    ]);
    expect(parsed[4]).toMatchObject({ hasGitValuesOverride: true, valuesOverrideCommit: SHA });
  });

  const cases: [string, (b: Any) => void, string][] = [
    ['results is not a list', (b) => (b.results = { 0: {} }), 'results'],
    ['an item is not an object', (b) => (b.results[1] = 'web'), 'results[1]'],
    ['an id is missing', (b) => delete b.results[0].id, 'results[0].id'],
    ['an id is empty', (b) => (b.results[0].id = ''), 'results[0].id'],
    ['a name is a number', (b) => (b.results[2].name = 3), 'results[2].name'],
    ['service_type is missing', (b) => delete b.results[1].service_type, 'results[1].service_type'],
    ['a container has no tag', (b) => delete b.results[1].tag, 'results[1].tag'],
    ['a job has no source', (b) => delete b.results[3].source, 'results[3].source'],
    ['a job image has a numeric tag', (b) => (b.results[3].source.image.tag = 2), 'results[3].source.image.tag'],
    ['a job source is neither image nor docker', (b) => (b.results[3].source = {}), 'results[3].source.docker'],
    ['a helm has no values_override', (b) => delete b.results[4].values_override, 'results[4].values_override'],
    ['a helm chart version is missing', (b) => delete b.results[4].source.repository.chart_version, 'results[4].source.repository.chart_version'],
    ['a deployed commit is a number', (b) => (b.results[0].git_repository.deployed_commit_id = 1), 'results[0].git_repository.deployed_commit_id'],
  ];
  for (const [name, edit, field] of cases) {
    it(`refuses an answer where ${name}`, () => expectShapeError(parseServices, edited(services, edit), field));
  }
});

describe('parseStatuses', () => {
  it('keeps unknown states and actions as text, and reads a missing or null request id as null', () => {
    const body: Any = statuses();
    body.applications = [status({ state: 'SOME_NEW_STATE', status_details: { action: 'NEW', status: 'NEW' }, deployment_request_id: null })];
    body.containers = [status({ id: 'c', deployment_request_id: undefined })];
    const parsed = parseStatuses(body);
    expect(parsed[ID]).toMatchObject({ state: 'SOME_NEW_STATE', action: 'NEW', actionStatus: 'NEW', deploymentRequestId: null });
    expect(parsed.c?.deploymentRequestId).toBeNull();
  });

  const cases: [string, (b: Any) => void, string][] = [
    ['a per-kind list is missing', (b) => delete b.terraforms, 'terraforms'],
    ['an id is missing', (b) => delete b.applications[0].id, 'applications[0].id'],
    ['a state is missing', (b) => delete b.applications[0].state, 'applications[0].state'],
    ['a state is a number', (b) => (b.applications[0].state = 1), 'applications[0].state'],
    ['service_deployment_status is missing', (b) => delete b.applications[0].service_deployment_status, 'applications[0].service_deployment_status'],
    ['a request id is a number', (b) => (b.applications[0].deployment_request_id = 7), 'applications[0].deployment_request_id'],
    ['status_details is missing', (b) => delete b.applications[0].status_details, 'applications[0].status_details'],
    ['status_details.action is missing', (b) => delete b.applications[0].status_details.action, 'applications[0].status_details.action'],
  ];
  for (const [name, edit, field] of cases) {
    it(`refuses an answer where ${name}`, () => expectShapeError(parseStatuses, edited(statuses, edit), field));
  }
});

describe('parseQueue', () => {
  it('reads the request id, its trigger action and its services', () => {
    expect(parseQueue(queue())).toEqual([{ id: REQ, triggerAction: 'DEPLOY', serviceIds: [ID], triggeredBy: 'someone' }]);
  });

  const cases: [string, (b: Any) => void, string][] = [
    ['identifier is missing', (b) => delete b.results[0].identifier, 'results[0].identifier'],
    ['the request id is missing', (b) => delete b.results[0].identifier.deployment_request_id, 'results[0].identifier.deployment_request_id'],
    ['trigger_action is missing', (b) => delete b.results[0].trigger_action, 'results[0].trigger_action'],
    ['stages is missing', (b) => delete b.results[0].stages, 'results[0].stages'],
    ['a stage has no services', (b) => delete b.results[0].stages[0].services, 'results[0].stages[0].services'],
    ['a service id is a number', (b) => (b.results[0].stages[0].services[0].identifier.service_id = 1), 'results[0].stages[0].services[0].identifier.service_id'],
  ];
  for (const [name, edit, field] of cases) {
    it(`refuses an answer where ${name}`, () => expectShapeError(parseQueue, edited(queue, edit), field));
  }
});

describe('parseHistory', () => {
  it('reads the trigger action, and per service what it did and the version', () => {
    expect(parseHistory(history())).toEqual([
      { executionId: 'e-1', status: 'DEPLOYED', triggerAction: 'DEPLOY', createdAt: '2026-01-01T00:00:00Z', services: [{ id: ID, action: 'DEPLOY', subAction: 'NONE', version: SHA, status: 'DEPLOYED' }] },
    ]);
  });

  const cases: [string, (b: Any) => void, string][] = [
    ['results is missing', (b) => delete b.results, 'results'],
    ['the execution id is missing', (b) => delete b.results[0].identifier.execution_id, 'results[0].identifier.execution_id'],
    ['trigger_action is missing', (b) => delete b.results[0].trigger_action, 'results[0].trigger_action'],
    ['status is missing', (b) => delete b.results[0].status, 'results[0].status'],
    ['a service has no details', (b) => delete b.results[0].stages[0].services[0].details, 'results[0].stages[0].services[0].details'],
    ['a service has no status_details', (b) => delete b.results[0].stages[0].services[0].status_details, 'results[0].stages[0].services[0].status_details'],
    ['a commit id is a number', (b) => (b.results[0].stages[0].services[0].details.commit.git_commit_id = 5), 'results[0].stages[0].services[0].details.commit.git_commit_id'],
  ];
  for (const [name, edit, field] of cases) {
    it(`refuses an answer where ${name}`, () => expectShapeError(parseHistory, edited(history, edit), field));
  }
});

describe('parseNamedList (organizations, projects, environments)', () => {
  it('reads ids and names, extra fields ignored', () => {
    expect(parseNamedList({ results: [{ id: ID, name: 'Acme', plan: 'TEAM' }] })).toEqual([{ id: ID, name: 'Acme' }]);
    expect(parseNamedList({ results: [] })).toEqual([]);
  });
  it('refuses an item without an id or a name', () => {
    expectShapeError(parseNamedList, { results: [{ name: 'Acme' }] }, 'results[0].id');
    expectShapeError(parseNamedList, { results: [{ id: ID, name: null }] }, 'results[0].name');
  });
});
