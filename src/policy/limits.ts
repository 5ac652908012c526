/**
 * The work budget (docs/security.md, G4): every limit that bounds the work one input can cause,
 * in one place, with one check per kind of input. Each check returns `undefined` when the input
 * is within its limit and a short reason otherwise, so that entry points call it in one line and
 * fail closed with `BudgetExceeded:<what>`.
 *
 * Defaults follow AWS's own quotas where AWS has one (IAM/STS quotas, S3 key length), so a
 * request AWS would accept is never refused.
 */

import { hasOwnProperty, isOwn, own } from '../json/own.js';

/** Every limit of the work budget. */
export interface Limits {
  /** Longest action name (`service:Action`); AWS action names are at most 128 characters. */
  readonly maxActionLength: number;
  /** Longest resource ARN; AWS ARNs are at most 2,048 characters (an S3 key at most 1,024 bytes). */
  readonly maxResourceLength: number;
  /** Longest principal string (an ARN, `service:…`); at most 2,048 characters as for ARNs. */
  readonly maxPrincipalLength: number;
  /** Most context keys one request may carry. */
  readonly maxContextKeys: number;
  /** Longest context key name; AWS condition key names are at most 128 characters. */
  readonly maxContextKeyLength: number;
  /** Longest context value (ARNs such as `aws:SourceArn`: 2,048 characters). */
  readonly maxContextValueLength: number;
  /** Most values of one multivalued context key. */
  readonly maxContextValues: number;
  /** Wildcard-matcher steps one decision may take before it fails closed with `BudgetExceeded`. */
  readonly maxMatchSteps: number;
  /** Longest text (UTF-16 code units) read as one JSON document before parsing starts. */
  readonly maxTextLength: number;
  /** Longest array read from an untrusted object (a longer one is refused before it is walked). */
  readonly maxArrayLength: number;
  /** Most issues reported for one input; the rest are summarized in one `too-many-issues` issue. */
  readonly maxIssues: number;
}

/** The default limits (AWS's quotas where AWS has one). */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxActionLength: 128,
  maxResourceLength: 2048,
  maxPrincipalLength: 2048,
  maxContextKeys: 256,
  maxContextKeyLength: 128,
  maxContextValueLength: 2048,
  maxContextValues: 256,
  maxMatchSteps: 100_000,
  maxTextLength: 64 * 1024 * 1024,
  maxArrayLength: 100_000,
  maxIssues: 1_000,
});

/** Fills `partial` up with the defaults; non-positive or non-numeric entries are ignored. */
export function resolveLimits(partial?: Partial<Limits>): Limits {
  if (partial === undefined || partial === null || typeof partial !== 'object') return DEFAULT_LIMITS;
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS)) {
    if (!hasOwnProperty.call(partial, key)) continue;
    const v: unknown = (partial as Record<string, unknown>)[key];
    if (typeof v === 'number' && v > 0 && !Number.isNaN(v)) out[key] = v;
  }
  return Object.freeze(out) as unknown as Limits;
}

/**
 * Matcher steps left for one decision. It rides on the request context (`ContextLookup.budget`;
 * the request pipeline's keys are one, so a decision allocates none) and is shaped like the
 * matcher's step counter: the matcher stops (and reports no match) once `steps` passes `limit`,
 * and the decision then fails closed with `BudgetExceeded`.
 */
export class StepBudget {
  steps = 0;
  /**
   * The caps on one caller context value, as the request was checked against them: a value read
   * later that is over them (a getter or proxy answering differently on its second read) ends the
   * decision, failing closed, instead of being used unchecked.
   */
  maxValueLength: number = DEFAULT_LIMITS.maxContextValueLength;
  maxValues: number = DEFAULT_LIMITS.maxContextValues;
  constructor(public limit: number = DEFAULT_LIMITS.maxMatchSteps) {}

