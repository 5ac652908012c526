/**
 * Own-member reads for input from users (worlds, requests, contexts): a polluted
 * `Object.prototype` must supply nothing.
 */

/**
 * `Object.prototype.hasOwnProperty`, taken once when the module loads (a later change to
 * `Object.prototype` cannot replace it). `hasOwnProperty.call(o, key)` is what the optimizing
 * compiler turns into an inline check, and inside `for…in` it is answered from the enumeration
 * itself (`Object.hasOwn` is a call per key).
 */
export const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * `hasOwnProperty.call(o, key)` for hot loops (`for…in` walks of a request and its context): the
 * builtin is held in a `const` of this closure, which the optimizing compiler takes for a constant
 * once the call is inlined. A module's top-level `const` is a `var` once bundled, and through a
 * `var` `hasOwnProperty.call` stays a generic call per key instead of a check answered from the
 * enumeration (about 40 ns per request of seven members here).
 */
export const isOwn: (o: object, key: string) => boolean = /* @__PURE__ */ (() => {
  const has = hasOwnProperty;
  return (o: object, key: string): boolean => has.call(o, key);
})();

/** Reads an own member only: a polluted `Object.prototype` must not supply it. */
export function own(o: object, key: string): unknown {
  return hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}
