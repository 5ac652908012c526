/**
 * The declarative test file (docs/iac-testing.md) as hand-written types: `TestSuiteInput` as
 * written, `TestSuite` validated. The zod schema in src/testing/suite-schema.ts validates at run
 * time; test/types/api-types.test.ts proves the two agree.
 */

/** The world formats a test file may name. */
export type WorldFormat = 'world' | 'cloudformation' | 'terraform' | 'authorization-details';

/** The expected outcome of a test: `Deny` accepts either kind of deny. */
export type ExpectedDecision = 'Allow' | 'Deny' | 'ExplicitDeny' | 'ImplicitDeny';

/** A condition-key value as a test file writes it. */
export type TestContextValue = string | number | boolean | string[];

/** Importer options of a test file's world. */
export interface WorldSourceOptions {
  accountId?: string | undefined;
  region?: string | undefined;
  partition?: string | undefined;
  parameters?: Record<string, string | number | boolean | string[]> | undefined;
  stackName?: string | undefined;
  imports?: Record<string, string> | undefined;
  conditions?: Record<string, boolean> | undefined;
}

/** Where a test file's world comes from: exactly one of `path` and `inline`. */
export interface WorldSource {
  format: WorldFormat;
  /** File(s) the caller's `loadWorld` reads; several for `authorization-details` and `cloudformation`. */
  path?: string | string[] | undefined;
  /** The world (or template, plan, snapshot) itself. */
  inline?: unknown;
  options?: WorldSourceOptions | undefined;
  /** `authorization-details`: a file of organization data. */
  organization?: string | undefined;
  /** `authorization-details`: files of resource-based policies. */
  resourcePolicies?:
    | { resource: string; path: string; kind?: 'generic' | 'kms-key' | undefined; account?: string | undefined }[]
    | undefined;
}

/** Request members a test may set and `defaults` may give every test. */
export interface TestRequestDefaults {
  principal?: string | undefined;
  resourceAccount?: string | undefined;
  resourcePolicy?: string | undefined;
  time?: string | number | undefined;
  context?: Record<string, TestContextValue> | undefined;
  vpcEndpoint?: string | undefined;
}

/** One test: a request (or several: lists of actions and resources) and the decision it must get. */
export interface TestCase extends TestRequestDefaults {
  name?: string | undefined;
  accessKeyId?: string | undefined;
  sessionToken?: string | undefined;
  action: string | string[];
  resource: string | string[];
  sts?: Record<string, unknown> | undefined;
  requestPolicy?: unknown;
  expect: ExpectedDecision;
  /** The expected reason code of a non-policy failure (`ExpiredToken`, …). */
  reason?: string | undefined;
}

/** A validated test file. */
export interface TestSuite {
  name?: string | undefined;
  world: WorldSource;
  managedPolicies?: 'aws' | 'none' | undefined;
  strict?: boolean | undefined;
  defaults?: TestRequestDefaults | undefined;
  tests: TestCase[];
}

/** A test file as written (`world.format` defaults to `world`). */
export interface TestSuiteInput extends Omit<TestSuite, 'world'> {
  world: Omit<WorldSource, 'format'> & { format?: WorldFormat | undefined };
}
