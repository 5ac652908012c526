/**
 * `Principal` / `NotPrincipal` values (spec §1.4, §1.8, §2.4, §10 P3).
 */
import type { JsonValue } from '../json/parse-json.js';
import type { PolicyType, PrincipalElement, PrincipalEntry, PrincipalType } from './ast.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';
import { didYouMean, isJsonObject, jsonTypeName, readStringList } from './json-shapes.js';
import { colonOffsets, hasWildcard } from './policy-strings.js';
import type { PolicyTypeRules } from './policy-types.js';
import { memberPath, type StatementPlace } from './statement-place.js';

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const ACCOUNT_ID = /^\d{12}$/;
/** Unique ids of users (`AIDA…`) and roles (`AROA…`), spec §1.4. */
const UNIQUE_ID = /^(?:AIDA|AROA)[A-Z0-9]{12,124}$/;
const PARTITION = /^aws(?:-[a-z]+)*$/;
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const CANONICAL_USER = /^[0-9a-fA-F]{64}$/;

/** What the principal checks need to know about the statement, and where it is. */
export interface PrincipalContext extends StatementPlace {
  readonly type: PolicyType;
  readonly rules: PolicyTypeRules;
  readonly sink: IssueSink;
}

function isPrincipalType(key: string): key is PrincipalType {
  return (PRINCIPAL_TYPES as readonly string[]).includes(key);
}

/** Why an IAM/STS principal ARN is malformed, or `undefined` when it is fine. */
function principalArnProblem(value: string): string | undefined {
  const colons = colonOffsets(value);
  if (colons.length < 5) return 'an ARN has six parts: arn:partition:service:region:account:resource';
  const [c1, c2, c3, c4, c5] = colons as [number, number, number, number, number];
  const partition = value.slice(c1 + 1, c2);
  const service = value.slice(c2 + 1, c3);
  const region = value.slice(c3 + 1, c4);
  const account = value.slice(c4 + 1, c5);
  const resource = value.slice(c5 + 1);
  if (!PARTITION.test(partition)) return `"${partition}" is not an AWS partition`;
  if (service !== 'iam' && service !== 'sts')
    return 'an AWS principal ARN must be an IAM (arn:aws:iam::…) or STS (arn:aws:sts::…) ARN';
  if (region !== '') return 'IAM and STS principal ARNs have an empty region segment';
  if (!ACCOUNT_ID.test(account)) return `the account segment "${account}" is not a 12-digit account id`;
  if (service === 'iam') {
    if (resource === 'root') return undefined;
    if (/^(?:user|role)\/(?:.*\/)?[^/]+$/.test(resource)) return undefined;
    return 'an IAM principal ARN names the account (…:root), a user (…:user/name) or a role (…:role/name)';
  }
  if (/^assumed-role\/[^/]+\/[^/]+$/.test(resource) || /^federated-user\/[^/]+$/.test(resource)) return undefined;
  return 'an STS principal ARN names a role session (…:assumed-role/role/session) or a federated user (…:federated-user/name)';
}

/** Whether the character code `c` is an ASCII digit. */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The start of the principal ARNs of IAM in the `aws` partition (an empty region). */
const IAM_ARN_START = 'arn:aws:iam::';

/**
 * `true` when {@link checkAwsValue} has nothing to report on `value` and it is of the common forms
 * told without a regular expression: `*`, a 12-digit account id, or
 * `arn:aws:iam::<12 digits>:root`, `…:user/<name>` or `…:role/<name>` with a name that has no
 * `/` and no wildcard. Any other value takes the full check (issue #16: one-shot use).
 */
