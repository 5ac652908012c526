import { describe, expect, it } from 'vitest';
import type { PolicyType } from '../../src/policy/ast.js';
import { doc, errorCodes, identityStatement as st, parse, warningCodes } from './helpers.js';

interface CheckCase {
  readonly code: string;
  readonly type: PolicyType;
  readonly bad: unknown;
  readonly good: unknown;
  readonly severity?: 'error' | 'warning';
  readonly options?: { strictSid?: boolean; maxSize?: number | false };
}

/** One failing and one passing example per check (document, statement, Action, Resource, Sid). */
const CASES: readonly CheckCase[] = [
  { code: 'document-not-object', type: 'identity', bad: ['Statement'], good: doc(st()) },
  { code: 'document-not-object', type: 'identity', bad: 42, good: doc(st()) },
  { code: 'unknown-top-level-member', type: 'identity', bad: { ...doc(st()), Statements: [] }, good: doc(st()) },
  { code: 'missing-statement', type: 'identity', bad: { Version: '2012-10-17' }, good: doc(st()) },
  {
    code: 'invalid-statement',
    type: 'identity',
    bad: { Version: '2012-10-17', Statement: 'Allow' },
    good: { Version: '2012-10-17', Statement: st() },
  },
  {
    code: 'statement-not-object',
    type: 'identity',
    bad: { Version: '2012-10-17', Statement: [st(), 'x'] },
    good: { Version: '2012-10-17', Statement: [st(), st()] },
  },
  { code: 'empty-array', type: 'identity', bad: { Version: '2012-10-17', Statement: [] }, good: doc(st()) },
  {
    code: 'unknown-statement-member',
    type: 'identity',
    bad: doc({ ...st(), Effect: undefined, effect: 'Allow' }),
    good: doc(st()),
  },
  {
    code: 'invalid-version',
    type: 'identity',
    bad: doc(st(), { Version: '2012-10-18' }),
    good: doc(st(), { Version: '2008-10-17' }),
  },
  { code: 'invalid-version', type: 'identity', bad: doc(st(), { Version: 2012 }), good: { Statement: [st()] } },
  { code: 'version-required', type: 'scp', bad: { Statement: [st()] }, good: doc(st()) },
  {
    code: 'version-required',
    type: 'rcp',
    bad: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }, { Version: '2008-10-17' }),
    good: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }),
  },
  {
    code: 'id-in-identity-policy',
    type: 'identity',
    severity: 'warning',
    bad: doc(st(), { Id: 'x' }),
    good: doc(st()),
  },
  {
    code: 'invalid-id',
    type: 'resource',
    bad: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*' }, { Id: 7 }),
    good: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*' }, { Id: 'x' }),
  },
  { code: 'missing-effect', type: 'identity', bad: doc(st({ Effect: undefined })), good: doc(st({ Effect: 'Deny' })) },
  { code: 'invalid-effect', type: 'identity', bad: doc(st({ Effect: 'allow' })), good: doc(st({ Effect: 'Allow' })) },
  { code: 'invalid-effect', type: 'identity', bad: doc(st({ Effect: true })), good: doc(st()) },
  {
    code: 'action-and-notaction',
    type: 'identity',
    bad: doc(st({ NotAction: 's3:*' })),
    good: doc(st({ Action: undefined, NotAction: 's3:*' })),
  },
  { code: 'missing-action', type: 'identity', bad: doc(st({ Action: undefined })), good: doc(st()) },
  { code: 'empty-array', type: 'identity', bad: doc(st({ Action: [] })), good: doc(st({ Action: ['s3:GetObject'] })) },
  {
    code: 'expected-string',
    type: 'identity',
    bad: doc(st({ Action: ['s3:GetObject', 3] })),
    good: doc(st({ Action: ['s3:GetObject', 's3:PutObject'] })),
  },
  { code: 'expected-string', type: 'identity', bad: doc(st({ Resource: { arn: '*' } })), good: doc(st()) },
  { code: 'empty-action', type: 'identity', bad: doc(st({ Action: '' })), good: doc(st({ Action: '*' })) },
  {
    code: 'invalid-action',
    type: 'identity',
    bad: doc(st({ Action: 'GetObject' })),
    good: doc(st({ Action: 's3:Get*' })),
  },
  { code: 'invalid-action', type: 'identity', bad: doc(st({ Action: 's3:' })), good: doc(st({ Action: 's3:*' })) },
  {
    code: 'invalid-action',
    type: 'identity',
    bad: doc(st({ Action: 's3:Get Object' })),
    good: doc(st({ Action: 's3:Get?bject' })),
  },
  {
    code: 'action-wildcard-in-service',
    type: 'identity',
    bad: doc(st({ Action: 's*:Get*' })),
    good: doc(st({ Action: 's3:Get*' })),
  },
  {
    code: 'resource-and-notresource',
    type: 'identity',
    bad: doc(st({ NotResource: 'arn:aws:s3:::b' })),
    good: doc(st({ Resource: undefined, NotResource: 'arn:aws:s3:::b' })),
  },
  { code: 'missing-resource', type: 'identity', bad: doc(st({ Resource: undefined })), good: doc(st()) },
  { code: 'missing-resource', type: 'boundary', bad: doc(st({ Resource: undefined })), good: doc(st()) },
  { code: 'missing-resource', type: 'session', bad: doc(st({ Resource: undefined })), good: doc(st()) },
  {
    code: 'missing-resource',
    type: 'rcp',
    bad: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*' }),
    good: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }),
  },
  {
    code: 'scp-missing-resource',
    type: 'scp',
    severity: 'warning',
    bad: doc(st({ Resource: undefined })),
    good: doc(st()),
  },
  {
    code: 'resource-in-trust-policy',
    type: 'trust',
    severity: 'warning',
    bad: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }),
    good: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  },
  { code: 'empty-resource', type: 'identity', bad: doc(st({ Resource: '' })), good: doc(st({ Resource: '*' })) },
  {
    code: 'invalid-resource',
    type: 'identity',
    bad: doc(st({ Resource: 'my-bucket' })),
    good: doc(st({ Resource: 'arn:aws:s3:::my-bucket' })),
  },
  {
    code: 'invalid-resource',
    type: 'identity',
    bad: doc(st({ Resource: 'arn:aws:s3:bucket' })),
    good: doc(st({ Resource: 'arn:aws:s3:*' })),
  },
  {
    code: 'invalid-resource',
    type: 'identity',
    bad: doc(st({ Resource: 'arn::s3:::b' })),
    good: doc(st({ Resource: 'arn:*:s3:::b' })),
  },
  {
    code: 'resource-wildcard-in-service',
    type: 'identity',
    bad: doc(st({ Resource: 'arn:aws:s*:::bucket' })),
    good: doc(st({ Resource: 'arn:aws:s3:*:*:bucket*' })),
  },
  {
    code: 'variable-outside-resource-part',
    type: 'identity',
    severity: 'warning',
    bad: doc(st({ Resource: 'arn:aws:iam::${aws:PrincipalAccount}:user/x' })),
    good: doc(st({ Resource: 'arn:aws:s3:::b/${aws:username}/*' })),
  },
  {
    code: 'variable-is-literal',
    type: 'identity',
    severity: 'warning',
    bad: { Statement: [st({ Resource: 'arn:aws:s3:::b/${aws:username}' })] },
    good: doc(st({ Resource: 'arn:aws:s3:::b/${aws:username}' })),
  },
  {
    code: 'invalid-account-id',
    type: 'identity',
    severity: 'warning',
    bad: doc(st({ Resource: 'arn:aws:iam::1234:role/x' })),
    good: doc(st({ Resource: 'arn:aws:iam::123456789012:role/x' })),
  },
  { code: 'invalid-sid', type: 'identity', bad: doc(st({ Sid: 'my sid' })), good: doc(st({ Sid: 'MySid1' })) },
  { code: 'invalid-sid', type: 'identity', bad: doc(st({ Sid: 12 })), good: doc(st({ Sid: '12' })) },
  { code: 'invalid-sid', type: 'identity', bad: doc(st({ Sid: 'a-b' })), good: doc(st({ Sid: 'a-b' })), options: {} },
  {
    code: 'duplicate-sid',
    type: 'identity',
    bad: { Version: '2012-10-17', Statement: [st({ Sid: 'A' }), st({ Sid: 'A' })] },
    good: { Version: '2012-10-17', Statement: [st({ Sid: 'A' }), st({ Sid: 'B' })] },
  },
  {
    code: 'duplicate-sid',
    type: 'resource',
    severity: 'warning',
    bad: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Sid: 'a b' },
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Sid: 'a b' },
      ],
    },
    good: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Sid: 'any text, allowed here' }),
  },
  {
    code: 'rcp-effect-not-deny',
    type: 'rcp',
    bad: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }),
    good: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
  },
  {
    code: 'rcp-notaction',
    type: 'rcp',
    bad: doc({ Effect: 'Deny', Principal: '*', NotAction: 's3:*', Resource: '*' }),
    good: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }),
  },
  {
    code: 'rcp-action-wildcard',
    type: 'rcp',
    bad: doc({ Effect: 'Deny', Principal: '*', Action: ['s3:*', '*'], Resource: '*' }),
    good: doc({ Effect: 'Deny', Principal: '*', Action: ['s3:*', 'sqs:*'], Resource: '*' }),
  },
  {
    code: 'policy-too-large',
    type: 'identity',
    bad: doc(st({ Resource: `arn:aws:s3:::${'b'.repeat(6200)}` })),
    good: doc(st({ Resource: `arn:aws:s3:::${'b'.repeat(6000)}` })),
  },
  {
    code: 'policy-too-large',
    type: 'identity',
    options: { maxSize: 100 },
    bad: doc(st({ Sid: 'x'.repeat(100) })),
    good: doc(st({ Sid: 'x'.repeat(100) })),
  },
  {
    code: 'invalid-character',
    type: 'identity',
    bad: doc(st({ Sid: 'Caf\u0100' })),
    good: doc(st({ Resource: 'arn:aws:s3:::caf\u00e9' })),
  },
  {
    code: 'invalid-character',
    type: 'identity',
    bad: doc(st({ Resource: 'arn:aws:s3:::\u0001' })),
    good: doc(st({ Resource: 'arn:aws:s3:::\t' })),
  },
];

