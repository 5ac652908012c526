/**
 * One engine (issue #10): for random worlds and requests, `evaluate` given the policies and keys the
 * world implies and `createAuthorizer(world).authorize` reach the same decision, deciding layer and
 * reason. Both go through the one request pipeline and the one `decide`; this law keeps them there.
 *
 * The deep run (`npm run test:deep`, CI) decides 20,000 cases (issue #10), the default `npm test`
 * a tenth of them; with FUZZ_RUNS set (`npm run fuzz`) at least 20,000.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import {
  createAuthorizer,
  evaluate,
  type Decision,
  type EvaluationInput,
  type LevelInput,
  type PolicySetInput,
} from '../../src/index.js';
import { isWorldOwnedKey } from '../../src/evaluate/request/keys.js';
import type { Doc, RefRequest, RefWorld } from '../reference/evaluate.js';
import {
  REQUESTS_PER_WORLD,
  resourceFocusedWorldWithRequests,
  runs,
  worldWithRequests,
} from '../reference/generators.js';
import { itChunked } from './chunked.js';
import { formatReason } from '../../src/evaluate/reasons.js';

const CASES = process.env.FUZZ_RUNS ? Math.max(20_000, runs(20_000, 0.02)) : runs(20_000);

const FULL_AWS_ACCESS: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

type Org = NonNullable<RefWorld['organization']>;

/** Org path of an account (`o-…/r-…/…/`), when it is in the organization. */
function orgPath(w: RefWorld, account: string): string | undefined {
  const org = w.organization;
  if (!org) return undefined;
  const a = w.accounts?.[account];
  const parents = a?.parents ?? [];
  const member = a !== undefined && (a.org === org.id || (a.org === undefined && parents.length > 0));
  if (!member && account !== org.managementAccount) return undefined;
  return `${org.id}/${(parents.length > 0 ? parents : [org.rootId]).join('/')}/`;
}

/** The SCP or RCP levels of a member account, as the world's organization attaches them (spec §4.8, §4.9). */
function levels(w: RefWorld, account: string | undefined, which: 'scps' | 'rcps'): LevelInput[] | undefined {
  const org = w.organization as Org | undefined;
  if (!org || account === undefined || account === org.managementAccount || orgPath(w, account) === undefined)
    return undefined;
  const a = w.accounts?.[account];
  const parents = a?.parents && a.parents.length > 0 ? a.parents : [org.rootId];
  const attached = org[which] ?? {};
  return [...parents, account].map((target) => ({
    target,
    policies: Object.hasOwn(attached, target) ? (attached[target] as Doc[]) : which === 'scps' ? [FULL_AWS_ACCESS] : [],
  }));
}

/**
 * What the world implies for a request, written as an `evaluate` input: the principal's policies,
 * its facts and keys, the organization's levels, the named resource policy. `undefined` for the
 * requests `evaluate` cannot express (credentials that have expired).
 */
