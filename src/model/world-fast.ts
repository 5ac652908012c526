/**
 * A one-pass reader for the common shape of a world (issue #16: one-shot use pays for validation).
 *
 * `validateWorld` checks the size of the input, refuses prototype-polluting keys, copies it, runs the
 * zod schema and looks for unknown members: five walks. This reader does all of it in one walk for
 * the records most worlds hold (accounts, organization, managed policies, users, groups, roles,
 * resource policies, resources) and gives up — returns `undefined` — on anything else or anything
 * doubtful (an error, an unknown member, a section it does not read). The full path then decides
 * and reports, so an accepted world is exactly what the schema would have produced (a property test
 * holds the two to the same output) and a refused one gets the same errors as before.
 */
import { parseDate } from '../condition/date.js';
import { DEFAULT_LIMITS, worldValueCap, type Limits } from '../policy/limits.js';
import { isIamEntityArn } from '../policy/iam-names.js';
import {
  statementMembers,
  readStatementMembers,
  STATEMENT_MEMBERS,
  type ConditionsReader,
  type StatementContext,
  type StatementMembers,
} from '../policy/validate-statement.js';
import { readMembers, type StatementReader } from '../policy/validate.js';
import { excludesService, isOtherServiceAction } from '../policy/policy-strings.js';
import { adviseOnKeys, readKey, readOperator } from '../policy/validate-condition.js';
import type { KnownOperator, OperatorNameProblem } from '../policy/condition-operators.js';
import { maxSizeOf, strictSidOf, type ParsePolicyOptions, type ParsePolicyResult } from '../policy/parse.js';
import { IssueSink } from '../policy/issue-sink.js';
import type { JsonObject, JsonValue } from '../json/parse-json.js';
import type { ConditionClause, Effect, Statement } from '../policy/ast.js';
import type { World } from './world.js';
import { measureText, type TreeMeasure } from '../policy/json-tree.js';
import { bareObject } from '../json/bare-object.js';
import { isOwn } from '../json/own.js';
import { isPolicyType } from '../policy/policy-types.js';

/** Sections a slice of a world holds whole (see {@link PickedWorld}): small, and read by every decision. */
export const WHOLE_SECTIONS = ['accounts', 'organization', 'identityProviders', 'instanceProfiles'] as const;
/** Sections a slice of a world picks records from. */
export const PICKED_SECTIONS = [
  'managedPolicies',
  'users',
  'groups',
  'roles',
  'sessions',
  'userSessions',
  'resourcePolicies',
  'resources',
  'vpcEndpoints',
] as const;
export type PickedSection = (typeof PICKED_SECTIONS)[number];

/** The records a slice picked from one section, by key, in the slice's order. */
export type PickedRecords = ReadonlyMap<string, unknown>;

/**
 * A slice of a world (the lazily compiled mode's, issue #16): the sections in
 * {@link WHOLE_SECTIONS} of `world` whole, and of the others the records picked. {@link readWorldFast}
 * reads the picked records as they were picked, in one walk (no slice world made and then walked
 * again); the full path, when that reader gives up, reads the slice as a world ({@link build}).
 */
export class PickedWorld {
  readonly #slice = true;

  /** `picked`: the records picked per section, a section with none picked left out. */
  constructor(
    readonly world: Obj,
    readonly picked: ReadonlyMap<PickedSection, PickedRecords>,
  ) {}

  /** Whether `v` is a slice: a brand test, which reads nothing of `v` (no getter, no proxy trap runs). */
  static is(v: unknown): v is PickedWorld {
    return typeof v === 'object' && v !== null && #slice in v;
  }

  /**
   * The slice as a world: whole sections, then the picked ones, each in the order of its records.
   * Its objects have no prototype (a record keyed `__proto__` is an own member, as `JSON.parse`
   * makes it) and are kept in fast mode ({@link bareObject}).
   */
  build(): Obj {
    const out = bareObject();
    for (const s of WHOLE_SECTIONS) if (Object.prototype.hasOwnProperty.call(this.world, s)) out[s] = this.world[s];
    for (const s of PICKED_SECTIONS) {
      const records = this.picked.get(s);
      if (records === undefined) continue;
      const section = bareObject();
      for (const [k, record] of records) section[k] = record;
      out[s] = section;
    }
    return out;
  }
}

/** Thrown inside the reader only, to give up; never leaves this module. */
class GiveUp {}
const GIVE_UP = Object.freeze(new GiveUp());

type Obj = Record<string, unknown>;

