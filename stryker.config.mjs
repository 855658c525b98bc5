// Mutation testing of the exactly-once core (`npm run mutate`; issue 16). Not part of .ci/run: it
// takes minutes. The JSON report stays at Stryker's default place, reports/mutation/mutation.json.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  // The scope: plan, apply's exactly-once steps (submit, adopt, reconcile, targets and
  // the actions they send), wait, compile, the redactor, the API URL check and the HTTP client
  // with its retries. apply-plan.ts and cancel.ts only sequence these and are run end to end.
  mutate: [
    'src/plan/plan-deployment.ts',
    'src/apply/submit.ts',
    'src/apply/adopt.ts',
    'src/apply/reconcile.ts',
    'src/apply/targets.ts',
    'src/apply/actions.ts',
    'src/wait/*.ts',
    'src/compile/*.ts',
    'src/secrets/redact.ts',
    'src/qovery/endpoint.ts',
    'src/qovery/http.ts',
    'src/qovery/client.ts',
    'src/timing/retry.ts',
  ],
  reporters: ['clear-text', 'progress', 'json', 'html'],
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
