/**
 * Two shortcuts of the statement reader (issue #16: one-shot use) that must report exactly what
 * the plain reading reported: the Sids of a short policy searched among the statements read so
 * far (a map made of them past a few statements), and an `Action`/`Resource` array's values tested
 * for their type and quietness in one pass before any value is checked in full.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/parse.js';
import type { PolicyType } from '../../src/policy/ast.js';

const FINE = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

/** The issues of `doc` as `code path message`, in the order reported. */
function issues(doc: object, type: PolicyType = 'identity', strictSid?: boolean): string[] {
  const r = parsePolicy(doc, { type, maxSize: false, ...(strictSid === undefined ? {} : { strictSid }) });
  return [...(r.ok ? [] : r.errors), ...r.warnings].map((i) => `${i.code} ${i.path} ${i.message}`);
}

describe('duplicate Sids name the statement that used the Sid first', () => {
  /** Statements with the given Sids (`undefined`: no Sid; a number: a non-object statement). */
  function policy(sids: readonly (string | number | undefined)[]): object {
    return {
      Version: '2012-10-17',
      Statement: sids.map((sid) => (typeof sid === 'number' ? sid : sid === undefined ? FINE : { ...FINE, Sid: sid })),
    };
  }

  it('in a short policy and in a long one, before and after the map is made', () => {
    // 24 statements: duplicates within the first eight, across the ninth and tenth, and far apart.
    const sids = [
      'A',
      'B',
      undefined,
      'A',
      'C',
      7,
      'B',
      'D',
      'E',
      'D',
      'F',
      'A',
      undefined,
      'F',
      'G',
      'E',
      'H',
      'G',
      'C',
      'I',
      'A',
      'J',
      'K',
      'I',
    ];
    const duplicate = (at: number, first: number, sid: string) =>
      `duplicate-sid Statement[${at}].Sid Sid "${sid}" is already used by Statement[${first}].Sid; Sids must be unique within a policy`;
    expect(issues(policy(sids))).toEqual([
      duplicate(3, 0, 'A'),
      'statement-not-object Statement[5] each statement must be an object, not a number',
      duplicate(6, 1, 'B'),
      duplicate(9, 7, 'D'),
      duplicate(11, 0, 'A'),
      duplicate(13, 10, 'F'),
      duplicate(15, 8, 'E'),
      duplicate(17, 14, 'G'),
      duplicate(18, 4, 'C'),
      duplicate(20, 0, 'A'),
      duplicate(23, 19, 'I'),
    ]);
  });

  it('warns under the lenient rule, and counts a Sid the strict rule refuses', () => {
    const lenient = {
      Version: '2012-10-17',
      Statement: [...Array.from({ length: 12 }, (_, i) => `S${i}`), 'x-y', 'S3', 'x-y'].map((Sid) => ({
        ...FINE,
        Principal: '*',
        Sid,
      })),
    };
    expect(issues(lenient, 'resource')).toEqual([
      'duplicate-sid Statement[13].Sid Sid "S3" is already used by Statement[3].Sid',
      'duplicate-sid Statement[14].Sid Sid "x-y" is already used by Statement[12].Sid',
    ]);
    expect(issues(policy(['x-y', 'B', 'x-y']), 'identity', true)).toEqual([
      'invalid-sid Statement[0].Sid Sid "x-y" may only contain ASCII letters and digits (A–Z, a–z, 0–9)',
      'invalid-sid Statement[2].Sid Sid "x-y" may only contain ASCII letters and digits (A–Z, a–z, 0–9)',
      'duplicate-sid Statement[2].Sid Sid "x-y" is already used by Statement[0].Sid; Sids must be unique within a policy',
    ]);
  });

  it('leaves out a Sid that is not a string', () => {
    const doc = policy(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']) as { Statement: object[] };
    expect(issues(doc)).toEqual([]);
    doc.Statement.splice(2, 0, { ...FINE, Sid: 5 });
    doc.Statement.push({ ...FINE, Sid: 5 }, { ...FINE, Sid: 'C' });
    expect(issues(doc)).toEqual([
      'invalid-sid Statement[2].Sid Sid must be a string',
      'invalid-sid Statement[11].Sid Sid must be a string',
      'duplicate-sid Statement[12].Sid Sid "C" is already used by Statement[3].Sid; Sids must be unique within a policy',
    ]);
  });
});

describe('Action and Resource arrays', () => {
  const statement = (member: object) => ({ Version: '2012-10-17', Statement: [{ ...FINE, ...member }] });

  it('report a value that is not a string, and then nothing about the strings', () => {
    expect(issues(statement({ Action: ['bad', 5, 's3:*'] }))).toEqual([
      'expected-string Statement[0].Action[1] every value of Action must be a string, not a number',
    ]);
    expect(issues(statement({ Resource: ['nope', 'arn:aws:s3:::b', null] }))).toEqual([
      'expected-string Statement[0].Resource[2] every value of Resource must be a string, not null',
    ]);
  });

  it('check every value that is not quiet, in order, from the first one', () => {
    expect(issues(statement({ Action: ['s3:GetObject', 'bad', 's3:*', 'x:y z', '*:Get'] }))).toEqual([
      `invalid-action Statement[0].Action[1] "bad" is not an action: write "service:Action" (e.g. "s3:GetObject") or "*"`,
      `invalid-action Statement[0].Action[3] "x:y z": the action name may only contain letters, digits, '_', '-', '*' and '?'`,
      'action-wildcard-in-service Statement[0].Action[4] "*:Get" has a wildcard in the service prefix "*"; wildcards may only appear in the action name',
    ]);
    expect(issues({ Version: '2012-10-17', Statement: { Effect: 'Deny', NotAction: 'bad', Resource: '*' } })).toEqual([
      `invalid-action Statement.NotAction "bad" is not an action: write "service:Action" (e.g. "s3:GetObject") or "*"`,
    ]);
    expect(issues(statement({ Resource: ['*', 'arn:aws:s3:::b', 'b', 'arn:aws:s3:::c', ''] }))).toEqual([
      'invalid-resource Statement[0].Resource[2] "b" is not an ARN: a resource must be "*" or arn:partition:service:region:account:resource',
      'empty-resource Statement[0].Resource[4] a resource must not be an empty string; write an ARN or "*"',
    ]);
  });

  it('keep an array of quiet values as it was written', () => {
    const r = parsePolicy(statement({ Action: ['s3:GetObject', 's3:PutObject'] }), { type: 'identity' });
    expect(r.ok && r.policy.statements[0]?.action).toEqual({
      not: false,
      values: ['s3:GetObject', 's3:PutObject'],
      wasArray: true,
    });
  });
});

describe('string and ARN condition values under each Version', () => {
  /** The issues of one statement with `condition`, under `version` (`undefined`: none). */
  function conditionIssues(version: string | undefined, condition: object): string[] {
    const doc = { Statement: { ...FINE, Condition: condition } };
    return issues(version === undefined ? doc : { Version: version, ...doc }).map((i) =>
      i.split(' ').slice(0, 2).join(' '),
    );
  }

  it('look for a variable only where a warning may follow', () => {
    const condition = {
      StringLike: { 's3:prefix': ['home/${aws:username}/*', 'plain'] },
      ArnLike: { 'aws:SourceArn': ['${aws:PrincipalArn}', 'not-an-arn', 'arn:aws:s3:::b/${aws:username}'] },
    };
    expect(conditionIssues('2012-10-17', condition)).toEqual([
      'condition-value-not-arn Statement.Condition.ArnLike.aws:SourceArn[1]',
    ]);
    for (const version of ['2008-10-17', undefined])
      expect(conditionIssues(version, condition)).toEqual([
        'variable-is-literal Statement.Condition.StringLike.s3:prefix[0]',
        'variable-is-literal Statement.Condition.ArnLike.aws:SourceArn[0]',
        'condition-value-not-arn Statement.Condition.ArnLike.aws:SourceArn[0]',
        'condition-value-not-arn Statement.Condition.ArnLike.aws:SourceArn[1]',
        'variable-is-literal Statement.Condition.ArnLike.aws:SourceArn[2]',
      ]);
  });
});
