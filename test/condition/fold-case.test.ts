import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { foldCase } from '../../src/condition/compile.js';

const withCondition = (operator: string, value: string) => ({
  principal: 'arn:aws:iam::111111111111:user/alice',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  context: { 'aws:PrincipalTag/unit': 'ΜICRO-lab' },
  policies: {
    identity: [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: '*',
            Condition: { [operator]: { 'aws:PrincipalTag/unit': value } },
          },
        ],
      },
    ],
  },
});

describe('IgnoreCase folding (spec §3.4.1, §10 C2)', () => {
  it('folds MICRO SIGN like GREEK MU, as simple case folding does', () => {
    expect(foldCase('µ')).toBe(foldCase('Μ'));
    expect(foldCase('ÀÉÎ')).toBe('àéî');
    expect(evaluate(withCondition('StringEqualsIgnoreCase', 'µicro-LAB')).decision).toBe('Allow');
    expect(evaluate(withCondition('StringEquals', 'µicro-LAB')).decision).toBe('ImplicitDeny');
    expect(evaluate(withCondition('StringNotEqualsIgnoreCase', 'µicro-LAB')).decision).toBe('ImplicitDeny');
  });
});
