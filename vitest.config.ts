import { defineConfig } from 'vitest/config';

/**
 * Test files that use the built package (dist/, bin/): the real bin as a child process, `npm
 * pack`, the bundle. Only they wait for the build; every other file runs from source, so running
 * one of those builds nothing. `spawnCli` refuses to run outside this list.
 */
export const BUILT = [
  'test/apply/stalled-body-process.test.ts',
  'test/bad-day/interrupt.test.ts',
  'test/ci/action.test.ts',
  'test/cli/code-cache.test.ts',
  'test/cli/fast-path.test.ts',
  'test/demo.test.ts',
  'test/deps.test.ts',
  'test/docs.test.ts',
  'test/fuzz/load-validate.test.ts',
  'test/package.test.ts',
  'test/preview/bin.test.ts',
  'test/qovery/proxy.test.ts',
  'test/render/interrupt.test.ts',
  'test/simulator/cli.test.ts',
  'test/validate/corpus.test.ts',
  'test/validate/hostile-files.test.ts',
  'test/validate/validate-command.test.ts',
];

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    // Forks, not threads: some tests spawn git and the CLI, and a V8 abort must not take a worker's siblings down.
    pool: 'forks',
    // Vitest's default on 2 cores is a single worker; two keep both cores busy.
    maxWorkers: 2,
    // Files share each worker's loaded modules: importing the CLI and its dependencies once per
    // worker instead of once per file halves the suite's CPU time. Nothing here mocks modules or
    // changes globals, and every helper scopes its state to the file that calls it.
    isolate: false,
    // Vite's transforms of the TypeScript sources are kept between runs (node_modules/.experimental-vitest-cache),
    // keyed by each file's content: a second run transforms only what changed.
    experimental: { fsModuleCache: true },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // test/global-setup.ts, per project: `source` regenerates the validator; `built` builds dist/ in
    // the background when a build input is newer than dist/ (QD_SKIP_BUILD=1: it is fresh), and its
    // files wait for that build. Both run as one group, the longest files first, on two workers.
    projects: [
      {
        extends: true,
        test: {
          name: 'source',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['node_modules/**', 'dist/**', ...BUILT],
          globalSetup: ['test/global-setup.ts'],
          provide: { built: false },
        },
      },
      {
        extends: true,
        test: {
          name: 'built',
          include: BUILT,
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/wait-for-build.ts'],
          provide: { built: true },
        },
      },
    ],
  },
});