export function isQuietAwsPrincipal(value: string): boolean {
  if (value === '*') return true;
  let at = 0;
  if (value.startsWith(IAM_ARN_START)) at = IAM_ARN_START.length;
  else if (value.length !== 12) return false;
  for (let i = at; i < at + 12; i++) if (!isDigit(value.charCodeAt(i))) return false;
  if (at === 0) return true;
  if (value.charCodeAt(at + 12) !== 58 /* : */) return false;
  const resource = at + 13;
  if (value.length === resource + 4 && value.endsWith('root')) return true;
  if (!value.startsWith('user/', resource) && !value.startsWith('role/', resource)) return false;
  const name = resource + 5;
  if (name >= value.length) return false;
  for (let i = name; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 47 /* / */ || c === 42 /* * */ || c === 63 /* ? */) return false;
  }
  return true;
}

/** Checks one `AWS` principal value: `*`, an account id, an IAM or STS ARN, or a unique id (spec §1.4). */
export function checkAwsValue(value: string, path: string, sink: IssueSink): void {
  if (value === '*' || ACCOUNT_ID.test(value) || UNIQUE_ID.test(value)) return;
  if (hasWildcard(value)) {
    sink.error(
      'principal-partial-wildcard',
      path,
      `"${value}": a wildcard cannot stand for part of a principal; use "*" alone, or "*" with a condition on aws:PrincipalArn`,
    );
    return;
  }
  const problem = value.startsWith('arn:')
    ? principalArnProblem(value)
    : 'an AWS principal is "*", a 12-digit account id, an IAM or STS ARN, or a unique id (AIDA…/AROA…)';
  if (problem !== undefined)
    sink.error('invalid-aws-principal', path, `"${value}" is not a valid AWS principal: ${problem}`);
}

function checkServiceValue(value: string, path: string, sink: IssueSink): void {
  if (value === '*') {
    sink.error(
      'service-principal-wildcard',
      path,
      '"Service": "*" is not allowed; name each service principal (e.g. "ec2.amazonaws.com")',
    );
  } else if (hasWildcard(value)) {
    sink.error(
      'principal-partial-wildcard',
      path,
      `"${value}": a wildcard cannot stand for part of a service principal name`,
    );
  } else if (!HOST_NAME.test(value)) {
    sink.error(
      'invalid-service-principal',
      path,
      `"${value}" is not a service principal name such as "ec2.amazonaws.com"`,
    );
  }
}

function checkFederatedValue(value: string, path: string, sink: IssueSink): void {
  if (hasWildcard(value)) {
    sink.error('principal-partial-wildcard', path, `"${value}": wildcards are not allowed in Federated principals`);
    return;
  }
  if (value.startsWith('arn:')) {
    const colons = colonOffsets(value);
    const resource = colons.length === 5 ? value.slice((colons[4] as number) + 1) : '';
    const service = colons.length === 5 ? value.slice((colons[1] as number) + 1, colons[2]) : '';
    if (service === 'iam' && /^(?:saml-provider|oidc-provider)\/./.test(resource)) return;
    sink.error(
      'invalid-federated-principal',
      path,
      `"${value}" is not an identity provider ARN (…:saml-provider/name or …:oidc-provider/host)`,
    );
  } else if (!HOST_NAME.test(value)) {
    sink.error(
      'invalid-federated-principal',
      path,
      `"${value}" is neither an identity provider ARN nor a provider name such as "cognito-identity.amazonaws.com"`,
    );
  }
}

function checkCanonicalUserValue(value: string, path: string, sink: IssueSink): void {
  if (hasWildcard(value))
    sink.error('principal-partial-wildcard', path, `"${value}": wildcards are not allowed in CanonicalUser principals`);
  else if (!CANONICAL_USER.test(value))
    sink.error('invalid-canonical-user', path, `"${value}" is not a canonical user id (64 hexadecimal characters)`);
}

/** The path of a principal type's member: `Statement[0].Principal.AWS`. */
function typePath(ctx: PrincipalContext, element: string, key: string): string {
  return joinPath(memberPath(ctx, element), key);
}

