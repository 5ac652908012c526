import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import fc from 'fast-check';
import { parsePolicy } from '../../src/policy/parse.js';
import { POLICY_TYPES } from '../../src/policy/ast.js';
import { formatIssue } from '../../src/policy/issues.js';
import { parentPath } from '../../src/policy/locate-issues.js';
import { doc, errorCodes, identityStatement, parse } from './helpers.js';

describe('parsePolicy AST', () => {
  it('builds the AST of spec §1 from JSON text', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' },
        { Effect: 'Deny', NotAction: 'iam:*', NotResource: ['arn:aws:iam::123456789012:role/x'] },
      ],
    });
    const r = parsePolicy(text, { type: 'identity' });
    expect(r).toEqual({
      ok: true,
      warnings: [],
      policy: {
        type: 'identity',
        version: '2012-10-17',
        id: undefined,
        statementIsArray: true,
        statements: [
          {
            index: 0,
            sid: 'A',
            effect: 'Allow',
            principal: undefined,
            action: { not: false, values: ['s3:GetObject', 's3:PutObject'], wasArray: true },
            resource: { not: false, values: ['arn:aws:s3:::b/*'], wasArray: false },
            conditions: [],
          },
          {
            index: 1,
            sid: undefined,
            effect: 'Deny',
            principal: undefined,
            action: { not: true, values: ['iam:*'], wasArray: false },
            resource: { not: true, values: ['arn:aws:iam::123456789012:role/x'], wasArray: true },
            conditions: [],
          },
        ],
      },
    });
  });

  it('keeps a single statement object and a missing Version', () => {
    const r = parse({ Statement: identityStatement() }, 'identity');
    expect(r.ok && r.policy.statementIsArray).toBe(false);
    expect(r.ok && r.policy.version).toBeUndefined();
    expect(r.ok && r.policy.statements[0]?.index).toBe(0);
  });

  it('reads an already-parsed value without line/column', () => {
    const r = parse(doc(identityStatement({ Effect: 'Maybe' })), 'identity');
    expect(!r.ok && r.errors[0]).toEqual({
      severity: 'error',
      code: 'invalid-effect',
      path: 'Statement[0].Effect',
      message: 'Effect must be exactly "Allow" or "Deny", not "Maybe"',
    });
  });

  it('treats __proto__ keys in parsed objects and text as plain data', () => {
    const text =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}]}';
    const r = parsePolicy(text, { type: 'identity' });
    expect(r.ok && r.policy.statements[0]?.conditions[0]?.key).toBe('__proto__');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('line and column on text input', () => {
  const text = [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    '      "Action": "s3:GetObject",',
    '      "Resource": "*",',
    '      "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}',
    '    },',
    '    {"Action": "s3:*", "Resource": "*"}',
    '  ]',
    '}',
  ].join('\n');

  it('locates value errors at the value and missing members at their statement', () => {
    const r = parsePolicy(text, { type: 'identity' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(formatIssue)).toEqual([
      'error Statement[0].Condition.NumericLessThan.s3:max-keys (8:56): "ten" is not valid for NumericLessThan: expected a number such as 10 or 2.5 [invalid-numeric-value]',
      'error Statement[1].Effect (10:5): the statement has no Effect; add "Effect": "Allow" or "Effect": "Deny" [missing-effect]',
    ]);
  });

  it('returns JSON syntax errors with position', () => {
    const r = parsePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}', {
      type: 'identity',
    });
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'json-syntax', line: 4, column: 23 });
  });

  it('locates warnings too', () => {
    const r = parsePolicy('{"Id": "x",\n "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}', {
      type: 'identity',
    });
    expect(r.ok && r.warnings[0]).toMatchObject({ code: 'id-in-identity-policy', line: 1, column: 8 });
  });

  it('finds parents of every path form', () => {
    expect(parentPath('Statement[0].Condition.StringLike')).toBe('Statement[0].Condition');
    expect(parentPath('Statement[0]')).toBe('Statement');
    expect(parentPath('Statement')).toBe('');
    expect(parentPath('')).toBeUndefined();
    expect(parentPath('Statement[0].Condition["a.b]"]')).toBe('Statement[0].Condition');
    expect(parentPath('["x y"].z')).toBe('["x y"]');
  });
});

describe('parsePolicy never throws', () => {
  const types = fc.constantFrom(...POLICY_TYPES);

  it('on arbitrary values', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withObjectString: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withSparseArray: true,
          withBigInt: true,
        }),
        types,
        (input, type) => {
          const r = parsePolicy(input, { type });
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: runs(500, 0.01) },
    );
  });

  it('on arbitrary JSON text and strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.string({ unit: 'binary' })), types, (input, type) => {
        const r = parsePolicy(input, { type });
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: runs(500, 0.01) },
    );
  });

  it('on policy-shaped values with random members', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom('*', 'Allow', 'Deny', 's3:*', 'arn:aws:s3:::b', '${aws:username}'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.oneof(scalar, fc.array(scalar)), { maxKeys: 3 }),
    );
    const statement = fc.record(
      {
        Sid: value,
        Effect: value,
        Principal: value,
        NotPrincipal: value,
        Action: value,
        NotAction: value,
        Resource: value,
        NotResource: value,
        Condition: fc.dictionary(fc.string(), fc.dictionary(fc.string(), value, { maxKeys: 2 }), { maxKeys: 2 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record(
          { Version: value, Id: value, Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })) },
          { requiredKeys: [] },
        ),
        types,
        (input, type) => {
          const r = parsePolicy(input, { type });
          expect(typeof r.ok).toBe('boolean');
          const text = parsePolicy(JSON.stringify(input), { type });
          expect(text.ok).toBe(r.ok);
        },
      ),
      { numRuns: runs(1000, 0.01) },
    );
  });

  it('on hostile objects: throwing getters, proxies, cycles, deep nesting', () => {
    const getter = {
      Version: '2012-10-17',
      get Statement(): unknown {
        throw new Error('boom');
      },
    };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
    cyclic.Statement = cyclic;
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const weird = { Statement: [{ Effect: 'Allow', Action: Symbol('a'), Resource: () => 1 }] };
    for (const input of [
      getter,
      revoked.proxy,
      cyclic,
      deep,
      weird,
      undefined,
      null,
      3,
      NaN,
      [],
      Object.create(null),
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: 10n }] },
    ]) {
      const r = parsePolicy(input, { type: 'identity' });
      expect(r.ok).toBe(false);
    }
    expect(errorCodes(parsePolicy(getter, { type: 'identity' }))).toEqual(['unreadable-value']);
    expect(errorCodes(parsePolicy(cyclic, { type: 'identity' }))).toEqual(['too-deep']);
    expect(parsePolicy(undefined as never, undefined as never).ok).toBe(false);
  });

  it('on deeply nested JSON text', () => {
    // maxSize: false, or the size quota (checked before parsing) refuses the text first.
    const r = parsePolicy(`{"Statement": ${'['.repeat(100_000)}`, { type: 'identity', maxSize: false });
    expect(errorCodes(r)).toEqual(['json-too-deep']);
  });
});
