/**
 * Reference condition evaluation, straight from spec §3.1–§3.7. A condition block is read from
 * the raw policy JSON; nothing is compiled or cached.
 */
import { fold, ipInside, readBase64, readDate, readIp, readIpRange, readNumber } from './values.js';
import { globMatch, literalTokens, matchArnPattern, wildTokens, type Tok } from './glob.js';

/** The request context: lower-cased key → one value, or a list (multivalued; `[]` = present but empty). */
export type RefContext = ReadonlyMap<string, string | readonly string[]>;

/** A piece of policy text: literal text (wildcards allowed), a variable, or a literal character. */
type Piece = { text: string } | { key: string; fallback: string | undefined } | { char: string };

/**
 * Splits text into pieces at policy variables (spec §3.7, §10 V2): `${key}`, `${key, 'default'}`,
 * `${*}`, `${?}`, `${$}`. Text that looks like `${…}` but is none of these stays literal.
 */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf('${');
    const end = start < 0 ? -1 : rest.indexOf('}', start);
    if (end < 0) break;
    const body = rest.slice(start + 2, end);
    const m = /^([^\s,'{}]+)(?:\s*,\s*'([^']*)')?$/.exec(body);
    let piece: Piece | undefined;
    if (body === '*' || body === '?' || body === '$') piece = { char: body };
    else if (m) piece = { key: (m[1] as string).toLowerCase(), fallback: m[2] };
    if (piece) {
      out.push({ text: rest.slice(0, start) }, piece);
    } else out.push({ text: rest.slice(0, end + 1) });
    rest = rest.slice(end + 1);
  }
  out.push({ text: rest });
  return out;
}

/**
 * Substitutes the variables of `text` into pattern tokens: literal text keeps its wildcards when
 * `wildcards`; substituted text is always literal. `undefined` when a variable is absent (or not
 * a single value) and has no default: the value is "null" (spec §3.7).
 */
export function substitute(text: string, ctx: RefContext, variables: boolean, wildcards: boolean): Tok[] | undefined {
  const parts: Piece[] = variables ? pieces(text) : [{ text }];
  const out: Tok[] = [];
  for (const p of parts) {
    if ('text' in p) out.push(...(wildcards ? wildTokens(p.text) : literalTokens(p.text)));
    else if ('char' in p) out.push(...literalTokens(p.char));
    else {
      const v = ctx.get(p.key);
      if (typeof v === 'string') out.push(...literalTokens(v));
      else if (p.fallback !== undefined) out.push(...literalTokens(p.fallback));
      else return undefined;
    }
  }
  return out;
}

function tokensText(tokens: readonly Tok[]): string {
  return tokens.map((t) => (t.kind === 'char' ? t.c : t.kind === 'star' ? '*' : '?')).join('');
}

const NEGATED: Readonly<Record<string, string>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

const ORDERED = /^(Numeric|Date)(Equals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)$/;

/** Does one request value match one policy value under a non-negated base operator? */
function matchesOne(base: string, request: string, policy: string, ctx: RefContext, version: unknown): boolean {
  const variables = version === '2012-10-17';
  if (base === 'StringEquals' || base === 'StringEqualsIgnoreCase') {
    const t = substitute(policy, ctx, variables, false);
    if (t === undefined) return false;
    const text = tokensText(t);
    return base === 'StringEquals' ? text === request : fold(text) === fold(request);
  }
  if (base === 'StringLike') {
    const t = substitute(policy, ctx, variables, true);
    return t !== undefined && globMatch(t, request);
  }
  if (base === 'ArnEquals' || base === 'ArnLike') {
    const t = substitute(policy, ctx, variables, true);
    return t !== undefined && matchArnPattern(t, request);
  }
  const ordered = ORDERED.exec(base);
  if (ordered) {
    const read = ordered[1] === 'Numeric' ? readNumber : readDate;
    const a = read(request);
    const b = read(policy);
    if (a === undefined || b === undefined) return false;
    switch (ordered[2]) {
      case 'Equals':
        return a === b;
      case 'LessThan':
        return a < b;
      case 'LessThanEquals':
        return a <= b;
      case 'GreaterThan':
        return a > b;
      default:
        return a >= b;
    }
  }
  if (base === 'Bool') {
    const p = policy.toLowerCase();
    return (p === 'true' || p === 'false') && request.toLowerCase() === p;
  }
  if (base === 'BinaryEquals') {
    // Request values of binary keys are base64 text too: one that is not base64 matches nothing
    // (docs/semantics.md, value parsing choices).
    const wanted = readBase64(policy);
    const got = readBase64(request);
    return wanted !== undefined && got !== undefined && got === wanted;
  }
  if (base === 'IpAddress') {
    const addr = readIp(request);
    const range = readIpRange(policy);
    return addr !== undefined && range !== undefined && ipInside(addr, range);
  }
  throw new Error(`reference: unknown operator ${base}`);
}

/** Splits `ForAnyValue:StringLikeIfExists` into its set prefix, base and IfExists flag. */
export function readOperator(name: string): { set: string | undefined; base: string; ifExists: boolean } {
  const colon = name.indexOf(':');
  const set = colon < 0 ? undefined : name.slice(0, colon);
  let base = colon < 0 ? name : name.slice(colon + 1);
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  return { set, base, ifExists };
}

/** One (operator, key, policy values) clause (spec §3.1, §3.3, §3.5, §3.6, §3.4.8). */
export function clauseHolds(
  operator: string,
  key: string,
  values: readonly string[],
  ctx: RefContext,
  version: unknown,
): boolean {
  const { set, base, ifExists } = readOperator(operator);
  const value = ctx.get(key.toLowerCase());
  if (base === 'Null') {
    // Absent, or a multivalued key with no values, counts as null (spec §3.4.8, §10 C9).
    const isNull = value === undefined || (Array.isArray(value) && value.length === 0);
    return values.some((v) => (v.toLowerCase() === 'true' ? isNull : v.toLowerCase() === 'false' ? !isNull : false));
  }
  const positive = NEGATED[base] ?? base;
  const negated = positive !== base;
  // Per request value: OR over the policy values, or NOR for a negated operator (spec §3.1).
  const holds = (r: string) => {
    const any = values.some((p) => matchesOne(positive, r, p, ctx, version));
    return negated ? !any : any;
  };
  if (value === undefined) {
    if (ifExists) return true; // spec §3.5 (and §10 C10 for ForAnyValue)
    if (set === 'ForAllValues') return true; // spec §3.6: vacuously true
    if (set === 'ForAnyValue') return false;
    return negated; // spec §3.3
  }
  const list: readonly string[] = typeof value === 'string' ? [value] : value;
  // An empty set or only empty values is a "null data set": ForAllValues is vacuously true (§3.6).
  if (set === 'ForAllValues') return list.every((r) => r === '') || list.every(holds);
  if (set === 'ForAnyValue') return list.some(holds);
  if (typeof value === 'string') return holds(value);
  // A plain operator on a multivalued key (spec §3.6, §10 C12): non-negated → some value matches;
  // negated → no value matches any policy value.
  return negated ? list.every(holds) : list.some(holds);
}

/** The whole `Condition` block: AND over operators and keys (spec §3.1). */
export function conditionHolds(block: unknown, ctx: RefContext, version: unknown): boolean {
  if (block === undefined) return true;
  for (const [operator, keys] of Object.entries(block as Record<string, Record<string, unknown>>)) {
    for (const [key, raw] of Object.entries(keys)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v));
      if (!clauseHolds(operator, key, values, ctx, version)) return false;
    }
  }
  return true;
}
