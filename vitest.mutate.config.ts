import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (`npm run mutate`): everything that exercises the
 * exactly-once core in-process. Tests of the built CLI, the package, git and the validator are
 * left out: a mutant of src/ never reaches dist/, and they cover none of the mutated files.
 */
export default defineConfig({
  test: {
    include: ['test/apply/**/*.test.ts', 'test/plan/**/*.test.ts', 'test/qovery/**/*.test.ts', 'test/net/**/*.test.ts', 'test/property/**/*.test.ts', 'test/reporting/**/*.test.ts', 'test/kinds.test.ts', 'test/cli/exit-codes.test.ts', 'test/cli/machine-output.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'test/apply/stalled-body.test.ts', 'test/qovery/proxy.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
