/**
 * The analysis over one compiled world: who can, what can, reach and escalation paths. Every
 * answer is made of engine decisions (`authorize` with `explain`), summarized by the partial
 * evaluator; modified worlds (for self-modification techniques) are compiled by the engine too.
 */
import { compileWorld, type Authorizer, type AuthorizerOptions, type CompiledWorld } from '../model/authorizer.js';
import { compilePolicySet, type PolicySet } from '../evaluate/evaluate.js';
import { compilePolicy, type CompiledPolicy } from '../evaluate/compile.js';
import { policyList } from '../evaluate/layer.js';
import { parsePolicy } from '../policy/parse.js';
import type { ResolvedPrincipal } from '../model/principals.js';
import type { PolicyRef, World } from '../model/world.js';
import type { ConditionClause } from '../policy/ast.js';
import type { AuthorizationRequest } from '../model/authorizer.js';
import type { ContextInputValue } from '../condition/context.js';
import {
  decideConditional,
  proofAllowed,
  satisfiable,
  satisfyingAssignment,
  Summaries,
  type AnalysisContext,
  type ConditionalDecision,
  type KeyDomains,
  type PartialContext,
  type Proof,
} from './conditional.js';
import { serviceOfResource, worldFacts, type WorldFacts } from './facts.js';
import { unknownKeys } from './keys.js';
import { and, AtomOracle, FALSE, renderResidual, TRUE, type Residual } from './residual.js';
import { NEW_RESOURCE, TECHNIQUES, type Binding, type Grant, type Technique } from './techniques.js';
import { accessLevelOf, SENSITIVE_ACTIONS, type AccessLevel } from './actions.js';
import {
  accountOf,
  attachedManagedPolicies,
  identityRefs,
  runningResources,
  worldPrincipals,
  type PrincipalNode,
  type RunningResource,
} from './world-view.js';
import { refDoc } from './facts.js';
import type { CatalogAction, ServiceCatalog } from '../catalog/catalog.js';
import { DEPENDS_PRINCIPAL, StatementIndex } from './statements.js';
import { globalDocuments, Members, NEVER_GRANTS, QuestionScope, type Swapped } from './groups.js';
import { SERVICE_RULES } from '../evaluate/service-rules.js';

/** Options of an analysis. */
export interface AnalysisOptions {
  /** Options for compiling worlds (e.g. a managed-policy catalog). */
  readonly authorizer?: AuthorizerOptions;
  /** Request-time keys besides the defaults (exact names, or prefixes ending in `/`). */
  readonly unknownKeys?: readonly string[];
  /** Most witness combinations per request (default 4096). */
  readonly maxCombinations?: number;
  /** Actions that, allowed on `*`, make a principal an administrator (default {@link ADMIN_ACTIONS}). */
  readonly adminActions?: readonly string[];
  /** Longest path, in edges (default 6). */
  readonly maxDepth?: number;
  /** The technique table (default {@link TECHNIQUES}). */
  readonly techniques?: readonly Technique[];
  /** Resources known to run as a role, besides those the world's sessions show. */
  readonly runsAs?: readonly RunningResource[];
  /** The access level of an action (default: a heuristic on the verb until the action catalog supplies it). */
  readonly accessLevel?: (action: string) => AccessLevel;
  /**
   * Who-can decides one member of each group of principals the engine must answer alike (default
   * `true`; see `groups.ts`), and the hops share the admin checks of such groups and leave out
   * targets the engine can only refuse. `false` decides every principal and every target (for
   * checking the grouping and the pruning).
   */
  readonly groupPrincipals?: boolean;
  /**
   * The service authorization catalog (`bundledCatalog()` from `iam-verdict/catalog`): what-can then
   * asks every catalog action, with its documented access level and one cell per resource pattern
   * that fits the action's resource types.
   */
  readonly catalog?: ServiceCatalog;
  /** Most resource cells asked per action by a catalog what-can (default 64). */
  readonly maxCells?: number;
}

/** A representative set of actions on `*` that an administrator can do. */
export const ADMIN_ACTIONS: readonly string[] = [
  'iam:CreateUser',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PassRole',
  'sts:AssumeRole',
  's3:GetObject',
  's3:PutBucketPolicy',
  'ec2:RunInstances',
  'lambda:CreateFunction',
  'kms:Decrypt',
  'secretsmanager:GetSecretValue',
  'organizations:DescribeOrganization',
];

/** One hop of a path: `from` can become `to` (a principal, or `admin`) by technique `via`. */
export interface Edge {
  readonly from: string;
  readonly to: string;
  /** The technique's id (see `TECHNIQUES`). */
  readonly via: string;
  readonly name: string;
  /** The residual condition of the hop as text (`true` when unconditional). */
  readonly conditions: string;
  readonly condition: Residual;
  /** The resource the hop uses when it is not `to` (a function, a group, a policy…). */
  readonly resource?: string;
  readonly notes: readonly string[];
  /** The engine decisions that make the hop: one allowed request per step (and the service's trust). */
  readonly proofs: readonly Proof[];
  /** Modification techniques: the change, and the admin decisions on the world so modified. */
  readonly modified?: { readonly change: string; readonly principal: string; readonly proofs: readonly Proof[] };
}

/** A principal with its conditional decision. */
export interface WhoCanEntry {
  readonly principal: string;
  readonly kind: PrincipalNode['kind'];
  readonly decision: ConditionalDecision;
  /** Transitive answers: how the principal becomes one that can (the last hop's `to` can). */
  readonly path?: readonly Edge[];
  /** The condition of the whole answer (path and final decision). */
  readonly conditions: string;
}

/** The answer of {@link Analysis.whoCan}. */
export interface WhoCanResult {
  readonly action: string;
  readonly resource: string;
  readonly principals: readonly WhoCanEntry[];
}

/** One action a principal can do, with the resource cells and their conditions. */
export interface WhatCanAction {
  readonly action: string;
  /** The catalog's access level (`Read`, `Write`, `List`, `Tagging`, `Permissions management`); without a catalog, read from the verb. */
  readonly accessLevel: AccessLevel | string;
  readonly resources: readonly { readonly resource: string; readonly decision: ConditionalDecision }[];
  /** `true` when the policies name more resource cells for the action than `maxCells`: only the first were asked. */
  readonly truncated?: boolean;
}

/** The answer of {@link Analysis.whatCan}. */
export interface WhatCanResult {
  readonly principal: string;
  readonly services: readonly { readonly service: string; readonly actions: readonly WhatCanAction[] }[];
}

/** A principal reachable from the source, with the path that reaches it. */
export interface Reachable {
  readonly principal: string;
  readonly path: readonly Edge[];
  readonly conditions: string;
}

/** The answer of {@link Analysis.reach}. */
export interface ReachResult {
  readonly principal: string;
  readonly reachable: readonly Reachable[];
  /** Every edge found while exploring (the reach graph). */
  readonly edges: readonly Edge[];
}

/** The answer of {@link Analysis.escalationPaths}. */
export interface PathsResult {
  readonly to: string;
  /** One shortest satisfiable path per source principal. */
  readonly paths: readonly (readonly Edge[])[];
  /** Principals that are already administrators (for `to: 'admin'`). */
  readonly admins: readonly string[];
}

/** The answer of a group that no policy able to grant can allow (left out of who-can answers, never shown). */
const REFUSED: ConditionalDecision = Object.freeze({
  verdict: 'Deny',
  condition: FALSE,
  text: 'false',
  keys: [],
  combinations: 0,
  truncated: false,
  proofs: [],
});

/** The keys of a user without an MFA device (see `restrictions`; read only). */
const NO_MFA: KeyDomains = Object.freeze({
  'aws:multifactorauthpresent': Object.freeze([undefined, 'false']),
  'aws:multifactorauthage': Object.freeze([undefined]),
});

/** The id of the admin policy compiled once to learn that it compiles (see `overlay`). */
const GRANTED_PROBE = 'iam-verdict-granted-admin';
const ADMIN_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Builds an analysis over a world (or an authorizer created from one). */
export function createAnalysis(input: Authorizer | unknown, options: AnalysisOptions = {}): Analysis {
  const authorizer = isAuthorizer(input) ? input : compileWorld(input, options.authorizer ?? {});
  return new Analysis(authorizer, options);
}

function isAuthorizer(x: unknown): x is Authorizer {
  return typeof x === 'object' && x !== null && typeof (x as Authorizer).authorize === 'function' && 'ok' in x;
}

/** Questions over one world. Build with {@link createAnalysis}. */
export class Analysis {
  readonly world: World;
  readonly facts: WorldFacts;
  readonly principals: readonly PrincipalNode[];
  private readonly ctx: AnalysisContext;
  private readonly techniques: readonly Technique[];
  private readonly adminActions: readonly string[];
  private readonly running: readonly RunningResource[];
  private readonly decisions = new Map<string, ConditionalDecision>();
  private readonly requestMemo = new RequestMemo<ConditionalDecision>(100_000);
  private readonly edgeCache = new Map<string, Edge[]>();
  private readonly adminCache = new Map<string, ConditionalDecision>();
  private readonly trustCache = new Map<string, ConditionalDecision>();
  private readonly scopeSets = new Map<ConditionClause, PolicySet | null>();
  private readonly bearsCache = new Map<ConditionClause, Map<string, boolean>>();
  private readonly trustContents = new Map<string, string>();
  private readonly trustText = new Map<string, string>();
  private statementIndex: StatementIndex | undefined;
  private globalDocs: ReadonlySet<number> | undefined;
  private readonly scopes = new Map<string, QuestionScope>();
  private trustDocs: Map<string, Set<number>> | undefined;
  private readonly clauseMaps = new Map<string, Map<string, ConditionClause[]>>();
  private readonly clauseIds = new Map<ConditionClause, number>();
  private readonly clauseList: ConditionClause[] = [];
  private readonly docsOf = new Map<string, number[] | null>();
  private reversed: Map<string, string[]> | undefined;
  private members: Members | undefined;
  private trustIndex: { open: string[]; named: Map<string, string[]> } | undefined;
  private readonly fitCache = new Map<string, boolean>();
  private readonly globalNamingCache = new Map<string, readonly number[]>();
  private readonly questionMaps = new Map<string, Map<string, ReadonlyMap<string, readonly ConditionClause[]>>>();
  private questionCount = 0;
  private separateTrusts: boolean | undefined;
  private readonly matchedRoles = new Map<
    string,
    { readonly star: ReadonlySet<number>; readonly roles: ReadonlyMap<number, ReadonlySet<string>> }
  >();
  private readonly trustingRoles = new Map<string, readonly string[]>();
  private readonly serviceTrusting = new Map<string, boolean>();
  private readonly resourceSideNaming = new Map<string, boolean>();
  private readonly resourceSide = new Map<string, boolean>();
  private readonly grantParts = new Map<string, ConditionalDecision>();
  private readonly grantCache = new Map<string, ConditionalDecision | null>();
  private readonly grantedPolicies = new Map<string, CompiledPolicy>();
  private attachedResources: Set<string> | undefined;
  private accountOfEntity: Map<string, string> | undefined;
  private readonly partlessActions = new Map<string, { readonly star: readonly number[] } | null>();
  private readonly partlessSignatures = new Map<string, ReturnType<StatementIndex['targetSignature']>>();
  private readonly partlessClauses = new Map<string, ReadonlyMap<string, readonly ConditionClause[]>>();
  private readonly entityLists = new Map<
    string,
    { readonly users: readonly string[]; readonly roles: readonly string[] }
  >();
  private readonly clauseMapIds = new WeakMap<object, number>();
  private clauseMapCount = 0;

