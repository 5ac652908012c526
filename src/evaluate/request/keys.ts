/**
 * The context a request is decided with (spec §3.2, §7.2): the keys the engine derives (from the
 * principal, the resource, the time and STS parameters) layered with the keys the caller passed.
 *
 * Who wins when both name a key is a choice of the entry point: scenarios (spec §0.3) and
 * `evaluate` let supplied keys win (a simulation states the facts); a world's authorizer by
 * default lets the world win for the keys it owns, so that a request cannot claim MFA, another
 * principal's tags or another time (`allowOverrides` restores the scenario behaviour).
 */
import type { ContextLookup, ContextValue } from '../../condition/context.js';
import { formatDate } from '../../condition/date.js';
import { StepBudget } from '../../policy/limits.js';
import { isWorldOwnedKey } from '../../condition/world-owned.js';

export { isWorldOwnedKey };

/** An empty context. */
export const EMPTY_CONTEXT: ContextLookup = { get: () => undefined };

/**
 * The per-request keys: the caller's, the derived ones, the principal's and the time. They are
 * also the matcher step budget of the decision they serve (`decide` resets it): one object per
 * request carries both, so that deciding allocates nothing for the budget (docs/security.md G4).
 */
export class RequestKeys extends StepBudget implements ContextLookup {
  /** Keys the caller passed. */
  private caller!: ContextLookup;
  /**
   * Keys derived for this request (resource tags, STS keys, resource account, …), first found
   * wins; `undefined` entries (a source this request lacks) are skipped.
   */
  private derived!: readonly (ContextLookup | undefined)[];
  /** Keys of the principal (computed once per principal). */
  private principal!: ContextLookup;
  /** Request time in epoch milliseconds. */
  private time!: number;
  /** When MFA was used for the credentials (epoch ms), for `aws:MultiFactorAuthAge`. */
  private mfaAt!: number | undefined;
  /**
   * `true`: supplied keys override every derived key (spec §0.3); `false`: the world's keys
   * ({@link isWorldOwnedKey}) cannot be overridden and derived keys win over supplied ones.
   */
  private callerWins!: boolean;
  /**
   * `true` when every derived source holds world-owned keys only ({@link isWorldOwnedKey}), as a
   * request with only its account's keys has: another key is then looked for among the
   * principal's keys and the caller's only, without asking each source.
   */
  private derivedWorldOwned!: boolean;
  private currentTime: string | undefined = undefined;
  /**
   * The last keys looked up and their values, most recent in slot 0 (the keys do not change while
   * a request is decided, and a decision asks for a handful of keys, several of them repeatedly:
   * a TLS-only Deny in many policies, a region guard in every SCP level).
   */
  private key0: string | undefined = undefined;
  private value0: ContextValue | undefined = undefined;
  private key1: string | undefined = undefined;
  private value1: ContextValue | undefined = undefined;
  private key2: string | undefined = undefined;
  private value2: ContextValue | undefined = undefined;
  private key3: string | undefined = undefined;
  private value3: ContextValue | undefined = undefined;

  constructor(
    caller: ContextLookup,
    derived: readonly (ContextLookup | undefined)[],
    principal: ContextLookup,
    time: number,
    mfaAt: number | undefined,
    callerWins: boolean,
    derivedWorldOwned = false,
  ) {
    super();
    this.renew(caller, derived, principal, time, mfaAt, callerWins, derivedWorldOwned);
  }

  /**
   * The keys of another request, as the constructor takes them, with nothing remembered of the
   * previous one (an authorizer's {@link RequestFrame} reuses one object for every request it
   * decides while it is not deciding another). The step budget is reset by `decide`.
   */
  renew(
    caller: ContextLookup,
    derived: readonly (ContextLookup | undefined)[],
    principal: ContextLookup,
    time: number,
    mfaAt: number | undefined,
    callerWins: boolean,
    derivedWorldOwned: boolean,
  ): this {
    this.caller = caller;
    this.derived = derived;
    this.principal = principal;
    this.time = time;
    this.mfaAt = mfaAt;
    this.callerWins = callerWins;
    this.derivedWorldOwned = derivedWorldOwned;
    this.currentTime = undefined;
    this.key0 = this.key1 = this.key2 = this.key3 = undefined;
    this.value0 = this.value1 = this.value2 = this.value3 = undefined;
    return this;
  }

