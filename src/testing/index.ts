/**
 * Test helpers for IaC suites: the declarative test-file runner and the matchers.
 */
export { parseTestSuite, runTestSuite } from './suite.js';
export type { ParseTestSuiteResult, RunTestSuiteOptions, TestCaseResult, TestSuiteResult, WorldFile } from './suite.js';
export type { ExpectedDecision, TestSuite, TestSuiteInput, WorldSource } from './suite-schema.js';
export { formatSuiteTable } from './table.js';
export type { FormatSuiteTableOptions } from './table.js';
export { iamVerdictMatchers } from './matchers.js';
export type { IamVerdictMatchers, MatcherResult, MatcherSubject } from './matchers.js';
export { describeDecision } from './describe.js';