const ACCOUNT_ID = /^\d{12}$/;
const POLICY_ARN = /^arn:[\w-]+:iam::(\d{12}|aws):policy\//;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * The key test of a section whose keys may be any other name. Every section's key test refuses the
 * reserved names (an ARN's or an account id's shape has none of them), so a section does not look
 * each key up in {@link RESERVED} besides (issue #16: a dozen keys per lazy slice).
 */
const notReserved = (k: string): boolean => !RESERVED.has(k);
const KINDS = new Set(['generic', 'kms-key', 'role-trust']);
/** Sections this reader does not read: present and not empty, the full path takes the world. */
const SKIPPED = ['instanceProfiles', 'sessions', 'userSessions', 'identityProviders', 'vpcEndpoints'] as const;
const WORLD_KEYS = new Set([
  'accounts',
  'organization',
  'managedPolicies',
  'users',
  'groups',
  'roles',
  'resourcePolicies',
  'resources',
  ...SKIPPED,
]);

/**
 * The JSON size of the member names policy documents are made of (`"Effect"` is 8), a constant:
 * a copy adds it without measuring the name character by character, and none of them is reserved.
 */
const NAME_SIZES: ReadonlyMap<string, number> = new Map(
  ['Version', 'Id', 'Statement', ...STATEMENT_MEMBERS, 'AWS', 'Service', 'Federated', 'CanonicalUser'].map((name) => [
    name,
    name.length + 2,
  ]),
);

/**
 * The prototype of a copied document's objects, and of the records read (a world, a user, its tags,
 * …): empty, without a prototype of its own, and frozen,
 * so reading a member an object does not have gives `undefined` (nothing planted on
 * `Object.prototype` is reached), as with {@link bareObject}. Made with `new`, an object starts from
 * one map instead of changing its prototype after it is made (`Object.setPrototypeOf`): a document's
 * copy is made of small objects, and each cost about twice as much the other way (issue #16, one-shot).
 */
function DocumentObject(this: Obj): void {}
DocumentObject.prototype = Object.freeze(Object.create(null) as object);
/** A new empty {@link DocumentObject}. */
const documentObject = (): Obj => new (DocumentObject as unknown as new () => Obj)();

/**
 * Whether `JSON.stringify` writes every character of `text` as itself and each is in the policy
 * character set: U+0020–U+00FF, but `"` and the backslash. Such a string (nearly every string of a policy)
 * adds its length and its two quotes to a document's size and nothing to its character check;
 * any other goes through {@link measureText}. One comparison chain per character.
 */
const PLAIN_TEXT = /^[\x20\x21\x23-\x5b\x5d-\xff]*$/;

function isPlainText(text: string): boolean {
  return PLAIN_TEXT.test(text);
}

/**
 * Makes its subclass's private fields members of a given object: a constructor that returns an
 * object other than `this` hands that object to the subclass's field initializers.
 */
class Adopt {
  constructor(o: object) {
    return o;
  }
}

/**
 * A copied document's measure, carried by the copy in private fields (invisible to `Object.keys`,
 * `for…in`, JSON and equality) with the {@link CopiedMeasures} of the reading that copied it. A `Map`
 * keyed by the copy cost an identity hash and a table entry per document, 7% of reading the typical
 * question's slice (issue #16, one-shot); a private field is one store.
 */
class Measured extends Adopt {
  readonly #by: CopiedMeasures;
  readonly #measure: TreeMeasure;

  private constructor(doc: Obj, by: CopiedMeasures, measure: TreeMeasure) {
    super(doc);
    this.#by = by;
    this.#measure = measure;
  }

  /** Stamps `doc`, a copy just made (a document is stamped once: a second stamp would throw). */
  static stamp(doc: Obj, by: CopiedMeasures, measure: TreeMeasure): void {
    new Measured(doc, by, measure);
  }

  /** The measure `by` stamped on `doc`, if any. */
  static of(doc: object, by: CopiedMeasures): TreeMeasure | undefined {
    return #by in doc && (doc as Measured).#by === by ? (doc as Measured).#measure : undefined;
  }
}

/**
 * The measures of the policy documents one reading copied, for the policy compiler (see
 * `parseCopiedPolicy`). Only a document this reading copied has one: a document read another time,
 * or copied by another reading and perhaps changed since, never skips its character and size check.
 *
 * A reading made {@link deferring} copies no document: it leaves each one unread in the world
 * ({@link DeferredDocument}), and the compiler asks {@link parse} for its policy, which reads the
 * caller's document once as it validates it (issue #16: one walk instead of a copy and then a
 * validation of the copy). Only for a lazy slice's world, which nothing but its compiler reads.
 */
export class CopiedMeasures {
  private dropped = false;
  /** How many documents this reading deferred that were not parsed yet. */
  private unparsed = 0;

  /** `defers`: see {@link deferring}. */
  constructor(readonly defers = false) {}

  /** The measures of a reading that defers its documents to their parse (see {@link parse}). */
  static deferring(): CopiedMeasures {
    return new CopiedMeasures(true);
  }

  /** The measure of `doc` if this reading copied it (and was not given up). */
  get(doc: unknown): TreeMeasure | undefined {
    return typeof doc === 'object' && doc !== null && !this.dropped ? Measured.of(doc, this) : undefined;
  }

  /** Forgets every measure (the reader gave up: the world is read again by the full path). */
  clear(): void {
    this.dropped = true;
    this.unparsed = 0;
  }

  /** Records the measure of `doc`, a copy this reading just made. */
  set(doc: Obj, measure: TreeMeasure): void {
    Measured.stamp(doc, this, measure);
  }

  /** A stand-in for the caller's document `doc`, left unread by `reader` (see {@link parse}). */
  defer(doc: object, reader: Reader): Obj {
    this.unparsed++;
    return new DeferredDocument(doc, reader, this) as unknown as Obj;
  }

  /**
   * The policy of `doc` when it is a document this reading deferred (`undefined` for any other
   * value): its caller's object read once and validated as `parsePolicy` would validate a copy of it,
   * when nothing at all is wrong with it. Anything else — an issue that is an error, a value the copy
   * would not take, a getter that throws, a second parse of the same document — throws
   * {@link READ_AGAIN}: the world is then read again with its documents copied, for exactly the
   * result that gives.
   */
  parse(doc: unknown, options: ParsePolicyOptions): ParsePolicyResult | undefined {
    if (!DeferredDocument.is(doc)) return undefined;
    const result = doc.parse(this, options);
    this.unparsed--;
    return result;
  }

  /**
   * Whether `doc` is a document this reading deferred, or a copy, none of whose statements may apply
   * to an action of `service`, a lazy slice's ({@link namesNoActionOf}): the slice then compiles it
   * to an empty policy, unparsed. A deferred one counts as parsed (it is skimmed or parsed once;
   * after either, the other is refused). Both readings skim the same documents, so a slice read
   * again with its documents copied decides the same.
   */
  skim(doc: unknown, service: string): boolean {
    if (DeferredDocument.is(doc)) {
      if (!doc.skim(this, service)) return false;
      this.unparsed--;
      return true;
    }
    // A copy of the world's reading (this one's, or the schema's when this one gave up).
    return namesNoActionOf(doc, service);
  }

  /** Whether every document this reading deferred was parsed (one left unread would go unchecked). */
  settled(): boolean {
    return this.unparsed === 0;
  }
}

/**
 * An object whose prototype is `Object.prototype` or none (as the copy takes), or a copy's
 * ({@link documentObject}), not an array.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || proto === DocumentObject.prototype;
}

/**
 * Whether no statement of the policy document `doc` may apply to an action of `service` (a
 * lower-cased prefix), from its own `Action` or `NotAction` alone: every `Action` value names
 * another service's actions (`isOtherServiceAction`), or some `NotAction` value leaves out all of
 * the service's (`excludesService`). Such a document can neither allow nor deny an action of the
 * service, whether it is valid or not (an invalid policy grants nothing), so a lazy slice of that
 * service need not read the rest of it (issue #16, one-shot). Anything it does not know for sure
 * (a `Statement` missing, empty or of another kind, a statement or a document that is not a plain
 * object, both `Action` and `NotAction` or neither, one empty or holding anything but strings) is
 * `false`: the document is then parsed in full, and its errors stop the question; so is a reading
 * that throws (a getter, a proxy's trap). Each value it reads is read once.
 */
export function namesNoActionOf(doc: unknown, service: string): boolean {
  try {
    return appliesToNoActionOf(doc, service);
  } catch {
    // A getter or a proxy's trap threw: the document is parsed in full, which says what is wrong.
    return false;
  }
}

/** {@link namesNoActionOf}, which may throw where reading `doc` does. */
function appliesToNoActionOf(doc: unknown, service: string): boolean {
  if (!isPlainObject(doc) || !isOwn(doc, 'Statement')) return false;
  const statement: unknown = doc.Statement;
  if (!Array.isArray(statement)) return isPlainObject(statement) && appliesElsewhere(statement, service);
  const length = statement.length;
  if (length === 0) return false;
  for (let i = 0; i < length; i++) {
    const st: unknown = statement[i];
    if (!isPlainObject(st) || !appliesElsewhere(st, service)) return false;
  }
  return true;
}

/** {@link namesNoActionOf} of one statement `st`. */
function appliesElsewhere(st: Record<string, unknown>, service: string): boolean {
  const hasAction = isOwn(st, 'Action');
  if (hasAction === isOwn(st, 'NotAction')) return false;
  const values: unknown = hasAction ? st.Action : st.NotAction;
  if (typeof values === 'string')
    return hasAction ? isOtherServiceAction(values, service) : excludesService(values, service);
  if (!Array.isArray(values)) return false;
  const length = values.length;
  if (length === 0) return false;
  let excluded = false;
  for (let i = 0; i < length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'string') return false;
    if (hasAction ? !isOtherServiceAction(v, service) : excludesService(v, service)) {
      if (hasAction) return false;
      excluded = true;
    }
  }
  return hasAction || excluded;
}

