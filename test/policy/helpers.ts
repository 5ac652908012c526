import { parsePolicy, type ParsePolicyOptions, type ParsePolicyResult } from '../../src/policy/parse.js';
import type { PolicyType } from '../../src/policy/ast.js';

/** A one-statement 2012-10-17 document; members set to `undefined` are left out. */
export function doc(statement: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  return { Version: '2012-10-17', ...top, Statement: [statement] };
}

/** An identity-policy statement with overrides. */
export function identityStatement(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra };
}

/** A resource-policy statement with overrides. */
export function resourceStatement(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Principal: { AWS: '111122223333' },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::bucket/*',
    ...extra,
  };
}

/** Parses with the given type (and options). */
export function parse(input: unknown, type: PolicyType, options: Partial<ParsePolicyOptions> = {}): ParsePolicyResult {
  return parsePolicy(input, { type, ...options });
}

/** Codes of the errors (empty when ok). */
export function errorCodes(result: ParsePolicyResult): string[] {
  return result.ok ? [] : result.errors.map((e) => e.code);
}

/** Codes of the warnings. */
export function warningCodes(result: ParsePolicyResult): string[] {
  return result.warnings.map((w) => w.code);
}
