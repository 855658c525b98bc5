import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { BUILT } from './vitest.config.js';

/**
 * Files run in the order `include` lists them (cheapest first), not in Vitest's (longest first):
 * Stryker stops at a mutant's first failing test, so a mutant a pure test kills never reaches the
 * socket tests, and one a socket unit test kills never reaches the slow files at the end.
 */
class ListedOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const { root, include } = file.project.config;
      const path = relative(root, file.moduleId);
      const at = include.findIndex((glob) => (glob.includes('**') ? path.startsWith(glob.slice(0, glob.indexOf('**'))) : path === glob));
      return at === -1 ? include.length : at;
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

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
      'test/timing/retry-rules.test.ts',
      // The I/O side, one rule per test over a node:http server on loopback, waits on the virtual clock.
      'test/qovery/send.test.ts',
      'test/qovery/client-rules.test.ts',
      'test/apply/submit.test.ts',
      'test/wait/wait-rules.test.ts',
      'test/wait/failure-logs-rules.test.ts',
      // Slower (the CLI in-process, many sockets, a 40 MiB body): last.
      'test/qovery/client.test.ts',
      'test/qovery/stalled-body.test.ts',
      'test/qovery/read-shape.test.ts',
    ],
    exclude: ['node_modules/**', 'dist/**', ...BUILT],
    provide: { built: false },
    sequence: { sequencer: ListedOrder },
    // Every test here takes well under a second alone: a mutant that makes one hang fails it in
    // 10 s, before Stryker's own timeout (`timeoutMS`) would have to restart the worker.
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