/** Thrown by {@link CopiedMeasures.parse} for a deferred document the fast path does not take. */
export const READ_AGAIN: unique symbol = Symbol('read the world again');

/**
 * A policy document a deferring reading left unread in the world it read (see
 * {@link CopiedMeasures.deferring}): the caller's object, its reader and that reading's measures.
 * It has no member and no JSON text (`JSON.stringify` throws on it).
 */
class DeferredDocument {
  #parsed = false;
  readonly #doc: object;
  readonly #reader: Reader;
  readonly #by: CopiedMeasures;

  constructor(doc: object, reader: Reader, by: CopiedMeasures) {
    this.#doc = doc;
    this.#reader = reader;
    this.#by = by;
  }

  /** Whether `v` is one: a brand test, which reads nothing of `v` (no getter, no proxy trap runs). */
  static is(v: unknown): v is DeferredDocument {
    return typeof v === 'object' && v !== null && #doc in v;
  }

  /** See {@link CopiedMeasures.parse}: parsed once, by the reading that deferred it. */
  parse(by: CopiedMeasures, options: ParsePolicyOptions): ParsePolicyResult {
    if (this.#by !== by || this.#parsed) throw READ_AGAIN;
    this.#parsed = true;
    try {
      return this.#reader.parseDocument(this.#doc, options);
    } catch {
      // GIVE_UP, or anything the caller's document threw at us (a getter).
      throw READ_AGAIN;
    }
  }

  /**
   * See {@link CopiedMeasures.skim}: `true`, and the document counts as parsed, when
   * {@link namesNoActionOf} holds of the caller's document; `false` for one already parsed
   * or skimmed, and when reading it threw (it is then parsed in full, which reads it again).
   */
  skim(by: CopiedMeasures, service: string): boolean {
    if (this.#by !== by || this.#parsed || !namesNoActionOf(this.#doc, service)) return false;
    this.#parsed = true;
    return true;
  }

  /** A deferred document is no JSON: it stands for one nobody else may read. */
  toJSON(): never {
    throw new TypeError('a deferred policy document has no JSON text');
  }
}

/**
 * Places in a policy document where the validator reads a string in full and reports an error
 * unless it is one of a set of plain ASCII texts: `Version` ("2012-10-17" or "2008-10-17"), a
 * statement's `Effect` ("Allow" or "Deny") and `Action`/`NotAction` strings (letters, digits, `-`,
 * `_`, `*`, `?` and one colon, see `isQuietAction`), and the operator names of its `Condition` (a
 * table of valid names). The copy counts those strings as plain text without reading their
 * characters (about half the characters of a typical document, issue #16: one-shot) and says so
 * in the measure (`unread`); `parseCopiedPolicy` trusts such a measure only when the validator
 * found no error. {@link ANYWHERE}: any other place (nothing taken unread).
 */
const ANYWHERE = 0;
/** The document itself. */
const DOCUMENT = 1;
/** The value of the document's `Statement`: a statement, or a list of them. */
const STATEMENTS = 2;
/** A statement. */
const STATEMENT = 3;
/** A string read in full (`Version`, `Effect`, an action), or a list of them. */
const CHECKED = 4;
/** The value of a statement's `Condition`: its member names are operators. */
const CONDITION = 5;

/**
 * The place of the member `name` of a value at `place`.
 */
function placeOf(place: number, name: string): number {
  if (place === DOCUMENT) return name === 'Statement' ? STATEMENTS : name === 'Version' ? CHECKED : ANYWHERE;
  if (place === STATEMENT)
    return name === 'Action' || name === 'NotAction' || name === 'Effect'
      ? CHECKED
      : name === 'Condition'
        ? CONDITION
        : ANYWHERE;
  return ANYWHERE;
}

/** The copy depth of `validateWorld` (the values, array and object caps are `checkShape`'s, from the limits). */
const MAX_DEPTH = 48;

/**
 * Values read so far by their JSON text, for {@link Reader}'s copies that stand for many records.
 * The first is keyed only when a second is read: a slice of one user holds one group list and one
 * tag set, and keying costs a JSON text each (issue #16, one-shot).
 */
class Equals {
  private first: object | undefined;
  private seen: Map<string, object> | undefined;
  /** The JSON text of the value {@link find} was last asked about. */
  private id = '';

  /** The value read before with the JSON text of `v`, if any. */
  find(v: object): object | undefined {
    if (this.first === undefined) return undefined;
    this.seen ??= new Map([[JSON.stringify(this.first), this.first]]);
    this.id = JSON.stringify(v);
    return this.seen.get(this.id);
  }

  /** Records `v`, which {@link find} did not find; frozen: nothing may write to it through one record. */
  add<T extends object>(v: T): T {
    Object.freeze(v);
    if (this.first === undefined) this.first = v;
    else this.seen?.set(this.id, v);
    return v;
  }
}

class Reader implements StatementReader, ConditionsReader {
  private nodes = 0;
  /** The same caps as `checkShape`: members of one array or object, values of the whole world. */
  private readonly maxMembers: number;
  private readonly maxNodes: number;
  /** Equal group lists read so far (users hold a few distinct ones): one copy each. */
  private readonly lists = new Equals();
  /** Equal tag sets read so far (a user's, a role's, a resource's): one copy each. */
  private readonly tagSets = new Equals();
  /** The JSON size of the document being copied (as `toJsonTree` measures it). */
  private size = 0;
  /** Whether a string of the document being copied has a character outside the policy set. */
  private foreign = false;
  /** Whether a string of the document being copied was taken as plain text unread ({@link vouched}). */
  private unread = false;
  /** Whether documents are left unread for their parse ({@link CopiedMeasures.deferring}). */
  private readonly defers: boolean;
  /** The depth of the statements of the document being parsed ({@link parseDocument}). */
  private statementDepth = 0;
  /**
   * Whether the policy being parsed takes only ASCII letters and digits in a `Sid` (`strictSid`):
   * the validator then reads each Sid in full and reports anything else as an error, so a Sid is
   * counted as plain text unread (see {@link vouched}).
   */
  private strictSid = false;
  /**
   * The members of the statement being parsed, refilled for each ({@link readStatement}): made with
   * the first parse (most readings parse none).
   */
  private members: StatementMembers | undefined = undefined;

  /**
   * `measures`: receives the measure of every policy document copied (see `parseCopiedPolicy`).
   * `slice`: the world read is that slice (see {@link sectionOf}).
   */
  constructor(
    private readonly measures?: CopiedMeasures,
    limits: Limits = DEFAULT_LIMITS,
    private readonly slice?: PickedWorld,
  ) {
    this.maxMembers = limits.maxArrayLength;
    this.maxNodes = worldValueCap(limits);
    this.defers = slice !== undefined && measures?.defers === true;
  }

  /** A plain object (own prototype `Object.prototype` or none), its keys counted and checked. */
  object(v: unknown): Obj {
    if (!isPlainObject(v) || ++this.nodes > this.maxNodes) throw GIVE_UP;
    return v;
  }

  keys(o: Obj, allowed?: ReadonlySet<string>): string[] {
    const keys = Object.keys(o);
    if (keys.length > this.maxMembers) throw GIVE_UP;
    for (const k of keys) if (RESERVED.has(k) || (allowed && !allowed.has(k)) || o[k] === undefined) throw GIVE_UP;
    return keys;
  }

  array(v: unknown): unknown[] {
    if (!Array.isArray(v) || v.length > this.maxMembers) throw GIVE_UP;
    if (++this.nodes > this.maxNodes) throw GIVE_UP;
    return v;
  }

  /**
   * A deep copy of plain JSON data with prototype-free objects (what `validateWorld` hands on).
   * `place`: where the value sits in a policy document, for the strings the validator reads in full
   * (see {@link vouched}); {@link ANYWHERE} below the places it knows.
   */
  copy(v: unknown, depth = 0, place = ANYWHERE): unknown {
    switch (typeof v) {
      case 'string':
        this.text(v);
        return v;
      case 'boolean':
        this.size += v ? 4 : 5;
        return v;
      case 'number':
        // NaN and the infinities are no JSON: the full path reports them.
        if (!Number.isFinite(v)) throw GIVE_UP;
        this.size += String(v).length;
        return v;
      case 'object':
        break;
      default:
        throw GIVE_UP;
    }
    if (v === null) {
      this.size += 4;
      return v;
    }
    if (depth > MAX_DEPTH) throw GIVE_UP;
    this.size += 2;
    if (Array.isArray(v)) {
      const a = this.array(v);
      const out = new Array<unknown>(a.length);
      // The objects of a statement list are statements; the strings of a checked list are checked.
      const inner = place === STATEMENTS ? STATEMENT : ANYWHERE;
      for (let i = 0; i < a.length; i++) {
        // A string (most members of a document) measured here, without a call of `copy` for it.
        const item = a[i];
        if (typeof item === 'string') {
          if (place === CHECKED) this.vouched(item);
          else this.text(item);
          out[i] = item;
        } else out[i] = this.copy(item, depth + 1, inner);
      }
      if (a.length > 1) this.size += a.length - 1;
      return out;
    }
    const o = this.object(v);
    const out: Obj = documentObject();
    // `keys` and the copy in one pass: each member read once. Its own members by `for…in` (no list
    // of names made per object, issue #16: one-shot); an inherited one is not the object's.
    let members = 0;
    // A `Statement` that is one object is the statement.
    if (place === STATEMENTS) place = STATEMENT;
    for (const k in o) {
      if (!isOwn(o, k)) continue;
      if (++members > this.maxMembers) throw GIVE_UP;
      const known = NAME_SIZES.get(k);
      if (known !== undefined) this.size += known + 1;
      else if (RESERVED.has(k)) throw GIVE_UP;
      else if (place === CONDITION) this.vouched(k, 1);
      else this.text(k, 1);
      const member = o[k];
      const at = place === ANYWHERE ? ANYWHERE : placeOf(place, k);
      if (typeof member === 'string') {
        if (at === CHECKED) this.vouched(member);
        else this.text(member);
        out[k] = member;
      } else {
        if (member === undefined) throw GIVE_UP;
        out[k] = this.copy(member, depth + 1, at);
      }
    }
    if (members > 1) this.size += members - 1;
    return out;
  }

  /**
   * Adds a string the validator reads in full to the measure as plain text, unread (and `extra`, a
   * member name's colon): see {@link TreeMeasure.unread}.
   */
  private vouched(text: string, extra = 0): void {
    this.size += text.length + 2 + extra;
    this.unread = true;
  }

  /** Adds a string of the document being copied (and `extra`, a member name's colon) to its measure. */
  private text(text: string, extra = 0): void {
    if (isPlainText(text)) this.size += text.length + 2 + extra;
    else {
      this.measureText(text);
      this.size += extra;
    }
  }

  /** {@link measureText} into this document's measure (a string that is not plain text). */
  private measureText(text: string): void {
    const m: TreeMeasure = { size: 0, foreign: false };
    measureText(text, m);
    this.size += m.size;
    if (m.foreign) this.foreign = true;
  }

  /**
   * A policy document: any JSON object (its policy is checked later by the policy parser), copied,
   * or left unread for its parse by a deferring reading ({@link CopiedMeasures.deferring}).
   */
  document(v: unknown): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw GIVE_UP;
    if (this.defers) return (this.measures as CopiedMeasures).defer(v, this);
    this.size = 0;
    this.foreign = false;
    this.unread = false;
    const out = this.copy(v, 0, DOCUMENT) as Obj;
    this.measures?.set(out, { size: this.size, foreign: this.foreign, unread: this.unread });
    return out;
  }

  /**
   * The policy of the caller's document `v` under `options`, read once as it is validated: each
   * member read once, checked as {@link copy} checks it (prototype, caps, depth, JSON values) and
   * measured as `copy` measures it; `Version`, `Id`, the statements and their `Condition` read
   * here, every other value copied (so the policy never holds a caller's array or object), and all
   * of it checked by the validator's own code (`readMembers`, `readStatementMembers`, the condition
   * readers) as it is read. Gives up (throws) on anything
   * `parsePolicy` of a copy would report as an error, on anything `copy` would give up on, and for
   * a resource control policy (its rules read a statement again); its warnings are the validator's.
   */
  parseDocument(v: object, options: ParsePolicyOptions): ParsePolicyResult {
    const type: unknown = options.type;
    if (!isPolicyType(type) || type === 'rcp') throw GIVE_UP;
    const strictSid = strictSidOf(type, options);
    const maxSize = maxSizeOf(type, options);
    this.strictSid = strictSid;
    this.size = 2;
    this.foreign = false;
    this.unread = false;
    const o = this.object(v);
    let version: string | undefined;
    let id: string | undefined;
    let statement: unknown;
    let members = 0;
    for (const k in o) {
      if (!isOwn(o, k)) continue;
      if (++members > this.maxMembers) throw GIVE_UP;
      const member = o[k];
      // Anything but a string `Version` and `Id` and some `Statement` is an error (or no JSON).
      if (k === 'Version' && typeof member === 'string') this.vouched((version = member));
      else if (k === 'Id' && typeof member === 'string') this.text((id = member));
      else if (k === 'Statement' && member !== undefined) statement = member;
      else throw GIVE_UP;
      // A member name of a policy is plain ASCII: its quotes and its colon.
      this.size += k.length + 3;
    }
    if (members > 1) this.size += members - 1;
    const statements = this.statements(statement);
    // The reader itself reads the statements and their conditions for the validator (no closure
    // per reading: see `StatementReader`).
    this.members ??= statementMembers(true, this);
    const sink = new IssueSink();
    const policy = readMembers(
      version,
      id,
      statements,
      { type, strictSid, maxSize, size: this.size, foreignCharacters: this.foreign },
      sink,
      this,
    );
    // A foreign character or a size over the quota is an error; with no error, the strings counted
    // unread were plain ASCII, and the measure is exact (see `TreeMeasure.unread`).
    if (sink.hasErrors || this.foreign || (maxSize !== false && this.size > maxSize)) throw GIVE_UP;
    return { ok: true, policy, warnings: sink.issues };
  }

  /**
   * A document's `Statement`: one statement object, or a list of them read into an array of our
   * own (each item read once; anything but an object is an error).
   */
  private statements(v: unknown): JsonValue {
    if (typeof v !== 'object' || v === null) throw GIVE_UP;
    // (A statement object is measured as it is read.)
    if (!Array.isArray(v)) {
      this.statementDepth = 1;
      return v as JsonObject;
    }
    this.size += 2;
    const a = this.array(v);
    const length = a.length;
    const out = new Array<JsonObject>(length);
    for (let i = 0; i < length; i++) {
      const item: unknown = a[i];
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw GIVE_UP;
      out[i] = item as JsonObject;
    }
    if (length > 1) this.size += length - 1;
    this.statementDepth = 2;
    return out;
  }

  /**
   * One statement of the document being parsed, the caller's object `v`: its members read once
   * into {@link members} (a string as it is, a `Condition` left to {@link readConditions}, anything
   * else copied), then checked by the validator.
   */
  readStatement(v: JsonObject, ctx: StatementContext): Statement {
    const depth = this.statementDepth;
    const o = this.object(v);
    this.size += 2;
    const m = this.members as StatementMembers;
    m.sid = m.effect = m.principal = m.notPrincipal = undefined;
    m.action = m.notAction = m.resource = m.notResource = m.condition = undefined;
    let members = 0;
    for (const k in o) {
      if (!isOwn(o, k)) continue;
      if (++members > this.maxMembers) throw GIVE_UP;
      const member = o[k];
      if (member === undefined) throw GIVE_UP;
      switch (k) {
        case 'Sid':
          m.sid = this.member(member, depth, this.strictSid ? CHECKED : ANYWHERE);
          break;
        case 'Effect':
          m.effect = this.member(member, depth, CHECKED);
          break;
        case 'Principal':
          m.principal = this.member(member, depth, ANYWHERE);
          break;
        case 'NotPrincipal':
          m.notPrincipal = this.member(member, depth, ANYWHERE);
          break;
        case 'Action':
          m.action = this.member(member, depth, CHECKED);
          break;
        case 'NotAction':
          m.notAction = this.member(member, depth, CHECKED);
          break;
        case 'Resource':
          m.resource = this.member(member, depth, ANYWHERE);
          break;
        case 'NotResource':
          m.notResource = this.member(member, depth, ANYWHERE);
          break;
        case 'Condition':
          // Read as it is checked (see `conditions`).
          m.condition = member as JsonValue;
          break;
        default:
          // An unknown statement member is an error.
          throw GIVE_UP;
      }
      this.size += k.length + 3;
    }
    if (members > 1) this.size += members - 1;
    // The statement object itself is read again only by the rules of a resource control policy,
    // which this reader does not parse.
    return readStatementMembers(m, ctx, v);
  }

  /**
   * The clauses of the caller's `Condition` value `v` of the statement being parsed, read once as
   * they are checked by the validator's own code (`readOperator`, `readKey`, `adviseOnKeys`) and
   * measured as {@link copy} measures it (operator names unread, see {@link vouched}); anything
   * but an object of objects of condition values is an error, or a value the copy would not take.
   */
  readConditions(v: JsonValue, effect: Effect | undefined, ctx: StatementContext): ConditionClause[] {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw GIVE_UP;
    const depth = this.statementDepth + 1;
    const o = this.object(v);
    this.size += 2;
    const clauses: ConditionClause[] = [];
    let members = 0;
    for (const operator in o) {
      if (!isOwn(o, operator)) continue;
      if (++members > this.maxMembers || RESERVED.has(operator)) throw GIVE_UP;
      this.vouched(operator, 1);
      const block: unknown = o[operator];
      const parsed = readOperator(operator, ctx);
      if (typeof block !== 'object' || block === null || Array.isArray(block)) throw GIVE_UP;
      this.block(block, operator, parsed, clauses, ctx, depth + 1);
    }
    if (members > 1) this.size += members - 1;
    adviseOnKeys(clauses, effect, ctx);
    return clauses;
  }

  /** One operator block of {@link readConditions}: its keys in the validator's order, each read once. */
  private block(
    v: object,
    operator: string,
    parsed: KnownOperator | OperatorNameProblem,
    clauses: ConditionClause[],
    ctx: StatementContext,
    depth: number,
  ): void {
    const o = this.object(v);
    this.size += 2;
    const keys = Object.keys(o);
    if (keys.length > this.maxMembers) throw GIVE_UP;
    const seen = keys.length > 1 ? new Map<string, string>() : undefined;
    for (const key of keys) {
      if (RESERVED.has(key)) throw GIVE_UP;
      const raw: unknown = o[key];
      if (raw === undefined) throw GIVE_UP;
      this.text(key, 1);
      readKey(key, this.conditionValue(raw, depth + 1), operator, parsed, seen, clauses, ctx);
    }
    if (keys.length > 1) this.size += keys.length - 1;
  }

  /**
   * A condition value read and measured as {@link copy} does: a string, number or boolean, or an
   * array of them read into one of our own; anything else is an error, or a value the copy would
   * not take.
   */
  private conditionValue(v: unknown, depth: number): JsonValue {
    if (typeof v !== 'object') return this.scalar(v);
    if (!Array.isArray(v) || depth > MAX_DEPTH) throw GIVE_UP;
    const a = this.array(v);
    const length = a.length;
    const out = new Array<JsonValue>(length);
    for (let i = 0; i < length; i++) out[i] = this.scalar(a[i]);
    this.size += 2 + (length > 1 ? length - 1 : 0);
    return out;
  }

  /** A string, finite number or boolean, measured as {@link copy} measures it. */
  private scalar(v: unknown): JsonValue {
    if (typeof v === 'string') this.text(v);
    else if (typeof v === 'number' && Number.isFinite(v)) this.size += String(v).length;
    else if (typeof v === 'boolean') this.size += v ? 4 : 5;
    else throw GIVE_UP;
    return v;
  }

  /** A statement member's value, measured as {@link copy} measures it at `place`: a string, or a copy. */
  private member(v: unknown, depth: number, place: number): JsonValue {
    if (typeof v !== 'string') return this.copy(v, depth + 1, place) as JsonValue;
    if (place === CHECKED) this.vouched(v);
    else this.text(v);
    return v;
  }

  /** A policy reference: a managed policy ARN, `{ name, document }`, or a document. */
  policyRef(v: unknown): unknown {
    if (typeof v === 'string') {
      if (!POLICY_ARN.test(v)) throw GIVE_UP;
      return v;
    }
    const o = this.object(v);
    if (Object.prototype.hasOwnProperty.call(o, 'name') || Object.prototype.hasOwnProperty.call(o, 'document')) {
      // Only the exact named form; anything mixed is left to the schema.
      this.keys(o, NAMED);
      if (typeof o.name !== 'string' || o.name.length === 0) throw GIVE_UP;
      const out: Obj = documentObject();
      out.name = o.name;
      out.document = this.document(o.document);
      return out;
    }
    return this.document(o);
  }

  policyRefs(v: unknown): unknown[] {
    const a = this.array(v);
    const out = new Array<unknown>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = this.policyRef(a[i]);
    return out;
  }

  strings(v: unknown, max: number, test?: (s: string) => boolean): string[] {
    const a = this.array(v);
    if (a.length > max) throw GIVE_UP;
    for (const s of a) if (typeof s !== 'string' || (test && !test(s))) throw GIVE_UP;
    return [...(a as string[])];
  }

  tags(v: unknown): Obj {
    const o = this.object(v);
    const keys = this.keys(o);
    if (keys.length > 50) throw GIVE_UP;
    const out: Obj = documentObject();
    for (const k of keys) {
      const value = o[k];
      if (k.length < 1 || k.length > 128 || typeof value !== 'string' || value.length > 256) throw GIVE_UP;
      out[k] = value;
    }
    return out;
  }

  /**
   * An equal tag set read before, else `v`: the world's users hold a few distinct tag sets, and the
   * copy is never written (issue #16: compact compiled form).
   */
  onceTags(v: Obj): Obj {
    return (this.tagSets.find(v) as Obj | undefined) ?? this.tagSets.add(v);
  }

  /**
   * {@link strings} once: a list equal to one read before is that one, and its members are tested
   * (`test`: a group ARN each) only the first time (users hold a few group lists).
   */
  onceStrings(v: unknown, max: number, test: (s: string) => boolean): string[] {
    const a = this.array(v);
    if (a.length > max) throw GIVE_UP;
    const copy = [...a];
    for (const s of copy) if (typeof s !== 'string') throw GIVE_UP;
    const known = this.lists.find(copy);
    if (known !== undefined) return known as string[];
    for (const s of copy as string[]) if (!test(s)) throw GIVE_UP;
    return this.lists.add(copy) as string[];
  }

  /** Reads the members of a record with one reader per member; unknown members give up. */
  record(v: unknown, fields: Fields, defaults?: (out: Obj) => void): Obj {
    const o = this.object(v);
    const out: Obj = documentObject();
    // {@link keys} and the read in one pass: each member read once (`fields` has no reserved name).
    // Its own members by `for…in`, as a document's (no list of names made per record).
    let members = 0;
    for (const k in o) {
      if (!isOwn(o, k)) continue;
      if (++members > this.maxMembers) throw GIVE_UP;
      const read = fields[k];
      if (read === undefined) throw GIVE_UP;
      const member = o[k];
      if (member === undefined) throw GIVE_UP;
      out[k] = read(this, member);
    }
    defaults?.(out);
    return out;
  }

  /** A section this reader does not read: absent or empty, else the full path takes the world. */
  skipped(v: unknown): Obj {
    if (v !== undefined && this.keys(this.object(v)).length > 0) throw GIVE_UP;
    return documentObject();
  }

  /** {@link skipped} for the section `name` of the world being read, `v` (see {@link sectionOf}). */
  skippedOf(v: unknown, name: PickedSection): Obj {
    if (this.slice === undefined) return this.skipped(v);
    if (this.slice.picked.has(name)) throw GIVE_UP;
    return documentObject();
  }

  /**
   * The slice's whole sections (`world`'s own accounts, organization, identity providers and
   * instance profiles), the slice counted and checked as its world object would be (see
   * {@link PickedWorld.build}).
   */
  wholeOf(p: PickedWorld): Obj {
    if (++this.nodes > this.maxNodes) throw GIVE_UP;
    const out: Obj = documentObject();
    let members = p.picked.size;
    for (const s of WHOLE_SECTIONS) {
      if (!Object.prototype.hasOwnProperty.call(p.world, s)) continue;
      const section = p.world[s];
      if (section === undefined) throw GIVE_UP;
      out[s] = section;
      members++;
    }
    if (members > this.maxMembers) throw GIVE_UP;
    return out;
  }

  /**
   * The section `name` of the world being read: the world's own, `v`, or, for a
   * {@link PickedWorld}, the records picked (counted and checked as the slice world's section would
   * be). The world's section is read by the caller, by name (a look-up by a constant name each).
   * `key` refuses the reserved names ({@link notReserved}), as in {@link section}.
   */
  sectionOf(
    v: unknown,
    name: PickedSection,
    key: (k: string) => boolean,
    value: (r: Reader, v: unknown) => unknown,
  ): Obj {
    if (this.slice === undefined) return this.section(v, key, value);
    const out: Obj = documentObject();
    const records = this.slice.picked.get(name);
    if (records === undefined) return out;
    if (++this.nodes > this.maxNodes || records.size > this.maxMembers) throw GIVE_UP;
    for (const [k, record] of records) {
      if (!key(k) || record === undefined) throw GIVE_UP;
      out[k] = value(this, record);
    }
    return out;
  }

  /**
   * A section: an object of records keyed by names that pass `key`, which refuses the reserved names
   * ({@link notReserved}). A {@link DocumentObject}, as the records are: `Object.create(null)` made a
   * dictionary-mode object (a hash table) whose making and `Object.keys` cost 45–110 ns each against
   * 10–25 ns, about 5% of compiling the small world (issue #16, one-shot).
   */
  section(v: unknown, key: (k: string) => boolean, value: (r: Reader, v: unknown) => unknown): Obj {
    const out: Obj = documentObject();
    if (v === undefined) return out;
    const o = this.object(v);
    // {@link keys} and the read in one pass: each member read once.
    const keys = Object.keys(o);
    if (keys.length > this.maxMembers) throw GIVE_UP;
    for (const k of keys) {
      if (!key(k)) throw GIVE_UP;
      const member = o[k];
      if (member === undefined) throw GIVE_UP;
      out[k] = value(this, member);
    }
    return out;
  }

  /**
   * {@link section} for a section keyed by account ids (the world's accounts, an organization's
   * targets), its own members read by `for…in`: an account id is an integer-like key, which V8 looks
   * up by a slow path (~60 ns a member) when it comes from a list of names, but reads from the
   * enumeration's own cache inside `for…in` (issue #16: every world with an organization has them).
   * Not for the other sections: one of more than about a thousand members is a hash table, which
   * `for…in` walks no faster while each member's ownership is tested again.
   */
  idSection(v: unknown, key: (k: string) => boolean, value: (r: Reader, v: unknown) => unknown): Obj {
    const out: Obj = documentObject();
    if (v === undefined) return out;
    const o = this.object(v);
    let members = 0;
    for (const k in o) {
      if (!isOwn(o, k)) continue;
      if (++members > this.maxMembers || !key(k)) throw GIVE_UP;
      const member = o[k];
      if (member === undefined) throw GIVE_UP;
      out[k] = value(this, member);
    }
    return out;
  }
}

type Fields = Readonly<Record<string, (r: Reader, v: unknown) => unknown>>;

const NAMED = new Set(['name', 'document']);
/**
 * A record's readers by member name, without a prototype (`constructor` or `__proto__` is no
 * member) and in fast mode: `Object.create(null)` would make each look-up a hash-table probe.
 */
const fields = (f: Record<string, (r: Reader, v: unknown) => unknown>): Fields =>
  Object.setPrototypeOf({ ...f }, null) as Fields;

const string = (_: Reader, v: unknown) => {
  if (typeof v !== 'string') throw GIVE_UP;
  return v;
};
const nonEmpty = (_: Reader, v: unknown) => {
  if (typeof v !== 'string' || v.length === 0) throw GIVE_UP;
  return v;
};
const upTo128 = (_: Reader, v: unknown) => {
  if (typeof v !== 'string' || v.length > 128) throw GIVE_UP;
  return v;
};
const boolean = (_: Reader, v: unknown) => {
  if (typeof v !== 'boolean') throw GIVE_UP;
  return v;
};
const accountId = (_: Reader, v: unknown) => {
  if (typeof v !== 'string' || !ACCOUNT_ID.test(v)) throw GIVE_UP;
  return v;
};
const isoTime = (_: Reader, v: unknown) => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(parseDate(v))) throw GIVE_UP;
  return v;
};
const kind = (_: Reader, v: unknown) => {
  if (typeof v !== 'string' || !KINDS.has(v)) throw GIVE_UP;
  return v;
};
const tags = (r: Reader, v: unknown) => r.onceTags(r.tags(v));
const document = (r: Reader, v: unknown) => r.document(v);
const policyRef = (r: Reader, v: unknown) => r.policyRef(v);
const policyRefs = (r: Reader, v: unknown) => r.policyRefs(v);
const isGroupArn = (s: string) => isIamEntityArn(s, 'group');

