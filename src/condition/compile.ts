/**
 * Compiles one condition clause (operator + key + policy values) into a test over the request
 * context, following spec §3.1 (OR over values, NOR for negated operators), §3.3 (absent keys),
 * §3.5 (`IfExists`), §3.6 (set operators) and §3.7 (policy variables).
 */
import type { ConditionClause, PolicyVersion } from '../policy/ast.js';
import { isVariableRef, parseTemplate, type TemplatePart, type VariableRef } from '../policy/variables.js';
import { compileGlob, concatGlobs, Glob, literalGlob, matchGlob, sliceGlob, STAR, wildAt } from '../match/wildcard.js';
import { arnPatternFromGlobs, matchArnCondition, splitArn, type ArnPattern } from '../match/arn.js';
import { OPERATORS, type OperatorInfo } from './operators.js';
import { charge } from '../policy/limits.js';
import type { ContextLookup, ContextValue } from './context.js';
import { parseDate } from './date.js';
import { isWorldOwnedKey } from './world-owned.js';
import { conditionKeyLower } from './key-names.js';
import { decodeBase64, parseNumber } from '../policy/condition-values.js';
import { ipInRange, ipv4Number, ipv4RangeOf, parseIpAddress, parseIpRange, type IpRange } from './ip.js';

/** A clause ready to be evaluated many times. */
export interface CompiledCondition {
  readonly clause: ConditionClause;
  readonly keyLower: string;
  /** `true` when the clause holds for the request context. */
  test(ctx: ContextLookup): boolean;
}

/** `(request value) → does it match any policy value?` (the non-negated comparison). */
type AnyMatch = (requestValue: string, ctx: ContextLookup) => boolean;

/** Compiles a clause. `version` decides whether policy variables are substituted (spec §1.3). */
export function compileCondition(clause: ConditionClause, version: PolicyVersion | undefined): CompiledCondition {
  const keyLower = conditionKeyLower(clause.key);
  // Whether a world owns the key, worked out once for the lookups of every decision.
  const owned = isWorldOwnedKey(keyLower);
  const op = OPERATORS[clause.base];
  if (clause.base === 'Null') return compileNull(clause, keyLower, owned);
  const variables = version === '2012-10-17' && op.variables;
  const negated = op.negated;
  const { set, ifExists } = clause;
  // Date operators on a key the context holds as an instant (the request time): no text at all.
  const instantMatch =
    op.family === 'date' && set === undefined ? compileInstants(clause.base, clause.values) : undefined;
  // The same instants for a text value (the policy's dates read once).
  const anyMatch =
    instantMatch !== undefined ? orderedMatch(instantMatch, parseDate) : compileAnyMatch(clause, op, variables);
  const holds = negated ? (r: string, ctx: ContextLookup) => !anyMatch(r, ctx) : anyMatch;
  if (set === undefined && instantMatch === undefined)
    return plainCondition(clause, keyLower, owned, anyMatch, negated, ifExists);
  return {
    clause,
    keyLower,
    test(ctx) {
      if (instantMatch !== undefined && ctx.instantOf !== undefined) {
        const t = ctx.instantOf(keyLower);
        if (t !== undefined) return negated ? !instantMatch(t) : instantMatch(t);
      }
      const v = ctx.get(keyLower, owned);
      // Only a missing key is absent here: `[]` is present with an empty set (spec §0.3, §3.2), so
      // IfExists evaluates the base operator on it; the loops below handle the empty set (§3.6, §10 C12).
      if (v === undefined) {
        if (ifExists || set === 'ForAllValues') return true;
        if (set === 'ForAnyValue') return false;
        return negated;
      }
      // A set of only empty values is a "null data set": ForAllValues is vacuously true (spec §3.6).
      if (set === 'ForAllValues' && onlyEmptyValues(v as ContextValue)) return true;
      if (typeof v === 'string') return holds(v, ctx);
      const values = v as readonly string[];
      // Out of steps: stop at once (the decision fails closed with BudgetExceeded).
      if (exhausted(ctx)) return false;
      // ForAllValues, and a negated non-set operator on a multivalued key (spec §3.6, §10 C12):
      // every request value must hold. ForAnyValue and a non-negated non-set operator: any.
      if (set === 'ForAllValues' || (set === undefined && negated)) {
        for (const r of values) if (!holds(r, ctx) || exhausted(ctx)) return false;
        return true;
      }
      for (const r of values) if (holds(r, ctx) || exhausted(ctx)) return false || !exhausted(ctx);
      return false;
    },
  };
}

