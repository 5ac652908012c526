/**
 * Effective admin, decided by the engine: a principal is an administrator when the engine allows
 * it every action on every resource after permissions boundaries and SCPs. With the action
 * catalog, "every action" is every action the catalog lists (on a resource of the action's own
 * type that nobody named) plus a made-up action of a made-up service (the actions AWS adds
 * tomorrow); without it, a fixed list of probes. "AdministratorAccess is attached" is neither
 * necessary nor sufficient; `s3:*` on one bucket is not admin.
 */
import type { CatalogAction, ServiceCatalog } from '../catalog/catalog.js';
import type { AuthorizationRequest, CompiledWorld as Authorizer } from '../model/authorizer.js';
import type { ManagedPolicyCatalog } from '../model/load.js';
import { actionClasses, worldActionPatterns, type SweepItem } from './action-classes.js';
import type { World } from '../model/world.js';
import { accountOfArn } from './attachments.js';
import { CHECKS } from './checks.js';
import { finding, recordPath, type DecidedRequest, type Finding } from './finding.js';
import { targetRoleArn } from './probe-world.js';

/** One probe: an action and the resource to ask it on (`{account}` is the principal's account). */
export interface AdminProbe {
  readonly action: string;
  /** Default `*`. `{account}` and `{target}` (an assumable role of the account) are replaced. */
  readonly resource?: string;
}

