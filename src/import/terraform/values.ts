/**
 * Attribute values of plan instances: the planned value when known; when unknown until apply, the
 * value the configuration refers to (another resource's derived name or ARN, a variable, a module
 * output, a data source's JSON) when it can be found; otherwise a reported placeholder.
 */
import { isObject, member } from '../input.js';
import { placeholder } from '../placeholder.js';
import type { ImportEnvironment, ImportIssues } from '../result.js';
import { derivedAttributes, type IdentityContext } from './identities.js';
import { moduleCalls, valuePath, type Plan, type TfInstance } from './plan.js';

/** Where a reference is looked up: a module instance, and the index of the referring instance. */
interface Scope {
  readonly module: string;
  readonly index: string | number | undefined;
}

const NOT_FOUND = Symbol('not found');

/** Resolves attribute values of a plan. */
export class PlanValues {
  private readonly derived = new Map<string, Readonly<Record<string, string>>>();
  private readonly identity: IdentityContext;

  constructor(
    private readonly plan: Plan,
    readonly env: ImportEnvironment,
    private readonly issues: ImportIssues,
  ) {
    this.identity = {
      env,
      known: (inst, attr) => {
        const v = inst.values[attr];
        return typeof v === 'string' && v !== '' ? v : undefined;
      },
      madeUp: (inst, name) => issues.warn('unknown-name', inst.path, `the name of ${inst.address} is known only after apply; "${name}" is used instead`),
    };
  }

  /** Derived attributes (name, ARN, …) of an instance. */
  identityOf(inst: TfInstance): Readonly<Record<string, string>> {
    let d = this.derived.get(inst.address);
    if (!d) {
      d = derivedAttributes(inst, this.identity);
      this.derived.set(inst.address, d);
    }
    return d;
  }

  /**
   * An attribute's value: the planned value, `null` when unset, else (unknown until apply) the
   * value its configuration refers to, else `undefined`.
   */
  value(inst: TfInstance, attr: string): unknown {
    const v = inst.values[attr];
    if (v !== undefined && v !== null) return v;
    if (inst.unknown[attr] !== true) return null;
    const found = this.expression(member(inst.expressions, attr), inst, 0);
    return found === NOT_FOUND ? undefined : found;
  }

  /** A string attribute; a reported placeholder when unknown; `undefined` when unset. */
  text(inst: TfInstance, attr: string): string | undefined {
    const v = this.value(inst, attr);
    if (typeof v === 'string') return v;
    if (v === null) return undefined;
    if (v === undefined) return this.unresolved(inst, attr);
    return typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }

  /** A list attribute; unknown elements are resolved by position from the references, or reported. */
  list(inst: TfInstance, attr: string): unknown[] {
    const v = inst.values[attr];
    const unknown = inst.unknown[attr];
    const refs = this.attributeRefs(member(inst.expressions, attr));
    if (unknown === true) {
      const resolved = refs.map((r) => this.reference(r, inst, 0)).filter((x) => x !== NOT_FOUND);
      if (resolved.length > 0 && resolved.length === refs.length) return resolved;
      return [this.unresolved(inst, attr)];
    }
    const list = Array.isArray(v) ? v : [];
    const flags = Array.isArray(unknown) ? unknown : [];
    return list.map((x, i) => {
      if (flags[i] !== true) return x;
      const r = refs.length === list.length ? this.reference(refs[i] as string, inst, 0) : NOT_FOUND;
      return r === NOT_FOUND ? this.unresolved(inst, `${attr}[${i}]`) : r;
    });
  }

  /** A placeholder for an attribute known only after apply, reported with its path in the plan. */
  unresolved(inst: TfInstance, attr: string): string {
    this.issues.warn('unknown-after-apply', valuePath(inst, attr), `${inst.address}.${attr} is known only after apply and its configuration does not say what it refers to; it was replaced by a placeholder that matches nothing`);
    return placeholder(this.env.partition, `terraform/${inst.address}.${attr}`);
  }

  private attributeRefs(expr: unknown): string[] {
    const refs = member(expr, 'references');
    if (!Array.isArray(refs)) return [];
    // Each traversal is listed with its prefixes (`aws_iam_role.a.arn`, `aws_iam_role.a`); keep the longest.
    const strings = refs.filter((r): r is string => typeof r === 'string' && !r.startsWith('count.') && !r.startsWith('each.') && r !== 'path.module');
    return strings.filter((r) => !strings.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
  }

  private expression(expr: unknown, scope: Scope, depth: number): unknown {
    if (!isObject(expr) || depth > 16) return NOT_FOUND;
    if (Object.prototype.hasOwnProperty.call(expr, 'constant_value')) return expr.constant_value;
    const refs = this.attributeRefs(expr);
    // Only a single reference can be taken as the whole value (anything else is a template or a call).
    return refs.length === 1 ? this.reference(refs[0] as string, scope, depth + 1) : NOT_FOUND;
  }

  private reference(ref: string, scope: Scope, depth: number): unknown {
    if (depth > 16) return NOT_FOUND;
    const parts = ref.split('.');
    if (parts[0] === 'var' && parts[1]) return this.variable(parts[1], scope, depth);
    if (parts[0] === 'module' && parts[1] && parts[2]) {
      const child = `${scope.module ? `${scope.module}.` : ''}module.${parts[1]}`;
      const output = member(member(this.plan.moduleConfig(child)?.outputs, parts[2]), 'expression');
      return this.expression(output, { module: child, index: undefined }, depth + 1);
    }
    const data = parts[0] === 'data';
    const m = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[("?)([^\]"]*)\3\])?\.([a-z0-9_]+)/.exec(data ? parts.slice(1).join('.') : ref);
    if (!m) return NOT_FOUND;
    const [, type, name, quote, key, attr] = m as unknown as [string, string, string, string, string | undefined, string];
    const candidates = this.plan.instancesOf(scope.module, data ? 'data' : 'managed', type, name);
    const index = key === undefined ? undefined : quote ? key : Number(key);
    const target =
      index !== undefined
        ? candidates.find((c) => c.index === index)
        : candidates.length === 1
          ? candidates[0]
          : candidates.find((c) => c.index !== undefined && c.index === scope.index);
    if (!target) return NOT_FOUND;
    const known = target.values[attr];
    if (known !== undefined && known !== null && target.unknown[attr] !== true) return known;
    const derived = this.identityOf(target)[attr];
    if (derived !== undefined) return derived;
    if (target.unknown[attr] === true) {
      const found = this.expression(member(target.expressions, attr), target, depth + 1);
      if (found !== NOT_FOUND) return found;
    }
    return NOT_FOUND;
  }

  private variable(name: string, scope: Scope, depth: number): unknown {
    if (scope.module === '') {
      const v = this.plan.variable(name);
      return v === undefined ? NOT_FOUND : v;
    }
    const calls = moduleCalls(scope.module);
    const parent = scope.module.slice(0, Math.max(0, scope.module.lastIndexOf('.module.')));
    const call = calls[calls.length - 1] as string;
    const expr = member(member(member(this.plan.moduleConfig(parent)?.calls, call), 'expressions'), name);
    return this.expression(expr, { module: parent, index: undefined }, depth + 1);
  }
}
