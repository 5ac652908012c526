/**
 * A strict JSON text parser (RFC 8259) for untrusted input. It never throws: every problem comes
 * back as an {@link Issue} with a line and column.
 *
 * Differences from `JSON.parse`:
 * - objects are created with a `null` prototype, so `__proto__`, `constructor`, … are plain data;
 * - a member name that appears twice in one object is an error (IAM policies, spec §1.1);
 * - nesting deeper than `maxDepth` is an error, and parsing is iterative, so no input can exhaust
 *   the call stack;
 * - on request it records the offset of every value next to its container (never keyed by path
 *   strings, which V8 hashes by length alone beyond 16,383 characters), and `locate` walks a path's
 *   segments from the root: linear in the text, whatever its member names.
 *
 * Objects keep the property order of JavaScript objects: integer-like member names come first.
 */
import { joinPath, type Issue } from './issues.js';
import type { IssueCode } from './issue-codes.js';

/** A JSON value as produced by {@link parseJson}. Objects have a `null` prototype. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object (created with a `null` prototype by {@link parseJson}). */
export interface JsonObject {
  [member: string]: JsonValue;
}

/** A 1-based position in JSON text. Columns count UTF-16 code units; lines end at `\n`. */
export interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

/** Options of {@link parseJson}. */
export interface ParseJsonOptions {
  /** Deepest allowed nesting of arrays and objects (the root container is depth 1). Default 64. */
  readonly maxDepth?: number;
  /** Record the position of every value so that `locate` can answer. Default `false` (faster). */
  readonly positions?: boolean;
}

/** The result of {@link parseJson}. */
export type ParseJsonResult =
  | {
      readonly ok: true;
      readonly value: JsonValue;
      /** Position of the value at a JSON path; always `undefined` unless `positions` was set. */
      readonly locate: (path: string) => JsonPosition | undefined;
    }
  | { readonly ok: false; readonly errors: Issue[] };

/** The default nesting limit of {@link parseJson}. */
export const DEFAULT_MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** Duplicate member names reported at most (the parse fails on the first one anyway). */
const MAX_DUPLICATES_REPORTED = 100;

/** Thrown internally to unwind on the first syntax error; never escapes {@link parseJson}. */
class SyntaxFailure {
  constructor(
    readonly offset: number,
    readonly message: string,
    readonly code: IssueCode = 'json-syntax',
  ) {}
}

interface Frame {
  readonly container: JsonValue[] | JsonObject;
  readonly isArray: boolean;
  /** Offsets of the container's values (only when positions are recorded). */
  readonly offsets: ChildOffsets | undefined;
  /** Member name being parsed (objects). */
  key: string;
  /** Element index being parsed (arrays). */
  index: number;
}

/** Computes 1-based line/column for offsets; built lazily because only errors need it. */
class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  position(offset: number): JsonPosition {
    if (this.starts === undefined) {
      const starts = [0];
      let at = this.text.indexOf('\n');
      while (at >= 0) {
        starts.push(at + 1);
        at = this.text.indexOf('\n', at + 1);
      }
      this.starts = starts;
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }
}

function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  const code = text.charCodeAt(offset);
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0x27) return 'a single quote';
  return `'${String.fromCodePoint(text.codePointAt(offset) ?? code)}'`;
}

/** Offsets of a container's values: by index for arrays, by member name for objects. */
type ChildOffsets = number[] | Map<string, number>;

/** Recorded positions: the root's offset and, per container, the offsets of its values. */
interface Positions {
  root: number;
  readonly children: WeakMap<object, ChildOffsets>;
}

class Parser {
  private pos = 0;
  private readonly len: number;
  private readonly stack: Frame[] = [];
  private readonly offsets: Positions | undefined;
  readonly duplicates: { offset: number; path: string; key: string }[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    positions: boolean,
  ) {
    this.len = text.length;
    this.offsets = positions ? { root: 0, children: new WeakMap() } : undefined;
  }

  get recorded(): Positions | undefined {
    return this.offsets;
  }

  /** Path of the innermost open container, rebuilt from the stack (used for errors). */
  containerPath(depth = this.stack.length): string {
    let path = '';
    for (let i = 0; i < depth - 1; i++) {
      const f = this.stack[i] as Frame;
      path = joinPath(path, f.isArray ? f.index : f.key);
    }
    return path;
  }

