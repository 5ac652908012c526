/**
 * Document-wide limits: the policy character set (spec §1.1) and the size quota (spec §8.1).
 */
import type { JsonValue } from '../json/parse-json.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';

/** Finds the first character outside TAB, LF, CR and U+0020–U+00FF, or -1. */
function firstForeignCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return i;
  }
  return -1;
}

function describeCodeUnit(text: string, at: number): string {
  const cp = text.codePointAt(at) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp >= 0xd800 && cp <= 0xdfff ? `the lone surrogate ${hex}` : `the character ${hex}`;
}

/** Fast scan without paths: `true` when some string or member name has a foreign character. */
function hasForeignCharacter(value: JsonValue): boolean {
  const pending: JsonValue[] = [value];
  while (pending.length > 0) {
    const v = pending.pop() as JsonValue;
    if (typeof v === 'string') {
      if (firstForeignCharacter(v) >= 0) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) pending.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        if (firstForeignCharacter(key) >= 0) return true;
        pending.push(v[key] as JsonValue);
      }
    }
  }
  return false;
}

/**
 * Checks that every member name and string value uses only the policy character set:
 * TAB, LF, CR and U+0020–U+00FF (spec §1.1). Reports one error per offending string.
 */
export function checkCharacterSet(value: JsonValue, sink: IssueSink): void {
  if (!hasForeignCharacter(value)) return;
  const pending: { value: JsonValue; path: string }[] = [{ value, path: '' }];
  while (pending.length > 0) {
    const { value: v, path } = pending.pop() as { value: JsonValue; path: string };
    if (typeof v === 'string') {
      const at = firstForeignCharacter(v);
      if (at >= 0)
        sink.error(
          'invalid-character',
          path,
          `the string contains ${describeCodeUnit(v, at)}; policies may only contain TAB, LF, CR and characters U+0020–U+00FF`,
        );
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pending.push({ value: v[i] as JsonValue, path: joinPath(path, i) });
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        const memberPath = joinPath(path, key);
        const at = firstForeignCharacter(key);
        if (at >= 0)
          sink.error(
            'invalid-character',
            memberPath,
            `the member name contains ${describeCodeUnit(key, at)}; policies may only contain TAB, LF, CR and characters U+0020–U+00FF`,
          );
        pending.push({ value: v[key] as JsonValue, path: memberPath });
      }
    }
  }
}

/**
 * The size of a policy as counted against its quota: the document written without whitespace
 * between tokens, every character inside strings counted (spec §8.1, §10 Q1).
 */
export function policySize(value: JsonValue): number {
  return JSON.stringify(value).length;
}

/** Reports `policy-too-large` when the document is bigger than `maxSize` characters. */
export function checkPolicySize(
  value: JsonValue,
  maxSize: number,
  sink: IssueSink,
  what: string,
  measured?: number,
): void {
  const size = measured ?? policySize(value);
  if (size > maxSize) {
    sink.error(
      'policy-too-large',
      '',
      `the policy has ${size} characters (whitespace not counted), more than the ${maxSize} allowed for ${what}`,
    );
  }
}