/**
 * {@link compileCondition}'s test for the most common clause: no set operator and no date instant
 * (`StringEquals`, `Bool`, `StringNotEquals`, `IpAddress`, …). The same answers, with the
 * branches that cannot apply to it taken out at compile time: a single value (what most keys
 * hold) is compared at once, without the negating wrapper.
 */
function plainCondition(
  clause: ConditionClause,
  keyLower: string,
  owned: boolean,
  anyMatch: AnyMatch,
  negated: boolean,
  ifExists: boolean,
): CompiledCondition {
  // A missing key: true with IfExists, else what the negated operator says (spec §3.3, §3.5).
  const whenAbsent = ifExists || negated;
  return {
    clause,
    keyLower,
    test(ctx) {
      const v = ctx.get(keyLower, owned);
      if (typeof v === 'string') return anyMatch(v, ctx) !== negated;
      if (v === undefined) return whenAbsent;
      // A multivalued key: every value must hold for a negated operator, any for the others (§3.6, §10 C12).
      if (exhausted(ctx)) return false;
      if (negated) {
        for (const r of v) if (anyMatch(r, ctx) || exhausted(ctx)) return false;
        return true;
      }
      for (const r of v) if (anyMatch(r, ctx) || exhausted(ctx)) return !exhausted(ctx);
      return false;
    },
  };
}

/** `true` once the decision's step budget is spent. */
function exhausted(ctx: ContextLookup): boolean {
  const b = ctx.budget;
  return b !== undefined && b.limit !== undefined && b.steps > b.limit;
}

/** A key is absent when missing or when it is a multivalued key with no values (spec §10 C9). */
export function isAbsent(v: ContextValue | undefined): boolean {
  return v === undefined || (typeof v !== 'string' && v.length === 0);
}

/** `true` when every value is the empty string (a single-valued key counts as a one-element set). */
function onlyEmptyValues(v: ContextValue): boolean {
  return typeof v === 'string' ? v === '' : v.every((s) => s === '');
}

function compileNull(clause: ConditionClause, keyLower: string, owned: boolean): CompiledCondition {
  const wantAbsent = clause.values.some((v) => v.toLowerCase() === 'true');
  const wantPresent = clause.values.some((v) => v.toLowerCase() === 'false');
  return {
    clause,
    keyLower,
    test(ctx) {
      const absent = isAbsent(ctx.get(keyLower, owned));
      return absent ? wantAbsent : wantPresent;
    },
  };
}

