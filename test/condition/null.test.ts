/**
 * §3.4.8 Null, with the empty-value choices of §10 C9.
 */
import { describe, expect, it } from 'vitest';
import { check, holds } from './helpers.js';

const KEY = 'aws:TokenIssueTime';

describe('§3.4.8 Null', () => {
  it('§3.4.8 Null true holds iff the key is absent (W51/W52)', () => {
    expect(check('Null', KEY, 'true', {})).toBe(true);
    expect(check('Null', KEY, 'true', { [KEY]: '2025-06-01T11:00:00Z' })).toBe(false);
  });

  it('§3.4.8 Null false holds iff the key is present', () => {
    expect(check('Null', KEY, 'false', { [KEY]: '2025-06-01T11:00:00Z' })).toBe(true);
    expect(check('Null', KEY, 'false', {})).toBe(false);
  });

  it('§3.4.8 Null accepts JSON booleans and any letter case (§10 C6)', () => {
    expect(check('Null', KEY, true, {})).toBe(true);
    expect(check('Null', KEY, 'TRUE', {})).toBe(true);
    expect(check('Null', KEY, 'False', {})).toBe(false);
  });

  it('§10 C9 a present key with an empty string is present for Null', () => {
    expect(check('Null', 'aws:PrincipalTag/team', 'false', { 'aws:PrincipalTag/team': '' })).toBe(true);
    expect(check('Null', 'aws:PrincipalTag/team', 'true', { 'aws:PrincipalTag/team': '' })).toBe(false);
  });

  it('§10 C9 a multivalued key with an empty set is absent for Null', () => {
    expect(check('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] })).toBe(true);
    expect(check('Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': [] })).toBe(false);
    expect(check('Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': ['a'] })).toBe(true);
  });

  it('§3.1 Null on two keys requires both', () => {
    const block = { Null: { 'aws:TokenIssueTime': 'true', 'aws:SourceIdentity': 'false' } };
    expect(holds(block, { 'aws:SourceIdentity': 'alice' })).toBe(true);
    expect(holds(block, {})).toBe(false);
    expect(holds(block, { 'aws:SourceIdentity': 'alice', 'aws:TokenIssueTime': '2025-06-01T11:00:00Z' })).toBe(false);
  });

  it('§3.4.8 Null keys are case-insensitive like every key', () => {
    expect(check('Null', 'AWS:TOKENISSUETIME', 'false', { 'aws:tokenissuetime': 'x' })).toBe(true);
  });
});