const ACCOUNT = fields({ org: string, parents: (r, v) => r.strings(v, Infinity), name: string });
const ORGANIZATION = fields({
  id: nonEmpty,
  rootId: nonEmpty,
  managementAccount: accountId,
  scps: (r, v) => r.idSection(v, notReserved, policyRefs),
  rcps: (r, v) => r.idSection(v, notReserved, policyRefs),
});
const USER = fields({
  userId: upTo128,
  path: string,
  policies: policyRefs,
  groups: (r, v) => r.onceStrings(v, 10, isGroupArn),
  permissionsBoundary: policyRef,
  tags,
  mfaDevices: (r, v) => r.strings(v, 8),
  // Access keys and passwords are left to the schema (their own rules), unless there are none.
  accessKeys: (r, v) => {
    if (r.array(v).length > 0) throw GIVE_UP;
    return NONE;
  },
});
const GROUP = fields({ groupId: string, policies: policyRefs });
const ROLE = fields({
  roleId: upTo128,
  path: string,
  trustPolicy: document,
  policies: policyRefs,
  permissionsBoundary: policyRef,
  tags,
  maxSessionDuration: (_, v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 3600 || v > 43200) throw GIVE_UP;
    return v;
  },
  serviceLinked: boolean,
  description: string,
  lastUsed: isoTime,
  created: isoTime,
});
const RESOURCE_POLICY = fields({ kind, strict: boolean, policy: document, resource: string, account: accountId });
const RESOURCE = fields({
  account: accountId,
  tags,
  policy: document,
  kind,
  strict: boolean,
  type: string,
  awsManaged: boolean,
});