  /** Starts a decision: no step taken yet, `limit` allowed, context values within `limits`. */
  reset(limit: number, limits?: Pick<Limits, 'maxContextValueLength' | 'maxContextValues'>): void {
    this.steps = 0;
    this.limit = limit;
    if (limits !== undefined) {
      this.maxValueLength = limits.maxContextValueLength;
      this.maxValues = limits.maxContextValues;
    }
  }

  /** Ends the decision: every later match stops, and the decision fails closed. */
  exhaust(): void {
    this.steps = this.limit + 1;
  }

  /** `true` once more steps were taken than allowed. */
  get exceeded(): boolean {
    return this.steps > this.limit;
  }

  /** Charges `n` steps of work that is not wildcard matching (e.g. resolving a template). */
  charge(n: number): boolean {
    this.steps += n;
    return this.steps <= this.limit;
  }
}

/** Charges `n` steps to an optional budget; `false` once the budget is exhausted. */
export function charge(budget: { steps: number; limit?: number } | undefined, n: number): boolean {
  if (budget === undefined) return true;
  budget.steps += n;
  return budget.limit === undefined || budget.steps <= budget.limit;
}

/**
 * Checks the request strings against the caps: action, resource, principal, context key names,
 * values and counts. Returns the field over its cap (the `detail` of a `BudgetExceeded` decision) or `undefined`. Never walks an array past its
 * cap (sparse arrays and proxies with a huge `length` are refused by their length). May throw only
 * if a getter of `request` throws; entry points call it inside their own guard.
 */
export function checkRequestLimits(request: unknown, limits: Limits = DEFAULT_LIMITS): string | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const detail = checkMemberLimits(
    {
      action: own(request, 'action'),
      resource: own(request, 'resource'),
      principal: own(request, 'principal'),
      resourceAccount: own(request, 'resourceAccount'),
      time: own(request, 'time'),
      context: own(request, 'context'),
    },
    limits,
  );
  return detail;
}

/** The request members the caps bound, already read (own members only) by the entry point. */
export interface CappedMembers {
  readonly action?: unknown;
  readonly resource?: unknown;
  readonly principal?: unknown;
  readonly resourceAccount?: unknown;
  readonly time?: unknown;
  readonly context?: unknown;
}

/**
 * {@link checkRequestLimits} over members an entry point has read once (no second read of the
 * request): the `BudgetExceeded` detail (the member over its cap), or `undefined`.
 */
export function checkMemberLimits(m: CappedMembers, limits: Limits): string | undefined {
  if (tooLong(m.action, limits.maxActionLength)) return 'action';
  if (tooLong(m.resource, limits.maxResourceLength)) return 'resource';
  if (tooLong(m.principal, limits.maxPrincipalLength)) return 'principal';
  if (tooLong(m.resourceAccount, limits.maxResourceLength)) return 'resourceAccount';
  if (tooLong(m.time, 64)) return 'time';
  return checkContextLimits(m.context, limits);
}

function tooLong(v: unknown, max: number): boolean {
  return typeof v === 'string' && v.length > max;
}

/** The context part of {@link checkRequestLimits}: key count, key length, value lengths and counts. */
export function checkContextLimits(context: unknown, limits: Limits = DEFAULT_LIMITS): string | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  // Own enumerable keys, as `Object.keys` lists them, counted as they come (no list per request).
  // `hasOwnProperty.call` inside `for…in` (here through `isOwn`, whose builtin the optimizing
  // compiler knows) is a pattern it answers from the enumeration itself (`Object.hasOwn` is a call
  // per key: about 2.5× the cost of the whole check).
  let count = 0;
  for (const key in context) {
    if (!isOwn(context, key)) continue;
    if (++count > limits.maxContextKeys || key.length > limits.maxContextKeyLength) return 'context';
    const v: unknown = (context as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (v.length > limits.maxContextValueLength) return 'context';
    } else if (Array.isArray(v)) {
      const length: unknown = v.length;
      if (typeof length !== 'number' || length > limits.maxContextValues) return 'context';
      for (let i = 0; i < length; i++) {
        const item: unknown = v[i];
        if (typeof item === 'string' && item.length > limits.maxContextValueLength) return 'context';
      }
    }
  }
  return undefined;
}

