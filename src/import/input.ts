/**
 * Reading importer input: JSON or YAML text, or an already parsed value. Text is parsed without
 * ever throwing; both forms are copied into plain data (no prototype-polluting keys, bounded depth).
 */
import { parseDocument, type Tags } from 'yaml';
import { parseJson } from '../json/parse-json.js';
import { joinPath } from '../policy/issues.js';
import type { ImportIssues } from './result.js';
import { BASE_TAGS } from './cfn-yaml.js';
import { checkArrayLength } from '../policy/limits.js';

/** The largest text an importer reads (64 MiB). */
const MAX_TEXT = 64 * 1024 * 1024;
const MAX_DEPTH = 200;
const MAX_NODES = 2_000_000;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Options of {@link readInput}. */
export interface ReadInputOptions {
  /** YAML custom tags (default {@link BASE_TAGS}; CloudFormation adds its short-form intrinsics). */
  readonly yamlTags?: Tags;
  /** Name of the input in messages (`template`, `plan`, …). */
  readonly what: string;
  /** Path prefix of every issue. */
  readonly path?: string;
}

/**
 * Reads `input` (text or parsed value) into plain data; `undefined` (with errors recorded) when it
 * cannot be read.
 */
export function readInput(input: unknown, issues: ImportIssues, options: ReadInputOptions): unknown {
  const path = options.path ?? '';
  if (input === undefined) {
    issues.error('missing-input', path, `no ${options.what} was given`);
    return undefined;
  }
  const value =
    typeof input === 'string'
      ? parseText(input, issues, options)
      : input instanceof Uint8Array
        ? parseText(decodeText(input), issues, options)
        : input;
  if (value === undefined) return undefined;
  const counter = { nodes: 0, onPath: new Set<object>() };
  const before = issues.errors.length;
  const plain = toPlain(value, path, issues, 0, counter);
  return issues.errors.length > before ? undefined : plain;
}

/**
 * Text from bytes: UTF-8 (with or without a byte order mark) or UTF-16 (with a byte order mark, or
 * without one when every other byte of the start is zero, as PowerShell's `>` writes it).
 */
export function decodeText(bytes: Uint8Array): string {
  const [a, b] = [bytes[0], bytes[1]];
  if (a === 0xef && b === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length >= 4 && a !== 0 && b === 0 && bytes[2] !== 0 && bytes[3] === 0)
    return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 4 && a === 0 && b !== 0 && bytes[2] === 0 && bytes[3] !== 0)
    return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function parseText(text: string, issues: ImportIssues, options: ReadInputOptions): unknown {
  const path = options.path ?? '';
  if (text.length > MAX_TEXT) {
    issues.error('input-too-large', path, `the ${options.what} is larger than ${MAX_TEXT} characters`);
    return undefined;
  }
  const body = text.replace(/^\uFEFF/, '');
  const start = body.trimStart();
  // UTF-16 bytes read as UTF-8 (PowerShell's `>` writes UTF-16): NULs between the characters.
  if (start.slice(0, 64).includes('\u0000') || start.startsWith('\uFFFD\uFFFD')) {
    issues.error(
      'utf16-input',
      path,
      `the ${options.what} is UTF-16 text read as UTF-8; give its bytes (a Uint8Array) instead, or save it as UTF-8 (PowerShell: terraform show -json plan.out | Out-File -Encoding utf8 plan.json)`,
    );
    return undefined;
  }
  if (start === '') {
    issues.error('empty-input', path, `the ${options.what} is empty`);
    return undefined;
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    const parsed = parseJson(body);
    if (parsed.ok) return parsed.value;
    for (const e of parsed.errors)
      issues.error('invalid-json', path, `the ${options.what} is not valid JSON: ${e.message}`, e);
    return undefined;
  }
  return parseYaml(body, issues, options);
}

function parseYaml(text: string, issues: ImportIssues, options: ReadInputOptions): unknown {
  const path = options.path ?? '';
  try {
    const doc = parseDocument(text, {
      // Custom tags go first so that the leading-zero rule wins over the core integer rule.
      customTags: (tags) => [...(options.yamlTags ?? BASE_TAGS), ...tags],
      uniqueKeys: true,
      prettyErrors: true,
      strict: true,
    });
    for (const w of doc.warnings) issues.warn('yaml-warning', path, `${options.what}: ${w.message}`);
    if (doc.errors.length > 0) {
      for (const e of doc.errors.slice(0, 20)) {
        const at = e.linePos?.[0];
        issues.error(
          'invalid-yaml',
          path,
          `the ${options.what} is not valid YAML: ${firstLine(e.message)}`,
          at ? { line: at.line, column: at.col } : undefined,
        );
      }
      return undefined;
    }
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    issues.error(
      'invalid-yaml',
      path,
      `the ${options.what} could not be read as YAML: ${firstLine(String(e instanceof Error ? e.message : e))}`,
    );
    return undefined;
  }
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}

/** Copies a parsed value into plain JSON-like data. */
function toPlain(
  value: unknown,
  path: string,
  issues: ImportIssues,
  depth: number,
  counter: { nodes: number; readonly onPath: Set<object> },
): unknown {
  if (++counter.nodes > MAX_NODES) {
    if (counter.nodes === MAX_NODES + 1) issues.error('input-too-large', path, 'the input has too many values');
    return null;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return null;
  if (typeof value !== 'object') {
    issues.error('invalid-value', path, `a ${typeof value} is not a data value`);
    return null;
  }
  if (depth >= MAX_DEPTH) {
    issues.error('too-deep', path, `the input is nested deeper than ${MAX_DEPTH} levels`);
    return null;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  // A cycle is one error, not one per path to the depth cap: an object holding itself twice gave
  // 400,000 `too-deep` errors and 9 s per format (issue #11, found by never-throws).
  if (counter.onPath.has(value)) {
    issues.error('too-deep', path, 'a cyclic object (it contains itself)');
    return null;
  }
  counter.onPath.add(value);
  try {
    if (Array.isArray(value)) {
      // Refused by its length before it is walked: sparse arrays and proxies report any length (issue #11).
      const tooLong = checkArrayLength(value.length);
      if (tooLong) return (issues.error('input-too-large', path, tooLong), undefined);
      return value.map((v, i) => toPlain(v, joinPath(path, i), issues, depth + 1, counter));
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (RESERVED.has(key)) {
        issues.error('reserved-key', joinPath(path, key), `the key "${key}" is not allowed`);
        continue;
      }
      out[key] = toPlain((value as Record<string, unknown>)[key], joinPath(path, key), issues, depth + 1, counter);
    }
    return out;
  } finally {
    counter.onPath.delete(value);
  }
}

/** Whether `value` is a plain object (not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own member `key` of an object, or `undefined` (never an inherited property). */
export function member(value: unknown, key: string): unknown {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** A string member, or `undefined`. */
export function stringMember(value: unknown, key: string): string | undefined {
  const v = member(value, key);
  return typeof v === 'string' ? v : undefined;
}