function asEvaluation(w: RefWorld, r: RefRequest): EvaluationInput | undefined {
  const time = Date.parse(r.time);
  const keys: Record<string, string | string[]> = {};
  const tag = (tags: Record<string, string> | undefined) => {
    for (const [k, v] of Object.entries(tags ?? {})) keys[`aws:PrincipalTag/${k}`] = v;
  };
  const policies: { -readonly [K in keyof PolicySetInput]: PolicySetInput[K] } = {};
  let details: EvaluationInput['principalDetails'] = {};
  let account: string | undefined = r.principal.startsWith('arn:') ? r.principal.split(':')[4] : undefined;
  const user = w.users?.[r.principal];
  const session = w.sessions?.[r.principal];
  if (user) {
    policies.identity = [
      ...(user.policies ?? []),
      ...(user.groups ?? []).flatMap((g) => w.groups?.[g]?.policies ?? []),
    ];
    if (user.permissionsBoundary) policies.permissionsBoundary = user.permissionsBoundary;
    details = { uniqueId: user.userId };
    tag(user.tags);
  } else if (session) {
    if (time >= Date.parse(session.expiresAt)) return undefined;
    if (session.sessionPolicies) policies.session = session.sessionPolicies;
    keys['aws:TokenIssueTime'] = session.issuedAt;
    if (session.mfaPresent !== undefined) keys['aws:MultiFactorAuthPresent'] = String(session.mfaPresent);
    if (session.mfaPresent)
      keys['aws:MultiFactorAuthAge'] = String(Math.floor((time - Date.parse(session.issuedAt)) / 1000));
    if (session.type === 'AssumedRole') {
      const role = w.roles?.[session.roleArn as string];
      if (!role) return undefined;
      policies.identity = role.policies ?? [];
      if (role.permissionsBoundary) policies.permissionsBoundary = role.permissionsBoundary;
      details = { roleArn: session.roleArn, uniqueId: role.roleId, serviceLinked: role.serviceLinked === true };
      tag(role.tags);
    } else {
      const owner = w.users?.[session.userArn as string];
      if (!owner) return undefined;
      policies.identity = [
        ...(owner.policies ?? []),
        ...(owner.groups ?? []).flatMap((g) => w.groups?.[g]?.policies ?? []),
      ];
      if (owner.permissionsBoundary) policies.permissionsBoundary = owner.permissionsBoundary;
      details = { userArn: session.userArn };
    }
    tag(session.sessionTags);
  } else if (r.principal.startsWith('arn:') && !r.principal.endsWith(':root')) {
    return undefined; // not in the world: authorize refuses it (UnknownPrincipal), evaluate has no world
  }
  if (r.principal === 'anonymous' || !r.principal.startsWith('arn:')) account = undefined;
  const principalPath = account !== undefined ? orgPath(w, account) : undefined;
  if (principalPath) {
    keys['aws:PrincipalOrgID'] = w.organization?.id as string;
    keys['aws:PrincipalOrgPaths'] = [principalPath];
  }
  const arnAccount = r.resource.split(':')[4];
  const resourceAccount = r.resourceAccount ?? (arnAccount || account);
  const resourcePath = resourceAccount !== undefined ? orgPath(w, resourceAccount) : undefined;
  if (resourcePath) {
    keys['aws:ResourceOrgID'] = w.organization?.id as string;
    keys['aws:ResourceOrgPaths'] = [resourcePath];
  }
  const scps = levels(w, account, 'scps');
  if (scps) policies.scps = scps;
  const rcps = levels(w, resourceAccount, 'rcps');
  if (rcps) policies.rcps = rcps;
  const named = r.resourcePolicy !== undefined ? w.resourcePolicies?.[r.resourcePolicy] : undefined;
  if (named)
    policies.resource = {
      policy: named.policy,
      kind: named.kind ?? 'generic',
      ...(named.strict !== undefined ? { strict: named.strict } : {}),
    };
  // The authorizer lets the world decide the keys it owns; other supplied keys pass through.
  const supplied = Object.fromEntries(
    Object.entries(r.context ?? {}).filter(([k]) => !isWorldOwnedKey(k.toLowerCase())),
  );
  return {
    principal: r.principal,
    principalDetails: details,
    action: r.action,
    resource: r.resource,
    ...(resourceAccount !== undefined ? { resourceAccount } : {}),
    time: r.time,
    context: { ...supplied, ...keys },
    policies,
  };
}

const shape = (d: Decision) => ({ decision: d.decision, decidedBy: d.decidedBy, reason: formatReason(d) });

function check(
  arbitrary: fc.Arbitrary<{ world: RefWorld; requests: RefRequest[] }>,
  numRuns: number,
  seed: number,
): void {
  let compared = 0;
  fc.assert(
    fc.property(arbitrary, ({ world, requests }) => {
      const authorizer = createAuthorizer(world);
      expect(authorizer.errors).toEqual([]);
      for (const request of requests) {
        const input = asEvaluation(world, request);
        if (!input) continue;
        compared++;
        const byWorld = shape(authorizer.authorize(request));
        expect(shape(evaluate(input)), JSON.stringify({ world, request })).toEqual(byWorld);
      }
    }),
    { numRuns, seed },
  );
  // Most generated requests must be comparable, or the law would hold vacuously.
  expect(compared).toBeGreaterThan(numRuns * REQUESTS_PER_WORLD * 0.5);
}

describe(`evaluate ≡ authorize on ${CASES} generated cases`, () => {
  const worlds = Math.ceil(CASES / REQUESTS_PER_WORLD);
  itChunked('random worlds', Math.ceil(worlds * 0.7), 125, (n, seed) => check(worldWithRequests, n, seed));
  itChunked('resource-policy worlds', Math.ceil(worlds * 0.3), 125, (n, seed) =>
    check(resourceFocusedWorldWithRequests, n, seed),
  );
});
