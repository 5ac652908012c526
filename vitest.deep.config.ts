import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The deep run (`npm run test:deep`, run by CI after `npm test`): the property, differential and
 * hostile-input suites at their full case counts (`IAM_VERDICT_DEEP=1`, read by `runs()` in
 * test/reference/generators.ts). `npm test` runs the same suites with a tenth of the cases, and
 * `npm run fuzz` runs them with a million (`FUZZ_RUNS`).
 */
export const DEEP_SUITES = [
  'test/properties/**/*.test.ts',
  'test/hostile/**/*.test.ts',
  'test/match/glob-prefix.test.ts',
  'test/match/arn-literal-prefix.test.ts',
];

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: DEEP_SUITES,
      env: { IAM_VERDICT_DEEP: '1' },
    },
  }),
);