/** Checks the length of a text before it is parsed. Returns a sentence, or `undefined`. */
export function checkTextLength(text: string, max: number = DEFAULT_LIMITS.maxTextLength): string | undefined {
  return text.length > max ? `the text has ${text.length} characters, more than the ${max} allowed` : undefined;
}

/**
 * Checks an array-like length before the array is walked (sparse arrays and proxies may report
 * any `length`). Returns a sentence, or `undefined`.
 */
export function checkArrayLength(length: unknown, max: number = DEFAULT_LIMITS.maxArrayLength): string | undefined {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) return 'the array has no valid length';
  return length > max ? `the array has ${length} elements, more than the ${max} allowed` : undefined;
}

/**
 * A lower bound of a policy's quota size (spec §8.1) read from its JSON text in one pass, without
 * parsing it: every structural character, one per number or literal (`1.000` may print as `1`), and
 * one per character or escape inside strings (`\u0041` prints as `A`). When this bound is over the
 * quota, so is the policy, and the text need not be parsed at all.
 */
export function quotaLowerBound(text: string): number {
  let count = 0;
  let inString = false;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x22) inString = false;
      else if (c === 0x5c) i += text.charCodeAt(i + 1) === 0x75 ? 5 : 1;
      count++;
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      inToken = false;
    } else if (c === 0x22 || c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x2c || c === 0x3a) {
      inToken = false;
      inString = c === 0x22;
      count++;
    } else if (!inToken) {
      inToken = true;
      count++;
    }
  }
  return count;
}

/** Checks the issue count: `true` while more issues may be recorded. */
export function checkIssueCount(count: number, max: number = DEFAULT_LIMITS.maxIssues): boolean {
  return count < max;
}

/** Values (objects and arrays) a world may hold per allowed member of one object: the world cap scales with `maxArrayLength`. */
export const WORLD_VALUES_PER_MEMBER = 50;

/**
 * The most values (objects and arrays) one world may hold: {@link WORLD_VALUES_PER_MEMBER} ×
 * `maxArrayLength` (5,000,000 by default). A world whose sections are allowed more members (an
 * organization with 400,000 users: `limits: { maxArrayLength: 400_000 }`) is allowed
 * proportionally more values; the cap stays finite while `maxArrayLength` is (issue #16).
 */
export function worldValueCap(limits: Limits = DEFAULT_LIMITS): number {
  return WORLD_VALUES_PER_MEMBER * limits.maxArrayLength;
}

/**
 * Walks an untrusted object graph once before a schema library does, refusing arrays longer than
 * `maxArrayLength` (sparse arrays and proxies report any `length`) and graphs of more than
 * `maxNodes` values. Returns a sentence, or `undefined`. Cycles are visited once. May throw when a
 * getter or proxy trap throws; entry points call it inside their own guard.
 */
export function checkShape(value: unknown, limits: Limits = DEFAULT_LIMITS, maxNodes = 5_000_000): string | undefined {
  const seen = new WeakSet<object>();
  const pending: unknown[] = [value];
  let nodes = 0;
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (++nodes > maxNodes) return `the input has more than ${maxNodes} values`;
    if (Array.isArray(v)) {
      const tooLong = checkArrayLength(v.length, limits.maxArrayLength);
      if (tooLong) return tooLong;
      for (let i = 0; i < v.length; i++) pending.push(v[i]);
    } else {
      const keys = Object.keys(v);
      if (keys.length > limits.maxArrayLength)
        return `an object has ${keys.length} members, more than the ${limits.maxArrayLength} allowed`;
      for (const k of keys) pending.push((v as Record<string, unknown>)[k]);
    }
  }
  return undefined;
}