function compileAnyMatch(clause: ConditionClause, op: OperatorInfo, variables: boolean): AnyMatch {
  switch (op.family) {
    case 'string':
      return compileString(clause, variables);
    case 'arn':
      return compileArn(clause.values, variables);
    case 'numeric':
      return compileOrdered(clause.base, clause.values, parseNumber);
    case 'date':
      return compileOrdered(clause.base, clause.values, parseDate);
    case 'bool': {
      // What the policy values ask for, read in one loop (no closure per clause).
      let wantTrue = false;
      let wantFalse = false;
      for (const v of clause.values) {
        const b = readBool(v);
        if (b === true) wantTrue = true;
        else if (b === false) wantFalse = true;
      }
      return (r) => {
        const b = readBool(r);
        return b === undefined ? false : b ? wantTrue : wantFalse;
      };
    }
    case 'binary': {
      const wanted = clause.values.map(decodeBase64).filter((v): v is string => v !== undefined);
      // A request value that is not base64 is unreadable: it matches nothing (fail closed, spec §10 C4).
      return (r) => {
        const bytes = decodeBase64(r);
        return bytes !== undefined && wanted.includes(bytes);
      };
    }
    case 'ip': {
      // IPv4 ranges as numbers: an IPv4 request value is read and compared without allocating.
      const v4: (readonly [number, number])[] = [];
      // The other values (only a text with a colon can be an IPv6 range) are read on the first
      // request value that is no IPv4 address: most decisions never ask for them.
      let others: string[] | undefined;
      for (const value of clause.values) {
        const range = ipv4RangeOf(value);
        if (range !== undefined) v4.push(range);
        else if (value.includes(':')) (others ??= []).push(value);
      }
      let ranges: readonly IpRange[] | undefined;
      return (r) => {
        const n = ipv4Number(r);
        if (n >= 0) {
          // IPv4 never matches an IPv6 range (spec §10 C7).
          for (let i = 0; i < v4.length; i++) {
            const [base, mask] = v4[i] as readonly [number, number];
            if ((n & mask) >>> 0 === base) return true;
          }
          return false;
        }
        const addr = parseIpAddress(r);
        if (!addr) return false;
        // Read once, then kept with the clause: the same ranges whenever they are read.
        ranges ??= others === undefined ? NO_RANGES : readRanges(others);
        for (const range of ranges) if (ipInRange(addr, range)) return true;
        return false;
      };
    }
    case 'null':
      return () => false;
  }
}

/** The IP ranges among `values` (those that are none are left out: they match nothing). */
function readRanges(values: readonly string[]): readonly IpRange[] {
  return values.map(parseIpRange).filter((v): v is IpRange => v !== undefined);
}

const NO_RANGES: readonly IpRange[] = [];

/** `true`/`false` in any letter case (spec §3.4.4, §10 C6), read without lower-casing the common spellings. */
function readBool(text: string): boolean | undefined {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text.length !== 4 && text.length !== 5) return undefined;
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

// ---- strings -------------------------------------------------------------------------------

function compileString(clause: ConditionClause, variables: boolean): AnyMatch {
  const base = clause.base;
  const like = base === 'StringLike' || base === 'StringNotLike';
  const ignoreCase = base === 'StringEqualsIgnoreCase' || base === 'StringNotEqualsIgnoreCase';
  const { fixed, dynamic } = variables
    ? splitTemplates(clause.values)
    : { fixed: clause.values, dynamic: NO_TEMPLATES };

  if (like) {
    const globs = fixed.map((v) => compileGlob(v));
    const dynamicMatchers = dynamic.map((t) => compileTemplateLike(t) ?? templateGlobMatcher(compileTemplateGlob(t)));
    return (r, ctx) => {
      const budget = ctx.budget;
      for (const g of globs) if (matchGlob(g, r, 0, r.length, budget)) return true;
      for (const m of dynamicMatchers) {
        if (budget !== undefined && budget.steps > (budget.limit ?? Infinity)) return false;
        if (m(r, ctx)) return true;
      }
      return false;
    };
  }
  // Case-sensitive values without variables: the request value as it is, one comparison for one
  // value (no set made for it).
  if (!ignoreCase && dynamic.length === 0) {
    const only = fixed.length === 1 || (fixed.length > 1 && sameTexts(fixed)) ? (fixed[0] as string) : undefined;
    if (only !== undefined) return (r) => r === only;
    // A few values are compared in turn (as fast as hashing the request value): no set made for them.
    if (fixed.length <= SCAN_AT_MOST) return (r) => includesText(fixed, r);
    const exact = new Set(fixed);
    return (r) => exact.has(r);
  }
  const fold = ignoreCase ? foldCase : (s: string) => s;
  const exact = new Set(fixed.map(fold));
  return (r, ctx) => {
    const value = fold(r);
    if (exact.has(value)) return true;
    for (const t of dynamic) {
      const resolved = resolveTemplate(t, ctx);
      if (resolved !== undefined && charge(ctx.budget, resolved.length) && fold(resolved) === value) return true;
    }
    return false;
  };
}

