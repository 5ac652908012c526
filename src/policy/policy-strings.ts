/**
 * Syntax of the strings in `Action`/`NotAction` (spec §1.5) and `Resource`/`NotResource`
 * (spec §1.6), plus helpers shared with the other validators.
 */
import type { PolicyVersion } from './ast.js';
import type { IssueSink } from './issue-sink.js';
import { isVariableBody } from './variables.js';

const SERVICE_PREFIX = /^[A-Za-z0-9-]+$/;
const ACTION_NAME = /^[A-Za-z0-9_*?-]+$/;
const DIGITS = /^\d+$/;

/** `true` when the text contains `*` or `?`. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** Index of the first valid policy variable (`${…}`, spec §3.7) in `text`, or -1. */
export function firstVariableIndex(text: string): number {
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start < 0) return -1;
    const end = text.indexOf('}', start + 2);
    if (end < 0) return -1;
    if (isVariableBody(text.slice(start + 2, end))) return start;
    from = start + 2;
  }
}

/** Offsets of the first `max` colons of `text`. */
export function colonOffsets(text: string, max = 5): number[] {
  const out: number[] = [];
  let at = text.indexOf(':');
  while (at >= 0 && out.length < max) {
    out.push(at);
    at = text.indexOf(':', at + 1);
  }
  return out;
}

/**
 * `true` when `text` has the shape of an ARN or ARN pattern: `*`, or `arn:` with all six parts
 * (`arn:partition:service:region:account:resource`), or fewer parts ending in `*` (spec §2.2).
 */
export function looksLikeArn(text: string): boolean {
  if (text === '*') return true;
  if (!text.startsWith('arn:')) return false;
  const colons = colonOffsets(text);
  return colons.length === 5 || (colons.length >= 2 && text.endsWith('*'));
}

/** {@link ACTION_CHARACTERS} bit of a service prefix's characters: a letter, a digit or `-`. */
const PREFIX_CHARACTER = 1;
/** {@link ACTION_CHARACTERS} bit of an action name's characters: those of a prefix, `_`, `*` and `?`. */
const NAME_CHARACTER = 2;
/**
 * The classes of the ASCII characters for {@link isQuietAction}: one load per character instead of
 * a chain of range tests (every character of every action of a policy is read).
 */
const ACTION_CHARACTERS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const prefix = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45; /* - */
    const name = prefix || c === 95 /* _ */ || c === 42 /* * */ || c === 63; /* ? */
    table[c] = (prefix ? PREFIX_CHARACTER : 0) | (name ? NAME_CHARACTER : 0);
  }
  return table;
})();

/** Whether the character code `c` is of the class `bit` of {@link ACTION_CHARACTERS}. */
function isActionCharacter(c: number, bit: number): boolean {
  return c < 128 && ((ACTION_CHARACTERS[c] as number) & bit) !== 0;
}

/**
 * `true` when {@link checkActionString} has nothing to report on `value` (`*`, or a service prefix
 * of letters, digits and hyphens, a colon and a name of those, `_`, `*` and `?`), tested by
 * character codes in one pass (the prefix's loop stops at its colon: no `indexOf` before it): the
 * validator then builds no path for it (issue #16).
 */
export function isQuietAction(value: string): boolean {
  if (value === '*') return true;
  const length = value.length;
  let i = 0;
  for (; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c === 58 /* : */) break;
    if (!isActionCharacter(c, PREFIX_CHARACTER)) return false;
  }
  // No colon, or nothing before or after it.
  if (i === 0 || i >= length - 1) return false;
  for (i++; i < length; i++) if (!isActionCharacter(value.charCodeAt(i), NAME_CHARACTER)) return false;
  return true;
}

/**
 * Whether `value.slice(0, colon).toLowerCase()` is `service` (a lower-cased prefix), compared in
 * place for an ASCII prefix; `false` for any other (the compile then compares the lower-cased text;
 * a lazy slice's skim, which knows no such prefix for sure, reads the document in full).
 */