  /** Records the offset of the value about to be parsed (only called when recording positions). */
  private record(positions: Positions, start: number): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) positions.root = start;
    else if (Array.isArray(top.offsets)) top.offsets.push(start);
    else top.offsets?.set(top.key, start);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    while (pos < this.len) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    this.pos = pos;
  }

  parse(): JsonValue {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1; // RFC 8259 §8.1: a BOM may be ignored
    this.skipWhitespace();
    if (this.pos >= this.len) throw new SyntaxFailure(this.pos, 'empty document: expected a JSON value');
    let value: JsonValue;
    outer: for (;;) {
      // Expecting a value at this.pos (whitespace skipped).
      const start = this.pos;
      if (this.offsets !== undefined) this.record(this.offsets, start);
      const c = this.text.charCodeAt(start);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.stack.length >= this.maxDepth) {
          throw new SyntaxFailure(start, `nesting deeper than ${this.maxDepth} levels`, 'json-too-deep');
        }
        const isArray = c === OPEN_BRACKET;
        const container: JsonValue[] | JsonObject = isArray ? [] : (Object.create(null) as JsonObject);
        this.pos++;
        this.skipWhitespace();
        const next = this.text.charCodeAt(this.pos);
        if (next === (isArray ? CLOSE_BRACKET : CLOSE_BRACE)) {
          this.pos++;
          value = container;
        } else {
          let offsets: ChildOffsets | undefined;
          if (this.offsets !== undefined) {
            offsets = isArray ? [] : new Map();
            this.offsets.children.set(container, offsets);
          }
          const frame: Frame = { container, isArray, offsets, key: '', index: 0 };
          this.stack.push(frame);
          if (!isArray) this.readMemberName(frame, "expected a double-quoted member name or '}'");
          continue outer;
        }
      } else {
        value = this.parsePrimitive();
      }
      // A complete value: attach it to its container, then read ',' or the closing bracket.
      for (;;) {
        const frame = this.stack[this.stack.length - 1];
        if (frame === undefined) break outer;
        if (frame.isArray) (frame.container as JsonValue[]).push(value);
        else (frame.container as JsonObject)[frame.key] = value;
        this.skipWhitespace();
        const c2 = this.text.charCodeAt(this.pos);
        if (c2 === COMMA) {
          const commaAt = this.pos;
          this.pos++;
          this.skipWhitespace();
          const after = this.text.charCodeAt(this.pos);
          if (after === CLOSE_BRACKET || after === CLOSE_BRACE) {
            throw new SyntaxFailure(commaAt, "trailing comma: a value must follow ','");
          }
          if (frame.isArray) frame.index++;
          else this.readMemberName(frame, "expected a double-quoted member name after ','");
          continue outer;
        }
        if (c2 === (frame.isArray ? CLOSE_BRACKET : CLOSE_BRACE)) {
          this.pos++;
          this.stack.pop();
          value = frame.container;
          continue;
        }
        throw new SyntaxFailure(
          this.pos,
          frame.isArray
            ? `expected ',' or ']' after array element, found ${describeChar(this.text, this.pos)}`
            : `expected ',' or '}' after object member, found ${describeChar(this.text, this.pos)}`,
        );
      }
    }
    this.skipWhitespace();
    if (this.pos < this.len) {
      throw new SyntaxFailure(this.pos, `unexpected ${describeChar(this.text, this.pos)} after the JSON value`);
    }
    return value;
  }

  /** Reads `"name"` and `:` of an object member, leaving `pos` at the member's value. */
  private readMemberName(frame: Frame, expectation: string): void {
    this.skipWhitespace();
    const at = this.pos;
    const c = this.text.charCodeAt(at);
    if (c !== QUOTE) {
      const hint = c === 0x27 ? ' (JSON strings use double quotes)' : '';
      throw new SyntaxFailure(at, `${expectation}, found ${describeChar(this.text, at)}${hint}`);
    }
    const key = this.parseString();
    const obj = frame.container as JsonObject;
    if (key in obj && this.duplicates.length < MAX_DUPLICATES_REPORTED) {
      this.duplicates.push({ offset: at, path: joinPath(this.containerPath(), key), key });
    }
    frame.key = key;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== COLON) {
      throw new SyntaxFailure(
        this.pos,
        `expected ':' after member name ${JSON.stringify(key)}, found ${describeChar(this.text, this.pos)}`,
      );
    }
    this.pos++;
    this.skipWhitespace();
    if (this.pos >= this.len) throw new SyntaxFailure(this.pos, `expected a value for member ${JSON.stringify(key)}`);
  }

  private parsePrimitive(): JsonValue {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (c === QUOTE) return this.parseString();
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.parseNumber();
    if (text.startsWith('true', start)) return this.literal(4, true);
    if (text.startsWith('false', start)) return this.literal(5, false);
    if (text.startsWith('null', start)) return this.literal(4, null);
    if (text.startsWith('NaN', start) || text.startsWith('Infinity', start)) {
      throw new SyntaxFailure(start, 'NaN and Infinity are not valid JSON values');
    }
    if (c === 0x2f) throw new SyntaxFailure(start, 'comments are not allowed in JSON');
    if (c === 0x27) throw new SyntaxFailure(start, 'strings must use double quotes in JSON');
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA) {
      throw new SyntaxFailure(start, `expected a value, found ${describeChar(text, start)}`);
    }
    if (start >= this.len) throw new SyntaxFailure(start, 'unexpected end of input: expected a value');
    throw new SyntaxFailure(start, `unexpected ${describeChar(text, start)}: expected a value`);
  }

  private literal(length: number, value: boolean | null): boolean | null {
    const end = this.pos + length;
    const next = this.text.charCodeAt(end);
    // Reject run-ons such as `trueish` or `null1`.
    if ((next >= 0x61 && next <= 0x7a) || (next >= 0x41 && next <= 0x5a) || (next >= ZERO && next <= NINE)) {
      throw new SyntaxFailure(this.pos, `unexpected ${describeChar(this.text, this.pos)}: expected a value`);
    }
    this.pos = end;
    return value;
  }

  private parseNumber(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === MINUS) pos++;
    const first = text.charCodeAt(pos);
    if (first === ZERO) {
      pos++;
      const after = text.charCodeAt(pos);
      if (after >= ZERO && after <= NINE) throw new SyntaxFailure(start, 'numbers must not have leading zeros');
    } else if (first >= ZERO + 1 && first <= NINE) {
      while (pos < this.len && text.charCodeAt(pos) >= ZERO && text.charCodeAt(pos) <= NINE) pos++;
    } else if (text.startsWith('Infinity', pos)) {
      throw new SyntaxFailure(start, 'NaN and Infinity are not valid JSON values');
    } else {
      throw new SyntaxFailure(pos, `expected a digit, found ${describeChar(text, pos)}`);
    }
    if (text.charCodeAt(pos) === 0x2e) {
      pos++;
      const digitsStart = pos;
      while (pos < this.len && text.charCodeAt(pos) >= ZERO && text.charCodeAt(pos) <= NINE) pos++;
      if (pos === digitsStart)
        throw new SyntaxFailure(pos, `expected a digit after '.', found ${describeChar(text, pos)}`);
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 0x2b || sign === MINUS) pos++;
      const digitsStart = pos;
      while (pos < this.len && text.charCodeAt(pos) >= ZERO && text.charCodeAt(pos) <= NINE) pos++;
      if (pos === digitsStart)
        throw new SyntaxFailure(pos, `expected a digit in the exponent, found ${describeChar(text, pos)}`);
    }
    this.pos = pos;
    return Number(text.slice(start, pos));
  }

  /** Parses a string starting at the opening quote. */
  private parseString(): string {
    const text = this.text;
    const open = this.pos;
    let pos = open + 1;
    // Fast path: no escapes.
    for (;;) {
      if (pos >= this.len) throw new SyntaxFailure(open, 'unterminated string');
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        this.pos = pos + 1;
        return text.slice(open + 1, pos);
      }
      if (c === BACKSLASH) break;
      if (c < 0x20) throw this.controlCharacter(pos, open);
      pos++;
    }
    let out = text.slice(open + 1, pos);
    let chunk = pos;
    for (;;) {
      if (pos >= this.len) throw new SyntaxFailure(open, 'unterminated string');
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        this.pos = pos + 1;
        return out + text.slice(chunk, pos);
      }
      if (c < 0x20) throw this.controlCharacter(pos, open);
      if (c !== BACKSLASH) {
        pos++;
        continue;
      }
      out += text.slice(chunk, pos);
      const esc = text.charCodeAt(pos + 1);
      switch (esc) {
        case QUOTE:
          out += '"';
          break;
        case BACKSLASH:
          out += '\\';
          break;
        case 0x2f:
          out += '/';
          break;
        case 0x62:
          out += '\b';
          break;
        case 0x66:
          out += '\f';
          break;
        case 0x6e:
          out += '\n';
          break;
        case 0x72:
          out += '\r';
          break;
        case 0x74:
          out += '\t';
          break;
        case 0x75: {
          let code = 0;
          for (let i = 2; i < 6; i++) {
            const h = text.charCodeAt(pos + i);
            const digit =
              h >= ZERO && h <= NINE
                ? h - ZERO
                : h >= 0x61 && h <= 0x66
                  ? h - 0x57
                  : h >= 0x41 && h <= 0x46
                    ? h - 0x37
                    : -1;
            if (digit < 0) throw new SyntaxFailure(pos, 'invalid \\u escape: expected four hexadecimal digits');
            code = code * 16 + digit;
          }
          // Lone surrogates are kept as UTF-16 code units; the policy layer rejects them.
          out += String.fromCharCode(code);
          pos += 4;
          break;
        }
        default:
          if (pos + 1 >= this.len) throw new SyntaxFailure(open, 'unterminated string');
          throw new SyntaxFailure(pos, `invalid escape sequence '\\${text.charAt(pos + 1)}' in string`);
      }
      pos += 2;
      chunk = pos;
    }
  }

  private controlCharacter(pos: number, open: number): SyntaxFailure {
    const c = this.text.charCodeAt(pos);
    if (c === 0x0a || c === 0x0d) {
      return new SyntaxFailure(open, 'unterminated string (a line break inside a string must be written as \\n)');
    }
    return new SyntaxFailure(pos, `${describeChar(this.text, pos)} must be escaped inside a string`);
  }
}