/**
 * A clause's values split into plain texts and templates (those with a policy variable), each in
 * order. Without any template (most clauses) the values themselves are the plain texts: no list is
 * made per clause (issue #16: a fresh authorizer's compile).
 */
function splitTemplates(values: readonly string[]): {
  fixed: readonly string[];
  dynamic: readonly (readonly TemplatePart[])[];
} {
  let fixed: string[] | undefined;
  let dynamic: (readonly TemplatePart[])[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const template = parseTemplate(value);
    if (template !== undefined) {
      fixed ??= values.slice(0, i);
      (dynamic ??= []).push(template);
    } else if (fixed !== undefined) fixed.push(value);
  }
  return { fixed: fixed ?? values, dynamic: dynamic ?? NO_TEMPLATES };
}

const NO_TEMPLATES: readonly (readonly TemplatePart[])[] = [];

/** Lists of at most this many values are searched in turn rather than kept in a `Set`. */
const SCAN_AT_MOST = 4;

/** `texts.includes(text)`, without the builtin's call. */
function includesText(texts: readonly string[], text: string): boolean {
  for (let i = 0; i < texts.length; i++) if (texts[i] === text) return true;
  return false;
}

/** `true` when every text of a list (of two or more) is the first one. */
function sameTexts(texts: readonly string[]): boolean {
  for (let i = 1; i < texts.length; i++) if (texts[i] !== texts[0]) return false;
  return true;
}

/**
 * Unicode simple case folding as far as the policy character set needs it (spec §3.4.1, §10 C2):
 * lower-casing, plus MICRO SIGN (U+00B5), which folds to GREEK SMALL LETTER MU (U+03BC).
 */
export function foldCase(s: string): string {
  const lower = s.toLowerCase();
  return lower.includes('\u00b5') ? lower.replaceAll('\u00b5', '\u03bc') : lower;
}

/**
 * Resolves a template to plain text; `undefined` when a variable is absent (or multivalued) and
 * has no default — the value is then "null" and matches nothing (spec §3.7).
 */
export function resolveTemplate(parts: readonly TemplatePart[], ctx: ContextLookup): string | undefined {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if (isVariableRef(part)) {
      const v = ctx.get(part.keyLower);
      if (typeof v === 'string') out += v;
      else if (part.defaultValue !== undefined) out += part.defaultValue;
      else return undefined;
    } else out += part.literal;
  }
  return out;
}

/**
 * Compiles a template whose literal text holds wildcards into a function producing a glob:
 * wildcard text is compiled once; text produced by variables (and `${*}`-style literals) is always
 * literal (spec §3.7, §10 V4).
 */
export function compileTemplateGlob(parts: readonly TemplatePart[]): (ctx: ContextLookup) => Glob | undefined {
  const compiled = parts.map((part) =>
    typeof part === 'string' ? compileGlob(part) : isVariableRef(part) ? part : literalGlob(part.literal),
  );
  // Resolved per decision, never memoized: a compiled policy is immutable and may be shared (issue #10).
  const staticEscapes = compiled.some((part) => 'tokens' in part && part.escaped !== undefined);
  return (ctx) => {
    // One pass: the resolved text, and whether any of it needs a mask of literal `*`/`?`.
    let source = '';
    let spliced = 0;
    let escapes = staticEscapes;
    for (const part of compiled) {
      if ('tokens' in part) {
        source += part.source;
        continue;
      }
      const v = ctx.get(part.keyLower);
      const text = typeof v === 'string' ? v : part.defaultValue;
      if (text === undefined) return undefined;
      spliced += text.length;
      source += text;
      if (!escapes && hasWildcardCharacter(text)) escapes = true;
    }
    // Building the glob costs its length: the request chose part of it (spec §3.7).
    if (!charge(ctx.budget, spliced)) return undefined;
    if (!escapes) return new Glob(source, undefined);
    const values: string[] = [];
    for (const part of compiled) {
      if ('tokens' in part) continue;
      const v = ctx.get(part.keyLower);
      values.push(typeof v === 'string' ? v : (part.defaultValue as string));
    }
    let next = 0;
    return concatGlobs(compiled.map((part) => ('tokens' in part ? part : literalGlob(values[next++] as string))));
  };
}

