/**
 * `iam-verdict/testing`: IAM tests for infrastructure code. The declarative test-suite runner
 * (`parseTestSuite`, `runTestSuite`, `formatSuiteTable`), `describeDecision`, `completeRequest`, and the
 * matchers as plain functions (for jest or any `expect.extend`; vitest users import `iam-verdict/vitest`,
 * which also adds their types to vitest's `expect`).
 *
 * @module iam-verdict/testing
 */
export {
  describeDecision,
  formatSuiteTable,
  iamVerdictMatchers,
  parseTestSuite,
  runTestSuite,
} from '../testing/index.js';
export type {
  ExpectedDecision,
  FormatSuiteTableOptions,
  IamVerdictMatchers,
  MatcherResult,
  MatcherSubject,
  ParseTestSuiteResult,
  RunTestSuiteOptions,
  TestCaseResult,
  TestSuite,
  TestSuiteInput,
  TestSuiteResult,
  WorldFile,
  WorldSource,
} from '../testing/index.js';
// Request checks against the world and the service catalog (issue #13), and matchers bound to a catalog.
export { checkRequest, REFUSAL_REASONS } from '../testing/check-request.js';
export type { RefusalReason, RequestCheck } from '../testing/check-request.js';
export { createIamVerdictMatchers } from '../testing/matchers.js';
export type { IamVerdictMatchersOptions, MatcherOptions } from '../testing/matchers.js';
