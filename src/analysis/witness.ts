/**
 * Witness values: for one request-time key, a finite set of values that meets every equivalence
 * class the world's clauses over that key distinguish — each literal, a value just inside and just
 * outside each CIDR, number and date bound, a value matching no pattern, and the key absent.
 * Which witnesses really differ is then decided by the engine (see `atoms.ts`).
 */
import ipaddr from 'ipaddr.js';
import type { ConditionClause } from '../policy/ast.js';
import type { ContextInputValue } from '../condition/context.js';
import { isMultivalued } from './keys.js';

/** One witness: a value for the key, or `undefined` for "absent". */
export interface Witness {
  readonly value: ContextInputValue | undefined;
}

/** A value no pattern of a world is expected to match. */
export const OTHER = 'iam-verdict-other';

const STRING_OPS = /^(String|Arn)/;

/** Keys the engine derives for every request. */
export const ALWAYS_PRESENT: ReadonlySet<string> = new Set(['aws:currenttime', 'aws:epochtime']);

/** Instances of a string pattern: wildcards made empty, and made non-empty. */
function instances(pattern: string): string[] {
  if (!/[*?]/.test(pattern)) return [pattern];
  return [pattern.replace(/\*/g, '').replace(/\?/g, 'x'), pattern.replace(/\*/g, 'zz').replace(/\?/g, 'y')];
}

/** Adds `delta` (±1) to an address's bytes, or `undefined` on overflow. */
function step(bytes: number[], delta: 1 | -1): number[] | undefined {
  const out = [...bytes];
  for (let i = out.length - 1; i >= 0; i--) {
    const v = (out[i] as number) + delta;
    if (v >= 0 && v <= 255) {
      out[i] = v;
      return out;
    }
    out[i] = delta === 1 ? 0 : 255;
  }
  return undefined;
}

function ipWitnesses(cidr: string): string[] {
  try {
    const text = cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`;
    const [addr, bits] = ipaddr.parseCIDR(text);
    const bytes = addr.toByteArray();
    const first = bytes.map((b, i) => {
      const keep = Math.max(0, Math.min(8, bits - i * 8));
      return b & ((0xff << (8 - keep)) & 0xff);
    });
    const last = first.map((b, i) => {
      const keep = Math.max(0, Math.min(8, bits - i * 8));
      return b | (0xff >> keep);
    });
    const out = [ipaddr.fromByteArray(first).toString()];
    for (const b of [step(first, -1), step(last, 1)]) if (b) out.push(ipaddr.fromByteArray(b).toString());
    if (last.join() !== first.join()) out.push(ipaddr.fromByteArray(last).toString());
    return out;
  } catch {
    return [];
  }
}

function dateWitnesses(v: string): string[] {
  const t = /^-?\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (!Number.isFinite(t)) return [v];
  return [t - 1000, t, t + 1000]
    .filter((x) => Math.abs(x) < 8.64e15)
    .map((x) => new Date(x).toISOString().replace('.000Z', 'Z'));
}

function numberWitnesses(v: string): string[] {
  const n = Number(v);
  if (!Number.isFinite(n)) return [v];
  return [n - 1, n, n + 1, n - 0.5, n + 0.5].map(String);
}

/** Scalar witnesses of one clause. */
function clauseScalars(c: ConditionClause): string[] {
  const out: string[] = [];
  for (const v of c.values) {
    if (c.base === 'Bool') out.push('true', 'false');
    else if (c.base === 'IpAddress' || c.base === 'NotIpAddress') out.push(...ipWitnesses(v));
    else if (c.base.startsWith('Date')) out.push(...dateWitnesses(v));
    else if (c.base.startsWith('Numeric')) out.push(...numberWitnesses(v));
    else if (STRING_OPS.test(c.base)) {
      out.push(...instances(v));
      if (c.base.includes('IgnoreCase')) out.push(v.toUpperCase(), v.toLowerCase());
    } else if (c.base !== 'Null') out.push(v);
  }
  return out;
}

/**
 * The witnesses of one key: absent, each scalar witness, a value matching nothing and, for
 * multivalued keys or set operators, lists (empty, single values, all literals, a literal with an
 * outsider); with `ForAllValues`, also the empty string (a set of only empty values).
 */
export function witnessesFor(keyLower: string, clauses: readonly ConditionClause[]): Witness[] {
  const scalars = new Set<string>();
  let sets = isMultivalued(keyLower);
  let ips = false;
  for (const c of clauses) {
    for (const s of clauseScalars(c)) scalars.add(s);
    if (c.set) sets = true;
    // Only empty values are a "null data set": ForAllValues holds on them vacuously (spec §3.6),
    // unlike on any other present value.
    if (c.set === 'ForAllValues') scalars.add('');
    if (c.base === 'IpAddress' || c.base === 'NotIpAddress') ips = true;
  }
  if (ips) scalars.add('203.0.113.77');
  else if (keyLower === 'aws:currenttime') scalars.add('2025-06-01T12:00:00Z');
  else if (keyLower === 'aws:epochtime') scalars.add('1748779200');
  else if (![...scalars].some((s) => s === OTHER)) scalars.add(OTHER);
  // The engine always knows the request time: time keys are never absent.
  const out: Witness[] = ALWAYS_PRESENT.has(keyLower) ? [] : [{ value: undefined }];
  if (!sets) {
    for (const s of scalars) out.push({ value: s });
    return out;
  }
  const list = [...scalars];
  out.push({ value: [] });
  for (const s of list) out.push({ value: [s] });
  const literals = list.filter((s) => s !== OTHER);
  if (literals.length > 1) out.push({ value: literals });
  if (literals.length > 0) out.push({ value: [literals[0] as string, OTHER] });
  return out;
}
