/**
 * The validator makes an issue's JSON path only when it reports the issue (issue #16: one-shot
 * use): a statement's place (its index, and whether `Statement` is an array) is kept instead of its
 * path. Every kind of site must still name the element it always named, for a statement in an
 * array (`Statement[2]…`, after a hole the array's index) and for a single statement (`Statement…`).
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy, type ParsePolicyResult } from '../../src/policy/parse.js';
import type { PolicyType } from '../../src/policy/ast.js';

const FINE = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

/** A statement of `type` with nothing to report. */
function fine(type: PolicyType, sid: string): object {
  if (type === 'trust')
    return { Sid: sid, Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '123456789012' } };
  return type === 'identity' ? { ...FINE, Sid: sid } : { ...FINE, Sid: sid, Principal: { AWS: '123456789012' } };
}

/** `statement` as the third statement of an array, and alone: the issues' codes and paths. */
function issuesAt(statement: object, type: PolicyType = 'identity'): { array: string[]; single: string[] } {
  const list = (r: ParsePolicyResult) =>
    [...(r.ok ? [] : r.errors), ...r.warnings].map((i) => `${i.code} ${i.path}`).sort();
  const array = parsePolicy(
    { Version: '2012-10-17', Statement: [fine(type, 'A'), fine(type, 'B'), statement] },
    { type, maxSize: false },
  );
  const single = parsePolicy({ Version: '2012-10-17', Statement: statement }, { type, maxSize: false });
  return { array: list(array), single: list(single) };
}

/** The expected paths of a site, under `Statement[2]` and under `Statement`. */
function at(...issues: string[]): { array: string[]; single: string[] } {
  return {
    array: issues.map((i) => i.replace('@', 'Statement[2]')).sort(),
    single: issues.map((i) => i.replace('@', 'Statement')).sort(),
  };
}

