import { describe, expect, it } from 'vitest';
import { readInput } from '../../src/import/input.js';
import { CLOUDFORMATION_TAGS } from '../../src/import/cfn-yaml.js';
import { ImportIssues } from '../../src/import/result.js';

function read(input: unknown, tags = CLOUDFORMATION_TAGS) {
  const issues = new ImportIssues();
  const value = readInput(input, issues, { what: 'template', yamlTags: tags });
  return { value, issues };
}

describe('readInput', () => {
  it('turns every short-form intrinsic into its long form', () => {
    const { value, issues } = read(`
A: !Ref Bucket
B: !GetAtt Role.Arn
C: !GetAtt [Role, Arn]
D: !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'
E: !Sub
  - 'x-\${Name}'
  - Name: !Ref Env
F: !Join ['', [a, !Ref B]]
G: !If [IsProd, !Ref AWS::NoValue, 'x']
H: !Select [0, !GetAZs '']
I: !Split [',', 'a,b']
J: !Equals [!Ref Env, prod]
K: !Not [!Condition IsProd]
L: !And [!Condition A, !Or [!Condition B, !Condition C]]
M: !FindInMap [Map, !Ref AWS::Region, Key]
N: !ImportValue Shared-Arn
O: !Base64 text
P: !Cidr [10.0.0.0/16, 4, 8]
Q: !GetAtt Db.Endpoint.Address
`);
    expect(issues.errors).toEqual([]);
    expect(value).toEqual({
      A: { Ref: 'Bucket' },
      B: { 'Fn::GetAtt': ['Role', 'Arn'] },
      C: { 'Fn::GetAtt': ['Role', 'Arn'] },
      D: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' },
      E: { 'Fn::Sub': ['x-${Name}', { Name: { Ref: 'Env' } }] },
      F: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] },
      G: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'x'] },
      H: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      I: { 'Fn::Split': [',', 'a,b'] },
      J: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      K: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      L: { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Or': [{ Condition: 'B' }, { Condition: 'C' }] }] },
      M: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Key'] },
      N: { 'Fn::ImportValue': 'Shared-Arn' },
      O: { 'Fn::Base64': 'text' },
      P: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      Q: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
    });
  });

  it('keeps zero-padded account ids and dates as strings', () => {
    const { value } = read('Account: 012345678901\nOther: 123456789012\nVersion: 2012-10-17\n');
    expect(value).toEqual({ Account: '012345678901', Other: 123456789012, Version: '2012-10-17' });
  });

  it('reads JSON text strictly, with positions', () => {
    const { value, issues } = read('{"a": 1, "a": 2}');
    expect(value).toBeUndefined();
    expect(issues.errors[0]).toMatchObject({ code: 'invalid-json', line: 1 });
  });

  it('reports YAML syntax errors with line and column', () => {
    const { value, issues } = read('Resources:\n  A: [unclosed\n');
    expect(value).toBeUndefined();
    expect(issues.errors[0]).toMatchObject({ code: 'invalid-yaml' });
    expect(issues.errors[0]?.line).toBeGreaterThan(0);
  });

  it('rejects duplicate YAML keys', () => {
    expect(read('A: 1\nA: 2\n').issues.errors[0]?.code).toBe('invalid-yaml');
  });

  it('refuses prototype-polluting keys in text and in parsed values', () => {
    expect(read('{"__proto__": {"x": 1}}').issues.errors.map((e) => e.code)).toEqual(['reserved-key']);
    const parsed = JSON.parse('{"a": {"constructor": 1}}');
    expect(read(parsed).issues.errors[0]).toMatchObject({ code: 'reserved-key', path: 'a.constructor' });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('stops billion-laughs aliases and deep nesting without throwing', () => {
    const lol = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lol.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    expect(read(lol.join('\n')).value).toBeUndefined();
    let deep: unknown = 1;
    for (let i = 0; i < 500; i++) deep = [deep];
    expect(read(deep).issues.errors[0]?.code).toBe('too-deep');
  });

  it('reports empty text', () => {
    expect(read('  \n').issues.errors[0]?.code).toBe('empty-input');
  });
});
