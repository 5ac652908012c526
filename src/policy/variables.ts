/**
 * Policy variable syntax (spec §3.7): `${key}`, `${key, 'default'}` and the literal-character
 * variables `${*}`, `${?}`, `${$}`. Variables exist only under Version 2012-10-17 (spec §1.3).
 */

/** A reference to a request-context key inside a policy string. */
export interface VariableRef {
  /** The key as written (without default). */
  readonly key: string;
  /** The key lower-cased: keys compare case-insensitively (spec §3.2). */
  readonly keyLower: string;
  /** The default used when the key is absent (`${key, 'default'}`). */
  readonly defaultValue: string | undefined;
}

/**
 * A context key name lower-cased, as the one string the engine keeps for that text: V8 keeps one
 * copy of each property name, so every condition and variable naming the same key holds the same
 * string, and the per-request key lookups compare them by identity instead of character by
 * character. Only the representation changes: the text is exactly `key.toLowerCase()`.
 */
export function lowerKey(key: string): string {
  const lower = key.toLowerCase();
  // Stored on a fresh object rather than written as a computed key of a literal: the same
  // property, made in half the time (a tag key is interned as each authorizer compiles it). The
  // name read back is checked: `__proto__` is no own property when stored (the setter takes it),
  // and an inherited enumerable name must not stand for it.
  const named: Record<string, 0> = {};
  named[lower] = 0;
  for (const name in named) return name === lower ? name : lower;
  return lower;
}

const LITERAL_VARIABLES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/** A literal-character variable (`${*}`) as a part: the produced character is never a wildcard. */
export interface LiteralChar {
  readonly literal: string;
}

/** Template parts with `${*}`-style literals kept distinct from wildcard text. */
export type TemplatePart = string | VariableRef | LiteralChar;

const VARIABLE_BODY = /^\s*([^\s,'{}]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/**
 * Whether the text between `${` and `}` is a policy variable: what {@link parseTemplate} reads as
 * one, told without making its parts (the validator asks of every condition value with `${`).
 */
export function isVariableBody(body: string): boolean {
  return LITERAL_VARIABLES[body] !== undefined || VARIABLE_BODY.test(body);
}

/**
 * Splits `text` into template parts. Text that looks like `${` but is not a valid variable is
 * kept literally. Returns `undefined` when the text has no variable at all (the common case).
 */
export function parseTemplate(text: string): readonly TemplatePart[] | undefined {
  if (!text.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  let found = false;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    const end = text.indexOf('}', start + 2);
    if (end < 0) break;
    const body = text.slice(start + 2, end);
    literal += text.slice(i, start);
    const special = LITERAL_VARIABLES[body];
    const match = special === undefined ? VARIABLE_BODY.exec(body) : null;
    if (special !== undefined) {
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ literal: special });
      found = true;
    } else if (match && match[1] !== undefined) {
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ key: match[1], keyLower: lowerKey(match[1]), defaultValue: match[2] });
      found = true;
    } else {
      literal += text.slice(start, end + 1);
    }
    i = end + 1;
  }
  literal += text.slice(i);
  if (!found) return undefined;
  if (literal) parts.push(literal);
  return parts;
}

/** `true` when `part` is a variable reference. */
export function isVariableRef(part: TemplatePart): part is VariableRef {
  return typeof part === 'object' && 'keyLower' in part;
}