describe('issue paths made when the issue is reported', () => {
  it('names statement members, Sid, Effect and missing elements', () => {
    expect(issuesAt({ Effect: 'allow', Action: 's3:GetObject', Resource: '*', Bogus: 1, Sid: 'x-y' })).toEqual(
      at('unknown-statement-member @.Bogus', 'invalid-effect @.Effect', 'invalid-sid @.Sid'),
    );
    expect(issuesAt({ Sid: 7 })).toEqual(
      at('invalid-sid @.Sid', 'missing-effect @.Effect', 'missing-action @.Action', 'missing-resource @.Resource'),
    );
    expect(issuesAt({ ...FINE, NotAction: 'x:y', NotResource: '*' })).toEqual(
      at('action-and-notaction @.NotAction', 'resource-and-notresource @.NotResource'),
    );
  });

  it('names a duplicate Sid and the statement that used it first', () => {
    const r = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { ...FINE, Sid: 'A' },
          { ...FINE, Sid: 'B' },
          { ...FINE, Sid: 'A' },
        ],
      },
      { type: 'identity' },
    );
    expect(r.ok ? [] : r.errors.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'duplicate-sid',
        'Statement[2].Sid',
        'Sid "A" is already used by Statement[0].Sid; Sids must be unique within a policy',
      ],
    ]);
    const resource = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { ...FINE, Principal: '*', Sid: 'same' },
          { ...FINE, Principal: '*', Sid: 'same' },
        ],
      },
      { type: 'resource' },
    );
    expect(resource.warnings.map((i) => [i.path, i.message])).toEqual([
      ['Statement[1].Sid', 'Sid "same" is already used by Statement[0].Sid'],
    ]);
  });

  it('names the values of Action and Resource lists', () => {
    expect(issuesAt({ Effect: 'Allow', Action: ['s3:GetObject', 's*:x'], Resource: 'bucket' })).toEqual(
      at('action-wildcard-in-service @.Action[1]', 'invalid-resource @.Resource'),
    );
    expect(issuesAt({ Effect: 'Allow', NotAction: ':x', NotResource: ['*', 'arn:aws:s3'] })).toEqual(
      at('invalid-action @.NotAction', 'invalid-resource @.NotResource[1]'),
    );
  });

  it('names Condition blocks, operators, keys and values', () => {
    expect(issuesAt({ ...FINE, Condition: 'x' })).toEqual(at('invalid-condition @.Condition'));
    expect(
      issuesAt({
        ...FINE,
        Condition: {
          Stringequals: { k: 'v' },
          NullIfExists: { k: 'true' },
          Bool: 'x',
          NumericLessThan: { n: ['1', 'ten'], 'a b': [{}], '': 'x', m: [] },
          StringLike: { 'aws:SourceAccount': '1*', 'aws:sourceaccount': 'x' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' },
        },
      }),
    ).toEqual(
      at(
        'unknown-operator @.Condition.Stringequals',
        'ifexists-on-null @.Condition.NullIfExists',
        'invalid-condition-block @.Condition.Bool',
        'invalid-numeric-value @.Condition.NumericLessThan.n[1]',
        'invalid-numeric-value @.Condition.NumericLessThan[""]',
        'invalid-condition-value @.Condition.NumericLessThan["a b"][0]',
        'empty-condition-key @.Condition.NumericLessThan[""]',
        'empty-array @.Condition.NumericLessThan.m',
        'duplicate-condition-key @.Condition.StringLike.aws:sourceaccount',
        'wildcard-on-sensitive-key @.Condition.StringLike.aws:SourceAccount',
        'forallvalues-without-null-guard @.Condition.ForAllValues:StringEquals.aws:TagKeys',
      ),
    );
  });

  it('names Principal and NotPrincipal, their types and values', () => {
    const withPrincipal = (principal: object) => ({ ...FINE, ...principal });
    expect(
      issuesAt(
        withPrincipal({
          Principal: { AWS: ['123456789012', 'arn:aws:iam::12345:root', '*'], Cat: 'x', Service: 'e*' },
        }),
        'trust',
      ),
    ).toEqual(
      at(
        'invalid-aws-principal @.Principal.AWS[1]',
        'wildcard-principal-in-trust @.Principal.AWS[2]',
        'unknown-principal-type @.Principal.Cat',
        'principal-partial-wildcard @.Principal.Service',
        'resource-in-trust-policy @.Resource',
      ),
    );
    expect(issuesAt(withPrincipal({ NotPrincipal: { AWS: 'x', Federated: ['y'] } }), 'resource')).toEqual(
      at(
        'notprincipal-with-allow @.NotPrincipal',
        'invalid-aws-principal @.NotPrincipal.AWS',
        'federated-outside-trust @.NotPrincipal.Federated',
        'invalid-federated-principal @.NotPrincipal.Federated[0]',
      ),
    );
    expect(issuesAt(withPrincipal({ Principal: {} }), 'resource')).toEqual(at('empty-principal @.Principal'));
    expect(issuesAt(withPrincipal({ Principal: 'me' }), 'resource')).toEqual(at('invalid-principal @.Principal'));
    expect(issuesAt(withPrincipal({ Principal: '*' }))).toEqual(at('principal-not-allowed @.Principal'));
  });

  it('keeps the index of the statements after one that is not an object', () => {
    const r = parsePolicy(
      { Version: '2012-10-17', Statement: [FINE, 5, { ...FINE, Effect: 'x' }] },
      { type: 'identity' },
    );
    expect(r.ok ? [] : r.errors.map((i) => `${i.code} ${i.path}`)).toEqual([
      'statement-not-object Statement[1]',
      'invalid-effect Statement[2].Effect',
    ]);
  });

  it('reads a member called __proto__ as any unknown member, in its place', () => {
    const text = '{"Version":"2012-10-17","Statement":{"__proto__":1,"Effect":"Allow","Action":"*","Resource":"*"}}';
    const r = parsePolicy(text, { type: 'identity' });
    expect(r.ok ? [] : r.errors.map((i) => `${i.code} ${i.path}`)).toEqual([
      'unknown-statement-member Statement.__proto__',
    ]);
  });
});
