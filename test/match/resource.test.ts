/**
 * §2.2 Resource / NotResource and §3.7 policy variables in Resource, through `evaluate`
 * (alice in 111111111111 reading objects of a bucket her account owns).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT, allow, outcome, policy } from '../evaluate/helpers.js';

const HOME = 'arn:aws:s3:::home-bucket';

/** Does an identity policy with `Resource: pattern` (given Version) allow reading `resource`? */
const allowsResource = (
  pattern: unknown,
  resource: string,
  options: { version?: string | null; context?: Record<string, string | string[]>; principal?: string } = {},
) => {
  const version = options.version === undefined ? '2012-10-17' : options.version;
  const doc = {
    ...(version === null ? {} : { Version: version }),
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: pattern }],
  };
  return outcome({
    resource,
    ...(options.principal ? { principal: options.principal } : {}),
    ...(options.context ? { context: options.context } : {}),
    policies: { identity: [doc] },
  });
};

describe('§2.2 Resource element', () => {
  it('§2.2 step 2 the lone `*` matches any resource', () => {
    expect(allowsResource('*', `${HOME}/x`)).toBe('Allow');
    expect(allowsResource('*', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`)).toBe('Allow');
  });

  it('§2.2 step 6 a Resource list matches when any entry matches', () => {
    expect(allowsResource([`${HOME}/a/*`, `${HOME}/b/*`], `${HOME}/b/1`)).toBe('Allow');
    expect(allowsResource([`${HOME}/a/*`, `${HOME}/b/*`], `${HOME}/c/1`)).toBe('ImplicitDeny');
  });

  it('§2.2 step 4 `*` spans `/` in the resource part (W13)', () => {
    expect(allowsResource(`${HOME}/*`, `${HOME}/2024/06/report.csv`)).toBe('Allow');
    expect(allowsResource(`${HOME}/*`, 'arn:aws:s3:::home-bucket2/x')).toBe('ImplicitDeny');
  });

  it('§2.2 step 7 resource matching is case-sensitive', () => {
    expect(allowsResource(`${HOME}/Alice/*`, `${HOME}/alice/notes`)).toBe('ImplicitDeny');
    expect(allowsResource(`${HOME}/Alice/*`, `${HOME}/Alice/notes`)).toBe('Allow');
  });

  it('§2.2 step 5 `arn:aws:s3:*` grants every S3 resource and nothing else', () => {
    expect(allowsResource('arn:aws:s3:*', `${HOME}/x`)).toBe('Allow');
    expect(allowsResource('arn:aws:s3:*', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`)).toBe('ImplicitDeny');
  });

  it('§2.2 step 5 `arn:aws:sqs:us-east-1:*` grants every queue of that region', () => {
    expect(allowsResource('arn:aws:sqs:us-east-1:*', `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`)).toBe('Allow');
    expect(allowsResource('arn:aws:sqs:us-east-1:*', `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`)).toBe('ImplicitDeny');
  });
});

describe('§2.2 NotResource', () => {
  const denyAllBut = (spared: string) =>
    policy(allow('s3:*', '*'), { Effect: 'Deny', Action: 's3:*', NotResource: [spared] });

  it('§2.2 NotResource + Deny spares the listed resource (W10)', () => {
    expect(outcome({ resource: `${HOME}/public/a`, policies: { identity: [denyAllBut(`${HOME}/public/*`)] } })).toBe(
      'Allow',
    );
  });

  it('§2.2 NotResource + Deny denies everything else (W11)', () => {
    expect(outcome({ resource: `${HOME}/private/a`, policies: { identity: [denyAllBut(`${HOME}/public/*`)] } })).toBe(
      'ExplicitDeny',
    );
  });

  it('§2.2 NotResource + Allow grants every resource except the listed ones', () => {
    const identity = [
      policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: [`${HOME}/secret/*`, `${HOME}/keys/*`] }),
    ];
    expect(outcome({ resource: `${HOME}/docs/a`, policies: { identity } })).toBe('Allow');
    expect(outcome({ resource: `${HOME}/keys/a`, policies: { identity } })).toBe('ImplicitDeny');
  });

  it('§2.2 NotResource only ranges over statements whose action matched', () => {
    const identity = [policy(allow('*', '*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${HOME}/*` })];
    expect(
      outcome({ action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, policies: { identity } }),
    ).toBe('Allow');
    expect(outcome({ action: 's3:GetObject', resource: 'arn:aws:s3:::other/a', policies: { identity } })).toBe(
      'ExplicitDeny',
    );
  });
});

describe('§3.7 policy variables in Resource', () => {
  const homeOf = `${HOME}/home/\${aws:username}/*`;

  it('§3.7 a resolved variable is substituted (alice reads her own folder)', () => {
    expect(allowsResource(homeOf, `${HOME}/home/alice/notes.txt`)).toBe('Allow');
  });

  it('§3.7 a resolved variable does not open other users’ folders (W19)', () => {
    expect(allowsResource(homeOf, `${HOME}/home/bob/notes.txt`)).toBe('ImplicitDeny');
  });

  it('§3.7 an unresolvable variable without default makes the entry match nothing (W22)', () => {
    const session = 'arn:aws:sts::111111111111:assumed-role/AppRole/s1';
    // aws:username is absent for role sessions (§5.8): not even a literal "${aws:username}" key matches.
    expect(allowsResource(homeOf, `${HOME}/home/\${aws:username}/notes.txt`, { principal: session })).toBe(
      'ImplicitDeny',
    );
    expect(allowsResource(homeOf, `${HOME}/home//notes.txt`, { principal: session })).toBe('ImplicitDeny');
    expect(allowsResource([homeOf, `${HOME}/shared/*`], `${HOME}/shared/a`, { principal: session })).toBe('Allow');
  });

  it('§3.7 an unresolvable variable in NotResource excludes nothing (its entry matches nothing)', () => {
    const identity = [
      policy(allow('s3:*', '*'), {
        Effect: 'Deny',
        Action: 's3:*',
        NotResource: `${HOME}/team/\${aws:PrincipalTag/team}/*`,
      }),
    ];
    expect(outcome({ resource: `${HOME}/team/red/a`, policies: { identity } })).toBe('ExplicitDeny');
    expect(
      outcome({ resource: `${HOME}/team/red/a`, context: { 'aws:PrincipalTag/team': 'red' }, policies: { identity } }),
    ).toBe('Allow');
  });

  it('§3.7 a default value is used when the key is absent, not when it is present', () => {
    const pattern = `${HOME}/team/\${aws:PrincipalTag/team, 'company-wide'}/*`;
    expect(allowsResource(pattern, `${HOME}/team/company-wide/a`)).toBe('Allow');
    expect(allowsResource(pattern, `${HOME}/team/red/a`, { context: { 'aws:PrincipalTag/team': 'red' } })).toBe(
      'Allow',
    );
    expect(
      allowsResource(pattern, `${HOME}/team/company-wide/a`, { context: { 'aws:PrincipalTag/team': 'red' } }),
    ).toBe('ImplicitDeny');
  });

  it('§3.7 variable keys are case-insensitive', () => {
    expect(allowsResource(`${HOME}/home/\${AWS:UserName}/*`, `${HOME}/home/alice/a`)).toBe('Allow');
  });

  it('§3.7 `${*}`, `${?}` and `${$}` produce literal characters, not wildcards', () => {
    const pattern = `${HOME}/literal/\${*}\${?}\${$}`;
    expect(allowsResource(pattern, `${HOME}/literal/*?$`)).toBe('Allow');
    expect(allowsResource(pattern, `${HOME}/literal/ab$`)).toBe('ImplicitDeny');
    expect(allowsResource(pattern, `${HOME}/literal/anything?$`)).toBe('ImplicitDeny');
  });

  it('§3.7/§10 V4 substituted text is literal even when it contains `*` or `?`', () => {
    const pattern = `${HOME}/team/\${aws:PrincipalTag/team}/*`;
    const context = { 'aws:PrincipalTag/team': 'r*d?' };
    expect(allowsResource(pattern, `${HOME}/team/r*d?/a`, { context })).toBe('Allow');
    expect(allowsResource(pattern, `${HOME}/team/red1/a`, { context })).toBe('ImplicitDeny');
    expect(allowsResource(pattern, `${HOME}/team/rxd?/a`, { context })).toBe('ImplicitDeny');
  });

  it('§3.7 wildcards written around a variable stay wildcards', () => {
    const pattern = `${HOME}/*/\${aws:username}-?.txt`;
    expect(allowsResource(pattern, `${HOME}/2024/06/alice-1.txt`)).toBe('Allow');
    expect(allowsResource(pattern, `${HOME}/2024/06/alice-12.txt`)).toBe('ImplicitDeny');
  });

  it('§3.7 a multivalued key cannot be a variable: it resolves to nothing', () => {
    const pattern = `${HOME}/tags/\${aws:TagKeys}/*`;
    expect(allowsResource(pattern, `${HOME}/tags/a/x`, { context: { 'aws:TagKeys': ['a'] } })).toBe('ImplicitDeny');
  });

  it('§1.3 under Version 2008-10-17 `${…}` is literal text (W20)', () => {
    expect(allowsResource(homeOf, `${HOME}/home/alice/notes.txt`, { version: '2008-10-17' })).toBe('ImplicitDeny');
    expect(allowsResource(homeOf, `${HOME}/home/\${aws:username}/notes.txt`, { version: '2008-10-17' })).toBe('Allow');
  });

  it('§1.3 with no Version `${…}` is literal text, like 2008-10-17', () => {
    expect(allowsResource(homeOf, `${HOME}/home/alice/notes.txt`, { version: null })).toBe('ImplicitDeny');
    expect(allowsResource(homeOf, `${HOME}/home/\${aws:username}/notes.txt`, { version: null })).toBe('Allow');
  });

  it('§1.3 wildcards keep working under 2008-10-17', () => {
    expect(allowsResource(`${HOME}/*`, `${HOME}/a/b`, { version: '2008-10-17' })).toBe('Allow');
    expect(allowsResource(`${HOME}/?`, `${HOME}/ab`, { version: '2008-10-17' })).toBe('ImplicitDeny');
  });
});