  /** The decision's step budget: these keys themselves. */
  get budget(): StepBudget {
    return this;
  }

  get(keyLower: string, worldOwned?: boolean): ContextValue | undefined {
    if (keyLower === this.key0) return this.value0;
    if (keyLower === this.key1) return this.value1;
    if (keyLower === this.key2) return this.value2;
    if (keyLower === this.key3) return this.value3;
    const value = this.lookup(keyLower, worldOwned);
    this.key3 = this.key2;
    this.value3 = this.value2;
    this.key2 = this.key1;
    this.value2 = this.value1;
    this.key1 = this.key0;
    this.value1 = this.value0;
    this.key0 = keyLower;
    this.value0 = value;
    return value;
  }

  /** The request time as `aws:CurrentTime`/`aws:EpochTime` read back (whole seconds), when it is the engine's. */
  instantOf(keyLower: string): number | undefined {
    if (keyLower !== 'aws:currenttime' && keyLower !== 'aws:epochtime') return undefined;
    if (this.callerWins && this.caller.get(keyLower) !== undefined) return undefined;
    const derived = this.derived;
    for (let i = 0; i < derived.length; i++) if (derived[i]?.get(keyLower) !== undefined) return undefined;
    // Both keys are written to the second: the text reads back as the time rounded down to it.
    return this.time - (((this.time % 1000) + 1000) % 1000);
  }

  /** `worldOwned`: {@link isWorldOwnedKey} of the key when the caller knows it (a compiled condition does). */
  private lookup(keyLower: string, worldOwned: boolean | undefined): ContextValue | undefined {
    if (this.callerWins) {
      const own = this.callerValue(keyLower);
      if (own !== undefined) return own;
    }
    if (this.callerWins || (worldOwned ?? isWorldOwnedKey(keyLower))) return this.derivedValue(keyLower);
    // Not the world's: neither a derived source holding world-owned keys only nor the time and MFA
    // keys of `derivedValue` can hold it, so it is the principal's (spec §5.8) or the caller's.
    const derived = this.derivedWorldOwned ? this.principal.get(keyLower) : this.derivedValue(keyLower);
    return derived !== undefined ? derived : this.callerValue(keyLower);
  }

  /**
   * A caller key's value, within the caps the request was checked against. The caller's context
   * is read in place, so a getter or proxy may answer differently than when it was checked: a
   * value over the caps then ends the decision (it fails closed with `BudgetExceeded`).
   */
  private callerValue(keyLower: string): ContextValue | undefined {
    const v = this.caller.get(keyLower);
    if (v === undefined) return undefined;
    if (typeof v === 'string' ? v.length <= this.maxValueLength : withinCaps(v, this.maxValues, this.maxValueLength))
      return v;
    this.exhaust();
    return undefined;
  }

  private derivedValue(keyLower: string): ContextValue | undefined {
    const derived = this.derived;
    for (let i = 0; i < derived.length; i++) {
      const value = derived[i]?.get(keyLower);
      if (value !== undefined) return value;
    }
    switch (keyLower) {
      case 'aws:currenttime':
        return (this.currentTime ??= formatDate(this.time));
      case 'aws:epochtime':
        return String(Math.floor(this.time / 1000));
      case 'aws:multifactorauthage':
        return this.mfaAt === undefined ? undefined : String(Math.max(0, Math.floor((this.time - this.mfaAt) / 1000)));
      default:
        return this.principal.get(keyLower);
    }
  }
}

/** `true` when a list has at most `maxValues` values of at most `maxLength` characters each. */
function withinCaps(values: readonly string[], maxValues: number, maxLength: number): boolean {
  if (values.length > maxValues) return false;
  for (let i = 0; i < values.length; i++) if ((values[i] as string).length > maxLength) return false;
  return true;
}
