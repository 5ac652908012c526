import { describe, expect, it } from 'vitest';
import type { PolicyType } from '../../src/policy/ast.js';
import { doc, errorCodes, identityStatement, parse, resourceStatement as rs, warningCodes } from './helpers.js';

const trust = (principal: unknown, extra: Record<string, unknown> = {}) =>
  doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
const rcp = (extra: Record<string, unknown> = {}) =>
  doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', ...extra });

interface CheckCase {
  readonly code: string;
  readonly type: PolicyType;
  readonly bad: unknown;
  readonly good: unknown;
  readonly severity?: 'error' | 'warning';
}

const CASES: readonly CheckCase[] = [
  {
    code: 'principal-not-allowed',
    type: 'identity',
    bad: doc(identityStatement({ Principal: '*' })),
    good: doc(identityStatement()),
  },
  {
    code: 'principal-not-allowed',
    type: 'boundary',
    bad: doc(identityStatement({ NotPrincipal: { AWS: '111122223333' }, Effect: 'Deny' })),
    good: doc(identityStatement()),
  },
  {
    code: 'principal-not-allowed',
    type: 'session',
    bad: doc(identityStatement({ Principal: { AWS: '111122223333' } })),
    good: doc(identityStatement()),
  },
  {
    code: 'principal-not-allowed',
    type: 'scp',
    bad: doc(identityStatement({ Principal: '*' })),
    good: doc(identityStatement()),
  },
  { code: 'missing-principal', type: 'resource', bad: doc(rs({ Principal: undefined })), good: doc(rs()) },
  {
    code: 'missing-principal',
    type: 'trust',
    bad: doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
    good: trust({ Service: 'ec2.amazonaws.com' }),
  },
  { code: 'missing-principal', type: 'rcp', bad: rcp({ Principal: undefined }), good: rcp() },
  {
    code: 'missing-principal',
    type: 'endpoint',
    bad: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    good: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
  },
  {
    code: 'principal-and-notprincipal',
    type: 'resource',
    bad: doc(rs({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' } })),
    good: doc(rs({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: '111122223333' } })),
  },
  {
    code: 'notprincipal-not-allowed',
    type: 'trust',
    bad: doc({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }),
    good: trust({ AWS: '111122223333' }),
  },
  {
    code: 'notprincipal-not-allowed',
    type: 'rcp',
    bad: rcp({ Principal: undefined, NotPrincipal: { AWS: '111122223333' } }),
    good: rcp(),
  },
  {
    code: 'notprincipal-with-allow',
    type: 'resource',
    bad: doc(rs({ Principal: undefined, NotPrincipal: { AWS: '111122223333' } })),
    good: doc(rs({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: '111122223333' } })),
  },
  { code: 'rcp-principal-not-wildcard', type: 'rcp', bad: rcp({ Principal: { AWS: '111122223333' } }), good: rcp() },
  {
    code: 'federated-outside-trust',
    type: 'resource',
    bad: doc(rs({ Principal: { Federated: 'cognito-identity.amazonaws.com' } })),
    good: doc(rs()),
  },
  {
    code: 'service-principal-wildcard',
    type: 'resource',
    bad: doc(rs({ Principal: { Service: '*' } })),
    good: doc(rs({ Principal: { Service: ['s3.amazonaws.com', 'logs.us-east-1.amazonaws.com'] } })),
  },
  {
    code: 'invalid-service-principal',
    type: 'resource',
    bad: doc(rs({ Principal: { Service: 'not a service' } })),
    good: doc(rs({ Principal: { Service: 'ec2.amazonaws.com.cn' } })),
  },
  {
    code: 'unknown-principal-type',
    type: 'resource',
    bad: doc(rs({ Principal: { Aws: '111122223333' } })),
    good: doc(rs({ Principal: { AWS: '111122223333' } })),
  },
  { code: 'empty-principal', type: 'resource', bad: doc(rs({ Principal: {} })), good: doc(rs()) },
  {
    code: 'invalid-principal',
    type: 'resource',
    bad: doc(rs({ Principal: 'arn:aws:iam::111122223333:root' })),
    good: doc(rs({ Principal: '*' })),
  },
  {
    code: 'invalid-principal',
    type: 'resource',
    bad: doc(rs({ Principal: ['*'] })),
    good: doc(rs({ Principal: { AWS: ['*'] } })),
  },
  {
    code: 'empty-array',
    type: 'resource',
    bad: doc(rs({ Principal: { AWS: [] } })),
    good: doc(rs({ Principal: { AWS: ['111122223333'] } })),
  },
  {
    code: 'expected-string',
    type: 'resource',
    bad: doc(rs({ Principal: { AWS: 111122223333 } })),
    good: doc(rs({ Principal: { AWS: '111122223333' } })),
  },
  {
    code: 'principal-partial-wildcard',
    type: 'resource',
    bad: doc(rs({ Principal: { AWS: 'arn:aws:iam::123456789012:user/*' } })),
    good: doc(rs({ Principal: { AWS: 'arn:aws:iam::123456789012:user/path/alice' } })),
  },
  {
    code: 'principal-partial-wildcard',
    type: 'trust',
    bad: trust({ Federated: 'arn:aws:iam::123456789012:saml-provider/*' }),
    good: trust({ Federated: 'arn:aws:iam::123456789012:saml-provider/Okta' }),
  },
  {
    code: 'invalid-aws-principal',
    type: 'resource',
    bad: doc(rs({ Principal: { AWS: '12345' } })),
    good: doc(rs({ Principal: { AWS: 'AROA1234567890EXAMPLE' } })),
  },
  {
    code: 'invalid-aws-principal',
    type: 'resource',
    bad: doc(rs({ Principal: { AWS: 'arn:aws:iam::123456789012:group/devs' } })),
    good: doc(rs({ Principal: { AWS: 'arn:aws:iam::123456789012:role/app' } })),
  },
  {
    code: 'invalid-aws-principal',
    type: 'resource',
    bad: doc(rs({ Principal: { AWS: 'arn:aws:s3:::bucket' } })),
    good: doc(rs({ Principal: { AWS: 'arn:aws:sts::123456789012:assumed-role/app/session' } })),
  },
  {
    code: 'invalid-aws-principal',
    type: 'resource',
    bad: doc(rs({ Principal: { AWS: 'alice' } })),
    good: doc(rs({ Principal: { AWS: 'arn:aws-us-gov:sts::123456789012:federated-user/bob' } })),
  },
  {
    code: 'invalid-federated-principal',
    type: 'trust',
    bad: trust({ Federated: 'arn:aws:iam::123456789012:role/x' }),
    good: trust({ Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }),
  },
  {
    code: 'invalid-canonical-user',
    type: 'resource',
    bad: doc(rs({ Principal: { CanonicalUser: 'abc' } })),
    good: doc(rs({ Principal: { CanonicalUser: 'a'.repeat(64) } })),
  },
  {
    code: 'wildcard-principal-in-trust',
    type: 'trust',
    severity: 'warning',
    bad: trust('*'),
    good: trust({ AWS: '123456789012' }),
  },
  {
    code: 'wildcard-principal-in-trust',
    type: 'trust',
    severity: 'warning',
    bad: trust({ AWS: '*' }),
    good: trust({ Federated: 'accounts.google.com' }),
  },
];

describe('principal checks', () => {
  it.each(CASES.map((c, i) => [`${c.code} #${i}`, c] as const))('%s', (_, c) => {
    const severity = c.severity ?? 'error';
    const bad = parse(c.bad, c.type);
    expect(severity === 'error' ? errorCodes(bad) : warningCodes(bad)).toContain(c.code);
    expect(bad.ok).toBe(severity === 'warning');
    const good = parse(c.good, c.type);
    expect(good.ok ? [] : good.errors).toEqual([]);
    expect(warningCodes(good)).not.toContain(c.code);
  });

  it('builds the principal AST: "*" is a wildcard, {"AWS": "*"} is an entry', () => {
    const star = parse(doc(rs({ Principal: '*' })), 'resource');
    const aws = parse(doc(rs({ Principal: { AWS: '*', Service: ['a.amazonaws.com'] } })), 'resource');
    expect(star.ok && star.policy.statements[0]?.principal).toEqual({ not: false, wildcard: true, entries: [] });
    expect(aws.ok && aws.policy.statements[0]?.principal).toEqual({
      not: false,
      wildcard: false,
      entries: [
        { type: 'AWS', values: ['*'], wasArray: false },
        { type: 'Service', values: ['a.amazonaws.com'], wasArray: true },
      ],
    });
  });

  it('marks NotPrincipal with not: true', () => {
    const r = parse(
      doc(rs({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: ['111122223333'] } })),
      'resource',
    );
    expect(r.ok && r.policy.statements[0]?.principal?.not).toBe(true);
  });
});
