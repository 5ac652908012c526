/**
 * Is a request about the world under test at all? A test request whose principal, account or
 * resource is not in the world, whose action AWS does not have, or whose resource is not a
 * resource of the action, would be decided (denied) for the wrong reason: a negative test would
 * pass by accident. {@link checkRequest} refuses such a request with a reason code and a sentence
 * that names the fix. The test runner, the matchers and `eval --expect/--check` all call it.
 */
import type { ServiceCatalog } from '../catalog/catalog.js';
import { suggestion } from '../catalog/did-you-mean.js';
import type { AuthorizationRequest, Authorizer, CompiledWorld } from '../model/authorizer.js';
import type { World } from '../model/world.js';

/** Why a request was refused before any policy was evaluated. */
export type RefusalReason =
  | 'UnknownPrincipal'
  | 'UnknownAccount'
  | 'UnknownAction'
  | 'UnknownResource'
  | 'UnknownResourceAccount'
  | 'ResourceTypeMismatch';

/** The reason codes of {@link checkRequest}. */
export const REFUSAL_REASONS: readonly RefusalReason[] = [
  'UnknownPrincipal',
  'UnknownAccount',
  'UnknownAction',
  'UnknownResource',
  'UnknownResourceAccount',
  'ResourceTypeMismatch',
];

/** The answer of {@link checkRequest}. */
export type RequestCheck =
  | { readonly ok: true; readonly catalogDate?: string }
  | { readonly ok: false; readonly reason: RefusalReason; readonly message: string; readonly catalogDate?: string };

/** What a world knows, gathered once per world. */
interface WorldFacts {
  readonly accounts: ReadonlySet<string>;
  /** Resource ARNs the world holds or its resource policies are attached to. */
  readonly resources: ReadonlySet<string>;
  /** S3 bucket names the world knows, with their owner when it is recorded. */
  readonly buckets: ReadonlyMap<string, string | undefined>;
  readonly principals: readonly string[];
  /** Accounts that hold principals: with more than one, an S3 bucket's owner matters. */
  readonly principalAccounts: ReadonlySet<string>;
}

const facts = new WeakMap<object, WorldFacts>();

const ACCOUNT = /^\d{12}$/;

/** The account field of an ARN (`arn:aws:iam::123456789012:user/x` → `123456789012`). */
function accountField(arn: string): string | undefined {
  const parts = arn.split(':', 5);
  return parts.length === 5 && parts[0] === 'arn' ? parts[4] : undefined;
}

/** `arn:aws:s3:::bucket[/key]` → `bucket`. */
function bucketName(arn: string): string | undefined {
  const m = /^arn:[\w-]+:s3:::([^/]+)/.exec(arn);
  return m ? m[1] : undefined;
}

function worldFacts(world: World): WorldFacts {
  const known = facts.get(world);
  if (known) return known;
  const accounts = new Set<string>();
  const addAccount = (a: string | undefined) => {
    if (a !== undefined && ACCOUNT.test(a)) accounts.add(a);
  };
  for (const a of Object.keys(world.accounts)) addAccount(a);
  if (world.organization) addAccount(world.organization.managementAccount);
  const principals = [...Object.keys(world.users), ...Object.keys(world.roles), ...Object.keys(world.sessions)];
  for (const arn of [...principals, ...Object.keys(world.groups), ...Object.keys(world.managedPolicies)])
    addAccount(accountField(arn));
  const principalAccounts = new Set(
    principals.map(accountField).filter((a): a is string => a !== undefined && ACCOUNT.test(a)),
  );
  const resources = new Set<string>();
  const buckets = new Map<string, string | undefined>();
  const addResource = (arn: string, account: string | undefined) => {
    resources.add(arn);
    addAccount(account ?? accountField(arn));
    const b = bucketName(arn);
    if (b !== undefined && (account !== undefined || !buckets.has(b))) buckets.set(b, account ?? buckets.get(b));
  };
  for (const [arn, r] of Object.entries(world.resources)) addResource(arn, r.account);
  for (const [name, rp] of Object.entries(world.resourcePolicies)) {
    addResource(rp.resource ?? name, rp.account);
    if (rp.resource !== undefined) resources.add(name);
  }
  const result: WorldFacts = { accounts, resources, buckets, principals, principalAccounts };
  facts.set(world, result);
  return result;
}

const refuse = (reason: RefusalReason, message: string, catalog?: ServiceCatalog): RequestCheck => ({
  ok: false,
  reason,
  message,
  ...(catalog ? { catalogDate: catalog.date } : {}),
});

/**
 * Checks a request against the world (and the service catalog, when given) before it is decided.
 * Never throws. Requests named by credentials (`accessKeyId`) are left to the authorizer.
 */