describe('policy document checks', () => {
  it.each(CASES.map((c, i) => [`${c.code} #${i}`, c] as const))('%s', (_, c) => {
    const severity = c.severity ?? 'error';
    const codesOf = severity === 'error' ? errorCodes : warningCodes;
    const bad = parse(c.bad, c.type, c.options ?? {});
    expect(codesOf(bad)).toContain(c.code);
    if (severity === 'error') expect(bad.ok).toBe(false);
    else expect(bad.ok).toBe(true);
    // The good example is checked with default options unless the case is about an option.
    const goodOptions =
      c.options && 'maxSize' in c.options ? { maxSize: false as const } : c.options ? { strictSid: false } : {};
    const good = parse(c.good, c.type, goodOptions);
    expect(good.ok ? [] : good.errors).toEqual([]);
    expect(warningCodes(good)).not.toContain(c.code);
  });

  it('names the member of an Action or Resource list that is wrong, and the element when it is one string', () => {
    const pathsOf = (statement: Record<string, unknown>) => {
      const result = parse(doc({ Effect: 'Allow', ...statement }), 'identity');
      return result.ok ? [] : result.errors.map((e) => [e.code, e.path]);
    };
    expect(pathsOf({ Action: ['s3:GetObject', 'GetObject'], Resource: ['*', 'bucket'] })).toEqual([
      ['invalid-action', 'Statement[0].Action[1]'],
      ['invalid-resource', 'Statement[0].Resource[1]'],
    ]);
    expect(pathsOf({ NotAction: ['GetObject', 's3:GetObject'], NotResource: ['bucket'] })).toEqual([
      ['invalid-action', 'Statement[0].NotAction[0]'],
      ['invalid-resource', 'Statement[0].NotResource[0]'],
    ]);
    expect(pathsOf({ Action: 'GetObject', Resource: 'bucket' })).toEqual([
      ['invalid-action', 'Statement[0].Action'],
      ['invalid-resource', 'Statement[0].Resource'],
    ]);
  });

  it('suggests the correctly cased element name', () => {
    const r = parse(doc({ effect: 'Allow', Action: '*', Resource: '*' }), 'identity');
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toContain('unknown-statement-member');
    expect(r.ok ? undefined : r.errors.find((e) => e.code === 'unknown-statement-member')?.message).toContain(
      'did you mean "Effect"?',
    );
  });

  it('explains that Effect is case-sensitive', () => {
    const r = parse(doc(st({ Effect: 'deny' })), 'identity');
    // Without this the assertion below could be skipped and the test pass by accident.
    expect(r.ok).toBe(false);
    expect(r.ok ? undefined : r.errors[0]?.message).toContain('write "Deny"');
  });

  it('puts the numbers in the size message', () => {
    const r = parse(doc(st({ Sid: 'x'.repeat(300) })), 'identity', { maxSize: 100 });
    expect(r.ok).toBe(false);
    expect(r.ok ? undefined : r.errors[0]?.message).toMatch(
      /the policy has \d+ characters .* more than the 100 allowed/,
    );
  });

  it('does not count whitespace toward the size', () => {
    const compact = JSON.stringify(doc(st()));
    const pretty = JSON.stringify(doc(st()), null, 8);
    expect(parse(pretty, 'identity', { maxSize: compact.length }).ok).toBe(true);
    expect(parse(pretty, 'identity', { maxSize: compact.length - 1 }).ok).toBe(false);
  });

  it('applies the per-type default quotas of spec §8.1', () => {
    const big = doc(st({ Resource: `arn:aws:s3:::${'b'.repeat(2100)}` }));
    expect(parse(big, 'identity').ok).toBe(true);
    expect(errorCodes(parse(big, 'session'))).toEqual(['policy-too-large']);
    expect(parse(big, 'identity', { maxSize: false }).ok).toBe(true);
  });

  it('makes Sid strictness selectable', () => {
    const d = doc(st({ Sid: 'a b' }));
    expect(parse(d, 'identity').ok).toBe(false);
    expect(parse(d, 'identity', { strictSid: false }).ok).toBe(true);
    expect(parse(d, 'resource' as PolicyType).ok).toBe(false); // no principal: other reason
    expect(
      errorCodes(
        parse(doc({ Effect: 'Allow', Principal: '*', Action: '*', Sid: 'a b' }), 'resource', { strictSid: true }),
      ),
    ).toEqual(['invalid-sid']);
  });

  it('accepts SCPs with NotAction, NotResource and conditions under both effects (§10 O2)', () => {
    const scp = doc({
      Effect: 'Allow',
      NotAction: 'iam:*',
      NotResource: 'arn:aws:s3:::b',
      Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    });
    expect(parse(scp, 'scp').ok).toBe(true);
  });

  it('rejects an unknown policy type without throwing', () => {
    expect(errorCodes(parsePolicyLoose(doc(st()), 'nope'))).toEqual(['unknown-policy-type']);
  });
});

function parsePolicyLoose(input: unknown, type: string) {
  return parse(input, type as PolicyType);
}
