import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AccountMemo } from '../../src/model/account-memo.js';

describe('AccountMemo', () => {
  it('gives every account the value added for it, in any order of lookups, and nothing for others', () => {
    const id = fc.constantFrom('111111111111', '222222222222', '333333333333', '444444444444');
    const step = fc.oneof(
      fc.record({ op: fc.constant('get' as const), id }),
      fc.record({ op: fc.constant('add' as const), id }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const memo = new AccountMemo<{ id: string; n: number }>();
        const model = new Map<string, { id: string; n: number }>();
        steps.forEach((s, n) => {
          // An account is added once, as its callers do (only when `get` found nothing).
          if (s.op === 'add' && !model.has(s.id)) {
            const value = { id: s.id, n };
            expect(memo.add(s.id, value)).toBe(value);
            model.set(s.id, value);
          } else expect(memo.get(s.id)).toBe(model.get(s.id));
        });
        for (const [k, v] of model) expect(memo.get(k)).toBe(v);
        expect(memo.ids()).toEqual([...model.keys()]);
      }),
    );
  });
});