  constructor(
    readonly authorizer: Authorizer,
    private readonly options: AnalysisOptions = {},
  ) {
    if (!authorizer.ok || !authorizer.world) {
      throw new Error(`the world has errors: ${authorizer.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    }
    this.world = authorizer.world;
    const unknown = unknownKeys(options.unknownKeys);
    this.facts = worldFacts(this.world, unknown);
    this.principals = worldPrincipals(this.world, this.facts);
    this.ctx = {
      authorizer,
      unknown,
      clauses: this.facts.clauses,
      oracle: new AtomOracle(),
      summaries: new Summaries(),
      bears: (clause, request) => this.bears(clause, request),
      ...(options.maxCombinations ? { maxCombinations: options.maxCombinations } : {}),
    };
    this.techniques = options.techniques ?? TECHNIQUES;
    this.adminActions = options.adminActions ?? ADMIN_ACTIONS;
    this.running = runningResources(this.world, options.runsAs);
  }

  /**
   * Whether a clause can bear on a request: the engine decides the request's action and resource
   * against the action and resource elements of the statements that hold the clause.
   */
  private bears(clause: ConditionClause, request: AuthorizationRequest): boolean {
    let set = this.scopeSets.get(clause);
    if (set === undefined) {
      const statements = (this.facts.scopes.get(clause) ?? []).map((sc) => ({
        Effect: 'Allow',
        [sc.action.not ? 'NotAction' : 'Action']: [...sc.action.values],
        // Policy variables depend on the principal: such a statement may bear on any resource.
        ...(sc.resource && !sc.resource.values.some((v) => v.includes('${'))
          ? { [sc.resource.not ? 'NotResource' : 'Resource']: [...sc.resource.values] }
          : { Resource: '*' }),
      }));
      const compiled = compilePolicySet({ identity: [{ Version: '2012-10-17', Statement: statements }] });
      set = compiled.ok ? compiled : null;
      this.scopeSets.set(clause, set);
    }
    if (set === null) return true;
    // Per clause and question (the admin checks ask the same few questions of every principal).
    let answers = this.bearsCache.get(clause);
    if (!answers) this.bearsCache.set(clause, (answers = new Map()));
    const { action, resource } = request;
    const id = typeof action === 'string' && typeof resource === 'string' ? `${action}\u0000${resource}` : undefined;
    let bears = id === undefined ? undefined : answers.get(id);
    if (bears === undefined) {
      // The probe's own account owns the resource: only the action and resource elements are asked.
      bears =
        set.evaluate({
          principal: 'arn:aws:iam::000000000000:user/iam-verdict-probe',
          action: request.action,
          resource: request.resource,
          resourceAccount: '000000000000',
        }).decision === 'Allow';
      if (answers.size >= 4096) answers.clear();
      if (id !== undefined) answers.set(id, bears);
    }
    return bears;
  }

  /** The conditional decision of one request (request-time keys unknown unless `context` gives them). */
  decide(request: AuthorizationRequest): ConditionalDecision {
    return this.decideWith(this.ctx, request);
  }

  private decideWith(ctx: PartialContext, request: AuthorizationRequest): ConditionalDecision {
    const own = ctx === this.ctx;
    const memo = own ? this.requestMemo.get(request) : undefined;
    if (memo) return memo;
    // A request of another shape than the analysis builds is kept by its JSON text.
    const id = own && !RequestMemo.holds(request) ? JSON.stringify(request) : undefined;
    const hit = id === undefined ? undefined : this.decisions.get(id);
    if (hit) return hit;
    // A user or role asked about as a resource is answered like another that every statement of
    // the world treats alike (see `targetGroup`); the proofs are its own requests.
    const group = own ? this.targetGroup(request) : undefined;
    const shared = group === undefined ? undefined : this.decisions.get(group);
    if (shared && own) {
      const d = forMember(shared, { resource: request.resource }, this.authorizer);
      this.remember(request, id, d);
      return d;
    }
    // On the analysis's own world, the witnesses come from the clauses of the statements whose
    // action and resource match the request (the engine decides which, once per question).
    const d = own
      ? decideConditional(
          { ...this.ctx, clauses: this.questionClauses(request.action, request.resource), bears: undefined },
          request,
          this.restrictions(request.principal),
        )
      : decideConditional(ctx, request, this.restrictions(request.principal));
    if (own) {
      this.remember(request, id, d);
      if (group !== undefined) {
        if (this.decisions.size >= 100_000) this.decisions.clear();
        this.decisions.set(group, d);
      }
    }
    return d;
  }

  /** Keeps the decision of one of the analysis's own requests (`id`: its JSON text when the request memo cannot hold it). */
  private remember(request: AuthorizationRequest, id: string | undefined, d: ConditionalDecision): void {
    if (id === undefined) return this.requestMemo.set(request, d);
    if (this.decisions.size >= 100_000) this.decisions.clear();
    this.decisions.set(id, d);
  }

  /**
   * The key of the requests the engine must answer alike with `request`, when its resource is a
   * user or role of the world asked about by an `iam:` action; else `undefined`. The engine reads of
   * such a resource only: whether each statement's `Resource` element matches it (the set of
   * statements whose action and resource match, when every one was probed as written and none holds
   * a policy variable or reads a resource key other than its tags and account), its resource-based
   * policy (none: a resource that has one, or a record in `resources`, is never grouped), its
   * account (and so its organization keys), its kind, and its tags when a matching statement reads
   * them. Principal, action and context are part of the key. The property test in
   * `test/analysis/hops.test.ts` checks the graph against deciding every target.
   */
  private targetGroup(request: AuthorizationRequest): string | undefined {
    if (this.options.groupPrincipals === false) return undefined;
    const { principal, action, resource, context } = request;
    if (typeof action !== 'string' || typeof resource !== 'string' || typeof principal !== 'string') return undefined;
    const a = action.toLowerCase();
    // sts:AssumeRole: the role's trust policy applies too; roles with the same trust policy, text
    // for text, are alike on that side (a role asked about by itself is never grouped).
    const assume = a === 'sts:assumerole';
    if (!a.startsWith('iam:') && !(assume && principal !== resource)) return undefined;
    for (const k of Object.keys(request))
      if (k !== 'principal' && k !== 'action' && k !== 'resource' && k !== 'context') return undefined;
    const w = this.world;
    const kind = Object.prototype.hasOwnProperty.call(w.users, resource)
      ? 'user'
      : Object.prototype.hasOwnProperty.call(w.roles, resource)
        ? 'role'
        : undefined;
    if (!kind || this.index.unread.length > 0) return undefined;
    let trust = '';
    if (assume) {
      // Only a trust policy given with its role (none given apart, see `trustOf`).
      this.separateTrusts ??= Object.values(w.resourcePolicies).some((rp) => rp.kind === 'role-trust');
      if (kind !== 'role' || this.separateTrusts) return undefined;
      trust = this.trustContent(resource);
    }
    if (this.attached().has(resource)) return undefined;
    const signature = this.partless(action, resource)
      ? this.partlessSignature(action, resource)
      : this.index.targetSignature(action, resource);
    if (!signature) return undefined;
    let tags = '';
    if (signature.tags) {
      const record = kind === 'user' ? w.users[resource] : w.roles[resource];
      tags = JSON.stringify(Object.entries((record as { tags?: Record<string, string> }).tags ?? {}).sort());
    }
    const clauses = this.questionClauses(action, resource);
    let clauseId = this.clauseMapIds.get(clauses);
    if (clauseId === undefined) this.clauseMapIds.set(clauses, (clauseId = this.clauseMapCount++));
    return `\u0001${JSON.stringify([principal, a, context ?? null, kind, accountSegment(resource), tags, clauseId, trust])}\u0000${signature.key}`;
  }

  /** A role's trust policy as text (cached per role). */
  private trustContent(role: string): string {
    let text = this.trustContents.get(role);
    if (text === undefined) {
      const tp: unknown = this.world.roles[role]?.trustPolicy;
      text = typeof tp === 'string' ? tp : (JSON.stringify(tp ?? null) ?? '');
      if (this.trustContents.size >= 100_000) this.trustContents.clear();
      this.trustContents.set(role, text);
    }
    return text;
  }

  /** The world's statements as probes (built on first use). */
  private get index(): StatementIndex {
    return (this.statementIndex ??= new StatementIndex(this.facts, this.ctx.unknown));
  }

  /** The members' facts for grouping, reading principals' fixed keys from the engine's resolved principals. */
  private newMembers(): Members {
    const base = this.authorizer as Partial<CompiledWorld>;
    return new Members(this.world, this.facts, {
      unknown: this.ctx.unknown,
      value: (principal, keyLower) => {
        if (typeof base.resolvePrincipal !== 'function') return null;
        const p = base.resolvePrincipal(principal);
        return typeof p === 'string' ? null : p.keys.get(keyLower);
      },
      holds: (atom, value) => this.ctx.oracle.holds(atom, value),
    });
  }

  /** One question's view of the statements (cached). */
  private scope(action: string, resource: string): QuestionScope {
    const id = `${action.toLowerCase()}\u0000${resource}`;
    let s = this.scopes.get(id);
    if (!s) {
      this.globalDocs ??= globalDocuments(this.world, this.facts);
      this.members ??= this.newMembers();
      s = new QuestionScope(this.index, this.globalDocs, this.members, action, resource, this.trustOf(resource));
      if (this.scopes.size >= 1024) this.scopes.clear();
      this.scopes.set(id, s);
    }
    return s;
  }

  /**
   * The clauses of every statement that can apply to a question (action, resource), by key: a
   * {@link QuestionScope}'s `allClauses` without its per-document summaries (which only who-can
   * reads), cached per question — the graph asks the same questions of many sources.
   */
  private questionClauses(action: string, resource: string): ReadonlyMap<string, readonly ConditionClause[]> {
    // By the action as asked, then the resource: no text is built per question asked again.
    let byResource = this.questionMaps.get(action);
    let map = byResource?.get(resource);
    if (!map) {
      const id = `${action.toLowerCase()}\u0000${resource}`;
      const known = this.scopes.get(id);
      const ownTrust = known ? undefined : this.trustOf(resource);
      const shared = known ? undefined : this.partless(action, resource);
      const a = action.toLowerCase();
      if (known) map = this.clauseMap(known.allClauses);
      else if (shared && !ownTrust && this.partlessClauses.has(a)) map = this.partlessClauses.get(a);
      else {
        const clauses = new Set<ConditionClause>();
        const { star, part } = shared ? { star: shared.star, part: [] } : this.index.matchingParts(action, resource);
        for (const list of [star, part])
          for (const s of list) {
            const st = this.index.statements[s];
            if (!st || (ownTrust && st.type === 'trust' && !ownTrust.has(st.doc))) continue;
            for (const c of st.clauses) clauses.add(c);
          }
        map = this.clauseMap([...clauses]);
        // The same for every resource that is not a role (no trust policy of its own to keep apart).
        if (shared && !ownTrust) this.partlessClauses.set(a, map);
      }
      map ??= this.clauseMap([]);
      if (this.questionCount >= 100_000) {
        this.questionMaps.clear();
        this.questionCount = 0;
        byResource = undefined;
      }
      if (!byResource) this.questionMaps.set(action, (byResource = new Map()));
      byResource.set(resource, map);
      this.questionCount++;
    }
    return map;
  }

  /**
   * For an action that no statement with a non-`*` reduced `Resource` names (the action probe
   * answers, probed as written), when the scope probe answered exactly (no statement taken to match
   * unprobed: one of its answers was empty): the action's `*` statements, which are all that match
   * it on any resource (spec §2.2: `Action` and `Resource` are tested apart). `undefined`
   * otherwise: the scope probe is asked per resource. Decided on the first resource asked, per action.
   */
  private partless(action: string, resource: string): { readonly star: readonly number[] } | undefined {
    const a = action.toLowerCase();
    let p = this.partlessActions.get(a);
    if (p === undefined) {
      const { star, part } = this.index.matchingParts(action, resource);
      p = part.length === 0 && this.index.naming(action).length === star.length ? { star } : null;
      this.partlessActions.set(a, p);
    }
    return p ?? undefined;
  }

  /** `targetSignature` of an action {@link partless}: the same on every resource (its matching statements are the same), asked once. */
  private partlessSignature(action: string, resource: string): ReturnType<StatementIndex['targetSignature']> {
    const a = action.toLowerCase();
    if (!this.partlessSignatures.has(a)) this.partlessSignatures.set(a, this.index.targetSignature(action, resource));
    return this.partlessSignatures.get(a);
  }

  /** The documents of the trust policy of `resource` when it is a role of the world (else `undefined`). */
  private trustOf(resource: string): ReadonlySet<number> | undefined {
    if (!this.trustDocs) {
      const map = new Map<string, Set<number>>();
      const add = (role: string, doc: unknown) => {
        const i = this.facts.documentIndex.get(doc);
        if (i === undefined) return;
        let set = map.get(role);
        if (!set) map.set(role, (set = new Set()));
        set.add(i);
      };
      for (const [arn, r] of Object.entries(this.world.roles)) {
        if (!map.has(arn)) map.set(arn, new Set());
        add(arn, r.trustPolicy);
      }
      // A trust policy given as a resource policy of a role the world does not list (or of no
      // resource) is kept in every role's view: leaving it out must never be a guess.
      const unattributed: unknown[] = [];
      for (const [key, rp] of Object.entries(this.world.resourcePolicies))
        if (rp.kind === 'role-trust') {
          const role = rp.resource ?? key;
          if (map.has(role)) add(role, rp.policy);
          else unattributed.push(rp.policy);
        }
      for (const doc of unattributed) for (const role of map.keys()) add(role, doc);
      this.trustDocs = map;
    }
    return this.trustDocs.get(resource);
  }

  /**
   * Decides `request` with witnesses from `clauses` only: exact when they include every clause
   * over a request-time key of every statement that can apply to the request.
   */
  private decideScoped(clauses: readonly ConditionClause[], request: AuthorizationRequest): ConditionalDecision {
    return decideConditional(this.scopedContext(clauses), request, this.restrictions(request.principal));
  }

  /** The partial context whose witnesses come from `clauses` only (see {@link decideScoped}). */
  private scopedContext(clauses: readonly ConditionClause[]): AnalysisContext {
    return { ...this.ctx, clauses: this.clauseMap(clauses), bears: undefined };
  }

  /** The clauses by lower-cased key, in the world's order (interned: the witness classes are cached per map). */
  private clauseMap(clauses: readonly ConditionClause[]): ReadonlyMap<string, readonly ConditionClause[]> {
    if (this.clauseIds.size === 0)
      for (const list of this.facts.clauses.values())
        for (const c of list) this.clauseIds.set(c, this.clauseList.push(c) - 1);
    const ids = clauses.map((c) => this.clauseIds.get(c) ?? -1).sort((a, b) => a - b);
    const id = ids.join(',');
    let map = this.clauseMaps.get(id);
    if (!map) {
      map = new Map();
      for (const i of ids) {
        const c = this.clauseList[i];
        if (!c) continue;
        const k = c.key.toLowerCase();
        let list = map.get(k);
        if (!list) map.set(k, (list = []));
        list.push(c);
      }
      if (this.clauseMaps.size >= 4096) this.clauseMaps.clear();
      this.clauseMaps.set(id, map);
    }
    return map;
  }

  /** Keys the world fixes for a principal: a user without an MFA device never has MFA. */
  private restrictions(principal: string | undefined): KeyDomains | undefined {
    const u =
      principal !== undefined && Object.prototype.hasOwnProperty.call(this.world.users, principal)
        ? this.world.users[principal]
        : undefined;
    return u && u.mfaDevices.length === 0 ? NO_MFA : undefined;
  }

  /**
   * Values of the request-time keys under which `condition` holds (absent keys map to `undefined`),
   * or `undefined` when it cannot hold; `null` when the witness product exceeded the cap.
   */
  satisfying(
    condition: Residual,
    principal?: string,
  ): Record<string, ContextInputValue | undefined> | undefined | null {
    return satisfyingAssignment(this.ctx, condition, this.restrictions(principal));
  }

  // ---------------------------------------------------------------- who can

  /**
   * Every principal that can do `action` on `resource`, with its conditional decision. Principals
   * the engine must answer alike (see `groups.ts`) are decided once per group; each member's proofs
   * are its own requests, decided when first read.
   */
  whoCan(q: {
    action: string;
    resource: string;
    resourceAccount?: string;
    transitive?: boolean;
    context?: AuthorizationRequest['context'];
  }): WhoCanResult {
    const entries: WhoCanEntry[] = [];
    const direct = new Map<string, WhoCanEntry>();
    const grouping = this.options.groupPrincipals !== false;
    const scope = grouping ? this.scope(q.action, q.resource) : undefined;
    const groups = new Map<string, ConditionalDecision>();
    const request = (principal: string): AuthorizationRequest => ({
      principal,
      action: q.action,
      resource: q.resource,
      ...(q.resourceAccount ? { resourceAccount: q.resourceAccount } : {}),
      ...(q.context ? { context: q.context } : {}),
    });
    // Users and roles outside the candidates are refused without a decision (see `candidates`).
    const candidates = scope?.candidates();
    for (const p of this.principals) {
      if (candidates && (p.kind === 'user' || p.kind === 'role') && !candidates.has(p.principal)) continue;
      let decision: ConditionalDecision;
      if (!scope) decision = this.decide(request(p.principal));
      else {
        const g = p.kind === 'user' || p.kind === 'role' ? scope.group(p.principal, p.kind) : undefined;
        const known = g && groups.get(g.key);
        // A refused group is left out of the answer: its members need no proofs.
        if (known) {
          if (known.verdict === 'Deny') continue;
          decision = forMember(known, { principal: p.principal }, this.authorizer);
        } else if (g?.refused) {
          // No policy that can grant has a matching Allow statement: the engine can only refuse.
          groups.set(g.key, REFUSED);
          continue;
        } else {
          decision = this.decideScoped(g ? g.clauses() : scope.allClauses, request(p.principal));
          if (g) groups.set(g.key, decision);
        }
      }
      if (decision.verdict === 'Deny') continue;
      const e: WhoCanEntry = { principal: p.principal, kind: p.kind, decision, conditions: decision.text };
      entries.push(e);
      direct.set(p.principal, e);
    }
    if (q.transitive) {
      // Only principals with a way into the answer (ignoring conditions) are searched.
      const into = this.canReach(new Set(direct.keys()));
      for (const p of this.principals) {
        if (direct.has(p.principal) || (p.kind !== 'user' && p.kind !== 'role') || !into.has(p.principal)) continue;
        const found = this.search(
          p.principal,
          (node) => direct.has(node),
          (node) => direct.get(node)?.decision.condition ?? TRUE,
        );
        if (!found) continue;
        const last = direct.get(found.end) as WhoCanEntry;
        entries.push({
          principal: p.principal,
          kind: p.kind,
          decision: last.decision,
          path: found.path,
          conditions: renderResidual(found.condition),
        });
      }
    }
    return { action: q.action, resource: q.resource, principals: entries };
  }

  /** Users and roles with a path of hops (conditions aside) into `goals`: the graph, reversed. */
  private canReach(goals: ReadonlySet<string>): Set<string> {
    let into = this.reversed;
    if (!into) {
      into = new Map<string, string[]>();
      for (const e of this.graph()) {
        let list = into.get(e.to);
        if (!list) into.set(e.to, (list = []));
        list.push(e.from);
      }
      this.reversed = into;
    }
    const out = new Set<string>();
    const queue = [...goals];
    while (queue.length > 0) {
      for (const from of into.get(queue.pop() as string) ?? []) {
        if (out.has(from)) continue;
        out.add(from);
        queue.push(from);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- what can

  /**
   * What `principal` can do, grouped by service, with its resource cells: with a catalog (and no
   * `actions`), every catalog action; otherwise each action of the list (default {@link defaultActions}).
   */
  whatCan(q: {
    principal: string;
    actions?: readonly string[];
    service?: string;
    accessLevel?: string;
  }): WhatCanResult {
    if (this.options.catalog && !q.actions) return this.whatCanCatalog(q, this.options.catalog);
    const classify = this.options.accessLevel ?? accessLevelOf;
    const actions = (q.actions ?? this.defaultActions())
      .filter((a) => q.service === undefined || a.slice(0, a.indexOf(':')).toLowerCase() === q.service.toLowerCase())
      .filter((a) => q.accessLevel === undefined || classify(a).toLowerCase() === q.accessLevel.toLowerCase());
    const byService = new Map<string, WhatCanAction[]>();
    for (const action of actions) {
      const service = action.slice(0, action.indexOf(':')).toLowerCase();
      const resources: { resource: string; decision: ConditionalDecision }[] = [];
      for (const resource of this.cells(service)) {
        const decision = this.decide({ principal: q.principal, action, resource });
        if (decision.verdict !== 'Deny') resources.push({ resource, decision });
      }
      if (resources.length === 0) continue;
      let list = byService.get(service);
      if (!list) byService.set(service, (list = []));
      list.push({ action, accessLevel: classify(action), resources });
    }
    return {
      principal: q.principal,
      services: [...byService.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([service, list]) => ({ service, actions: list })),
    };
  }

  /**
   * What-can over the catalog. Only an action that an Allow statement of the principal's identity
   * policies or of a resource-based policy names can be allowed (the engine decides the naming, on
   * the statements reduced to their action elements), so only those are asked; each on `*` when it
   * takes no resource, else on each resource pattern of the statements naming it that fits one of
   * its resource types (the catalog decides the fit). Sorted by service, access level and name.
   */
  private whatCanCatalog(
    q: { principal: string; service?: string; accessLevel?: string },
    catalog: ServiceCatalog,
  ): WhatCanResult {
    const index = this.index;
    this.globalDocs ??= globalDocuments(this.world, this.facts);
    const global = this.globalDocs;
    const mine = this.identityDocs(q.principal);
    const record = this.world.users[q.principal] ?? this.world.roles[q.principal];
    const boundary =
      record?.permissionsBoundary === undefined
        ? undefined
        : this.facts.documentIndex.get(refDoc(record.permissionsBoundary, this.world));
    // Policies that can grant: the identity policies (all, for a principal the analysis cannot read) and resource-based ones.
    const grants = (doc: number) =>
      (mine === null ? true : mine.includes(doc)) || (global.has(doc) && this.grantsByResource(doc));
    // Policies whose conditions can bear: those, the boundary and every guardrail.
    const bears = (doc: number) => mine === null || mine.includes(doc) || doc === boundary || global.has(doc);
    // The statements of the principal's own policies and boundary, in id order.
    const own: number[] = [];
    for (const doc of new Set([...(mine ?? []), ...(boundary === undefined ? [] : [boundary])]))
      if (!global.has(doc)) own.push(...(index.byDocument[doc] ?? []));
    own.sort((a, b) => a - b);
    const services = new Set<string>();
    let every = false;
    for (const doc of mine ?? this.facts.documents.map((_, i) => i)) every = this.namedServices(doc, services) || every;
    for (const doc of global) if (this.grantsByResource(doc)) every = this.namedServices(doc, services) || every;
    const wanted = q.service?.toLowerCase();
    const prefixes = (every ? catalog.services : [...services]).filter(
      (svc) => wanted === undefined || svc.toLowerCase() === wanted,
    );
    const maxCells = this.options.maxCells ?? 64;
    const restrict = this.restrictions(q.principal);
    const out: { service: string; actions: WhatCanAction[] }[] = [];
    for (const prefix of prefixes) {
      const svc = catalog.service(prefix);
      if (!svc) continue;
      const actions: WhatCanAction[] = [];
      for (const action of svc.actions) {
        if (q.accessLevel !== undefined && action.accessLevel.toLowerCase() !== q.accessLevel.toLowerCase()) continue;
        // Only statements of the principal's own policies, its boundary and the global policies can
        // grant, refuse or bear: the others naming the action are left out up front.
        const naming = mine === null ? index.naming(action.fullName) : this.relevantNaming(action.fullName, own);
        if (
          !naming.some((id) => index.statements[id]?.effect === 'Allow' && grants(index.statements[id]?.doc as number))
        )
          continue;
        // Cells: the resources of the statements that grant it, then of the principal's own denials.
        const ownDoc = (doc: number) => (mine === null ? true : mine.includes(doc)) || doc === boundary;
        const { cells, truncated } = this.catalogCells(action, naming, grants, ownDoc, catalog, maxCells);
        const clauses = new Set<ConditionClause>();
        for (const id of naming) {
          const st = index.statements[id];
          if (st && bears(st.doc)) for (const c of st.clauses) clauses.add(c);
        }
        const resources: { resource: string; decision: ConditionalDecision }[] = [];
        // One witness context for every cell of the action (the same clauses bear on each).
        const ctx = this.scopedContext([...clauses]);
        for (const resource of cells) {
          const decision = decideConditional(
            ctx,
            { principal: q.principal, action: action.fullName, resource },
            restrict,
          );
          if (decision.verdict !== 'Deny') resources.push({ resource, decision });
        }
        if (resources.length > 0)
          actions.push({
            action: action.fullName,
            accessLevel: action.accessLevel,
            resources,
            ...(truncated ? { truncated } : {}),
          });
      }
      if (actions.length === 0) continue;
      actions.sort((a, b) =>
        a.accessLevel === b.accessLevel
          ? a.action.localeCompare(b.action)
          : String(a.accessLevel).localeCompare(String(b.accessLevel)),
      );
      out.push({ service: svc.prefix, actions });
    }
    out.sort((a, b) => a.service.localeCompare(b.service));
    return { principal: q.principal, services: out };
  }

  /**
   * The statements naming `action` (in id order) among `own` (sorted ids of the principal's own
   * statements) and the statements of the global policies: the world's naming list with every other
   * principal's identity statements left out. The global part is shared by all principals.
   */
  private relevantNaming(action: string, own: readonly number[]): readonly number[] {
    const naming = this.index.naming(action);
    const id = action.toLowerCase();
    let shared = this.globalNamingCache.get(id);
    if (!shared) {
      const global = (this.globalDocs ??= globalDocuments(this.world, this.facts));
      shared = naming.filter((s) => global.has(this.index.statements[s]?.doc as number));
      if (this.globalNamingCache.size >= 32_768) this.globalNamingCache.clear();
      this.globalNamingCache.set(id, shared);
    }
    const mine = own.filter((s) => sortedHas(naming, s));
    if (mine.length === 0) return shared;
    return [...shared, ...mine].sort((a, b) => a - b);
  }

  /** Resource cells of a catalog action: the patterns of the granting statements naming it that fit its resource types. */
  private catalogCells(
    action: CatalogAction,
    naming: readonly number[],
    grants: (doc: number) => boolean,
    own: (doc: number) => boolean,
    catalog: ServiceCatalog,
    max: number,
  ): { cells: string[]; truncated: boolean } {
    if (action.resourceTypes.length === 0) return { cells: ['*'], truncated: false };
    const cells = new Set<string>();
    const truncated = false;
    const fits = (r: string) => {
      const id = `${action.fullName}\u0000${r}`;
      let f = this.fitCache.get(id);
      if (f === undefined) {
        f = catalog.patternFits(action, r);
        if (this.fitCache.size >= 200_000) this.fitCache.clear();
        this.fitCache.set(id, f);
      }
      return f;
    };
    for (const effect of ['Allow', 'Deny']) {
      for (const id of naming) {
        const st = this.index.statements[id];
        if (!st || st.effect !== effect || !(effect === 'Allow' ? grants(st.doc) : own(st.doc))) continue;
        for (const r of st.resources ?? ['*']) {
          if (cells.has(r) || r.includes('${') || (r !== '*' && !fits(r))) continue;
          // One cell more than the cap: the answer is truncated, and nothing more needs reading.
          if (cells.size >= max) return { cells: [...cells], truncated: true };
          cells.add(r);
        }
      }
    }
    return { cells: [...cells], truncated };
  }

  /** Adds the services a document's Allow statements name; `true` when one names any service. */
  private namedServices(doc: number, out: Set<string>): boolean {
    let every = false;
    for (const id of this.index.byDocument[doc] ?? []) {
      const st = this.index.statements[id];
      if (!st || st.effect !== 'Allow') continue;
      if (!st.services) every = true;
      else for (const s of st.services) out.add(s);
    }
    return every;
  }

  /** Whether a global document is a resource-based policy (which can grant), not a guardrail. */
  private grantsByResource(doc: number): boolean {
    const t = this.facts.documents[doc]?.type;
    return t === 'resource' || t === 'trust';
  }

  /**
   * The sensitive list, the technique actions and every action the world's policies name. A pattern
   * with wildcards (`ec2:Describe*`) is asked as it is: it stands for the cell of actions it names
   * until the action catalog can expand it.
   */
  defaultActions(): string[] {
    const out = new Map<string, string>();
    const add = (a: string) => {
      const colon = a.indexOf(':');
      if (colon > 0 && !/[*?]/.test(a.slice(0, colon)) && !out.has(a.toLowerCase())) out.set(a.toLowerCase(), a);
    };
    for (const a of SENSITIVE_ACTIONS) add(a);
    for (const t of this.techniques) for (const s of t.steps) add(s.action);
    for (const a of this.facts.actions) add(a);
    return [...out.values()].sort();
  }

  /** The resource cells of a service: `*`, each resource pattern the policies name, each known resource. */
  private cells(service: string): string[] {
    const out = new Set<string>(['*']);
    for (const r of this.facts.resources.get(service) ?? []) out.add(r);
    for (const r of Object.keys(this.world.resources)) if (serviceOfResource(r) === service) out.add(r);
    for (const rp of Object.values(this.world.resourcePolicies))
      if (rp.resource && serviceOfResource(rp.resource) === service) out.add(rp.resource);
    if (service === 'iam' || service === 'sts')
      for (const r of [...Object.keys(this.world.users), ...Object.keys(this.world.roles)]) out.add(r);
    return [...out];
  }

  // ---------------------------------------------------------------- admin

  /** Whether `principal` is an administrator: every admin action allowed on `*`, after every guardrail. */
  isAdmin(principal: string, authorizer: Authorizer = this.authorizer): ConditionalDecision {
    const own = authorizer === this.authorizer;
    const hit = own ? this.adminCache.get(principal) : undefined;
    if (hit) return hit;
    const decide = (action: string) =>
      own
        ? this.decideWith(this.ctx, { principal, action, resource: '*' })
        : decideConditional(
            { ...this.ctx, authorizer },
            { principal, action, resource: '*' },
            this.restrictions(principal),
          );
    // On `*` no resource policy applies: an action no identity policy of the principal names is
    // refused, so the first such action answers (its proof is decided when first read).
    const unnamed =
      own && (this.world.users[principal] || this.world.roles[principal])
        ? this.adminActions.find((action) => !this.mayAllow(principal, action))
        : undefined;
    if (unnamed !== undefined) {
      const result = refused(this.authorizer, { principal, action: unnamed, resource: '*' });
      this.adminCache.set(principal, result);
      return result;
    }
    const parts = this.adminActions.map(decide);
    const result = combine(parts);
    if (own) this.adminCache.set(principal, result);
    return result;
  }

  // ---------------------------------------------------------------- edges

  /** Every hop out of `principal` (a user or role ARN): principals it can become, and `admin`. */
  edgesFrom(principal: string): Edge[] {
    const hit = this.edgeCache.get(principal);
    if (hit) return hit;
    const kind = Object.prototype.hasOwnProperty.call(this.world.users, principal)
      ? 'user'
      : Object.prototype.hasOwnProperty.call(this.world.roles, principal)
        ? 'role'
        : undefined;
    const edges: Edge[] = [];
    if (kind)
      for (const t of this.techniques)
        if (!t.sources || t.sources.includes(kind)) edges.push(...this.techniqueEdges(t, principal, kind));
    this.edgeCache.set(principal, edges);
    return edges;
  }

  private techniqueEdges(t: Technique, from: string, kind: 'user' | 'role'): Edge[] {
    const account = accountOf(from) as string;
    // Pruning: a step whose action no Allow statement of the source's own policies names cannot be
    // allowed (sts:AssumeRole can be granted by the trust policy alone, so it is never pruned).
    for (const s of t.steps)
      if (s.action.toLowerCase() !== 'sts:assumerole' && !this.mayAllow(from, s.action)) return [];
    // Steps whose resource does not depend on the target are decided once.
    const fixed: ConditionalDecision[] = [];
    for (const s of t.steps) {
      if (s.resource !== 'new') continue;
      if (!this.mayAllow(from, s.action)) return [];
      const d = this.best(from, s.action, this.newResources(s.action, account), s.context);
      if (!d) return [];
      fixed.push(d);
    }
    const out: Edge[] = [];
    // Each target's step decisions, copied into the edge's parts only when the hop holds.
    const decided: ConditionalDecision[] = [];
    const restrict = this.restrictions(from);
    for (const target of this.targets(t, from, kind)) {
      // The service's trust is per role (cached across sources) and few roles trust a given
      // service: asked first, it spares the source's own decisions; it still joins the parts last.
      const trust = t.service ? this.serviceTrust(t.service, target.role as string) : undefined;
      if (trust?.verdict === 'Deny') continue;
      decided.length = 0;
      let ok = true;
      // Every step's action but sts:AssumeRole passed `mayAllow` above (the same question).
      for (const s of t.steps) {
        if (s.resource === 'new') continue;
        const resource = this.bindOne(s.resource, from, target);
        const d = this.crossAccountRefused(from, s.action, resource)
          ? undefined
          : this.allowedOn(from, s.action, resource, s.context);
        if (!d) {
          ok = false;
          break;
        }
        decided.push(d);
      }
      if (!ok) continue;
      const parts: ConditionalDecision[] = fixed.length === 0 ? [...decided] : [...fixed, ...decided];
      if (trust) parts.push(trust);
      let modified: Edge['modified'];
      let condition = conjunction(parts);
      if (t.effect !== 'become-target') {
        const entity = t.effect === 'admin-self' ? from : (target.principal as string);
        const admin = this.grantAdmin(entity, t.grant as Grant, target.extra);
        if (!admin || admin.verdict === 'Deny') continue;
        condition = conjunction([condition, admin.condition]);
        let proofs: Proof[] | undefined;
        modified = {
          change: `${t.grant}${target.extra ? ` ${target.extra}` : ''}`,
          principal: entity,
          // Read when shown (the admin decisions of a group member are decided when first read).
          get proofs() {
            return (proofs ??= admin.proofs.filter(proofAllowed));
          },
        };
      }
      if (condition.op === 'false' || !satisfiable(this.ctx, condition, restrict)) continue;
      const to = t.effect === 'become-target' ? (target.principal as string) : 'admin';
      if (to === from) continue;
      const notes: string[] = t.note ? [t.note] : [];
      if (t.category === 'assume-role' && kind === 'role')
        notes.push('role chaining: the session lasts at most 1 hour; transitive session tags pass on');
      if (t.effect === 'admin-target') notes.push(`as ${target.principal}`);
      const resource = target.extra ?? target.running;
      const edge = {
        from,
        to,
        via: t.id,
        name: t.name,
        conditions: condition.op === 'true' ? 'true' : renderResidual(condition),
        condition,
        ...(resource ? { resource } : {}),
        notes,
        proofs: [] as Proof[],
        ...(modified ? { modified } : {}),
      };
      // Read when shown (a target group member's proofs are its own requests, decided when first read).
      let proofs: Proof[] | undefined;
      Object.defineProperty(edge, 'proofs', {
        enumerable: true,
        get: () => (proofs ??= parts.flatMap((p) => p.proofs.filter(proofAllowed))),
      });
      out.push(edge);
    }
    return out;
  }

  /** The targets of a technique for a source. */
  private *targets(
    t: Technique,
    from: string,
    kind: 'user' | 'role',
  ): Generator<{ principal?: string; role?: string; running?: string; extra?: string }> {
    // Another account's users and roles are refused on a step bound to the target when no
    // resource-side policy names its action (see `crossAccountRefused`): left out up front.
    const only = this.onlyOwnAccount(t, from);
    if (t.target === 'user') {
      for (const u of this.entities(only).users) if (u !== from) yield { principal: u };
      return;
    }
    if (t.target === 'role') {
      if (t.running) {
        for (const r of this.running)
          if (r.kind === t.running && r.role !== from) yield { principal: r.role, role: r.role, running: r.resource };
        return;
      }
      const assume = t.steps.some((s) => s.action.toLowerCase() === 'sts:assumerole');
      // Without an identity grant, only a trust policy that names the source itself can allow it;
      // with one, also the roles an Allow statement of the source's identity policies matches.
      const alone = assume ? this.trustingAlone(from) : undefined;
      const granted = assume && this.mayAllow(from, 'sts:AssumeRole');
      // A pass-role technique: only the roles whose trust policy may allow the service.
      const all = !(alone && !granted) && !t.service;
      const roles =
        alone && !granted ? alone : t.service ? this.serviceTrustingRoles(t.service) : this.entities(only).roles;
      const aloneSet = alone && granted && alone.length > 0 ? new Set(alone) : undefined;
      const matched = granted ? this.identityMatchedRoles(from, 'sts:AssumeRole') : undefined;
      const perPolicy = t.steps.some((s) => s.resource === 'target-policy');
      const accounts = only === undefined || all ? undefined : this.entityAccounts();
      for (const r of roles) {
        if (r === from) continue;
        if (accounts && !sameOrAny(accounts.get(r), only as string)) continue;
        if (matched && !aloneSet?.has(r) && !matched.has(r)) continue;
        if (assume && !this.trustMayName(r, from)) continue;
        if (perPolicy) {
          for (const p of attachedManagedPolicies(this.world, r)) yield { principal: r, role: r, extra: p };
        } else yield { principal: r, role: r };
      }
      return;
    }
    // target 'none': the source itself, once per bound resource of a group/policy binding.
    const binding = t.steps[0]?.resource;
    if (binding === 'self-policy')
      for (const p of attachedManagedPolicies(this.world, from)) yield { principal: from, extra: p };
    else if (binding === 'self-group' && kind === 'user')
      for (const g of this.world.users[from]?.groups ?? []) yield { principal: from, extra: g };
    else if (binding === 'group' && kind === 'user') {
      const mine = new Set(this.world.users[from]?.groups ?? []);
      for (const g of Object.keys(this.world.groups)) if (!mine.has(g)) yield { principal: from, extra: g };
    } else if (binding === 'self' && t.grant === 'remove-boundary') {
      const rec = kind === 'user' ? this.world.users[from] : this.world.roles[from];
      if (rec?.permissionsBoundary) yield { principal: from };
    } else yield { principal: from };
  }

  /**
   * The source's account when every target of another account is refused on a step bound to the
   * target (its action named by no resource-side policy, see {@link resourceSideNames}); else
   * `undefined` (every target is asked).
   */
  private onlyOwnAccount(t: Technique, from: string): string | undefined {
    if (this.options.groupPrincipals === false) return undefined;
    const account = accountSegment(from);
    if (account === '') return undefined;
    return t.steps.some((s) => s.resource === 'target' && !this.resourceSideNames(s.action)) ? account : undefined;
  }

  /**
   * Per user and role of the world, the account a cross-account refusal reads (its ARN's 12-digit
   * account segment), or `''` when none can be read of it (no such segment, or a `resources`
   * record): see {@link crossAccountRefused}. Built once.
   */
  private entityAccounts(): ReadonlyMap<string, string> {
    if (!this.accountOfEntity) {
      const w = this.world;
      const map = new Map<string, string>();
      for (const list of [Object.keys(w.users), Object.keys(w.roles)])
        for (const e of list) map.set(e, Object.prototype.hasOwnProperty.call(w.resources, e) ? '' : accountSegment(e));
      this.accountOfEntity = map;
    }
    return this.accountOfEntity;
  }

  /**
   * The users and roles of the world in order: all of them (`account` undefined), or those of
   * `account` with those whose account cannot be read (see {@link entityAccounts}). Cached.
   */
  private entities(account: string | undefined): {
    readonly users: readonly string[];
    readonly roles: readonly string[];
  } {
    const id = account ?? '*';
    let e = this.entityLists.get(id);
    if (!e) {
      const w = this.world;
      if (account === undefined) e = { users: Object.keys(w.users), roles: Object.keys(w.roles) };
      else {
        const accounts = this.entityAccounts();
        const mine = (x: string) => sameOrAny(accounts.get(x), account);
        e = { users: Object.keys(w.users).filter(mine), roles: Object.keys(w.roles).filter(mine) };
      }
      if (this.entityLists.size >= 1024) this.entityLists.clear();
      this.entityLists.set(id, e);
    }
    return e;
  }

  /** The resource a step bound to the target is asked on (every binding but `new` names one). */
  private bindOne(
    b: Exclude<Binding, 'new'>,
    from: string,
    target: { principal?: string; running?: string; extra?: string },
  ): string {
    switch (b) {
      case 'target':
        return target.principal as string;
      case 'self':
        return from;
      case 'running':
        return target.running as string;
      case 'self-group':
      case 'self-policy':
      case 'target-policy':
      case 'group':
        return target.extra as string;
    }
  }

  /** {@link best} on one resource: its decision unless it denies. */
  private allowedOn(
    principal: string,
    action: string,
    resource: string,
    context?: Readonly<Record<string, string>>,
  ): ConditionalDecision | undefined {
    const d = this.decide({ principal, action, resource, ...(context ? { context } : {}) });
    return d.verdict === 'Deny' ? undefined : d;
  }

  private newResources(action: string, account: string): string[] {
    const service = action.slice(0, action.indexOf(':')).toLowerCase();
    const out = new Set<string>();
    const placeholder = NEW_RESOURCE[service];
    if (placeholder) out.add(placeholder.replace('{account}', account));
    out.add('*');
    for (const r of this.facts.resources.get(service) ?? []) if (out.size < 24) out.add(r);
    return [...out];
  }

  /** The least conditional decision of `action` over candidate resources; `undefined` when all deny. */
  private best(
    principal: string,
    action: string,
    resources: readonly string[],
    context?: Readonly<Record<string, string>>,
  ): ConditionalDecision | undefined {
    let found: ConditionalDecision | undefined;
    for (const resource of resources) {
      const d = this.decide({ principal, action, resource, ...(context ? { context } : {}) });
      if (d.verdict === 'Allow') return d;
      if (d.verdict === 'Conditional' && !found) found = d;
    }
    return found;
  }

  /**
   * Candidate pruning only (never a decision): `true` when `resource` is a user or role of another
   * account than `principal`'s and no policy that can grant on the resource's side (a resource-based
   * or trust policy, or one the analysis cannot read) has an Allow statement matching the action
   * and resource: a cross-account request needs the resource's side to allow (spec §4.10), so the
   * engine can only refuse it. Per action first (no such statement names it: every other account's
   * users and roles are refused without looking at them), then per question.
   */
  private crossAccountRefused(principal: string, action: string, resource: string): boolean {
    const w = this.world;
    if (this.options.groupPrincipals === false || Object.prototype.hasOwnProperty.call(w.resources, resource))
      return false;
    if (
      !Object.prototype.hasOwnProperty.call(w.users, resource) &&
      !Object.prototype.hasOwnProperty.call(w.roles, resource)
    ) {
      // A group or customer managed policy of the world: no resource-based policy of its own (one
      // attached to it in `resourcePolicies` keeps it out), its account is its ARN's (spec §4.10).
      if (
        (!Object.prototype.hasOwnProperty.call(w.groups, resource) &&
          !Object.prototype.hasOwnProperty.call(w.managedPolicies, resource)) ||
        this.attached().has(resource)
      )
        return false;
    }
    const mine = accountSegment(principal);
    const theirs = accountSegment(resource);
    if (mine === '' || theirs === '' || mine === theirs) return false;
    return !this.resourceSideMayAllow(action, resource);
  }

  /** The resources of the world with a `resources` record or an attached resource policy (built once). */
  private attached(): ReadonlySet<string> {
    if (!this.attachedResources) {
      const w = this.world;
      const at = new Set<string>(Object.keys(w.resources));
      for (const [key, rp] of Object.entries(w.resourcePolicies)) {
        at.add(key);
        if (rp.resource) at.add(rp.resource);
      }
      this.attachedResources = at;
    }
    return this.attachedResources;
  }

  /**
   * Whether a policy that applies by where it is attached and can grant (a resource-based or trust
   * policy, one the analysis cannot read, or a service rule) has an Allow statement naming
   * `action` (pruning; cached per action). When none does, every user, role, group and managed
   * policy of another account than the source's is refused (see {@link crossAccountRefused}).
   */
  private resourceSideNames(action: string): boolean {
    const a = action.toLowerCase();
    let named = this.resourceSideNaming.get(a);
    if (named === undefined) {
      const global = (this.globalDocs ??= globalDocuments(this.world, this.facts));
      const service = a.slice(0, a.indexOf(':'));
      named =
        SERVICE_RULES.some((r) => r.effect === 'Allow' && r.services.includes(service)) ||
        this.index.unread.some((doc) => global.has(doc) && !NEVER_GRANTS.has(this.index.documentType(doc))) ||
        this.index.naming(action).some((id) => this.grantsOnResourceSide(id, global));
      this.resourceSideNaming.set(a, named);
    }
    return named;
  }

  /** Whether a policy that applies by where it is attached and can grant may allow `action` on `resource` (pruning). */
  private resourceSideMayAllow(action: string, resource: string): boolean {
    const a = action.toLowerCase();
    if (!this.resourceSideNames(action)) return false;
    const id = `${a}\u0000${resource}`;
    let may = this.resourceSide.get(id);
    if (may === undefined) {
      const global = this.globalDocs as ReadonlySet<number>;
      const ownTrust = this.trustOf(resource);
      may = this.index.matching(action, resource).some((s) => {
        const st = this.index.statements[s];
        return !(ownTrust && st?.type === 'trust' && !ownTrust.has(st.doc)) && this.grantsOnResourceSide(s, global);
      });
      if (this.resourceSide.size >= 100_000) this.resourceSide.clear();
      this.resourceSide.set(id, may);
    }
    return may;
  }

  /** Whether statement `id` is an Allow of a policy that applies by where it is attached and can grant. */
  private grantsOnResourceSide(id: number, global: ReadonlySet<number>): boolean {
    const st = this.index.statements[id];
    return st !== undefined && st.effect === 'Allow' && global.has(st.doc) && !NEVER_GRANTS.has(st.type);
  }

  /** Whether the role trusts the service (decided by the engine; cached). */
  private serviceTrust(service: string, role: string): ConditionalDecision {
    const id = `${service}\u0000${role}`;
    let d = this.trustCache.get(id);
    if (!d && !this.mayTrustServices(role)) {
      d = refused(this.authorizer, { principal: `service:${service}`, action: 'sts:AssumeRole', resource: role });
      this.trustCache.set(id, d);
    }
    if (!d)
      this.trustCache.set(
        id,
        (d = this.decide({ principal: `service:${service}`, action: 'sts:AssumeRole', resource: role })),
      );
    return d;
  }

  /**
   * Candidate pruning only (never a decision): `false` when no Allow statement of the principal's
   * own identity policies names an action pattern covering `action` — the engine itself decides this,
   * on the world's statements reduced to their action elements. Policies the analysis cannot read
   * (e.g. from a catalog) never prune.
   */
  private mayAllow(principal: string, action: string): boolean {
    const docs = this.identityDocs(principal);
    if (docs === null) return true;
    const namers = this.index.namers(action);
    return docs.some((d) => namers.has(d));
  }

  /** The documents of a user's or role's identity policies; `null` when one cannot be read. */
  private identityDocs(principal: string): readonly number[] | null {
    let docs = this.docsOf.get(principal);
    if (docs === undefined) {
      const refs = identityRefs(this.world, principal);
      docs = [];
      for (const r of refs ?? []) {
        const d = this.facts.documentIndex.get(refDoc(r, this.world));
        if (d === undefined || !this.facts.documents[d]?.policy) {
          docs = null;
          break;
        }
        docs.push(d);
      }
      if (!refs) docs = null;
      if (this.docsOf.size >= 100_000) this.docsOf.clear();
      this.docsOf.set(principal, docs);
    }
    return docs;
  }

  /**
   * Roles whose trust policy may allow the principal without an identity policy (pruning; the
   * engine decides): only an Allow statement open to anyone, naming the principal itself, or with a
   * principal element the analysis does not read can. One that names accounts only delegates to
   * the accounts' identity policies.
   */
  private trustingAlone(principal: string): string[] {
    if (!this.trustIndex) {
      const open: string[] = [];
      const named = new Map<string, string[]>();
      for (const [role, r] of Object.entries(this.world.roles)) {
        const doc = this.facts.documentIndex.get(r.trustPolicy);
        if (doc === undefined) {
          open.push(role);
          continue;
        }
        const names = new Set<string>();
        let isOpen = false;
        for (const id of this.index.byDocument[doc] ?? []) {
          const st = this.index.statements[id];
          if (!st || st.effect !== 'Allow') continue;
          if (st.anyone || (st.depends & DEPENDS_PRINCIPAL) !== 0) isOpen = true;
          for (const n of st.names) names.add(n.toLowerCase());
        }
        if (isOpen) open.push(role);
        else
          for (const n of names) {
            let list = named.get(n);
            if (!list) named.set(n, (list = []));
            list.push(role);
          }
      }
      this.trustIndex = { open, named };
    }
    const mine = this.trustIndex.named.get(principal.toLowerCase()) ?? [];
    return mine.length === 0 ? this.trustIndex.open : [...this.trustIndex.open, ...mine];
  }

  /**
   * Whether a role's trust policy may allow a service (pruning; the engine decides): `false` only
   * for a role of the world whose trust policy has no `Service` principal, no wildcard and no
   * `NotPrincipal`, when no trust policy is given apart from the roles (see {@link trustOf}): a
   * service principal has no identity policies, so only the trust policy can allow it (spec §6.1).
   */
  private mayTrustServices(role: string): boolean {
    if (this.options.groupPrincipals === false) return true;
    if (!Object.prototype.hasOwnProperty.call(this.world.roles, role)) return true;
    this.separateTrusts ??= Object.values(this.world.resourcePolicies).some((rp) => rp.kind === 'role-trust');
    if (this.separateTrusts) return true;
    let may = this.serviceTrusting.get(role);
    if (may === undefined) {
      const tp: unknown = this.world.roles[role]?.trustPolicy;
      const text = (typeof tp === 'string' ? tp : (JSON.stringify(tp ?? {}) ?? '')).toLowerCase();
      may = text.includes('service') || text.includes('*') || text.includes('notprincipal');
      this.serviceTrusting.set(role, may);
    }
    return may;
  }

  /**
   * Candidate pruning only (never a decision): the roles of the world that an Allow statement of
   * the principal's own identity policies matches for `action` (the engine decides the matching,
   * once per question, on the statements reduced to their action and resource elements);
   * `undefined` when any role may be matched: a matching statement whose `Resource` is `*`, a
   * policy the analysis cannot read, or no grouping. Per action, each identity document's matched
   * roles are listed once; a principal's are the union over its documents.
   */
  private identityMatchedRoles(principal: string, action: string): ReadonlySet<string> | undefined {
    if (this.options.groupPrincipals === false) return undefined;
    const docs = this.identityDocs(principal);
    if (docs === null) return undefined;
    const a = action.toLowerCase();
    let byDoc = this.matchedRoles.get(a);
    if (!byDoc) {
      const roles = Object.keys(this.world.roles);
      // The documents of the Allow statements whose reduced `Resource` is `*` (the same for every resource).
      const star = new Set<number>();
      if (roles[0] !== undefined)
        for (const s of this.index.matchingParts(action, roles[0]).star) {
          const st = this.index.statements[s];
          if (st?.effect === 'Allow') star.add(st.doc);
        }
      const docsOf = new Map<number, Set<string>>();
      for (const r of roles)
        for (const s of this.index.matchingParts(action, r).part) {
          const st = this.index.statements[s];
          if (st?.effect !== 'Allow') continue;
          let set = docsOf.get(st.doc);
          if (!set) docsOf.set(st.doc, (set = new Set()));
          set.add(r);
        }
      byDoc = { star, roles: docsOf };
      this.matchedRoles.set(a, byDoc);
    }
    if (docs.some((d) => byDoc.star.has(d))) return undefined;
    const out = new Set<string>();
    for (const d of docs) for (const r of byDoc.roles.get(d) ?? []) out.add(r);
    return out;
  }

  /**
   * Candidate pruning only (never a decision): the roles of the world, in order, whose trust the
   * engine may allow `service` to assume (see {@link serviceTrust}; decided once per role).
   */
  private serviceTrustingRoles(service: string): readonly string[] {
    let roles = this.trustingRoles.get(service);
    if (!roles) {
      roles = Object.keys(this.world.roles).filter((r) => this.serviceTrust(service, r).verdict !== 'Deny');
      this.trustingRoles.set(service, roles);
    }
    return roles;
  }

  /** Whether a role's trust policy may name the principal (pruning; the engine decides). */
  private trustMayName(role: string, principal: string): boolean {
    let trust = this.trustText.get(role);
    if (trust === undefined) {
      trust = JSON.stringify(this.world.roles[role]?.trustPolicy ?? {});
      // A trust open to any principal is marked by an empty text (it may name anyone).
      if (trust.includes('NotPrincipal') || /"AWS":\s*(\[[^\]]*)?"\*"/.test(trust) || trust.includes('"Principal":"*"'))
        trust = '';
      this.trustText.set(role, trust);
    }
    if (trust === '') return true;
    const account = accountOf(principal) as string;
    return trust.includes(principal) || trust.includes(`"${account}"`) || trust.includes(`::${account}:root`);
  }

  /**
   * Whether `entity` would be an administrator after the modification `grant` (cached per entity,
   * grant and bound resource). Decided by the engine on the world's own compiled authorizer with
   * only the entity changed (see {@link overlay}); a group join, or an authorizer without the
   * internal entry points, is decided on a small world holding the entity with its account,
   * organization and policies changed, compiled by the engine.
   */
  private grantAdmin(entity: string, grant: Grant, extra: string | undefined): ConditionalDecision | undefined {
    const id = `${grant}\u0000${entity}\u0000${extra ?? ''}`;
    if (this.grantCache.has(id)) return this.grantCache.get(id) ?? undefined;
    const overlay = this.overlay(entity, grant, extra);
    const result =
      overlay === null
        ? undefined
        : overlay
          ? this.grantedAdmin(entity, grant, overlay, extra)
          : this.grantAdminByCompile(entity, grant, extra);
    if (this.grantCache.size >= 100_000) this.grantCache.clear();
    this.grantCache.set(id, result ?? null);
    return result;
  }

  /**
   * {@link isAdmin} of `entity` on its overlay, one admin action at a time. Principals that an
   * admin question's scope groups together (see `groups.ts`) stay alike after the same
   * unconditional admin policy is added (or the boundary removed): one member is decided per group
   * and action; the others get its answer with their own proofs, decided on their own overlay when
   * read. A new default version of a policy the members may hold differently is grouped on the
   * members' policies so modified (see `QuestionScope.group`): a principal is then also alike with
   * itself with another of its policies swapped. The first refused action answers (the check is
   * then not a hop).
   */
  private grantedAdmin(
    entity: string,
    grant: Grant,
    overlay: Authorizer,
    extra: string | undefined,
  ): ConditionalDecision {
    const kind = Object.prototype.hasOwnProperty.call(this.world.users, entity) ? 'user' : 'role';
    const grouping = this.options.groupPrincipals !== false;
    const shared = (grant === 'attach-admin' || grant === 'remove-boundary') && grouping;
    let swapped: Swapped | undefined;
    if (grant === 'admin-policy-version' && extra !== undefined && grouping) {
      this.members ??= this.newMembers();
      swapped = this.members.swapped(entity, kind, extra);
    }
    const parts: ConditionalDecision[] = [];
    // Parts answered for another member of the entity's group: its proofs are the entity's own requests.
    const theirs: boolean[] = [];
    for (const action of this.adminActions) {
      const g = shared
        ? this.scope(action, '*').group(entity, kind)
        : swapped
          ? this.scope(action, '*').group(entity, kind, swapped)
          : undefined;
      const key = g && `${grant}\u0003${action}\u0003${g.key}`;
      const known = key === undefined ? undefined : this.grantParts.get(key);
      let d: ConditionalDecision;
      if (known) d = known;
      else {
        d = decideConditional(
          { ...this.ctx, authorizer: overlay },
          { principal: entity, action, resource: '*' },
          this.restrictions(entity),
        );
        if (key !== undefined) {
          if (this.grantParts.size >= 100_000) this.grantParts.clear();
          this.grantParts.set(key, d);
        }
      }
      parts.push(d);
      theirs.push(known !== undefined);
      if (d.verdict === 'Deny') break;
    }
    const member = { principal: entity };
    return combine(parts, (p, i) => (theirs[i] ? memberProofs(p, member, overlay) : p.proofs));
  }

  /**
   * The world's authorizer with one principal modified: its resolved principal (identity policies,
   * boundary) changed by `grant`, every other principal and every guardrail as compiled, and the
   * modified principal decided by the engine's `authorizeAs`. Only the granted admin policy is
   * compiled. `undefined` when the grant needs a compile (a group join) or the authorizer has no
   * internal entry points; `null` when the entity is not a user or role the engine resolves.
   */
  private overlay(entity: string, grant: Grant, extra: string | undefined): Authorizer | null | undefined {
    const base = this.authorizer as Partial<CompiledWorld>;
    if (grant === 'join-group' || typeof base.resolvePrincipal !== 'function' || typeof base.authorizeAs !== 'function')
      return undefined;
    const w = this.world;
    if (
      !Object.prototype.hasOwnProperty.call(w.users, entity) &&
      !Object.prototype.hasOwnProperty.call(w.roles, entity)
    )
      return null;
    const p = base.resolvePrincipal(entity);
    if (typeof p === 'string') return null;
    const adminId = grant === 'attach-admin' ? `${entity}:iam-verdict-granted-admin` : (extra ?? '');
    // The admin policy is a constant document: whether it compiles is known once; the modified
    // principal is built when the overlay first decides (a group member's shared admin check
    // only reads it for its proofs).
    if (grant !== 'remove-boundary' && !this.grantedPolicy(grant === 'attach-admin' ? GRANTED_PROBE : adminId))
      return undefined;
    let modified: ResolvedPrincipal | undefined;
    const modifiedPrincipal = (): ResolvedPrincipal => {
      if (modified) return modified;
      let identity: readonly CompiledPolicy[] = p.identity;
      let boundary = p.boundary;
      if (grant === 'attach-admin')
        identity = policyList([...p.identity, this.grantedPolicy(adminId) as CompiledPolicy]);
      else if (grant === 'remove-boundary') boundary = undefined;
      else if (grant === 'admin-policy-version' && extra) {
        // The managed policy's new default version: wherever it is attached (its id is its ARN).
        const admin = this.grantedPolicy(adminId) as CompiledPolicy;
        identity = policyList(p.identity.map((c) => (c.id === extra ? admin : c)));
        if (boundary?.id === extra) boundary = admin;
      }
      return (modified = { ...p, identity, boundary });
    };
    const authorizeAs = base.authorizeAs.bind(base);
    return {
      ok: this.authorizer.ok,
      errors: this.authorizer.errors,
      warnings: this.authorizer.warnings,
      world: this.authorizer.world,
      authorize: (request, options) =>
        request.principal === entity && request.accessKeyId === undefined
          ? authorizeAs(modifiedPrincipal(), request, options)
          : this.authorizer.authorize(request, options),
    };
  }

  /** The admin policy, compiled under `id` (cached per id). */
  private grantedPolicy(id: string): CompiledPolicy | undefined {
    let c = this.grantedPolicies.get(id);
    if (!c) {
      const parsed = parsePolicy(ADMIN_POLICY, { type: 'identity' });
      if (!parsed.ok) return undefined;
      c = compilePolicy(parsed.policy, id);
      if (this.grantedPolicies.size >= 100_000) this.grantedPolicies.clear();
      this.grantedPolicies.set(id, c);
    }
    return c;
  }

  /** {@link grantAdmin} on a small world holding the entity with its account, organization and policies changed. */
  private grantAdminByCompile(
    entity: string,
    grant: Grant,
    extra: string | undefined,
  ): ConditionalDecision | undefined {
    const w = this.world;
    const user = Object.prototype.hasOwnProperty.call(w.users, entity) ? w.users[entity] : undefined;
    const role = Object.prototype.hasOwnProperty.call(w.roles, entity) ? w.roles[entity] : undefined;
    if (!user && !role) return undefined;
    const admin = { name: 'iam-verdict-granted-admin', document: ADMIN_POLICY };
    let groups = user ? [...user.groups] : [];
    let policies: PolicyRef[] = [...(user ?? role)!.policies];
    let boundary = (user ?? role)!.permissionsBoundary;
    const managed: Record<string, unknown> = {};
    if (grant === 'attach-admin') {
      policies.push(admin);
    } else if (grant === 'remove-boundary') boundary = undefined;
    else if (grant === 'join-group' && extra) groups = [...groups, extra];
    else if (grant === 'admin-policy-version' && extra)
      managed[extra] = { name: 'iam-verdict-new-version', document: ADMIN_POLICY };
    const refs = [...policies, ...groups.flatMap((g) => w.groups[g]?.policies ?? []), ...(boundary ? [boundary] : [])];
    for (const r of refs)
      if (typeof r === 'string' && !(r in managed) && Object.prototype.hasOwnProperty.call(w.managedPolicies, r))
        managed[r] = w.managedPolicies[r];
    const record = { ...(user ?? role)!, policies, ...(user ? { groups } : {}) } as Record<string, unknown>;
    if (boundary === undefined) delete record.permissionsBoundary;
    else record.permissionsBoundary = boundary;
    const mini = {
      accounts: w.accounts,
      ...(w.organization ? { organization: w.organization } : {}),
      managedPolicies: managed,
      groups: Object.fromEntries(groups.filter((g) => w.groups[g]).map((g) => [g, w.groups[g]])),
      ...(user ? { users: { [entity]: record } } : { roles: { [entity]: record } }),
    };
    const authorizer = compileWorld(mini, this.options.authorizer ?? {});
    if (!authorizer.ok) return undefined;
    return this.isAdmin(entity, authorizer);
  }

  // ---------------------------------------------------------------- paths

  /**
   * Breadth-first search from `start` over the hops, up to `maxDepth` edges, each node visited once;
   * a path whose conditions contradict each other is not followed.
   */
  private search(
    start: string,
    isGoal: (node: string) => boolean,
    goalCondition: (node: string) => Residual,
  ): { end: string; path: Edge[]; condition: Residual } | undefined {
    const maxDepth = this.options.maxDepth ?? 6;
    const visited = new Set([start]);
    let frontier: { node: string; path: Edge[]; condition: Residual }[] = [{ node: start, path: [], condition: TRUE }];
    for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
      const next: typeof frontier = [];
      for (const f of frontier) {
        if (f.node === 'admin') continue;
        for (const e of this.edgesFrom(f.node)) {
          if (visited.has(e.to)) continue;
          const condition = and(f.condition, e.condition);
          if (!satisfiable(this.ctx, condition, this.restrictions(start))) continue;
          const path = [...f.path, e];
          if (isGoal(e.to)) {
            const full = and(condition, goalCondition(e.to));
            if (satisfiable(this.ctx, full, this.restrictions(start))) return { end: e.to, path, condition: full };
          }
          visited.add(e.to);
          next.push({ node: e.to, path, condition });
        }
      }
      frontier = next;
    }
    return undefined;
  }

  /** The principals `principal` can become, each with a shortest satisfiable path. */
  reach(q: { principal: string }): ReachResult {
    const maxDepth = this.options.maxDepth ?? 6;
    const reachable: Reachable[] = [];
    const edges: Edge[] = [];
    const visited = new Set([q.principal]);
    let frontier: { node: string; path: Edge[]; condition: Residual }[] = [
      { node: q.principal, path: [], condition: TRUE },
    ];
    for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
      const next: typeof frontier = [];
      for (const f of frontier) {
        for (const e of this.edgesFrom(f.node)) {
          if (e.to === 'admin') continue;
          edges.push(e);
          if (visited.has(e.to)) continue;
          const condition = and(f.condition, e.condition);
          if (!satisfiable(this.ctx, condition, this.restrictions(q.principal))) continue;
          visited.add(e.to);
          const path = [...f.path, e];
          reachable.push({ principal: e.to, path, conditions: renderResidual(condition) });
          next.push({ node: e.to, path, condition });
        }
      }
      frontier = next;
    }
    return { principal: q.principal, reachable, edges };
  }

  /** Escalation paths to `admin` or to a named principal, from one source or from every user and role. */
  escalationPaths(q: { from?: string; to?: string } = {}): PathsResult {
    const to = q.to ?? 'admin';
    const sources =
      q.from !== undefined ? [q.from] : [...Object.keys(this.world.users), ...Object.keys(this.world.roles)];
    const admins: string[] = [];
    const paths: Edge[][] = [];
    const adminGoal = (n: string) => n === 'admin' || this.isAdmin(n).verdict !== 'Deny';
    for (const s of sources) {
      if (to === 'admin' && this.isAdmin(s).verdict === 'Allow') {
        admins.push(s);
        continue;
      }
      if (s === to) continue;
      const found =
        to === 'admin'
          ? this.search(s, adminGoal, (n) => (n === 'admin' ? TRUE : this.isAdmin(n).condition))
          : this.search(
              s,
              (n) => n === to,
              () => TRUE,
            );
      if (found) paths.push(found.path);
    }
    return { to, paths, admins };
  }

  /** Every hop of the world (the full privilege graph). */
  graph(): Edge[] {
    const out: Edge[] = [];
    for (const p of [...Object.keys(this.world.users), ...Object.keys(this.world.roles)])
      out.push(...this.edgesFrom(p));
    return out;
  }
}

/**
 * Values per request of the shape the analysis builds (`principal`, `action`, `resource` and
 * optionally `context`, own members in that order, the first three strings, no NUL in the
 * resource), without building a
 * text per request: by principal, action, then resource (with the context's JSON text when there
 * is one). Two requests it holds alike have the same JSON text, and the other way round. Bounded:
 * emptied when it holds `max` values.
 */
class RequestMemo<T> {
  private readonly byPrincipal = new Map<string, Map<string, Map<string, T>>>();
  private size = 0;

  constructor(private readonly max: number) {}

  /** Whether a request has the shape the memo holds (an inherited enumerable member never has). */
  static holds(request: AuthorizationRequest): boolean {
    if (
      typeof request.principal !== 'string' ||
      typeof request.action !== 'string' ||
      typeof request.resource !== 'string' ||
      // The resource and the context's text are joined by a NUL (see `last`).
      request.resource.includes('\u0000')
    )
      return false;
    let i = 0;
    for (const k in request) {
      if (k !== MEMO_MEMBERS[i] || !Object.prototype.hasOwnProperty.call(request, k)) return false;
      i++;
    }
    return i >= 3;
  }

  /** The innermost key of a request the memo holds. */
  private static last(request: AuthorizationRequest): string {
    const context = request.context;
    return context === undefined ? request.resource : `${request.resource}\u0000${JSON.stringify(context)}`;
  }

  get(request: AuthorizationRequest): T | undefined {
    if (!RequestMemo.holds(request)) return undefined;
    return this.byPrincipal
      .get(request.principal as string)
      ?.get(request.action)
      ?.get(RequestMemo.last(request));
  }

  set(request: AuthorizationRequest, value: T): void {
    if (!RequestMemo.holds(request)) return;
    if (this.size >= this.max) {
      this.byPrincipal.clear();
      this.size = 0;
    }
    const principal = request.principal as string;
    let byAction = this.byPrincipal.get(principal);
    if (!byAction) this.byPrincipal.set(principal, (byAction = new Map()));
    let byResource = byAction.get(request.action);
    if (!byResource) byAction.set(request.action, (byResource = new Map()));
    const key = RequestMemo.last(request);
    if (!byResource.has(key)) this.size++;
    byResource.set(key, value);
  }
}

/** The members of a request {@link RequestMemo} holds, in their order. */
const MEMO_MEMBERS = ['principal', 'action', 'resource', 'context'];

/** The account segment of a user or role ARN (the fifth field), or `''` when it is not 12 digits. */
function accountSegment(arn: string): string {
  let at = -1;
  for (let i = 0; i < 4; i++) if ((at = arn.indexOf(':', at + 1)) < 0) return '';
  const end = arn.indexOf(':', at + 1);
  const a = end < 0 ? '' : arn.slice(at + 1, end);
  return /^\d{12}$/.test(a) ? a : '';
}

/** Whether an entity of account `mine` (`''`: unread, see `entityAccounts`) may be a target from `account`. */
function sameOrAny(mine: string | undefined, account: string): boolean {
  return mine === undefined || mine === '' || mine === account;
}

/** Whether a sorted list of numbers holds `x` (binary search). */
function sortedHas(list: readonly number[], x: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid] as number;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The conjunction of the parts' conditions: `and` of them, without building it when at most one
 * is not `true` (`and` of one condition is that condition, flattened alike).
 */
function conjunction(parts: readonly (ConditionalDecision | Residual)[]): Residual {
  let only: Residual = TRUE;
  let many = false;
  for (const p of parts) {
    const c = 'op' in p ? p : p.condition;
    if (c.op === 'false') return FALSE;
    if (c.op === 'true') continue;
    if (only.op !== 'true') many = true;
    only = c;
  }
  return many ? and(...parts.map((p) => ('op' in p ? p : p.condition))) : only;
}

/**
 * The conjunction of conditional decisions; `proofsOf` gives a part's proofs (default: its own),
 * read when the conjunction's proofs are first read.
 */
function combine(
  parts: readonly ConditionalDecision[],
  proofsOf: (part: ConditionalDecision, index: number) => readonly Proof[] = (p) => p.proofs,
): ConditionalDecision {
  const condition = and(...parts.map((p) => p.condition));
  const verdict = condition.op === 'true' ? 'Allow' : condition.op === 'false' ? 'Deny' : 'Conditional';
  const out = {
    verdict,
    condition,
    text: renderResidual(condition),
    keys: [...new Set(parts.flatMap((p) => p.keys))],
    combinations: parts.reduce((n, p) => n + p.combinations, 0),
    truncated: parts.some((p) => p.truncated),
  } as unknown as ConditionalDecision;
  // Read when shown: a part's proofs may be a group member's own requests, decided when first read.
  let proofs: Proof[] | undefined;
  Object.defineProperty(out, 'proofs', { enumerable: true, get: () => (proofs ??= parts.flatMap(proofsOf)) });
  return out;
}

/**
 * A group's answer for one of its members: the same verdict and condition; the proofs are the
 * member's own requests (the group's proofs with the member's principal or resource put in),
 * decided by the engine when first read.
 */
function forMember(
  d: ConditionalDecision,
  member: { readonly principal: string } | { readonly resource: string },
  authorizer: Authorizer | (() => Authorizer),
): ConditionalDecision {
  let proofs: Proof[] | undefined;
  const out = {
    verdict: d.verdict,
    condition: d.condition,
    text: d.text,
    keys: d.keys,
    combinations: d.combinations,
    truncated: d.truncated,
  } as ConditionalDecision;
  Object.defineProperty(out, 'proofs', {
    enumerable: true,
    get: () => (proofs ??= memberProofs(d, member, authorizer)),
  });
  return out;
}

/** A group's proofs for one of its members: the same requests with the member put in, decided by the engine. */
function memberProofs(
  d: ConditionalDecision,
  member: { readonly principal: string } | { readonly resource: string },
  authorizer: Authorizer | (() => Authorizer),
): Proof[] {
  return d.proofs.map((p) => {
    const request = { ...p.request, ...member };
    const engine = typeof authorizer === 'function' ? authorizer() : authorizer;
    return { request, decision: engine.authorize(request, { explain: true, allowOverrides: true }) };
  });
}

/** A refusal whose proof (the request, explained by the engine) is decided when first read. */
function refused(authorizer: Authorizer, request: AuthorizationRequest): ConditionalDecision {
  let proofs: Proof[] | undefined;
  const out = {
    verdict: 'Deny',
    condition: FALSE,
    text: 'false',
    keys: [],
    combinations: 1,
    truncated: false,
  } as unknown as ConditionalDecision;
  Object.defineProperty(out, 'proofs', {
    enumerable: true,
    get: () =>
      (proofs ??= [{ request, decision: authorizer.authorize(request, { explain: true, allowOverrides: true }) }]),
  });
  return out;
}