function managedPolicy(r: Reader, v: unknown): unknown {
  const o = r.object(v);
  if (Object.prototype.hasOwnProperty.call(o, 'name') || Object.prototype.hasOwnProperty.call(o, 'document')) {
    r.keys(o, NAMED);
    if (o.name !== undefined && typeof o.name !== 'string') throw GIVE_UP;
    const out: Obj = documentObject();
    if (o.name !== undefined) out.name = o.name;
    out.document = r.document(o.document);
    return out;
  }
  return r.document(o);
}

/** An absent list: one frozen empty array for every record (the copy is never written). */
const NONE: readonly unknown[] = Object.freeze([]);
/*
 * A record's absent optional members, each tested and set by name (one store whose place is known),
 * in the schema's order; not a list of names walked per record, each tested and stored by a computed
 * key (~3% of reading a lazy slice, issue #16: one-shot).
 */
const USER_DEFAULTS = (out: Obj) => {
  if (!('policies' in out)) out.policies = NONE;
  if (!('groups' in out)) out.groups = NONE;
  if (!('mfaDevices' in out)) out.mfaDevices = NONE;
  if (!('accessKeys' in out)) out.accessKeys = NONE;
};
const GROUP_DEFAULTS = (out: Obj) => {
  if (!('policies' in out)) out.policies = NONE;
};
const ROLE_DEFAULTS = (out: Obj) => {
  if (!('trustPolicy' in out)) throw GIVE_UP;
  if (!('policies' in out)) out.policies = NONE;
  if (!('maxSessionDuration' in out)) out.maxSessionDuration = 3600;
  if (!('serviceLinked' in out)) out.serviceLinked = false;
};
const ACCOUNT_DEFAULTS = (out: Obj) => {
  if (!('parents' in out)) out.parents = NONE;
};
const ORGANIZATION_REQUIRED = (out: Obj) => {
  if (!('id' in out && 'rootId' in out && 'managementAccount' in out)) throw GIVE_UP;
};
const RESOURCE_POLICY_DEFAULTS = (out: Obj) => {
  if (!('policy' in out)) throw GIVE_UP;
  if (!('kind' in out)) out.kind = 'generic';
};
const RESOURCE_DEFAULTS = (out: Obj) => {
  if (!('kind' in out)) out.kind = 'generic';
};

