/**
 * World shape errors that read like the policy errors: zod's issues rewritten as sentences that
 * say what the member is ("account ids are 12 digits", "`trustPolicy` is required for a role",
 * "`groups` is a list of group ARNs"), at their JSON path.
 */
import type { z } from 'zod';
import { joinPath, type Issue } from '../policy/issues.js';

/** The record kind of each top-level section, for messages. */
const KIND: Readonly<Record<string, string>> = {
  accounts: 'an account',
  users: 'a user',
  groups: 'a group',
  roles: 'a role',
  sessions: 'a session',
  userSessions: 'a user session',
  resourcePolicies: 'a resource policy',
  resources: 'a resource',
  instanceProfiles: 'an instance profile',
  identityProviders: 'an identity provider',
  managedPolicies: 'a managed policy',
  organization: 'the organization',
};

/** What a member holds, when a wrong type is given. */
const MEMBER_SHAPES: Readonly<Record<string, string>> = {
  groups: 'a list of group ARNs',
  policies: 'a list of policies (managed policy ARNs, documents, or { name, document })',
  mfaDevices: 'a list of MFA device ARNs',
  accessKeys: 'a list of access keys ({ id, status })',
  parents: 'a list of organizational unit ids, root first',
  tags: 'an object of tag keys to string values',
  trustPolicy: 'a policy document (a JSON object)',
  permissionsBoundary: 'a managed policy ARN or a policy document',
  scps: 'an object of target ids to lists of policies',
  rcps: 'an object of target ids to lists of policies',
};

const SECTION_KEYS: Readonly<Record<string, string>> = {
  accounts: 'account ids are 12 digits',
  users: 'user ARNs look like arn:aws:iam::123456789012:user/name',
  groups: 'group ARNs look like arn:aws:iam::123456789012:group/name',
  roles: 'role ARNs look like arn:aws:iam::123456789012:role/name',
  managedPolicies:
    'managed policy ARNs look like arn:aws:iam::123456789012:policy/name (or arn:aws:iam::aws:policy/name)',
};

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((p, k) => joinPath(p, typeof k === 'number' ? k : String(k)), '');
}

/** Rewrites one zod issue about a world. */
function rewrite(i: z.core.$ZodIssue, input: unknown): Issue {
  const path = i.path as PropertyKey[];
  const last = path[path.length - 1];
  const name = typeof last === 'string' ? last : undefined;
  const section = typeof path[0] === 'string' ? path[0] : '';
  const kind = KIND[section] ?? 'a world';
  let message = i.message;
  const given = valueAt(input, path);
  const shape = name !== undefined ? MEMBER_SHAPES[name] : undefined;
  const wrongShape =
    shape !== undefined &&
    (shape.startsWith('a list')
      ? !Array.isArray(given)
      : shape.startsWith('an object')
        ? typeof given !== 'object' || given === null || Array.isArray(given)
        : false);
  if (given === undefined && name !== undefined && i.code !== 'invalid_key') {
    message = `\`${name}\` is required for ${kind}`;
  } else if (wrongShape) {
    message = `\`${name}\` is ${shape}`;
  } else if (i.code === 'invalid_key') {
    const key = typeof last === 'string' ? last : String(last);
    message = `${JSON.stringify(key)} is not valid here: ${SECTION_KEYS[section] ?? i.issues[0]?.message ?? 'invalid key'}`;
  } else if (i.code === 'invalid_type') {
    message = `${name !== undefined ? `\`${name}\`` : 'this value'} must be ${i.expected === 'object' ? 'an object' : `a ${i.expected}`}, not ${describe(given)}`;
  } else if (i.code === 'invalid_value' && 'values' in i) {
    message = `${name !== undefined ? `\`${name}\`` : 'the value'} is one of ${(i.values as unknown[]).map(String).join(', ')}, not ${JSON.stringify(given)}`;
  } else if (i.code === 'invalid_union' && name !== undefined && MEMBER_SHAPES[name]) {
    message = `\`${name}\` is ${MEMBER_SHAPES[name]}`;
  } else if (i.code === 'invalid_format' || (i.code === 'custom' && name !== undefined)) {
    message = name !== undefined && MEMBER_SHAPES[name] ? `\`${name}\` is ${MEMBER_SHAPES[name]}` : i.message;
  }
  return { severity: 'error', code: 'invalid-world', path: pathOf(path), message };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** The value at a path of plain data, own members only; `undefined` when the path leaves the data. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of path) {
    if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Converts zod's issues about a world into readable issues. */
export function worldIssues(issues: readonly z.core.$ZodIssue[], input: unknown): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const i of issues) {
    const issue = rewrite(i, input);
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}