/**
 * Reads the `Principal`/`NotPrincipal` value of the statement at `ctx`'s place: `"*"` or a map of
 * principal types to a string or a list of strings. Reports every malformed value; returns
 * `undefined` when the shape is wrong. Paths are joined only for an issue (issue #16).
 */
export function readPrincipal(raw: JsonValue, not: boolean, ctx: PrincipalContext): PrincipalElement | undefined {
  const { sink } = ctx;
  const element = not ? 'NotPrincipal' : 'Principal';
  if (raw === '*') {
    if (ctx.type === 'trust' && !not) {
      sink.warn(
        'wildcard-principal-in-trust',
        memberPath(ctx, element),
        'a trust policy with "Principal": "*" lets anyone assume the role unless conditions restrict it',
      );
    }
    return { not, wildcard: true, entries: [] };
  }
  if (!isJsonObject(raw)) {
    const hint = typeof raw === 'string' ? `; write {"AWS": ${JSON.stringify(raw)}} or "*"` : '';
    sink.error(
      'invalid-principal',
      memberPath(ctx, element),
      `${element} must be "*" or an object such as {"AWS": "123456789012"}, not ${jsonTypeName(raw)}${hint}`,
    );
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  let members = 0;
  for (const key in raw) {
    members++;
    if (!isPrincipalType(key)) {
      sink.error(
        'unknown-principal-type',
        typePath(ctx, element, key),
        `"${key}" is not a principal type; use AWS, Service, Federated or CanonicalUser${didYouMean(key, PRINCIPAL_TYPES)}`,
      );
      continue;
    }
    const entry = readPrincipalEntry(raw[key] as JsonValue, key, element, not, ctx);
    if (entry !== undefined) entries.push(entry);
  }
  if (members === 0) {
    sink.error(
      'empty-principal',
      memberPath(ctx, element),
      `${element} is an empty object; name at least one principal`,
    );
    return undefined;
  }
  return { not, wildcard: false, entries };
}

/** Reads and checks the values of one principal type (`"AWS": […]`); `undefined` when malformed. */
function readPrincipalEntry(
  raw: JsonValue,
  key: PrincipalType,
  element: string,
  not: boolean,
  ctx: PrincipalContext,
): PrincipalEntry | undefined {
  const { sink } = ctx;
  let values: string[];
  let wasArray: boolean;
  if (typeof raw === 'string') {
    values = [raw];
    wasArray = false;
  } else {
    const list = readStringList(raw, typePath(ctx, element, key), `${element}.${key}`, sink);
    if (list === undefined) return undefined;
    values = list.values;
    wasArray = list.wasArray;
  }
  if (key === 'Federated' && !ctx.rules.federated) {
    sink.error(
      'federated-outside-trust',
      typePath(ctx, element, key),
      'Federated principals are only valid in role trust policies',
    );
  }
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    if (key === 'AWS') {
      const trustWildcard = value === '*' && ctx.type === 'trust' && !not;
      if (isQuietAwsPrincipal(value) && !trustWildcard) continue;
      const valuePath = principalValuePath(ctx, element, key, wasArray ? i : -1);
      checkAwsValue(value, valuePath, sink);
      if (trustWildcard) {
        sink.warn(
          'wildcard-principal-in-trust',
          valuePath,
          'a trust policy with {"AWS": "*"} lets anyone assume the role unless conditions restrict it',
        );
      }
      continue;
    }
    const valuePath = principalValuePath(ctx, element, key, wasArray ? i : -1);
    if (key === 'Service') checkServiceValue(value, valuePath, sink);
    else if (key === 'Federated') checkFederatedValue(value, valuePath, sink);
    else checkCanonicalUserValue(value, valuePath, sink);
  }
  return { type: key, values, wasArray };
}

/** The path of a principal value: its type's, or `AWS[index]` in an array (`index` ≥ 0). */
function principalValuePath(ctx: PrincipalContext, element: string, key: string, index: number): string {
  const at = typePath(ctx, element, key);
  return index < 0 ? at : joinPath(at, index);
}
