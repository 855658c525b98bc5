/** Fixtures for the simulator tests, built from the demo's. */
import { DEMO_FIXTURE, type SimFixture } from '../../src/simulator/index.js';

export const STAGING_ENV = '7a1b0c2d-0000-4000-8000-000000000002';
export const STAGING_WEB = '5e7c0000-0000-4000-8000-000000000102';
export const OTHER_ORG = '0a1b0c2d-0000-4000-8000-000000000009';

/** The demo plus a `staging` environment (one container) and a second organization with nothing visible to limited tokens. */
export function twoEnvironments(): SimFixture {
  const fixture = structuredClone(DEMO_FIXTURE);
  const project = fixture.organizations[0]?.projects[0];
  project?.environments.push({
    id: STAGING_ENV,
    name: 'staging',
    mode: 'STAGING',
    services: [{ kind: 'container', id: STAGING_WEB, name: 'web-staging', image: 'ghcr.io/acme/web', version: '1.5.0-rc.1' }],
  });
  fixture.organizations.push({
    id: OTHER_ORG,
    name: 'Globex',
    projects: [
      {
        id: '1a1b0c2d-0000-4000-8000-000000000009',
        name: 'site',
        environments: [{ id: '7a1b0c2d-0000-4000-8000-000000000009', name: 'production', services: [] }],
      },
    ],
  });
  return fixture;
}
