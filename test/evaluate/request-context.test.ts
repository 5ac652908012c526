/**
 * Conditions over the keys `evaluate` derives from the principal and the request (§5.8, §7.2),
 * as decisions: time keys (§3.4.3), principal keys used by conditions and variables (§3.7).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT, APP_ROLE, APP_SESSION, FED_BOB, allowPolicy, outcome } from './helpers.js';

/** Allow everything when the condition block holds. */
const when = (Condition: Record<string, unknown>) => ({ identity: [allowPolicy('*', '*', { Condition })] });

describe('derived request keys in conditions', () => {
  it('§3.4.3 aws:CurrentTime comes from the request time', () => {
    const policies = when({ DateLessThan: { 'aws:CurrentTime': '2025-06-01T12:30:00Z' } });
    expect(outcome({ time: '2025-06-01T12:00:00Z', policies })).toBe('Allow');
    expect(outcome({ time: '2025-06-01T13:00:00Z', policies })).toBe('ImplicitDeny');
  });

  it('§3.4.3 aws:EpochTime comes from the request time and works with Numeric operators', () => {
    const policies = when({ NumericGreaterThanEquals: { 'aws:EpochTime': 1748779200 } }); // 2025-06-01T12:00:00Z
    expect(outcome({ time: '2025-06-01T12:00:00Z', policies })).toBe('Allow');
    expect(outcome({ time: '2025-06-01T11:59:59Z', policies })).toBe('ImplicitDeny');
  });

  it('§0.3 a key the caller supplies wins over the derived one', () => {
    const policies = when({ DateLessThan: { 'aws:CurrentTime': '2025-06-01T12:30:00Z' } });
    expect(
      outcome({ time: '2025-06-01T12:00:00Z', context: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, policies }),
    ).toBe('ImplicitDeny');
  });

  it('§5.8 aws:PrincipalArn of a role session is the role ARN (W110)', () => {
    const policies = when({ ArnEquals: { 'aws:PrincipalArn': APP_ROLE } });
    expect(outcome({ principal: APP_SESSION, policies })).toBe('Allow');
    expect(outcome({ policies })).toBe('ImplicitDeny');
  });

  it('§5.8 aws:username is the user name for users and absent for role sessions', () => {
    const policies = when({ StringEquals: { 'aws:username': 'alice' } });
    expect(outcome({ policies })).toBe('Allow');
    expect(outcome({ principal: APP_SESSION, policies: when({ Null: { 'aws:username': 'true' } }) })).toBe('Allow');
  });

  it('§5.8 aws:userid of a federated user is ACCOUNT:name', () => {
    const policies = { ...when({ StringEquals: { 'aws:userid': `${ACCOUNT}:Bob` } }), session: [allowPolicy()] };
    expect(outcome({ principal: FED_BOB, policies })).toBe('Allow');
    expect(outcome({ principal: `arn:aws:sts::${ACCOUNT}:federated-user/Carol`, policies })).toBe('ImplicitDeny');
  });

  it('§5.8 aws:PrincipalType distinguishes users, sessions and root', () => {
    const policies = when({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } });
    expect(outcome({ principal: APP_SESSION, policies })).toBe('Allow');
    expect(outcome({ policies })).toBe('ImplicitDeny');
  });

  it('§3.7 aws:PrincipalAccount and aws:ResourceAccount can be compared through a variable', () => {
    const policies = when({ StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } });
    expect(outcome({ policies })).toBe('Allow');
    expect(outcome({ context: { 'aws:ResourceAccount': '222222222222' }, policies })).toBe('ImplicitDeny');
  });
});