// A section's key tests and record readers, made once (not a closure per reading).
const isAccountId = (k: string) => ACCOUNT_ID.test(k);
const isPolicyArn = (k: string) => POLICY_ARN.test(k);
const isUserArn = (k: string) => isIamEntityArn(k, 'user');
const isRoleArn = (k: string) => isIamEntityArn(k, 'role');
const account = (r: Reader, v: unknown) => r.record(v, ACCOUNT, ACCOUNT_DEFAULTS);
const user = (r: Reader, v: unknown) => r.record(v, USER, USER_DEFAULTS);
const group = (r: Reader, v: unknown) => r.record(v, GROUP, GROUP_DEFAULTS);
const role = (r: Reader, v: unknown) => r.record(v, ROLE, ROLE_DEFAULTS);
const resourcePolicy = (r: Reader, v: unknown) => r.record(v, RESOURCE_POLICY, RESOURCE_POLICY_DEFAULTS);
const resource = (r: Reader, v: unknown) => r.record(v, RESOURCE, RESOURCE_DEFAULTS);

/**
 * Reads a world in one pass when it only holds what this reader handles and nothing is wrong with
 * it; `undefined` otherwise (the caller then runs the full validation). Never throws. `measures`
 * receives the JSON size and character set of every policy document copied, so that the policy
 * parser need not copy and measure it again (`parseCopiedPolicy`); it is left partly filled when
 * the reader gives up (the caller then drops it).
 */
