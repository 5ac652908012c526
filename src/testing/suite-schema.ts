/**
 * The declarative test file (YAML or JSON): where the world comes from and the requests with the
 * decisions they must get. See docs/iac-testing.md.
 */
import { z } from 'zod';
import { WORLD_FORMATS } from '../import/index.js';

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const contextValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** The expected outcome: `Deny` accepts either kind of deny. */
export const expectedDecision = z.enum(['Allow', 'Deny', 'ExplicitDeny', 'ImplicitDeny']);

const worldSource = z
  .object({
    format: z.enum(WORLD_FORMATS).default('world'),
    /** File(s) the caller's `loadWorld` reads; several for `authorization-details` and `cloudformation`. */
    path: stringOrList.optional(),
    /** The world (or template, plan, snapshot) itself. */
    inline: z.unknown().optional(),
    /** Importer options: accountId, region, partition, parameters, stackName, imports, conditions. */
    options: z
      .object({
        accountId: z
          .string()
          .regex(/^\d{12}$/, 'an account id is 12 digits')
          .optional(),
        region: z.string().optional(),
        partition: z.string().optional(),
        parameters: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
          .optional(),
        stackName: z.string().optional(),
        imports: z.record(z.string(), z.string()).optional(),
        conditions: z.record(z.string(), z.boolean()).optional(),
      })
      .strict()
      .optional(),
    /** `authorization-details`: a file of organization data. */
    organization: z.string().min(1).optional(),
    /** `authorization-details`: files of resource-based policies. */
    resourcePolicies: z
      .array(
        z
          .object({
            resource: z.string().startsWith('arn:'),
            path: z.string().min(1),
            kind: z.enum(['generic', 'kms-key']).optional(),
            account: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict()
  .refine((w) => (w.path === undefined) !== (w.inline === undefined), {
    message: 'give exactly one of path and inline',
  })
  .refine((w) => w.format === 'authorization-details' || w.format === 'cloudformation' || typeof w.path !== 'object', {
    message:
      'several paths are only for authorization-details (one snapshot per account) and cloudformation (the stacks of an app)',
  });

const request = {
  principal: z.string().min(1).optional(),
  resourceAccount: z.string().optional(),
  resourcePolicy: z.string().optional(),
  time: z.union([z.string(), z.number()]).optional(),
  context: z.record(z.string(), contextValue).optional(),
  /** The VPC endpoint the requests come through (spec §4.15). */
  vpcEndpoint: z.string().optional(),
};

const testCase = z
  .object({
    name: z.string().min(1).optional(),
    ...request,
    accessKeyId: z.string().optional(),
    sessionToken: z.string().optional(),
    action: stringOrList,
    resource: stringOrList,
    sts: z.record(z.string(), z.unknown()).optional(),
    /** `s3:PutBucketPolicy`: the new bucket policy (spec §4.16). */
    requestPolicy: z.unknown().optional(),
    expect: expectedDecision,
    /** The expected reason code of a non-policy failure (`ExpiredToken`, …). */
    reason: z.string().optional(),
  })
  .strict();

/** The zod schema of a test file. */
export const testSuiteSchema = z
  .object({
    /** A title for the report. */
    name: z.string().optional(),
    world: worldSource,
    /**
     * Where AWS managed policies the world attaches come from: `aws` (the bundled AWS managed
     * policies, the CLI's default) or `none`. Unset: whatever the runner was given.
     */
    managedPolicies: z.enum(['aws', 'none']).optional(),
    /** `true`: an attached managed policy nothing defines is an error, not a warning. */
    strict: z.boolean().optional(),
    /** Values every test inherits unless it sets them. */
    defaults: z.object(request).strict().optional(),
    tests: z.array(testCase).min(1, 'a test file needs at least one test'),
  })
  .strict();

// The public types are written by hand (src/types/test-suite.ts); test/types/api-types.test.ts
// proves that this schema's input and output are exactly those types.
export type { TestSuite, TestSuiteInput, WorldSource, ExpectedDecision } from '../types/test-suite.js';
