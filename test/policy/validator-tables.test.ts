/**
 * Tables and shortcuts the validator reads instead of parsing again (issue #16: one-shot use):
 * each must give what the parser it stands for gives, for every name it knows and for the rest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATORS, parseOperatorName, readOperatorName } from '../../src/policy/condition-operators.js';
import { isVariableBody, parseTemplate } from '../../src/policy/variables.js';
import { firstVariableIndex } from '../../src/policy/policy-strings.js';

const BASES = Object.keys(OPERATORS);
/** Operator names and near misses: prefixes, suffixes, case changes, stray characters. */
const operatorName = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:', 'ForAllValue:', 'forallvalues:', ':'),
      fc.constantFrom(...BASES, 'Null', 'String', 'stringequals', 'Bool ', ''),
      fc.constantFrom('', 'IfExists', 'ifexists', 'IfExistsIfExists'),
    )
    .map(([p, b, s]) => `${p}${b}${s}`),
  fc.string({ maxLength: 10 }),
);

describe('the table of condition operators', () => {
  it('reads every name as parseOperatorName does, with the family of its base', () => {
    let known = 0;
    fc.assert(
      fc.property(operatorName, (name) => {
        const parsed = parseOperatorName(name);
        const read = readOperatorName(name);
        if (typeof parsed === 'string') expect(read).toBe(parsed);
        else {
          known++;
          expect(read).toEqual({ ...parsed, family: OPERATORS[parsed.base].family });
        }
      }),
      { numRuns: 5000 },
    );
    expect(known).toBeGreaterThan(200);
  });

  it('knows all 157 valid names', () => {
    let valid = 0;
    for (const prefix of ['', 'ForAllValues:', 'ForAnyValue:'])
      for (const base of BASES)
        for (const suffix of ['', 'IfExists']) {
          const name = `${prefix}${base}${suffix}`;
          const read = readOperatorName(name);
          if (typeof read === 'string') continue;
          valid++;
          expect(read.base).toBe(base);
          expect(read.set).toBe(prefix === '' ? undefined : prefix.slice(0, -1));
          expect(read.ifExists).toBe(suffix !== '');
        }
    expect(valid).toBe(BASES.length * 6 - 5);
  });
});

/** Text with `${…}` near misses: literal-character variables, defaults, spaces, braces. */
const variableText = fc
  .array(
    fc.constantFrom(
      '${',
      '}',
      '{',
      'aws:username',
      '*',
      '?',
      '$',
      ' ',
      '\u00a0',
      "'",
      ", 'x'",
      ',',
      'constructor',
      '__proto__',
      'a',
      '',
    ),
    { maxLength: 8 },
  )
  .map((p) => p.join(''));

describe('telling a policy variable without its parts', () => {
  it('isVariableBody says what parseTemplate reads of one `${…}`', () => {
    fc.assert(
      fc.property(variableText, (body) => {
        if (body.includes('}')) return;
        expect(isVariableBody(body), body).toBe(parseTemplate(`\${${body}}`) !== undefined);
      }),
      { numRuns: 5000 },
    );
  });

  it('firstVariableIndex finds what it found when it asked parseTemplate of each `${…}`', () => {
    /** firstVariableIndex as it was, with parseTemplate. */
    const byTemplate = (text: string): number => {
      let from = 0;
      for (;;) {
        const start = text.indexOf('${', from);
        if (start < 0) return -1;
        const end = text.indexOf('}', start + 2);
        if (end < 0) return -1;
        if (parseTemplate(text.slice(start, end + 1)) !== undefined) return start;
        from = start + 2;
      }
    };
    let found = 0;
    fc.assert(
      fc.property(variableText, (text) => {
        const at = firstVariableIndex(text);
        if (at >= 0) found++;
        expect(at, text).toBe(byTemplate(text));
      }),
      { numRuns: 5000 },
    );
    expect(found).toBeGreaterThan(20);
  });
});