export function checkRequest(
  authorizer: Authorizer,
  request: AuthorizationRequest,
  catalog?: ServiceCatalog,
): RequestCheck {
  const world = authorizer.world;
  if (!world || typeof request !== 'object' || request === null) return { ok: true };
  try {
    return check(world, authorizer, request, catalog);
  } catch {
    return { ok: true }; // the authorizer validates the request itself and fails closed
  }
}

function check(
  world: World,
  authorizer: Authorizer,
  request: AuthorizationRequest,
  catalog: ServiceCatalog | undefined,
): RequestCheck {
  const w = worldFacts(world);
  const { principal, action, resource } = request;
  const multiAccount = w.principalAccounts.size > 1;

  if (typeof principal === 'string' && principal.startsWith('arn:')) {
    const account = accountField(principal);
    if (account !== undefined && ACCOUNT.test(account) && !w.accounts.has(account)) {
      return refuse(
        'UnknownAccount',
        `the principal's account ${account} is not in the world (it knows ${[...w.accounts].join(', ') || 'no account'})${suggestion(account, w.accounts)}`,
        catalog,
      );
    }
    // The authorizer models users it does not know as external users; a test names real ones.
    const unknownUser =
      /^arn:[\w-]+:iam::\d{12}:user\//.test(principal) && !Object.prototype.hasOwnProperty.call(world.users, principal);
    if (unknownUser || unresolved(authorizer, principal)) {
      return refuse(
        'UnknownPrincipal',
        `the principal ${principal} is not in the world${suggestion(principal, w.principals)}`,
        catalog,
      );
    }
  }

  if (typeof request.resourceAccount === 'string' && !w.accounts.has(request.resourceAccount)) {
    return refuse(
      'UnknownAccount',
      `resourceAccount ${request.resourceAccount} is not an account of the world${suggestion(request.resourceAccount, w.accounts)}`,
      catalog,
    );
  }

  if (catalog && typeof action === 'string') {
    const found = catalog.lookup(action);
    const dated = ` (service catalog of ${catalog.date})`;
    if (found.kind === 'malformed')
      return refuse('UnknownAction', `"${action}" is not an action: write service:Action, e.g. s3:GetObject`, catalog);
    if (found.kind === 'unknown-service') {
      return refuse(
        'UnknownAction',
        `AWS has no service "${found.service}"${found.suggestion ? ` (did you mean "${found.suggestion}"?)` : ''}${dated}`,
        catalog,
      );
    }
    if (found.kind === 'unknown-action') {
      return refuse(
        'UnknownAction',
        `${found.service.name} has no action ${action}${found.suggestion ? ` (did you mean "${found.suggestion}"?)` : ''}${dated}`,
        catalog,
      );
    }
    if (typeof resource === 'string' && !catalog.resourceFits(found.action, resource)) {
      const types = found.action.resourceTypes.map((t) => `${t.name} (${t.arn})`).join(', ');
      return refuse(
        'ResourceTypeMismatch',
        `${found.action.fullName} does not act on ${resource}: its resource types are ${types}${dated}`,
        catalog,
      );
    }
  }

  if (typeof resource === 'string' && resource.startsWith('arn:')) {
    const account = accountField(resource);
    if (
      account !== undefined &&
      ACCOUNT.test(account) &&
      !w.accounts.has(account) &&
      request.resourcePolicy === undefined
    ) {
      return refuse(
        'UnknownAccount',
        `the resource's account ${account} is not in the world${suggestion(account, w.accounts)}`,
        catalog,
      );
    }
    const bucket = bucketName(resource);
    if (bucket !== undefined && !w.buckets.has(bucket) && request.resourcePolicy === undefined) {
      const near = suggestion(bucket, w.buckets.keys(), 2);
      if (near) return refuse('UnknownResource', `the world has no bucket ${bucket}${near}`, catalog);
    }
    if (
      bucket !== undefined &&
      multiAccount &&
      request.resourceAccount === undefined &&
      request.resourcePolicy === undefined &&
      w.buckets.has(bucket) &&
      w.buckets.get(bucket) === undefined
    ) {
      return refuse(
        'UnknownResourceAccount',
        `the world has principals in several accounts but does not say which owns bucket ${bucket}: S3 ARNs carry no account, so set its owner (resources["arn:aws:s3:::${bucket}"].account or the resource policy's account) or the request's resourceAccount`,
        catalog,
      );
    }
    if (bucket === undefined && !w.resources.has(resource) && w.resources.size > 0) {
      const near = suggestion(resource, w.resources, 2);
      if (near) return refuse('UnknownResource', `the world has no resource ${resource}${near}`, catalog);
    }
  }
  return catalog ? { ok: true, catalogDate: catalog.date } : { ok: true };
}

/** `true` when an authorizer built by `createAuthorizer` cannot resolve the principal. */
function unresolved(authorizer: Authorizer, principal: string): boolean {
  const compiled = authorizer as Partial<CompiledWorld>;
  return typeof compiled.resolvePrincipal === 'function' && typeof compiled.resolvePrincipal(principal) === 'string';
}