export function readWorldFast(
  input: unknown,
  measures?: CopiedMeasures,
  limits: Limits = DEFAULT_LIMITS,
): World | undefined {
  try {
    if (PickedWorld.is(input)) {
      const r = new Reader(measures, limits, input);
      return readSections(r, r.wholeOf(input));
    }
    const r = new Reader(measures, limits);
    const o = r.object(input);
    r.keys(o, WORLD_KEYS);
    return readSections(r, o);
  } catch {
    // GIVE_UP, or anything the input threw at us (a getter): the full path decides and reports.
    return undefined;
  }
}

/**
 * The policy of the caller's document `doc` read once as it is validated, as the compiler of a lazy
 * slice gets it (see {@link CopiedMeasures.parse}); `undefined` where that path gives up (the world
 * is then read again with its documents copied). For tests and tools: never throws.
 */
export function parseCallerDocument(
  doc: object,
  options: ParsePolicyOptions,
  limits: Limits = DEFAULT_LIMITS,
): ParsePolicyResult | undefined {
  try {
    return new Reader(undefined, limits).parseDocument(doc, options);
  } catch {
    return undefined;
  }
}

/** The sections of a world `o` (or of the slice the reader is given: its whole sections) read. */
function readSections(r: Reader, o: Obj): World {
  const out: Obj = documentObject();
  out.accounts = r.idSection(o.accounts, isAccountId, account);
  if (o.organization !== undefined) out.organization = r.record(o.organization, ORGANIZATION, ORGANIZATION_REQUIRED);
  out.managedPolicies = r.sectionOf(o.managedPolicies, 'managedPolicies', isPolicyArn, managedPolicy);
  out.users = r.sectionOf(o.users, 'users', isUserArn, user);
  out.groups = r.sectionOf(o.groups, 'groups', isGroupArn, group);
  out.roles = r.sectionOf(o.roles, 'roles', isRoleArn, role);
  // Each by name (one store each, not a store by a computed key).
  out.instanceProfiles = r.skipped(o.instanceProfiles);
  out.sessions = r.skippedOf(o.sessions, 'sessions');
  out.userSessions = r.skippedOf(o.userSessions, 'userSessions');
  out.identityProviders = r.skipped(o.identityProviders);
  out.vpcEndpoints = r.skippedOf(o.vpcEndpoints, 'vpcEndpoints');
  out.resourcePolicies = r.sectionOf(o.resourcePolicies, 'resourcePolicies', notReserved, resourcePolicy);
  out.resources = r.sectionOf(o.resources, 'resources', notReserved, resource);
  return out as unknown as World;
}