const NO_POSITIONS = (): undefined => undefined;

/**
 * Parses JSON text. Never throws: syntax errors, duplicate member names and excessive nesting
 * come back as issues with a line and column. Set `positions` to make `locate` answer.
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): ParseJsonResult {
  const maxDepth =
    typeof options.maxDepth === 'number' && options.maxDepth >= 1 ? Math.floor(options.maxDepth) : DEFAULT_MAX_DEPTH;
  if (typeof text !== 'string') {
    return {
      ok: false,
      errors: [{ severity: 'error', code: 'json-syntax', path: '', message: 'JSON text must be a string' }],
    };
  }
  const parser = new Parser(text, maxDepth, options.positions === true);
  const lines = new LineIndex(text);
  let value: JsonValue;
  try {
    value = parser.parse();
  } catch (e) {
    if (!(e instanceof SyntaxFailure)) {
      return {
        ok: false,
        errors: [{ severity: 'error', code: 'json-syntax', path: '', message: `cannot parse JSON: ${String(e)}` }],
      };
    }
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: e.code,
          path: parser.containerPath(),
          message: e.message,
          ...lines.position(e.offset),
        },
      ],
    };
  }
  if (parser.duplicates.length > 0) {
    return {
      ok: false,
      errors: parser.duplicates.map((d) => ({
        severity: 'error' as const,
        code: 'duplicate-member',
        path: d.path,
        message: `member name ${JSON.stringify(d.key)} appears more than once in the same object`,
        ...lines.position(d.offset),
      })),
    };
  }
  const positions = parser.recorded;
  const locate =
    positions === undefined
      ? NO_POSITIONS
      : (path: string): JsonPosition | undefined => {
          const offset = offsetOf(value, positions, path);
          return offset === undefined ? undefined : lines.position(offset);
        };
  return { ok: true, value, locate };
}

/**
 * Splits a path written by {@link joinPath} into its segments (`a.b[0]["x y"]` → `a`, `b`, 0,
 * `x y`) in one pass; `undefined` when it is not such a path.
 */
