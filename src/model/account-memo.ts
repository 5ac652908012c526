/**
 * What a compiled world makes per account on first use (an account's organization facts, the
 * resource account's condition keys), kept by account id.
 */

/**
 * Values by account id, each made by its caller on the first lookup and kept for good: the last one
 * looked up in two fields, all of them in a `Map` made with the second account. A decision asks for
 * its principal's and its resource's account, most often one, and a one-shot call asks for one only
 * (issue #16): no map is made for it, and a lookup of the same account again is one comparison.
 */
export class AccountMemo<V> {
  private lastId: string | undefined = undefined;
  private last: V | undefined = undefined;
  private all: Map<string, V> | undefined = undefined;

  /** The value kept for `id`, which becomes the last looked up; `undefined` when none is. */
  get(id: string): V | undefined {
    if (id === this.lastId) return this.last;
    const known = this.all?.get(id);
    if (known !== undefined) {
      this.lastId = id;
      this.last = known;
    }
    return known;
  }

  /** Keeps `value` for `id` (not kept yet: see {@link get}), the last looked up; returns it. */
  add(id: string, value: V): V {
    // The first account's value goes into the map made with the second.
    if (this.lastId !== undefined) (this.all ??= new Map([[this.lastId, this.last as V]])).set(id, value);
    this.lastId = id;
    this.last = value;
    return value;
  }

  /** The ids kept, in the order they were added (for tests and diagnostics). */
  ids(): string[] {
    return this.all !== undefined ? [...this.all.keys()] : this.lastId !== undefined ? [this.lastId] : [];
  }
}
