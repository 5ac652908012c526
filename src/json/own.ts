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

/** Reads an own member only: a polluted `Object.prototype` must not supply it. */
export function own(o: object, key: string): unknown {
  return hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}