/** `r` against the pattern `resolve` builds for this decision (none: no match). */
export function templateGlobMatcher(
  resolve: (ctx: ContextLookup) => Glob | undefined,
): (r: string, ctx: ContextLookup) => boolean {
  return (r, ctx) => {
    const g = resolve(ctx);
    return g !== undefined && matchGlob(g, r, 0, r.length, ctx.budget);
  };
}

/**
 * A `StringLike` pattern with policy variables whose resolved pattern is plain text, or plain text
 * and one trailing `*` (`home/${aws:username}/*`), matched piece by piece without building the
 * pattern: the same lookups, charges, steps and answer as {@link compileTemplateGlob} then
 * {@link matchGlob} (text spliced from a variable is literal either way). `undefined` for any
 * other pattern.
 */
export function compileTemplateLike(
  parts: readonly TemplatePart[],
): ((r: string, ctx: ContextLookup) => boolean) | undefined {
  const compiled = parts.map((part) =>
    typeof part === 'string' ? compileGlob(part) : isVariableRef(part) ? part : literalGlob(part.literal),
  );
  let trailingStar = false;
  const last = compiled.length - 1;
  for (let i = 0; i <= last; i++) {
    const part = compiled[i] as Glob | VariableRef;
    if (!(part instanceof Glob)) continue;
    for (let k = 0; k < part.source.length; k++) {
      const wild = wildAt(part, k);
      if (wild === 0) continue;
      if (wild === STAR && i === last && k === part.source.length - 1) trailingStar = true;
      else return undefined;
    }
  }
  // Literal text (the trailing `*` cut off) and variables, in order.
  const pieces: readonly (string | VariableRef)[] = compiled.map((part, i) =>
    part instanceof Glob ? (trailingStar && i === last ? part.source.slice(0, -1) : part.source) : part,
  );
  return (r, ctx) => {
    let at = 0;
    let spliced = 0;
    let same = true;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string | VariableRef;
      let text: string;
      if (typeof piece === 'string') text = piece;
      else {
        const v = ctx.get(piece.keyLower);
        const value = typeof v === 'string' ? v : piece.defaultValue;
        if (value === undefined) return false;
        spliced += value.length;
        text = value;
      }
      if (same && !r.startsWith(text, at)) same = false;
      at += text.length;
    }
    const budget = ctx.budget;
    // As building the pattern (its spliced length) and matching it (one step, then its text) would.
    if (!charge(budget, spliced)) return false;
    if (budget) {
      budget.steps++;
      if (budget.limit !== undefined && budget.steps > budget.limit) return false;
      budget.steps += at;
    }
    return same && (trailingStar ? r.length >= at : r.length === at);
  };
}

/** Whether `text` holds a `*` or `?` (which, spliced from a variable, must stay literal). */
function hasWildcardCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 63) return true;
  }
  return false;
}

/** {@link compileTemplateGlob} for ARN patterns: the resolved glob split at its colons. */
export function compileTemplateArn(parts: readonly TemplatePart[]): (ctx: ContextLookup) => ArnPattern | undefined {
  const resolve = compileTemplateGlob(parts);
  return (ctx) => {
    const glob = resolve(ctx);
    return glob === undefined ? undefined : splitGlobAtColons(glob);
  };
}

