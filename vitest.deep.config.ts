import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The deep run (`npm run test:deep`, run by CI after `npm test`): the property, differential and
 * hostile-input suites, and every other file whose properties take their counts from `runs()`
 * (test/depth.ts), at their full case counts (`IAM_VERDICT_DEEP=1`). `npm test` runs the same
 * suites with a tenth of the cases, and `npm run fuzz` with a million (`FUZZ_RUNS`). A test file
 * that takes its counts from `runs()` belongs in this list.
 */
export const DEEP_SUITES = [
  'test/properties/**/*.test.ts',
  'test/hostile/**/*.test.ts',
  'test/match/glob-prefix.test.ts',
  'test/match/arn-literal-prefix.test.ts',
  'test/policy/parse-json.test.ts',
  'test/policy/parse-policy.test.ts',
  'test/import/import-world.test.ts',
  'test/import/cloudformation-edge.test.ts',
  'test/condition/date.test.ts',
  'test/condition/context.test.ts',
];

// Not mergeConfig: it would append these files to the base config's `include` (every test file).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: DEEP_SUITES,
    env: { IAM_VERDICT_DEEP: '1' },
  },
});
