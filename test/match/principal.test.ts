/**
 * §2.3 Principal matching with grant kinds and §2.4 NotPrincipal, through the module API of
 * src/match/principal.ts. Principal elements come from `parsePolicy`; request principals from
 * their ARNs (`principalFromArn`) plus the facts an ARN cannot tell.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/parse.js';
import {
  compilePrincipal,
  isExemptByNotPrincipal,
  matchPrincipal,
  type PrincipalMatcher,
} from '../../src/match/principal.js';
import { isPrincipalProblem, principalFromArn, type RequestPrincipal } from '../../src/evaluate/principal.js';

const A = '111111111111';
const B = '222222222222';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const ALICE_ID = 'AIDAEXAMPLEALICE0001';
const ROLE = `arn:aws:iam::${A}:role/AppRole`;
const ROLE_ID = 'AROAEXAMPLEAPPROLE01';
const SESSION = `arn:aws:sts::${A}:assumed-role/AppRole/s1`;
const OTHER_SESSION = `arn:aws:sts::${A}:assumed-role/AppRole/s2`;
const FED = `arn:aws:sts::${A}:federated-user/Bob`;
const BROKER = `arn:aws:iam::${A}:user/broker`;

/** Compiles the `Principal` (or `NotPrincipal`) of a one-statement resource policy. */
function element(principal: unknown, not = false): PrincipalMatcher {
  const statement = {
    Effect: not ? 'Deny' : 'Allow',
    [not ? 'NotPrincipal' : 'Principal']: principal,
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::b/*',
  };
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { type: 'resource' });
  if (!parsed.ok) throw new Error(`test policy does not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const p = parsed.policy.statements[0]?.principal;
  if (!p) throw new Error('no principal element');
  return compilePrincipal(p);
}

/** A request principal from its ARN (or `anonymous`, `service:…`) and extra facts. */
function caller(text: string, extra: Partial<Omit<RequestPrincipal, 'kind' | 'arn'>> = {}): RequestPrincipal {
  const p = principalFromArn(text, extra);
  if (isPrincipalProblem(p)) throw new Error(p.message);
  return p;
}

const alice = caller(ALICE, { uniqueId: ALICE_ID });
const session = caller(SESSION, { uniqueId: ROLE_ID });
const fed = caller(FED, { userArn: BROKER });
const root = caller(`arn:aws:iam::${A}:root`);
const anonymous = caller('anonymous');
const sns = caller('service:sns.amazonaws.com');
const otherUser = caller(`arn:aws:iam::${B}:user/partner`);

describe('§2.3 Principal entries and grant kinds', () => {
  it('§2.3 an account id and the account root ARN mean the same: any principal of the account (delegation)', () => {
    for (const m of [element({ AWS: A }), element({ AWS: `arn:aws:iam::${A}:root` })]) {
      expect(matchPrincipal(m, alice)).toBe('account');
      expect(matchPrincipal(m, session)).toBe('account');
      expect(matchPrincipal(m, fed)).toBe('account');
      expect(matchPrincipal(m, root)).toBe('account');
      expect(matchPrincipal(m, otherUser)).toBeUndefined();
    }
  });

  it('§2.3 an account principal never matches anonymous callers or service principals', () => {
    const m = element({ AWS: A });
    expect(matchPrincipal(m, anonymous)).toBeUndefined();
    expect(matchPrincipal(m, sns)).toBeUndefined();
  });

  it('§2.3 a user ARN names that user only; the user name is case-sensitive', () => {
    expect(matchPrincipal(element({ AWS: ALICE }), alice)).toBe('user');
    expect(matchPrincipal(element({ AWS: `arn:aws:iam::${A}:user/bob` }), alice)).toBeUndefined();
    expect(matchPrincipal(element({ AWS: `arn:aws:iam::${A}:user/Alice` }), alice)).toBeUndefined();
  });

  it('§2.3 a role ARN matches every session of the role (grant kind "role")', () => {
    const m = element({ AWS: ROLE });
    expect(matchPrincipal(m, session)).toBe('role');
    expect(matchPrincipal(m, caller(OTHER_SESSION))).toBe('role');
    expect(matchPrincipal(element({ AWS: `arn:aws:iam::${A}:role/OtherRole` }), session)).toBeUndefined();
  });

  it('§2.3 a role with a path is matched by its full ARN (the session ARN omits the path)', () => {
    const pathRole = `arn:aws:iam::${A}:role/team/AppRole`;
    const s = caller(SESSION, { roleArn: pathRole });
    expect(matchPrincipal(element({ AWS: pathRole }), s)).toBe('role');
    expect(matchPrincipal(element({ AWS: ROLE }), s)).toBeUndefined();
  });

  it('§2.3 a role ARN does not match an IAM user or the root user', () => {
    expect(matchPrincipal(element({ AWS: ROLE }), alice)).toBeUndefined();
    expect(matchPrincipal(element({ AWS: ROLE }), root)).toBeUndefined();
  });

  it('§2.3 an assumed-role session ARN names exactly that session (grant kind "session")', () => {
    expect(matchPrincipal(element({ AWS: SESSION }), session)).toBe('session');
    expect(matchPrincipal(element({ AWS: SESSION }), caller(OTHER_SESSION))).toBeUndefined();
  });

  it('§2.3 a federated-user ARN names that federated session (grant kind "session")', () => {
    expect(matchPrincipal(element({ AWS: FED }), fed)).toBe('session');
    expect(matchPrincipal(element({ AWS: `arn:aws:sts::${A}:federated-user/Carol` }), fed)).toBeUndefined();
  });

  it('§2.3 the federating user ARN matches its federated sessions with reduced effect ("federating-user")', () => {
    expect(matchPrincipal(element({ AWS: BROKER }), fed)).toBe('federating-user');
    expect(matchPrincipal(element({ AWS: ALICE }), fed)).toBeUndefined();
  });

  it('§2.3 unique ids name the user, or every session of the role', () => {
    expect(matchPrincipal(element({ AWS: ALICE_ID }), alice)).toBe('user');
    expect(matchPrincipal(element({ AWS: ROLE_ID }), session)).toBe('role');
    expect(matchPrincipal(element({ AWS: 'AIDAEXAMPLERECREATED' }), alice)).toBeUndefined();
  });

  it('§2.3 Service names a request made directly by that service principal', () => {
    expect(matchPrincipal(element({ Service: 'sns.amazonaws.com' }), sns)).toBe('service');
    expect(matchPrincipal(element({ Service: ['sqs.amazonaws.com', 'sns.amazonaws.com'] }), sns)).toBe('service');
    expect(matchPrincipal(element({ Service: 'sqs.amazonaws.com' }), sns)).toBeUndefined();
    expect(matchPrincipal(element({ Service: 'sns.amazonaws.com' }), alice)).toBeUndefined();
  });

  it('§2.3 Federated names AssumeRoleWith* calls from that provider only', () => {
    const provider = `arn:aws:iam::${A}:saml-provider/Okta`;
    const statement = { Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithSAML' };
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { type: 'trust' });
    if (!parsed.ok || !parsed.policy.statements[0]?.principal) throw new Error('trust policy does not parse');
    const m = compilePrincipal(parsed.policy.statements[0].principal);
    const identity: RequestPrincipal = {
      kind: 'federated-identity',
      arn: provider,
      account: undefined,
      partition: 'aws',
      provider,
    };
    expect(matchPrincipal(m, identity)).toBe('federated');
    expect(
      matchPrincipal(m, { ...identity, arn: 'accounts.google.com', provider: 'accounts.google.com' }),
    ).toBeUndefined();
    expect(matchPrincipal(m, alice)).toBeUndefined();
  });

  it('§2.3 `"*"` and `{"AWS": "*"}` match everyone, including anonymous callers and services', () => {
    for (const m of [element('*'), element({ AWS: '*' })]) {
      for (const p of [alice, session, fed, root, anonymous, sns, otherUser])
        expect(matchPrincipal(m, p)).toBe('wildcard');
    }
  });

  it('§2.3 several matching entries give the strongest grant kind', () => {
    expect(matchPrincipal(element({ AWS: [A, ROLE, SESSION] }), session)).toBe('session');
    expect(matchPrincipal(element({ AWS: [A, ROLE] }), session)).toBe('role');
    expect(matchPrincipal(element({ AWS: [A, ALICE] }), alice)).toBe('user');
    expect(matchPrincipal(element({ AWS: [A, BROKER, FED] }), fed)).toBe('session');
    expect(matchPrincipal(element({ AWS: [A, BROKER] }), fed)).toBe('federating-user');
  });

  it('§2.3 entries of other accounts never match (no cross-account confusion)', () => {
    expect(matchPrincipal(element({ AWS: B }), alice)).toBeUndefined();
    expect(matchPrincipal(element({ AWS: `arn:aws:iam::${B}:user/alice` }), alice)).toBeUndefined();
  });
});

describe('§2.4 NotPrincipal exemption (isExemptByNotPrincipal)', () => {
  it('§2.4 a user is exempt only when both its account and its user ARN are listed', () => {
    expect(isExemptByNotPrincipal(element({ AWS: [ALICE, `arn:aws:iam::${A}:root`] }, true), alice)).toBe(true);
    expect(isExemptByNotPrincipal(element({ AWS: [ALICE] }, true), alice)).toBe(false);
    expect(isExemptByNotPrincipal(element({ AWS: [A] }, true), alice)).toBe(false);
  });

  it('§2.4 a role session is exempt only when account, role and session are all listed', () => {
    expect(isExemptByNotPrincipal(element({ AWS: [A, ROLE, SESSION] }, true), session)).toBe(true);
    expect(isExemptByNotPrincipal(element({ AWS: [A, ROLE] }, true), session)).toBe(false);
    expect(isExemptByNotPrincipal(element({ AWS: [A, SESSION] }, true), session)).toBe(false);
    expect(isExemptByNotPrincipal(element({ AWS: [ROLE, SESSION] }, true), session)).toBe(false);
  });

  it('§2.4 a federated user session is exempt when account and federated-user ARN are listed', () => {
    expect(isExemptByNotPrincipal(element({ AWS: [A, FED] }, true), fed)).toBe(true);
    expect(isExemptByNotPrincipal(element({ AWS: [FED] }, true), fed)).toBe(false);
    expect(isExemptByNotPrincipal(element({ AWS: [A, BROKER] }, true), fed)).toBe(false);
  });

  it('§2.4 the root user is exempt when its account is listed', () => {
    expect(isExemptByNotPrincipal(element({ AWS: `arn:aws:iam::${A}:root` }, true), root)).toBe(true);
    expect(isExemptByNotPrincipal(element({ AWS: B }, true), root)).toBe(false);
  });

  it('§2.4 boundary rule: a caller whose user or role has a boundary is never exempt', () => {
    const listed = element({ AWS: [A, ALICE, ROLE, SESSION] }, true);
    expect(isExemptByNotPrincipal(listed, alice)).toBe(true);
    expect(isExemptByNotPrincipal(listed, { ...alice, hasBoundary: true })).toBe(false);
    expect(isExemptByNotPrincipal(listed, session)).toBe(true);
    expect(isExemptByNotPrincipal(listed, { ...session, hasBoundary: true })).toBe(false);
  });

  it('§2.4 anonymous callers are never exempt; a listed service is', () => {
    expect(isExemptByNotPrincipal(element({ AWS: [A, ALICE] }, true), anonymous)).toBe(false);
    expect(isExemptByNotPrincipal(element({ Service: 'sns.amazonaws.com' }, true), sns)).toBe(true);
    expect(isExemptByNotPrincipal(element({ Service: 'sqs.amazonaws.com' }, true), sns)).toBe(false);
  });
});

describe('name sets of a compiled element', () => {
  const CANONICAL = 'c0ffee12'.repeat(8);
  const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

  it('knows every name it lists, and no other, however many and however often listed', () => {
    for (const n of [1, 7, 8, 9, 12]) {
      // Each account twice (as an id and as its root ARN), so that a repeat never counts as a new name.
      const listed = accounts(n);
      const m = element({ AWS: [...listed, ...listed.map((a) => `arn:aws:iam::${a}:root`)] });
      for (const a of listed) expect(m.accounts.has(a)).toBe(true);
      expect(m.accounts.has(String(100000000000 + n))).toBe(false);
      expect(m.users.has(ALICE)).toBe(false);
      // Up to eight distinct names a list, past that a set.
      expect(m.accounts instanceof Set).toBe(n > 8);
    }
  });

  it('keeps each kind apart', () => {
    const m = element({
      AWS: [A, ALICE, ROLE, SESSION, ALICE_ID],
      Service: 's3.amazonaws.com',
      CanonicalUser: CANONICAL,
    });
    expect([
      m.accounts.has(A),
      m.users.has(ALICE),
      m.roles.has(ROLE),
      m.sessions.has(SESSION),
      m.uniqueIds.has(ALICE_ID),
    ]).toEqual([true, true, true, true, true]);
    expect([
      m.accounts.has(ALICE),
      m.users.has(ROLE),
      m.roles.has(ALICE),
      m.sessions.has(ROLE),
      m.uniqueIds.has(A),
    ]).toEqual([false, false, false, false, false]);
    expect([m.services.has('s3.amazonaws.com'), m.canonicalUsers.has(CANONICAL), m.federated.has(CANONICAL)]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
