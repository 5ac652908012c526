import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createAuthorizer, validateWorld, type AuthorizationRequest, type Authorizer, type AuthorizerOptions } from '../../src/index.js';
import type { ImportResult } from '../../src/import/result.js';

/** Text of a fixture file. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Asserts that an import succeeded with a valid, compilable world, and returns its authorizer. */
export function authorizerOf(result: ImportResult, options: AuthorizerOptions = {}): Authorizer & { arns: Readonly<Record<string, string>> } {
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

/** Warning codes and paths, for assertions. */
export function warningsOf(result: ImportResult): { code: string; path: string }[] {
  return result.warnings.map((w) => ({ code: w.code, path: w.path }));
}

/** A managed-policy catalog holding only AWSLambdaBasicExecutionRole. */
export const LAMBDA_BASIC = (arn: string): unknown =>
  arn === 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
    ? {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
      }
    : undefined;
