/**
 * Residual conditions: what must hold of the request-time keys for a request to be allowed.
 * A residual is a small boolean formula whose atoms are condition clauses of the world's own
 * policies; an atom is decided by the engine itself (a one-statement policy holding the clause),
 * never by a re-implementation of the condition operators.
 */
import { compilePolicySet, type PolicySet } from '../evaluate/evaluate.js';
import type { ContextInputValue } from '../condition/context.js';

/** One condition clause as an atom: `{ operator: { key: values } }`. */
export interface Atom {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** A residual condition over request-time keys. */
export type Residual =
  | { readonly op: 'true' }
  | { readonly op: 'false' }
  | { readonly op: 'atom'; readonly atom: Atom; readonly negated: boolean }
  | { readonly op: 'and' | 'or'; readonly of: readonly Residual[] };

/** An assignment of request-time keys: a value, or `undefined` for "absent". */
export type Assignment = Readonly<Record<string, ContextInputValue | undefined>>;

export const TRUE: Residual = { op: 'true' };
export const FALSE: Residual = { op: 'false' };

const PROBE_PRINCIPAL = 'arn:aws:iam::000000000000:user/iam-verdict-probe';
const PROBE_TIME = '2025-06-01T12:00:00Z';

/** Decides atoms with the engine; compiled atoms are cached. */
export class AtomOracle {
  private readonly sets = new Map<string, PolicySet>();
  private readonly memo = new Map<string, boolean>();

  /** The truth of `atom` when the request carries `value` for its key (`undefined`: absent). */
  holds(atom: Atom, value: ContextInputValue | undefined): boolean {
    const id = atomId(atom);
    const memoKey = `${id}\u0001${JSON.stringify(value ?? null)}\u0001${value === undefined}`;
    const known = this.memo.get(memoKey);
    if (known !== undefined) return known;
    let set = this.sets.get(id);
    if (!set) {
      set = compilePolicySet({
        identity: [
          {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: '*',
                Resource: '*',
                Condition: { [atom.operator]: { [atom.key]: [...atom.values] } },
              },
            ],
          },
        ],
      });
      this.sets.set(id, set);
    }
    const context = value === undefined ? {} : { [atom.key]: value };
    const result =
      set.evaluate({
        principal: PROBE_PRINCIPAL,
        action: 'iam-verdict:Probe',
        resource: '*',
        context,
        time: PROBE_TIME,
      }).decision === 'Allow';
    if (this.memo.size < 200_000) this.memo.set(memoKey, result);
    return result;
  }

  /** Evaluates a residual on an assignment (keys compare case-insensitively). */
  evaluate(r: Residual, assignment: Assignment): boolean {
    switch (r.op) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'atom': {
        const v = lookup(assignment, r.atom.key);
        return this.holds(r.atom, v) !== r.negated;
      }
      case 'and':
        return r.of.every((x) => this.evaluate(x, assignment));
      case 'or':
        return r.of.some((x) => this.evaluate(x, assignment));
    }
  }
}

function lookup(a: Assignment, key: string): ContextInputValue | undefined {
  const l = key.toLowerCase();
  for (const k of Object.keys(a)) if (k.toLowerCase() === l) return a[k];
  return undefined;
}

/** A stable identity of an atom. */
export function atomId(a: Atom): string {
  return `${a.operator}\u0000${a.key.toLowerCase()}\u0000${a.values.join('\u0000')}`;
}

/** Conjunction, flattened and simplified. */
export function and(...parts: Residual[]): Residual {
  const of: Residual[] = [];
  for (const p of parts) {
    if (p.op === 'false') return FALSE;
    if (p.op === 'true') continue;
    for (const q of p.op === 'and' ? p.of : [p]) if (!of.some((x) => same(x, q))) of.push(q);
  }
  return of.length === 0 ? TRUE : of.length === 1 ? (of[0] as Residual) : { op: 'and', of };
}

