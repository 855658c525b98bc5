import { defineConfig } from 'vitest/config';
import { BUILT } from './vitest.config.js';

/**
 * The tests Stryker runs against each mutant (`npm run mutate`): the unit tests of the exactly-once
 * rules and the HTTP client's socket tests. End-to-end runs of the CLI are left out: each covers
 * every mutant of the core, so each mutant would rerun minutes of them (hours in all). A mutant
 * they would kill but these miss counts as surviving: the score is a lower bound.
 */
export default defineConfig({
  test: {
    include: [
      // The rules, as pure functions: milliseconds per mutant.
      'test/plan/**/*.test.ts',
      'test/apply/exactly-once-rules.test.ts',
      'test/apply/landing-evidence.test.ts',
      'test/apply/targets-actions.test.ts',
      'test/apply/reconcile.test.ts',
      'test/compile/**/*.test.ts',
      'test/bad-day/find-execution.test.ts',
      'test/reporting/redact.test.ts',
      'test/qovery/api-url.test.ts',
      'test/qovery/endpoint.test.ts',
      'test/qovery/parse.test.ts',
      'test/net/**/*.test.ts',
      'test/timing/deadline.test.ts',
      'test/kinds.test.ts',
      // The HTTP client over real sockets (a simulator or a node:http server per test).
      'test/qovery/client.test.ts',
      'test/qovery/stalled-body.test.ts',
      'test/qovery/read-shape.test.ts',
    ],
    exclude: ['node_modules/**', 'dist/**', ...BUILT],
    provide: { built: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
