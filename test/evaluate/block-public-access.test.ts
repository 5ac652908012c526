/**
 * S3 Block Public Access (spec §4.16): the public-policy test, RestrictPublicBuckets and
 * BlockPublicPolicy at decision time, account and bucket settings.
 */
import { describe, expect, it } from 'vitest';
import { isPublicPolicy, type AuthorizationRequest } from '../../src/index.js';
import { ACCOUNT, ALICE, BOB, OTHER_ACCOUNT, TIME, allowPolicy, authorizer, policy } from './helpers.js';

const BUCKET = 'arn:aws:s3:::public-bucket';
const OBJECT = `${BUCKET}/index.html`;
const CAROL = `arn:aws:iam::${OTHER_ACCOUNT}:user/carol`;

const everyone = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `${BUCKET}/*`,
  ...extra,
});
const cond = (op: string, key: string, value: unknown) => ({ Condition: { [op]: { [key]: value } } });

describe('isPublicPolicy (spec §4.16)', () => {
  it.each([
    ['Principal "*" without condition', policy(everyone())],
    ['{"AWS": "*"}', policy({ ...everyone(), Principal: { AWS: '*' } })],
    ['aws:SourceIp 0.0.0.0/0', policy(everyone(cond('IpAddress', 'aws:SourceIp', '0.0.0.0/0')))],
    [
      'aws:SourceIp ::/0 among narrower ranges',
      policy(everyone(cond('IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '::/0']))),
    ],
    ['a wildcard value', policy(everyone(cond('StringLike', 'aws:SourceVpce', 'vpce-*')))],
    ['a policy variable', policy(everyone(cond('StringEquals', 'aws:PrincipalAccount', '${aws:PrincipalAccount}')))],
    ['IfExists', policy(everyone(cond('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1')))],
    ['a set operator', policy(everyone(cond('ForAnyValue:StringEquals', 'aws:PrincipalOrgID', 'o-example')))],
    ['a negated operator', policy(everyone(cond('StringNotEquals', 'aws:PrincipalAccount', OTHER_ACCOUNT)))],
    ['a key that does not narrow', policy(everyone(cond('Bool', 'aws:SecureTransport', 'true')))],
    [
      'one public statement among narrowed ones',
      policy(everyone(cond('StringEquals', 'aws:SourceVpce', 'vpce-1')), everyone()),
    ],
  ])('public: %s', (_, p) => {
    expect(isPublicPolicy(p)).toBe(true);
  });

  it.each([
    ['aws:SourceVpce fixed', policy(everyone(cond('StringEquals', 'aws:SourceVpce', 'vpce-1')))],
    ['aws:SourceIp narrower than /0', policy(everyone(cond('IpAddress', 'aws:SourceIp', '203.0.113.0/24')))],
    ['aws:PrincipalOrgID fixed', policy(everyone(cond('StringEquals', 'aws:PrincipalOrgID', 'o-example')))],
    [
      'aws:SourceArn with ArnEquals',
      policy(everyone(cond('ArnEquals', 'aws:SourceArn', 'arn:aws:cloudfront::111111111111:distribution/E1'))),
    ],
    ['case-insensitive key', policy(everyone(cond('StringEquals', 'AWS:SOURCEACCOUNT', ACCOUNT)))],
    ['a named account', policy({ ...everyone(), Principal: { AWS: OTHER_ACCOUNT } })],
    ['a service principal', policy({ ...everyone(), Principal: { Service: 'cloudfront.amazonaws.com' } })],
    ['a Deny to everyone', policy({ ...everyone(), Effect: 'Deny' })],
  ])('not public: %s', (_, p) => {
    expect(isPublicPolicy(p)).toBe(false);
  });

  it('reads JSON text, and counts a policy it cannot read as public', () => {
    expect(isPublicPolicy(JSON.stringify(policy(everyone())))).toBe(true);
    expect(isPublicPolicy(JSON.stringify(policy(everyone(cond('StringEquals', 'aws:SourceVpce', 'vpce-1')))))).toBe(
      false,
    );
    expect(isPublicPolicy('{ not json')).toBe(true);
    expect(isPublicPolicy(null)).toBe(true);
  });
});

const publicBucketPolicy = policy(
  { Sid: 'PublicRead', ...everyone() },
  {
    Sid: 'PartnerWrite',
    Effect: 'Allow',
    Principal: { AWS: OTHER_ACCOUNT },
    Action: 's3:PutObject',
    Resource: `${BUCKET}/*`,
  },
  { Sid: 'NoDelete', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${BUCKET}/*` },
);

function world(
  settings: { account?: Record<string, boolean>; bucket?: Record<string, boolean> },
  bucketPolicy = publicBucketPolicy,
) {
  return authorizer({
    accounts: { [ACCOUNT]: settings.account ? { s3BlockPublicAccess: settings.account } : {}, [OTHER_ACCOUNT]: {} },
    users: { [ALICE]: { policies: [allowPolicy()] }, [BOB]: {}, [CAROL]: { policies: [allowPolicy()] } },
    resources: {
      [BUCKET]: {
        account: ACCOUNT,
        policy: bucketPolicy,
        ...(settings.bucket ? { s3BlockPublicAccess: settings.bucket } : {}),
      },
    },
  });
}
const ask = (a: ReturnType<typeof world>, request: Partial<AuthorizationRequest>) =>
  a.authorize(
    {
      action: 's3:GetObject',
      resource: OBJECT,
      time: TIME,
      principal: 'anonymous',
      ...request,
    } as AuthorizationRequest,
    { explain: true },
  );

describe('RestrictPublicBuckets (spec §4.16)', () => {
  const off = world({});
  const onAccount = world({ account: { restrictPublicBuckets: true } });
  const onBucket = world({ bucket: { restrictPublicBuckets: true } });

  it('without it, a public bucket policy lets anonymous and cross-account callers in', () => {
    expect(ask(off, {})).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    expect(ask(off, { principal: CAROL })).toMatchObject({ decision: 'Allow' });
  });

  it.each([
    ['account', onAccount],
    ['bucket', onBucket],
  ])('on the %s: anonymous and cross-account access through the public policy is blocked', (_, a) => {
    const d = ask(a, {});
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'service-rule', reason: 'S3BlockPublicAccess' });
    expect(d.explanation?.serviceRules).toEqual([
      expect.objectContaining({ rule: 'S3RestrictPublicBuckets', effect: 'Deny' }),
    ]);
    expect(ask(a, { principal: CAROL })).toMatchObject({ decision: 'ImplicitDeny', reason: 'S3BlockPublicAccess' });
    // Every cross-account grant of a public policy is blocked, also the one naming the account.
    expect(ask(a, { principal: CAROL, action: 's3:PutObject' })).toMatchObject({
      decision: 'ImplicitDeny',
      reason: 'S3BlockPublicAccess',
    });
  });

  it('principals of the bucket owner’s account and AWS services are still allowed', () => {
    expect(ask(onAccount, { principal: BOB })).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    expect(ask(onAccount, { principal: ALICE })).toMatchObject({ decision: 'Allow' });
    const withService = world(
      { account: { restrictPublicBuckets: true } },
      policy({ ...everyone(), Principal: '*' }, { ...everyone(), Principal: { Service: 'cloudfront.amazonaws.com' } }),
    );
    expect(ask(withService, { principal: 'service:cloudfront.amazonaws.com' })).toMatchObject({ decision: 'Allow' });
  });

  it('a policy that is not public is not affected', () => {
    const narrowed = world(
      { account: { restrictPublicBuckets: true } },
      policy(everyone(cond('StringEquals', 'aws:PrincipalOrgID', 'o-example'))),
    );
    // The anonymous caller's organization is a world fact; claiming one is a simulation (allowOverrides).
    const claimed = narrowed.authorize(
      {
        action: 's3:GetObject',
        resource: OBJECT,
        time: TIME,
        principal: 'anonymous',
        context: { 'aws:PrincipalOrgID': 'o-example' },
      },
      { explain: true, allowOverrides: true },
    );
    expect(claimed).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
  });

  it('other settings, and another account’s settings, do not restrict', () => {
    expect(
      ask(world({ account: { blockPublicPolicy: true, blockPublicAcls: true, ignorePublicAcls: true } }), {}).decision,
    ).toBe('Allow');
    const elsewhere = authorizer({
      accounts: { [OTHER_ACCOUNT]: { s3BlockPublicAccess: { restrictPublicBuckets: true } } },
      resources: { [BUCKET]: { account: ACCOUNT, policy: publicBucketPolicy } },
    });
    expect(ask(elsewhere, {}).decision).toBe('Allow');
  });

  it('an explicit Deny stays an explicit Deny', () => {
    const d = ask(onAccount, { action: 's3:DeleteObject' });
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'resource' });
  });

  it('decides the same without an explanation', () => {
    expect(
      onAccount.authorize({ principal: 'anonymous', action: 's3:GetObject', resource: OBJECT, time: TIME }),
    ).toEqual({
      decision: 'ImplicitDeny',
      decidedBy: 'service-rule',
      reason: 'S3BlockPublicAccess',
    });
  });
});

describe('BlockPublicPolicy (spec §4.16)', () => {
  const on = world({ bucket: { blockPublicPolicy: true } });
  const put = (a: ReturnType<typeof world>, requestPolicy: unknown, principal = ALICE) =>
    ask(a, { principal, action: 's3:PutBucketPolicy', resource: BUCKET, requestPolicy });

  it('refuses s3:PutBucketPolicy with a public policy', () => {
    const d = put(on, policy(everyone()));
    expect(d).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'service-rule', reason: 'S3BlockPublicAccess' });
    expect(d.explanation?.serviceRules?.[0]?.rule).toBe('S3BlockPublicPolicy');
  });

  it('accepts a policy that is not public, and any policy when the setting is off', () => {
    expect(put(on, policy(everyone(cond('StringEquals', 'aws:SourceVpce', 'vpce-1'))))).toMatchObject({
      decision: 'Allow',
      decidedBy: 'identity',
    });
    expect(put(world({}), policy(everyone())).decision).toBe('Allow');
    expect(put(world({ account: { blockPublicPolicy: true } }), JSON.stringify(policy(everyone()))).reason).toBe(
      'S3BlockPublicAccess',
    );
  });

  it('without the new policy the request is a policy question only', () => {
    expect(ask(on, { principal: ALICE, action: 's3:PutBucketPolicy', resource: BUCKET }).decision).toBe('Allow');
  });

  it('a caller the policies deny stays denied', () => {
    expect(put(on, policy(everyone()), BOB)).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'identity' });
  });

  it('an explicit Deny stays an explicit Deny, and the explanation names the rule as well', () => {
    const locked = world(
      { bucket: { blockPublicPolicy: true } },
      policy({ Effect: 'Deny', Principal: '*', Action: 's3:PutBucketPolicy', Resource: BUCKET }),
    );
    const d = put(locked, policy(everyone()));
    expect(d).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'resource' });
    expect(d.explanation?.serviceRules?.map((r) => r.rule)).toEqual(['S3BlockPublicPolicy']);
  });
});