/** The default probes: sensitive actions of several services on resources nobody scoped. */
export const DEFAULT_ADMIN_PROBES: readonly AdminProbe[] = [
  { action: 'iam:CreateUser', resource: 'arn:aws:iam::{account}:user/iam-verdict-probe-user' },
  { action: 'iam:AttachRolePolicy', resource: 'arn:aws:iam::{account}:role/iam-verdict-probe-any-role' },
  { action: 'iam:PassRole', resource: 'arn:aws:iam::{account}:role/iam-verdict-probe-any-role' },
  { action: 'sts:AssumeRole', resource: '{target}' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::iam-verdict-probe-any-bucket/any/key' },
  { action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:{account}:instance/*' },
  { action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:{account}:key/00000000-0000-4000-8000-000000000000' },
  { action: 'organizations:LeaveOrganization', resource: '*' },
  { action: 'someservice:SomeAction', resource: '*' },
];

/**
 * The context of the probes: the most favourable a legitimate session of the principal can have
 * (MFA present, TLS), so that "admin, but only with MFA" still counts as admin.
 */
const PROBE_CONTEXT = {
  'aws:MultiFactorAuthPresent': 'true',
  'aws:MultiFactorAuthAge': '1',
  'aws:SecureTransport': 'true',
  'aws:RequestedRegion': 'us-east-1',
};

/** The requests that decide whether `principal` is an admin. */
export function adminRequests(principal: string, probes: readonly AdminProbe[], time: number): AuthorizationRequest[] {
  const account = accountOfArn(principal) ?? '000000000000';
  return probes.map((p) => ({
    principal,
    action: p.action,
    resource: (p.resource ?? '*').replaceAll('{account}', account).replaceAll('{target}', targetRoleArn(account)),
    context: PROBE_CONTEXT,
    time,
  }));
}

/** The probe that no catalog lists: only an Allow of `*`, `*:*`, `some*` or a `NotAction` covers it. */
export const UNLISTED_ACTION_PROBE: AdminProbe = { action: 'someservice:SomeAction', resource: '*' };

/** Options of {@link checkEffectiveAdmin}. */
export interface EffectiveAdminOptions {
  readonly probes?: readonly AdminProbe[];
  /** The action catalog: when given, every action it lists is asked too (see the module comment). */
  readonly catalog?: ServiceCatalog;
  /** The AWS managed policies the authorizer resolves (their action patterns shape the sweep's classes). */
  readonly managedPolicies?: ManagedPolicyCatalog;
  /** Decide every catalog action on its own instead of one per class (the classes' differential test). */
  readonly exact?: boolean;
  readonly time: number;
}

const PLACEHOLDER = /\$\{([A-Za-z0-9]+)\}/g;

/**
 * A resource of the action's own type that nobody named: the ARN format of its first required
 * resource type (else its plainest: the shortest format, an S3 object rather than an access point's) with the partition, region and account filled in (an
 * account of any name — `${ManagementAccountId}`, or `*` — is the principal's, a service part is
 * the action's service) and every other part a probe name; `*` for actions that take no resource
 * (or whose format has no account field).
 */
export function probeResourceOf(action: CatalogAction, account: string): string {
  const type =
    action.resourceTypes.find((t) => t.required) ??
    [...action.resourceTypes].sort((x, y) => x.arn.length - y.arn.length)[0];
  if (!type) return '*';
  const parts = type.arn.split(':');
  if (parts.length >= 6) {
    if (parts[2]?.includes('${')) parts[2] = action.service;
    if (parts[4]?.includes('${') || parts[4] === '*') parts[4] = account;
  }
  const arn = parts
    .join(':')
    .replace(PLACEHOLDER, (_, name: string) =>
      name === 'Partition'
        ? 'aws'
        : name === 'Region'
          ? 'us-east-1'
          : /account/i.test(name)
            ? account
            : 'iam-verdict-probe',
    );
  // A format without an account field (a slip in the catalog) would name a foreign owner: ask `*`.
  const owner = arn.split(':')[4];
  return owner === '' || owner === account || owner === 'aws' ? arn : '*';
}

/**
 * Actions no identity policy decides: the caller of `AssumeRoleWithSAML`/`WithWebIdentity` has no
 * AWS credentials (the trust policy alone decides, which the trust checks judge).
 */
const UNSIGNED = new Set(['sts:assumerolewithsaml', 'sts:assumerolewithwebidentity']);

/** The sweep's requests of a catalog and probe list, with `{account}` and `{target}` left to fill (built once per catalog). */
const templateCache = new WeakMap<ServiceCatalog, Map<string, readonly SweepItem[]>>();

/** The requests of a full sweep: the probes, then every catalog action not probed already; resources hold `{account}` and `{target}`. */
function sweepTemplates(catalog: ServiceCatalog, probes: readonly AdminProbe[]): readonly SweepItem[] {
  const key = JSON.stringify(probes);
  let byProbes = templateCache.get(catalog);
  if (!byProbes) templateCache.set(catalog, (byProbes = new Map()));
  const cached = byProbes.get(key);
  if (cached) return cached;
  const items: SweepItem[] = probes.map((p) => ({ action: p.action, resource: p.resource ?? '*' }));
  const seen = new Set(items.map((i) => i.action.toLowerCase()));
  for (const prefix of catalog.services) {
    for (const a of catalog.service(prefix)?.actions ?? []) {
      const lower = a.fullName.toLowerCase();
      if (seen.has(lower) || UNSIGNED.has(lower)) continue;
      seen.add(lower);
      const resource = probeResourceOf(a, '{account}');
      // A role to act on must exist (a role not in the world trusts nobody): the account's target role.
      items.push({
        action: a.fullName,
        resource:
          lower.startsWith('sts:') && resource.startsWith('arn:aws:iam::{account}:role/') ? '{target}' : resource,
      });
    }
  }
  if (byProbes.size >= 8) byProbes.clear();
  byProbes.set(key, items);
  return items;
}

/** Which services and actions the sweep denied, in a line (`iam (all 250 actions), ec2 (2 of 700: ec2:A, ec2:B)`). */
export function deniedSummary(denied: readonly SweepItem[], catalog: ServiceCatalog | undefined, limit = 8): string {
  const byService = new Map<string, string[]>();
  for (const d of denied) {
    const service = d.action.slice(0, d.action.indexOf(':')).toLowerCase();
    const list = byService.get(service) ?? [];
    list.push(d.action);
    byService.set(service, list);
  }
  const parts = [...byService].map(([service, actions]) => {
    const total = catalog?.service(service)?.actions.length;
    if (total !== undefined && actions.length >= total) return `${service} (all ${total} actions)`;
    const shown = actions.slice(0, 3).join(', ');
    return `${service} (${actions.length}${total !== undefined ? ` of ${total}` : ''}: ${shown}${actions.length > 3 ? ', …' : ''})`;
  });
  return parts.length > limit
    ? `${parts.slice(0, limit).join(', ')} and ${parts.length - limit} more service(s)`
    : parts.join(', ');
}

const n = (x: number) => x.toLocaleString('en-US');

/** A decided request with its explanation, for the evidence. */
function explained(authorizer: Authorizer, request: AuthorizationRequest): DecidedRequest {
  const d = authorizer.authorize(request, { explain: true, allowOverrides: true });
  return {
    request,
    decision: d.decision,
    decidedBy: d.decidedBy,
    ...(d.explanation ? { summary: d.explanation.summary, explanation: d.explanation } : {}),
  };
}

/**
 * Every user and role (service-linked roles excepted) the engine allows everything. Without a
 * catalog: every probe. With one: a principal the engine allows {@link UNLISTED_ACTION_PROBE}
 * (a cheap first filter: only statements that cover `*`-like actions allow it, so scoped
 * wildcards such as `s3:*` never reach the sweep) is asked every probe and every catalog action;
 * allowed all, it is an admin; denied some, it is reported as `IAM.NEAR_ADMIN` with the services
 * and actions denied. Decided without explanations (cheap); explanations are built for the
 * evidence only.
 */
export function checkEffectiveAdmin(world: World, authorizer: Authorizer, options: EffectiveAdminOptions): Finding[] {
  const probes = options.probes ?? DEFAULT_ADMIN_PROBES;
  const catalog = options.catalog;
  if (probes.length === 0 && !catalog) return [];
  const out: Finding[] = [];
  const subjects: { arn: string; member: 'users' | 'roles' }[] = [
    ...Object.keys(world.users).map((arn) => ({ arn, member: 'users' as const })),
    ...Object.entries(world.roles)
      .filter(([, r]) => !r.serviceLinked)
      .map(([arn]) => ({ arn, member: 'roles' as const })),
  ];
  /** The classes of the sweep's templates, built when a first principal passes the prefilter. */
  let sweepOf: { total: number; classes: SweepItem[][]; order: Map<SweepItem, number> } | undefined;
  for (const { arn, member } of subjects) {
    const kind = member === 'users' ? 'user' : 'role';
    const where = { worldPath: recordPath(member, arn) };
    const probeRequests = adminRequests(arn, probes, options.time);
    let sweep: { total: number; denied: SweepItem[] } | undefined;
    if (!catalog) {
      if (!probeRequests.every((r) => authorizer.authorize(r, { allowOverrides: true }).decision === 'Allow')) continue;
    } else {
      const [first] = adminRequests(arn, [UNLISTED_ACTION_PROBE], options.time);
      if (!first || authorizer.authorize(first, { allowOverrides: true }).decision !== 'Allow') continue;
      const resolved = authorizer.resolvePrincipal(arn);
      if (typeof resolved === 'string') continue;
      const account = accountOfArn(arn) ?? '000000000000';
      if (!sweepOf) {
        const templates = sweepTemplates(catalog, probes);
        sweepOf = {
          total: templates.length,
          classes: actionClasses(
            templates,
            options.exact ? undefined : worldActionPatterns(authorizer.world, options.managedPolicies),
          ),
          order: new Map(templates.map((t, i) => [t, i])),
        };
      }
      const target = targetRoleArn(account);
      const fill = (t: SweepItem): SweepItem => ({
        action: t.action,
        resource: t.resource.replaceAll('{account}', account).replaceAll('{target}', target),
      });
      const deniedTemplates: SweepItem[] = [];
      for (const members of sweepOf.classes) {
        const item = fill(members[0] as SweepItem);
        const request = {
          principal: arn,
          action: item.action,
          resource: item.resource,
          context: PROBE_CONTEXT,
          time: options.time,
        };
        if (authorizer.authorizeAs(resolved, request, { allowOverrides: true }).decision !== 'Allow')
          deniedTemplates.push(...members);
      }
      // In the order of the sweep (the probes, then the catalog's), whatever the classes' order.
      const order = sweepOf.order;
      const denied = deniedTemplates.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)).map(fill);
      sweep = { total: sweepOf.total, denied };
    }
    if (sweep && sweep.denied.length > 0) {
      const firstPerService = new Map<string, SweepItem>();
      for (const d of sweep.denied) {
        const service = d.action.slice(0, d.action.indexOf(':')).toLowerCase();
        if (!firstPerService.has(service)) firstPerService.set(service, d);
      }
      const requests = [...firstPerService.values()].slice(0, 10).map((d) =>
        explained(authorizer, {
          principal: arn,
          action: d.action,
          resource: d.resource,
          context: PROBE_CONTEXT,
          time: options.time,
        }),
      );
      out.push(
        finding(
          CHECKS.nearAdmin,
          arn,
          `the engine allows this ${kind} ${n(sweep.total - sweep.denied.length)} of the ${n(sweep.total)} actions asked (the action catalog of ${catalog?.date} and an unlisted action), but denies ${n(sweep.denied.length)}: ${deniedSummary(sweep.denied, catalog)} — not an administrator`,
          {
            source: 'world',
            requests,
            facts: {
              catalog_date: catalog?.date ?? null,
              actions_asked: sweep.total,
              actions_denied: sweep.denied.length,
            },
          },
          { severity: member === 'users' ? 'low' : 'info', ...where },
        ),
      );
      continue;
    }
    const decided = probeRequests.map((request) => explained(authorizer, request));
    const granting = [
      ...new Set(
        decided.flatMap((d) =>
          (d.explanation?.matched ?? [])
            .filter((m) => m.effect === 'Allow' && m.layer === 'identity')
            .map((m) => m.policyId),
        ),
      ),
    ];
    const what = sweep
      ? `all ${n(sweep.total)} actions asked — every action of the action catalog (${catalog?.date}, ${catalog?.services.length} services) and an unlisted action — each on a resource of its type that nobody named`
      : `all ${probes.length} probes (${probes.map((p) => p.action).join(', ')}) on arbitrary resources`;
    out.push(
      finding(
        CHECKS.effectiveAdmin,
        arn,
        `the engine allows this ${kind} ${what}${granting.length > 0 ? `, granted by ${granting.join(', ')}` : ''}`,
        {
          source: 'world',
          requests: decided,
          ...(sweep
            ? { facts: { catalog_date: catalog?.date ?? null, actions_asked: sweep.total, actions_denied: 0 } }
            : {}),
        },
        // Admin rights on a person's long-lived credentials are the risk; an admin role is the recommended shape.
        { severity: member === 'users' ? 'high' : 'low', ...where },
      ),
    );
  }
  return out;
}
