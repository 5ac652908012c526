import { describe, expect, it } from 'vitest';
import { doc, errorCodes, identityStatement, parse, warningCodes } from './helpers.js';

const withCondition = (condition: unknown, extra: Record<string, unknown> = {}) =>
  doc(identityStatement({ Condition: condition, ...extra }));

interface CheckCase {
  readonly code: string;
  readonly bad: unknown;
  readonly good: unknown;
  readonly severity?: 'error' | 'warning';
  /** Statement overrides for both examples (e.g. the Effect). */
  readonly extra?: Record<string, unknown>;
  readonly version?: string;
}

const CASES: readonly CheckCase[] = [
  {
    code: 'invalid-condition',
    bad: [{ StringEquals: { 'aws:username': 'a' } }],
    good: { StringEquals: { 'aws:username': 'a' } },
  },
  { code: 'invalid-condition', bad: 'aws:username', good: {} },
  { code: 'invalid-condition-block', bad: { StringEquals: 'aws:username' }, good: { StringEquals: {} } },
  {
    code: 'unknown-operator',
    bad: { stringEquals: { 'aws:username': 'a' } },
    good: { StringEquals: { 'aws:username': 'a' } },
  },
  {
    code: 'unknown-operator',
    bad: { StringMatches: { 'aws:username': 'a' } },
    good: { StringLikeIfExists: { 'aws:username': 'a*' } },
  },
  {
    code: 'unknown-operator',
    bad: { 'ForAllValues:Null': { 'aws:TagKeys': 'true' } },
    good: { Null: { 'aws:TagKeys': 'true' } },
  },
  {
    code: 'ifexists-on-null',
    bad: { NullIfExists: { 'aws:username': 'true' } },
    good: { Null: { 'aws:username': 'true' } },
  },
  {
    code: 'duplicate-condition-key',
    bad: { StringEquals: { 'aws:username': 'a', 'AWS:UserName': 'b' } },
    good: { StringEquals: { 'aws:username': ['a', 'b'] }, StringLike: { 'AWS:UserName': 'c*' } },
  },
  { code: 'empty-condition-key', bad: { StringEquals: { '': 'a' } }, good: { StringEquals: { k: 'a' } } },
  {
    code: 'empty-array',
    bad: { StringEquals: { 'aws:username': [] } },
    good: { StringEquals: { 'aws:username': [''] } },
  },
  {
    code: 'invalid-condition-value',
    bad: { StringEquals: { 'aws:username': null } },
    good: { StringEquals: { 'aws:username': 'null' } },
  },
  {
    code: 'invalid-condition-value',
    bad: { StringEquals: { 'aws:username': ['a', { b: 1 }] } },
    good: { StringEquals: { 'aws:username': ['a', 1, true] } },
  },
  {
    code: 'invalid-condition-value',
    bad: { StringEquals: { 'aws:username': [['a']] } },
    good: { StringEquals: { 'aws:username': ['a'] } },
  },
  {
    code: 'invalid-numeric-value',
    bad: { NumericLessThan: { 's3:max-keys': 'ten' } },
    good: { NumericLessThan: { 's3:max-keys': ['10', 2.5, '-3', '1e3'] } },
  },
  {
    code: 'invalid-numeric-value',
    bad: { NumericLessThan: { 's3:max-keys': '' } },
    good: { NumericLessThan: { 's3:max-keys': 10 } },
  },
  {
    code: 'invalid-numeric-value',
    bad: { NumericEquals: { 's3:max-keys': '0x10' } },
    good: { NumericEquals: { 's3:max-keys': '16' } },
  },
  {
    code: 'invalid-date-value',
    bad: { DateLessThan: { 'aws:CurrentTime': '2020-13-01' } },
    good: {
      DateLessThan: {
        'aws:CurrentTime': [
          '2020',
          '2020-12',
          '2020-02-29',
          '2020-01-01T10:00Z',
          '2020-01-01T10:00:59+02:00',
          '2020-01-01T10:00:00.123Z',
          '1700000000',
          1700000000.5,
        ],
      },
    },
  },
  {
    code: 'invalid-date-value',
    bad: { DateGreaterThan: { 'aws:CurrentTime': '2021-02-29' } },
    good: { DateGreaterThan: { 'aws:CurrentTime': '2024-02-29' } },
  },
  {
    code: 'invalid-date-value',
    bad: { DateEquals: { 'aws:CurrentTime': '2020-01-01T10:00:00' } },
    good: { DateEquals: { 'aws:CurrentTime': '2020-01-01T10:00:00Z' } },
  },
  {
    code: 'invalid-date-value',
    bad: { DateEquals: { 'aws:CurrentTime': 'yesterday' } },
    good: { DateEquals: { 'aws:CurrentTime': '2020-01-01' } },
  },
  {
    code: 'invalid-bool-value',
    bad: { Bool: { 'aws:SecureTransport': 'yes' } },
    good: { Bool: { 'aws:SecureTransport': ['true', 'False', 'TRUE', false] } },
  },
  {
    code: 'invalid-null-value',
    bad: { Null: { 'aws:TokenIssueTime': 'absent' } },
    good: { Null: { 'aws:TokenIssueTime': [true, 'false'] } },
  },
  {
    code: 'invalid-ip-value',
    bad: { IpAddress: { 'aws:SourceIp': '203.0.113.0/33' } },
    good: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '203.0.113.7', '2001:DB8:1234:5678::/64', '::1'] } },
  },
  {
    code: 'invalid-ip-value',
    bad: { NotIpAddress: { 'aws:SourceIp': '10.0.0' } },
    good: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  },
  {
    code: 'invalid-ip-value',
    bad: { IpAddress: { 'aws:SourceIp': 'fe80::1%eth0' } },
    good: { IpAddress: { 'aws:SourceIp': 'fe80::1/128' } },
  },
  {
    code: 'invalid-binary-value',
    bad: { BinaryEquals: { 'k:bin': 'not base64!' } },
    good: { BinaryEquals: { 'k:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } },
  },
  {
    code: 'condition-value-not-arn',
    severity: 'warning',
    bad: { ArnLike: { 'aws:SourceArn': 'my-bucket' } },
    good: {
      ArnLike: {
        'aws:SourceArn': [
          'arn:aws:s3:::my-bucket',
          'arn:aws:sqs:*',
          '*',
          'arn:aws:iam::${aws:PrincipalAccount}:role/x',
        ],
      },
    },
  },
  {
    code: 'variable-not-substituted',
    severity: 'warning',
    bad: { NumericLessThan: { 's3:max-keys': '${aws:MultiFactorAuthAge}' } },
    good: { NumericLessThan: { 's3:max-keys': '10' } },
  },
  {
    code: 'variable-not-substituted',
    severity: 'warning',
    bad: { IpAddress: { 'aws:SourceIp': '${aws:VpcSourceIp}' } },
    good: { StringEquals: { 'aws:SourceIp': '${aws:VpcSourceIp}' } },
  },
  {
    code: 'variable-not-substituted',
    severity: 'warning',
    bad: { StringEquals: { 'aws:ResourceTag/${aws:username}': 'x' } },
    good: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } },
  },
  {
    code: 'variable-is-literal',
    severity: 'warning',
    version: '2008-10-17',
    bad: { StringEquals: { 's3:prefix': '${aws:username}' } },
    good: { StringEquals: { 's3:prefix': 'home' } },
  },
  {
    code: 'set-operator-on-single-valued-key',
    severity: 'warning',
    bad: { 'ForAnyValue:StringEquals': { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/x' } },
    good: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'x' } },
  },
  {
    code: 'set-operator-on-single-valued-key',
    severity: 'warning',
    bad: { 'ForAnyValue:StringEquals': { 'aws:RequestTag/team': 'red' } },
    good: { StringEquals: { 'aws:RequestTag/team': 'red' } },
  },
  {
    code: 'multivalued-key-without-set-operator',
    severity: 'warning',
    bad: { StringLike: { 'aws:PrincipalOrgPaths': 'o-a/r-b/*' } },
    good: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a/r-b/*' }, Null: { 'aws:TagKeys': 'true' } },
  },
  {
    code: 'forallvalues-without-null-guard',
    severity: 'warning',
    bad: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
    good: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] }, Null: { 'AWS:tagkeys': 'false' } },
  },
  {
    code: 'forallvalues-without-null-guard',
    severity: 'warning',
    extra: { Effect: 'Allow' },
    bad: { 'ForAllValues:StringLike': { 'aws:TagKeys': 'a*' } },
    good: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } },
  },
  {
    code: 'wildcard-on-sensitive-key',
    severity: 'warning',
    bad: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } },
    good: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
  },
];

describe('condition checks', () => {
  it.each(CASES.map((c, i) => [`${c.code} #${i}`, c] as const))('%s', (_, c) => {
    const severity = c.severity ?? 'error';
    const top = c.version === undefined ? {} : { Version: c.version };
    const bad = parse({ ...(withCondition(c.bad, c.extra) as object), ...top }, 'identity');
    expect(severity === 'error' ? errorCodes(bad) : warningCodes(bad)).toContain(c.code);
    expect(bad.ok).toBe(severity === 'warning');
    const good = parse({ ...(withCondition(c.good, c.extra) as object), ...top }, 'identity');
    expect(good.ok ? [] : good.errors).toEqual([]);
    expect(warningCodes(good)).not.toContain(c.code);
  });

  it('does not warn about ForAllValues in a Deny statement', () => {
    const r = parse(
      withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' } }, { Effect: 'Deny' }),
      'identity',
    );
    expect(r.ok && warningCodes(r)).toEqual([]);
  });

  it('suggests the correctly cased operator', () => {
    const r = parse(withCondition({ stringequals: { k: 'v' } }), 'identity');
    expect(!r.ok && r.errors[0]?.message).toContain('did you mean "StringEquals"?');
  });

  it('flattens conditions to one clause per (operator, key) in document order, converting scalars to strings', () => {
    const r = parse(
      withCondition({
        'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 'b'], 'aws:CalledVia': 'x' },
        NumericLessThan: { 's3:max-keys': 10 },
        Bool: { 'aws:SecureTransport': false },
      }),
      'identity',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.statements[0]?.conditions).toEqual([
      {
        operator: 'ForAnyValue:StringLikeIfExists',
        base: 'StringLike',
        set: 'ForAnyValue',
        ifExists: true,
        key: 'aws:TagKeys',
        values: ['a*', 'b'],
        wasArray: true,
      },
      {
        operator: 'ForAnyValue:StringLikeIfExists',
        base: 'StringLike',
        set: 'ForAnyValue',
        ifExists: true,
        key: 'aws:CalledVia',
        values: ['x'],
        wasArray: false,
      },
      {
        operator: 'NumericLessThan',
        base: 'NumericLessThan',
        set: undefined,
        ifExists: false,
        key: 's3:max-keys',
        values: ['10'],
        wasArray: false,
      },
      {
        operator: 'Bool',
        base: 'Bool',
        set: undefined,
        ifExists: false,
        key: 'aws:SecureTransport',
        values: ['false'],
        wasArray: false,
      },
    ]);
  });

  it('reports every bad value with its own path', () => {
    const r = parse(withCondition({ NumericEquals: { k: ['1', 'x', 'y'] } }), 'identity');
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual([
      'Statement[0].Condition.NumericEquals.k[1]',
      'Statement[0].Condition.NumericEquals.k[2]',
    ]);
  });
});
