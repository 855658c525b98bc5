/**
 * The demo's seed, built in so `startSimulator()` and `npm run sim` work with no file at hand.
 * `examples/demo/fixture.json` is the same data as JSON (a test keeps the two equal).
 */
import type { SimFixture } from './fixture.js';

/** Ids of the demo fixture, for tests and scripts that want to address it without names. */
export const DEMO_IDS = {
  organization: '0a1b0c2d-0000-4000-8000-000000000001',
  project: '1a1b0c2d-0000-4000-8000-000000000001',
  environment: '7a1b0c2d-0000-4000-8000-000000000001',
  api: '5e7c0000-0000-4000-8000-000000000001',
  web: '5e7c0000-0000-4000-8000-000000000002',
  postgres: '5e7c0000-0000-4000-8000-000000000003',
  migrate: '5e7c0000-0000-4000-8000-000000000004',
  nightlyReport: '5e7c0000-0000-4000-8000-000000000005',
  ingress: '5e7c0000-0000-4000-8000-000000000006',
  monitoring: '5e7c0000-0000-4000-8000-000000000007',
  infra: '5e7c0000-0000-4000-8000-000000000008',
} as const;

/** Org `Acme`, project `shop`, environment `production`, one service of every kind and variant. */
export const DEMO_FIXTURE: SimFixture = {
  version: 1,
  organizations: [
    {
      id: DEMO_IDS.organization,
      name: 'Acme',
      projects: [
        {
          id: DEMO_IDS.project,
          name: 'shop',
          environments: [
            {
              id: DEMO_IDS.environment,
              name: 'production',
              mode: 'PRODUCTION',
              services: [
                {
                  kind: 'application',
                  id: DEMO_IDS.api,
                  name: 'api',
                  repository: 'https://github.com/acme/api.git',
                  version: '02b35b6fe0d7d6e905084969201f0d60fbee4fe3',
                },
                {
                  kind: 'container',
                  id: DEMO_IDS.web,
                  name: 'web',
                  image: 'ghcr.io/acme/web',
                  version: '1.4.2',
                },
                {
                  kind: 'database',
                  id: DEMO_IDS.postgres,
                  name: 'postgres',
                  type: 'POSTGRESQL',
                  mode: 'CONTAINER',
                  version: '16',
                },
                {
                  kind: 'job',
                  id: DEMO_IDS.migrate,
                  name: 'migrate',
                  source: 'git',
                  repository: 'https://github.com/acme/api.git',
                  version: '897f13018ef4b2f9f19f8cd5587659694ed909ff',
                },
                {
                  kind: 'job',
                  id: DEMO_IDS.nightlyReport,
                  name: 'nightly-report',
                  source: 'image',
                  image: 'ghcr.io/acme/nightly-report',
                  job_type: 'CRON',
                  schedule: '0 3 * * *',
                  version: '2026.10.01',
                },
                {
                  kind: 'helm',
                  id: DEMO_IDS.ingress,
                  name: 'ingress',
                  source: 'chart',
                  repository: 'https://kubernetes.github.io/ingress-nginx',
                  chart: 'ingress-nginx',
                  version: '4.11.2',
                },
                {
                  kind: 'helm',
                  id: DEMO_IDS.monitoring,
                  name: 'monitoring',
                  source: 'git',
                  repository: 'https://github.com/acme/monitoring.git',
                  version: '60eb1215e49d4ce50384a1f3590c6c1861f1bd6a',
                  values_override: {
                    repository: 'https://github.com/acme/helm-values.git',
                    version: 'd5faeaf2b9d660b2e0a25f04e8359006c479195f',
                  },
                },
                {
                  kind: 'terraform',
                  id: DEMO_IDS.infra,
                  name: 'infra',
                  repository: 'https://github.com/acme/infra.git',
                  version: 'ef7610a7cc5e3e32eaf8386dc0cb53606d34f176',
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};