export function pathSegments(path: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path.charCodeAt(i);
    if (c === 0x5b /* [ */) {
      if (path.charCodeAt(i + 1) === QUOTE) {
        let j = i + 2;
        while (j < path.length && path.charCodeAt(j) !== QUOTE) j += path.charCodeAt(j) === BACKSLASH ? 2 : 1;
        if (path.charCodeAt(j + 1) !== 0x5d) return undefined;
        let key: unknown;
        try {
          key = JSON.parse(path.slice(i + 1, j + 1));
        } catch {
          return undefined;
        }
        if (typeof key !== 'string') return undefined;
        out.push(key);
        i = j + 2;
      } else {
        const close = path.indexOf(']', i);
        if (close < 0) return undefined;
        const index = Number(path.slice(i + 1, close));
        if (!Number.isInteger(index) || index < 0) return undefined;
        out.push(index);
        i = close + 1;
      }
    } else {
      const from = c === 0x2e /* . */ ? i + 1 : i;
      let j = from;
      while (j < path.length && path.charCodeAt(j) !== 0x2e && path.charCodeAt(j) !== 0x5b) j++;
      if (j === from) return undefined;
      out.push(path.slice(from, j));
      i = j;
    }
  }
  return out;
}

/** The recorded offset of the value at `path`, walking the tree segment by segment. */
function offsetOf(root: JsonValue, positions: Positions, path: string): number | undefined {
  const segments = pathSegments(path);
  if (segments === undefined) return undefined;
  let value: JsonValue | undefined = root;
  let offset: number | undefined = positions.root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    const children = positions.children.get(value);
    if (children === undefined) return undefined;
    if (Array.isArray(value)) {
      if (typeof segment !== 'number' || !Array.isArray(children)) return undefined;
      value = value[segment];
      offset = children[segment];
    } else {
      if (typeof segment !== 'string' || Array.isArray(children)) return undefined;
      value = Object.prototype.hasOwnProperty.call(value, segment) ? value[segment] : undefined;
      offset = children.get(segment);
    }
    if (value === undefined || offset === undefined) return undefined;
  }
  return offset;
}