export function isServiceOf(service: string, value: string, colon: number): boolean {
  if (service.length !== colon) return false;
  for (let k = 0; k < colon; k++) {
    let c = value.charCodeAt(k);
    if (c >= 65 && c <= 90) c += 32;
    else if (c > 127) return false;
    if (c !== service.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Whether the `Action` value `value` names only actions of a service other than `service` (a
 * lower-cased prefix): a service prefix of ASCII letters, digits and hyphens (no wildcard, and no
 * character that lower-cases into ASCII), a colon and a name, the prefix not `service` in any
 * case. A value matches only actions of its own prefix (spec §2.1), so such a value matches no
 * action of `service`, whatever its name holds (a lazy slice asks it of every `Action` value of the
 * documents it skims, issue #16).
 */
export function isOtherServiceAction(value: string, service: string): boolean {
  const length = value.length;
  let i = 0;
  for (; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c === 58 /* : */) break;
    if (!isActionCharacter(c, PREFIX_CHARACTER)) return false;
  }
  // No colon, nothing before or after it, or the service's own prefix.
  return i > 0 && i < length - 1 && !isServiceOf(service, value, i);
}

/**
 * Whether the `NotAction` value `value` leaves out every action of `service` (a lower-cased
 * prefix): `*`, or `<service>:*` with its prefix in any ASCII case (spec §2.1: a `NotAction`
 * statement applies to the actions its values do not match). A statement with such a value in its
 * `NotAction` applies to no action of `service`; anything else (a prefix that is not ASCII
 * included) is `false`.
 */
export function excludesService(value: string, service: string): boolean {
  if (value === '*') return true;
  const colon = service.length;
  return (
    value.length === colon + 2 &&
    value.charCodeAt(colon) === 58 /* : */ &&
    value.charCodeAt(colon + 1) === 42 /* * */ &&
    isServiceOf(service, value, colon)
  );
}

/**
 * `true` when {@link checkResourceString} has nothing to report on `value` whatever the version:
 * `*`, or an ARN with all six parts, a partition, a service segment without wildcards, no `$` (so
 * no policy variable) and an account segment that is not a number of other than 12 digits. Any
 * other value takes the full check (issue #16: no path built for the common ones).
 */
export function isQuietResource(value: string): boolean {
  if (value === '*') return true;
  if (!value.startsWith('arn:') || value.includes('$')) return false;
  const c1 = value.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : value.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : value.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : value.indexOf(':', c3 + 1);
  if (c4 < 0 || c1 === 4 || c2 === c1 + 1) return false;
  for (let i = c1 + 1; i < c2; i++) {
    const c = value.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */) return false;
  }
  // An account of digits only must have twelve of them.
  if (c4 - c3 - 1 === 12 || c4 === c3 + 1) return true;
  for (let i = c3 + 1; i < c4; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return true;
  }
  return false;
}

/** Checks one `Action`/`NotAction` string: `*` or `service:action` (spec §1.5, §10 M1). */
export function checkActionString(value: string, path: string, sink: IssueSink): void {
  if (value === '*') return;
  if (value === '') {
    sink.error('empty-action', path, 'an action must not be an empty string; write "service:Action" or "*"');
    return;
  }
  const colon = value.indexOf(':');
  if (colon <= 0) {
    sink.error(
      'invalid-action',
      path,
      `"${value}" is not an action: write "service:Action" (e.g. "s3:GetObject") or "*"`,
    );
    return;
  }
  const prefix = value.slice(0, colon);
  const name = value.slice(colon + 1);
  if (hasWildcard(prefix)) {
    sink.error(
      'action-wildcard-in-service',
      path,
      `"${value}" has a wildcard in the service prefix "${prefix}"; wildcards may only appear in the action name`,
    );
    return;
  }
  if (!SERVICE_PREFIX.test(prefix)) {
    sink.error(
      'invalid-action',
      path,
      `"${value}": the service prefix "${prefix}" may only contain letters, digits and hyphens`,
    );
    return;
  }
  if (name === '') {
    sink.error('invalid-action', path, `"${value}" has no action name after "${prefix}:"; write e.g. "${prefix}:*"`);
    return;
  }
  if (!ACTION_NAME.test(name)) {
    const why = name.includes('${') ? ' (policy variables are not substituted in Action)' : '';
    sink.error(
      'invalid-action',
      path,
      `"${value}": the action name may only contain letters, digits, '_', '-', '*' and '?'${why}`,
    );
  }
}

/**
 * Checks one `Resource`/`NotResource` string: `*` or an ARN (spec §1.6, §2.2), no wildcard in
 * the service segment, variables only in the resource part and only under 2012-10-17 (§3.7).
 */
export function checkResourceString(
  value: string,
  path: string,
  version: PolicyVersion | undefined,
  sink: IssueSink,
): void {
  if (value === '*') return;
  if (value === '') {
    sink.error('empty-resource', path, 'a resource must not be an empty string; write an ARN or "*"');
    return;
  }
  const shape = 'arn:partition:service:region:account:resource';
  if (!value.startsWith('arn:')) {
    sink.error('invalid-resource', path, `"${value}" is not an ARN: a resource must be "*" or ${shape}`);
    return;
  }
  const colons = colonOffsets(value);
  if (colons.length < 2) {
    sink.error('invalid-resource', path, `"${value}" is not an ARN: expected ${shape}`);
    return;
  }
  const partition = value.slice(4, colons[1]);
  const service = value.slice((colons[1] as number) + 1, colons[2] ?? value.length);
  if (partition === '') {
    sink.error('invalid-resource', path, `"${value}" has an empty partition; expected ${shape} (e.g. arn:aws:…)`);
    return;
  }
  if (hasWildcard(service)) {
    sink.error(
      'resource-wildcard-in-service',
      path,
      `"${value}" has a wildcard in the service segment "${service}"; wildcards are not allowed there`,
    );
    return;
  }
  if (service === '') {
    sink.error('invalid-resource', path, `"${value}" has an empty service segment; expected ${shape}`);
    return;
  }
  if (colons.length < 5 && !value.endsWith('*')) {
    sink.error('invalid-resource', path, `"${value}" has only ${colons.length + 1} of the six ARN parts (${shape})`);
    return;
  }
  const variable = firstVariableIndex(value);
  if (variable >= 0) {
    if (version !== '2012-10-17') {
      sink.warn(
        'variable-is-literal',
        path,
        `"${value}" contains a policy variable, but variables are only substituted under "Version": "2012-10-17"; here the text is literal`,
      );
    } else if (colons.length < 5 || variable < (colons[4] as number)) {
      sink.warn(
        'variable-outside-resource-part',
        path,
        `"${value}" uses a policy variable before the resource part (after the fifth colon); AWS documents variables only in the resource part`,
      );
    }
  }
  if (colons.length === 5) {
    const account = value.slice((colons[3] as number) + 1, colons[4]);
    if (DIGITS.test(account) && account.length !== 12) {
      sink.warn(
        'invalid-account-id',
        path,
        `"${value}": the account segment "${account}" is not a 12-digit account id`,
      );
    }
  }
}