/** Disjunction, flattened and simplified. */
export function or(...parts: Residual[]): Residual {
  const of: Residual[] = [];
  for (const p of parts) {
    if (p.op === 'true') return TRUE;
    if (p.op === 'false') continue;
    for (const q of p.op === 'or' ? p.of : [p]) if (!of.some((x) => same(x, q))) of.push(q);
  }
  return of.length === 0 ? FALSE : of.length === 1 ? (of[0] as Residual) : { op: 'or', of };
}

function same(a: Residual, b: Residual): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The keys a residual mentions (as written). */
export function residualKeys(r: Residual, out = new Map<string, string>()): Map<string, string> {
  if (r.op === 'atom') out.set(r.atom.key.toLowerCase(), r.atom.key);
  else if (r.op === 'and' || r.op === 'or') for (const x of r.of) residualKeys(x, out);
  return out;
}

const SYMBOL: Readonly<Record<string, [string, string]>> = {
  StringEquals: ['=', '!='],
  StringNotEquals: ['!=', '='],
  StringEqualsIgnoreCase: ['=~', '!=~'],
  StringNotEqualsIgnoreCase: ['!=~', '=~'],
  StringLike: ['like', 'not like'],
  StringNotLike: ['not like', 'like'],
  ArnEquals: ['=', '!='],
  ArnLike: ['like', 'not like'],
  ArnNotEquals: ['!=', '='],
  ArnNotLike: ['not like', 'like'],
  NumericEquals: ['=', '!='],
  NumericNotEquals: ['!=', '='],
  NumericLessThan: ['<', '>='],
  NumericLessThanEquals: ['<=', '>'],
  NumericGreaterThan: ['>', '<='],
  NumericGreaterThanEquals: ['>=', '<'],
  DateEquals: ['=', '!='],
  DateNotEquals: ['!=', '='],
  DateLessThan: ['<', '>='],
  DateLessThanEquals: ['<=', '>'],
  DateGreaterThan: ['>', '<='],
  DateGreaterThanEquals: ['>=', '<'],
  Bool: ['=', '!='],
  BinaryEquals: ['=', '!='],
  IpAddress: ['in', 'not in'],
  NotIpAddress: ['not in', 'in'],
};

/** Renders one atom, e.g. `aws:SourceIp in 10.0.0.0/8`. */
export function renderAtom(a: Atom, negated: boolean): string {
  let op = a.operator;
  let set = '';
  const colon = op.indexOf(':');
  if (colon >= 0) {
    set = op.slice(0, colon) === 'ForAllValues' ? 'every value of ' : 'some value of ';
    op = op.slice(colon + 1);
  }
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  if (op === 'Null') {
    const absent = (a.values[0] ?? '').toLowerCase() === 'true';
    return `${a.key} is ${absent !== negated ? 'absent' : 'present'}`;
  }
  const [yes, no] = SYMBOL[op] ?? [op, `not ${op}`];
  const vals = a.values.length === 1 ? (a.values[0] as string) : `[${a.values.join(', ')}]`;
  const sym =
    a.values.length > 1 && (yes === '=' || yes === '!=')
      ? negated
        ? no === '='
          ? 'in'
          : 'not in'
        : yes === '='
          ? 'in'
          : 'not in'
      : negated
        ? no
        : yes;
  const text = `${set}${a.key} ${sym} ${vals}`;
  if (!ifExists) return text;
  return negated ? `${a.key} is present and ${text}` : `${text} (or ${a.key} absent)`;
}

/** Renders a residual as readable text. */
export function renderResidual(r: Residual, top = true): string {
  switch (r.op) {
    case 'true':
      return 'true';
    case 'false':
      return 'false';
    case 'atom':
      return renderAtom(r.atom, r.negated);
    case 'and':
      return r.of.map((x) => renderResidual(x, false)).join(' and ');
    case 'or': {
      const text = r.of
        .map((x) => (x.op === 'and' ? `(${renderResidual(x, false)})` : renderResidual(x, false)))
        .join(' or ');
      return top ? text : `(${text})`;
    }
  }
}
