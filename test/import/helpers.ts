import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  createAuthorizer,
  validateWorld,
  type AuthorizationRequest,
  type Authorizer,
  type AuthorizerOptions,
} from '../../src/index.js';
import type { ImportResult } from '../../src/import/result.js';
import { bundledCatalog } from '../../src/catalog/bundled.js';
import { checkRequest } from '../../src/testing/check-request.js';

/** Text of a fixture file. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Asserts that an import succeeded with a valid, compilable world, and returns its authorizer. */
export function authorizerOf(
  result: ImportResult,
  options: AuthorizerOptions = {},
): Authorizer & { arns: Readonly<Record<string, string>> } {
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors, null, 2)}`);
  const valid = validateWorld(result.world);
  expect(valid.ok ? [] : valid.errors).toEqual([]);
  const authorizer = createAuthorizer(result.world, options);
  expect(authorizer.errors).toEqual([]);
  expect(authorizer.ok).toBe(true);
  return Object.assign(authorizer, { arns: result.arns });
}

/** The decision value of a request. */
export function decide(authorizer: Authorizer, request: AuthorizationRequest): string {
  return authorizer.authorize({ time: '2026-01-01T00:00:00Z', ...request }).decision;
}

/**
 * The decision of a hand-worked question, after checking that the question is about the imported
 * world at all (its principal, account and resource exist, the action is one AWS has and fits the
 * resource): a Deny must not pass because the importer dropped the principal or the resource.
 */
export function verdict(authorizer: Authorizer, request: AuthorizationRequest): string {
  const full = { time: '2026-01-01T00:00:00Z', ...request };
  const check = checkRequest(authorizer, full, bundledCatalog());
  if (!check.ok) throw new Error(`not a question about this world (${check.reason}): ${check.message}`);
  return authorizer.authorize(full).decision;
}

/** Warning codes and paths, for assertions. */
export function warningsOf(result: ImportResult): { code: string; path: string }[] {
  return result.warnings.map((w) => ({ code: w.code, path: w.path }));
}

/** A managed-policy catalog holding only AWSLambdaBasicExecutionRole. */
export const LAMBDA_BASIC = (arn: string): unknown =>
  arn === 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
    ? {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: '*',
          },
        ],
      }
    : undefined;

const LOGS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
/**
 * The AWS managed policies SAM attaches, as test data (their statements as AWS publishes them,
 * trimmed to what the tests ask about).
 */
const SAM_MANAGED: Readonly<Record<string, readonly Record<string, unknown>[]>> = {
  'service-role/AWSLambdaBasicExecutionRole': [{ Effect: 'Allow', Action: LOGS, Resource: '*' }],
  AWSXrayWriteOnlyAccess: [
    {
      Effect: 'Allow',
      Action: [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:GetSamplingStatisticSummaries',
      ],
      Resource: '*',
    },
  ],
  'service-role/AWSLambdaVPCAccessExecutionRole': [
    {
      Effect: 'Allow',
      Action: [
        ...LOGS,
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      Resource: '*',
    },
  ],
  'service-role/AWSLambdaSQSQueueExecutionRole': [
    {
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', ...LOGS],
      Resource: '*',
    },
  ],
  AmazonSQSReadOnlyAccess: [
    {
      Effect: 'Allow',
      Action: [
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ListDeadLetterSourceQueues',
        'sqs:ListQueues',
        'sqs:ListMessageMoveTasks',
        'sqs:ListQueueTags',
      ],
      Resource: '*',
    },
  ],
};

/** A managed-policy catalog of the AWS managed policies SAM attaches (test data). */
export const SAM_CATALOG = (arn: string): unknown => {
  const path = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
  const statements =
    path !== undefined && Object.prototype.hasOwnProperty.call(SAM_MANAGED, path) ? SAM_MANAGED[path] : undefined;
  return statements ? { Version: '2012-10-17', Statement: statements } : undefined;
};
