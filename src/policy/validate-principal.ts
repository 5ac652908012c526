/**
 * `Principal` / `NotPrincipal` values (spec §1.4, §1.8, §2.4, §10 P3).
 */
import type { JsonValue } from '../json/parse-json.js';
import type { PolicyType, PrincipalElement, PrincipalEntry, PrincipalType } from './ast.js';
import type { IssueSink } from './issue-sink.js';
import { joinPath } from './issues.js';
import { didYouMean, isJsonObject, jsonTypeName, readStringList } from './json-shapes.js';
import { colonOffsets, hasWildcard } from './policy-strings.js';

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const ACCOUNT_ID = /^\d{12}$/;
/** Unique ids of users (`AIDA…`) and roles (`AROA…`), spec §1.4. */
const UNIQUE_ID = /^(?:AIDA|AROA)[A-Z0-9]{12,124}$/;
const PARTITION = /^aws(?:-[a-z]+)*$/;
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const CANONICAL_USER = /^[0-9a-fA-F]{64}$/;

/** What the principal checks need to know about the statement. */
export interface PrincipalContext {
  readonly type: PolicyType;
  /** `Federated` principals are only valid in role trust policies. */
  readonly federatedAllowed: boolean;
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

function checkAwsValue(value: string, path: string, sink: IssueSink): void {
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

/**
 * Reads a `Principal`/`NotPrincipal` value: `"*"` or a map of principal types to a string or a
 * list of strings. Reports every malformed value; returns `undefined` when the shape is wrong.
 */
export function readPrincipal(
  raw: JsonValue,
  path: string,
  not: boolean,
  ctx: PrincipalContext,
): PrincipalElement | undefined {
  const { sink } = ctx;
  const element = not ? 'NotPrincipal' : 'Principal';
  if (raw === '*') {
    if (ctx.type === 'trust' && !not) {
      sink.warn(
        'wildcard-principal-in-trust',
        path,
        'a trust policy with "Principal": "*" lets anyone assume the role unless conditions restrict it',
      );
    }
    return { not, wildcard: true, entries: [] };
  }
  if (!isJsonObject(raw)) {
    const hint = typeof raw === 'string' ? `; write {"AWS": ${JSON.stringify(raw)}} or "*"` : '';
    sink.error(
      'invalid-principal',
      path,
      `${element} must be "*" or an object such as {"AWS": "123456789012"}, not ${jsonTypeName(raw)}${hint}`,
    );
    return undefined;
  }
  const keys = Object.keys(raw);
  if (keys.length === 0) {
    sink.error('empty-principal', path, `${element} is an empty object; name at least one principal`);
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  for (const key of keys) {
    const keyPath = joinPath(path, key);
    if (!isPrincipalType(key)) {
      sink.error(
        'unknown-principal-type',
        keyPath,
        `"${key}" is not a principal type; use AWS, Service, Federated or CanonicalUser${didYouMean(key, PRINCIPAL_TYPES)}`,
      );
      continue;
    }
    const list = readStringList(raw[key] as JsonValue, keyPath, `${element}.${key}`, sink);
    if (list === undefined) continue;
    if (key === 'Federated' && !ctx.federatedAllowed) {
      sink.error('federated-outside-trust', keyPath, 'Federated principals are only valid in role trust policies');
    }
    list.values.forEach((value, i) => {
      const valuePath = list.wasArray ? joinPath(keyPath, i) : keyPath;
      if (key === 'AWS') {
        checkAwsValue(value, valuePath, sink);
        if (value === '*' && ctx.type === 'trust' && !not) {
          sink.warn(
            'wildcard-principal-in-trust',
            valuePath,
            'a trust policy with {"AWS": "*"} lets anyone assume the role unless conditions restrict it',
          );
        }
      } else if (key === 'Service') checkServiceValue(value, valuePath, sink);
      else if (key === 'Federated') checkFederatedValue(value, valuePath, sink);
      else checkCanonicalUserValue(value, valuePath, sink);
    });
    entries.push({ type: key, values: list.values, wasArray: list.wasArray });
  }
  return { not, wildcard: false, entries };
}
