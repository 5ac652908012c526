/**
 * `isOwn` (the own-member check of the hot `for…in` walks: a request's context listed, read and
 * checked against its caps) is the `hasOwnProperty` taken when the module loaded, held in a
 * `const` of a closure so that the optimizing compiler takes it for a constant: a builtin replaced
 * later changes nothing it answers.
 */
import { describe, expect, it } from 'vitest';
import { callerContext, KeyNames } from '../../src/condition/context.js';
import { isOwn } from '../../src/json/own.js';
import { checkContextLimits, DEFAULT_LIMITS } from '../../src/policy/limits.js';

/** Runs `f` with `Object.prototype.hasOwnProperty` answering `true` for everything. */
function withReplacedBuiltin<T>(f: () => T): T {
  const original = Object.prototype.hasOwnProperty;
  const set = (value: unknown): void => {
    Object.defineProperty(Object.prototype, 'hasOwnProperty', { value, writable: true, configurable: true });
  };
  try {
    set(() => true);
    return f();
  } finally {
    set(original);
  }
}

describe('isOwn', () => {
  const inherited = Object.create({ 'aws:SourceIp': '10.0.0.1', ['x'.repeat(200)]: 'v' }) as Record<string, unknown>;
  inherited['aws:RequestedRegion'] = 'eu-west-1';

  it('answers own members only, whatever replaces hasOwnProperty', () => {
    withReplacedBuiltin(() => {
      expect(isOwn(inherited, 'aws:RequestedRegion')).toBe(true);
      expect(isOwn(inherited, 'aws:SourceIp')).toBe(false);
    });
  });

  it("keeps a context's inherited keys out of its lookups, listed or not", () => {
    withReplacedBuiltin(() => {
      for (const names of [undefined, new KeyNames()]) {
        const ctx = callerContext(inherited, names);
        expect(ctx.get('aws:sourceip')).toBeUndefined();
        expect(ctx.get('aws:requestedregion')).toEqual(callerContext({ r: 'eu-west-1' }).get('r'));
      }
    });
  });

  it("keeps a context's inherited keys out of its caps", () => {
    // The inherited key is longer than a context key may be: counted, it would be over the cap.
    expect(checkContextLimits(inherited, DEFAULT_LIMITS)).toBeUndefined();
    withReplacedBuiltin(() => expect(checkContextLimits(inherited, DEFAULT_LIMITS)).toBeUndefined());
  });
});