// ---- ARNs ----------------------------------------------------------------------------------

/** Splits a whole-ARN glob into per-segment globs at its first five literal colons. */
export function splitGlobAtColons(glob: Glob): ArnPattern {
  const segments: Glob[] = [];
  let from = 0;
  // A colon is never a wildcard: the source text alone says where the segments end.
  const t = glob.source;
  for (let i = 0; i < t.length && segments.length < 5; i++) {
    if (t.charCodeAt(i) === 58 /* : */) {
      segments.push(sliceGlob(glob, from, i));
      from = i + 1;
    }
  }
  segments.push(sliceGlob(glob, from, t.length));
  return arnPatternFromGlobs(glob.source, segments);
}

function compileArn(values: readonly string[], variables: boolean): AnyMatch {
  const fixed: ArnPattern[] = [];
  const dynamic: ((ctx: ContextLookup) => ArnPattern | undefined)[] = [];
  for (const v of values) {
    const t = variables ? parseTemplate(v) : undefined;
    if (t) dynamic.push(compileTemplateArn(t));
    else fixed.push(splitGlobAtColons(compileGlob(v)));
  }
  return (r, ctx) => {
    const segments = splitArn(r);
    const budget = ctx.budget;
    for (const p of fixed) if (matchArnCondition(p, segments, budget)) return true;
    for (const d of dynamic) {
      const pattern = d(ctx);
      if (pattern !== undefined && matchArnCondition(pattern, segments, budget)) return true;
    }
    return false;
  };
}

// ---- numbers and dates ---------------------------------------------------------------------

function compileOrdered(base: string, values: readonly string[], parse: (s: string) => number): AnyMatch {
  return orderedMatch(compileOrderedNumbers(base, values, parse), parse);
}

/** A request text read by `parse`, then compared by `match` (an unreadable one matches nothing). */
function orderedMatch(match: (n: number) => boolean, parse: (s: string) => number): AnyMatch {
  return (r) => {
    const n = parse(r);
    return !Number.isNaN(n) && match(n);
  };
}

/** `(request number) → does it compare true with any policy value?` */
function compileOrderedNumbers(
  base: string,
  values: readonly string[],
  parse: (s: string) => number,
): (n: number) => boolean {
  const wanted = values.map(parse).filter((n) => !Number.isNaN(n));
  const compare = COMPARISONS.get(base) ?? ORDER.Equals;
  return (n) => {
    for (let i = 0; i < wanted.length; i++) if (compare(n, wanted[i] as number)) return true;
    return false;
  };
}

/** The non-negated comparison of a Date operator, for a request instant already read. */
function compileInstants(base: string, values: readonly string[]): (ms: number) => boolean {
  return compileOrderedNumbers(base, values, parseDate);
}

type Compare = (request: number, policy: number) => boolean;
const ORDER: {
  readonly [K in 'Equals' | 'LessThan' | 'LessThanEquals' | 'GreaterThan' | 'GreaterThanEquals']: Compare;
} = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThan: (a, b) => a > b,
  GreaterThanEquals: (a, b) => a >= b,
};

/** Each Numeric and Date operator's comparison (a negated one's is its positive form's). */
const COMPARISONS: ReadonlyMap<string, Compare> = new Map(
  (['Numeric', 'Date'] as const).flatMap((family) => [
    [`${family}Equals`, ORDER.Equals],
    [`${family}NotEquals`, ORDER.Equals],
    [`${family}LessThan`, ORDER.LessThan],
    [`${family}LessThanEquals`, ORDER.LessThanEquals],
    [`${family}GreaterThan`, ORDER.GreaterThan],
    [`${family}GreaterThanEquals`, ORDER.GreaterThanEquals],
  ]),
);
