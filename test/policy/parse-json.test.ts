import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import fc from 'fast-check';
import { parseJson } from '../../src/json/parse-json.js';

function errorOf(text: string) {
  const r = parseJson(text);
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('unreachable');
  return r.errors[0]!;
}

describe('parseJson', () => {
  it('parses every JSON type like JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, 0, true, false, null, "x\\n\\u00e9\\"\\/"], "b": {}, "c": []}';
    const r = parseJson(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.parse(JSON.stringify(r.value))).toEqual(JSON.parse(text));
  });

  it('agrees with JSON.parse on arbitrary JSON without duplicate keys', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const r = parseJson(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(JSON.stringify(r.value)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: runs(300, 0.01) },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const r = parseJson(text);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: runs(500, 0.01) },
    );
  });

  it('keeps __proto__ as ordinary data and does not pollute Object.prototype', () => {
    const r = parseJson('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const value = r.value as Record<string, Record<string, unknown>>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(value['__proto__']!.polluted).toBe(1);
    expect(Object.getPrototypeOf(value)).toBeNull();
  });

  it('reports a duplicate member with the path and position of the second occurrence', () => {
    const e = errorOf('{"Statement": [{\n  "Effect": "Allow",\n  "Effect": "Deny"\n}]}');
    expect(e).toMatchObject({ code: 'duplicate-member', path: 'Statement[0].Effect', line: 3, column: 3 });
  });

  it('limits nesting depth instead of overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(errorOf(deep).code).toBe('json-too-deep');
    const ok = parseJson('['.repeat(10) + ']'.repeat(10), { maxDepth: 10 });
    expect(ok.ok).toBe(true);
    expect(parseJson('['.repeat(11) + ']'.repeat(11), { maxDepth: 10 }).ok).toBe(false);
    // Even with an absurd limit the parser is iterative and cannot crash.
    const huge = parseJson('['.repeat(100_000) + ']'.repeat(100_000), { maxDepth: 1e9 });
    expect(huge.ok).toBe(true);
  });

  it.each([
    ['{"a": 1,}', 'trailing comma', 1, 8],
    ['[1, 2,]', 'trailing comma', 1, 6],
    ['{"a": 1 "b": 2}', "expected ',' or '}' after object member", 1, 9],
    ['[1 2]', "expected ',' or ']' after array element", 1, 4],
    ['{"a": "abc', 'unterminated string', 1, 7],
    ['{"a": "ab\ncd"}', 'unterminated string', 1, 7],
    ['NaN', 'NaN and Infinity', 1, 1],
    ['[Infinity]', 'NaN and Infinity', 1, 2],
    ['[-Infinity]', 'NaN and Infinity', 1, 2],
    ['// comment\n{}', 'comments are not allowed', 1, 1],
    ['{/* c */}', 'expected a double-quoted member name', 1, 2],
    ["{'a': 1}", 'double quotes', 1, 2],
    ['{"a" 1}', "expected ':'", 1, 6],
    ['[01]', 'leading zeros', 1, 2],
    ['[1.]', "digit after '.'", 1, 4],
    ['"\\x"', 'invalid escape', 1, 2],
    ['"\\u12g4"', 'invalid \\u escape', 1, 2],
    ['', 'empty document', 1, 1],
    ['{}\n  x', "unexpected 'x' after the JSON value", 2, 3],
    ['[tru]', 'expected a value', 1, 2],
  ])('rejects %j with a clear message', (text, message, line, column) => {
    const e = errorOf(text);
    expect(e.message).toContain(message);
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
  });

  it('keeps lone surrogates from \\u escapes without throwing', () => {
    const r = parseJson('["\\ud800", "\\udc00x", "\\ud83d\\ude00"]');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(['\ud800', '\udc00x', '😀']);
  });

  it('records positions under JSON paths only when asked', () => {
    const text = '{\n  "Statement": [\n    {"Condition": {"StringLike": {"k": ["a", "b"]}}}\n  ]\n}';
    const plain = parseJson(text);
    expect(plain.ok && plain.locate('Statement')).toBeUndefined();
    const r = parseJson(text, { positions: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.locate('')).toEqual({ line: 1, column: 1 });
    expect(r.locate('Statement')).toEqual({ line: 2, column: 16 });
    expect(r.locate('Statement[0]')).toEqual({ line: 3, column: 5 });
    expect(r.locate('Statement[0].Condition.StringLike')).toEqual({ line: 3, column: 34 });
    expect(r.locate('Statement[0].Condition.StringLike.k[1]')).toEqual({ line: 3, column: 46 });
    expect(r.locate('Statement[1]')).toBeUndefined();
  });

  it('uses joinPath quoting for unusual member names', () => {
    const r = parseJson('{"a b": {"1x": 2}}', { positions: true });
    expect(r.ok && r.locate('["a b"]["1x"]')).toEqual({ line: 1, column: 16 });
  });
});
