/**
 * CloudFormation intrinsic functions, resolved offline against parameters, pseudo parameters,
 * mappings, conditions and the template's own resources. What cannot be known offline becomes a
 * placeholder (see ../placeholder.ts), reported as a warning with its path in the template.
 */
import { joinPath } from '../../policy/issues.js';
import { isObject, member } from '../input.js';
import { hasPlaceholder, placeholder } from '../placeholder.js';
import type { ImportIssues } from '../result.js';

/** `AWS::NoValue`: the property or list element disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Looks up what `Ref` and `Fn::GetAtt` of a template resource return. */
export interface ResourceReferences {
  /** Whether the template has a resource with this logical id. */
  has(logicalId: string): boolean;
  /** Whether the resource is created (its `Condition`, if any, is true). */
  created(logicalId: string): boolean;
  /** `Ref` of the resource, or `undefined` when it is not modelled. */
  ref(logicalId: string): string | undefined;
  /** `Fn::GetAtt` of the resource, or `undefined` when it is not modelled. */
  getAtt(logicalId: string, attribute: string): string | undefined;
}

/** The values pseudo parameters resolve to. */
export interface PseudoParameters {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly stackName: string;
  readonly urlSuffix: string;
}

/** A parameter value: a string, or a list for `List<…>`/`CommaDelimitedList` parameters. */
export type ParameterValue = string | readonly string[];

/** What a resolver needs. */
export interface ResolverInput {
  readonly issues: ImportIssues;
  readonly pseudo: PseudoParameters;
  readonly parameters: ReadonlyMap<string, ParameterValue>;
  readonly mappings: unknown;
  readonly conditions: unknown;
  readonly conditionOverrides: Readonly<Record<string, boolean>>;
  readonly imports: Readonly<Record<string, string>>;
  readonly resources: ResourceReferences;
}

const MAX_DEPTH = 300;
/** Values resolved per template at most (a node budget): a template cannot make the importer work longer. */
const MAX_NODES = 1_000_000;

/** Resolves intrinsic functions in template values. */
export class Resolver {
  private readonly conditionCache = new Map<string, boolean | undefined>();
  private readonly evaluating = new Set<string>();
  /**
   * Mapping values already resolved, by identity: `Fn::FindInMap` into mappings that refer to
   * mappings would otherwise be re-evaluated on every reference (2ⁿ work, issue #11).
   */
  private readonly mapped = new WeakMap<object, unknown>();
  private nodes = 0;

  constructor(private readonly input: ResolverInput) {}

  /** A placeholder for an unresolved value, reported at `path`. */
  unresolved(what: string, path: string, why: string): string {
    this.input.issues.warn('unresolved-value', path, `${why}; it was replaced by a placeholder that matches nothing`);
    return placeholder(this.input.pseudo.partition, what);
  }

  /** Resolves every intrinsic function in `value`; `NO_VALUE` when the value disappears. */
  resolve(value: unknown, path: string, depth = 0): unknown {
    if (depth > MAX_DEPTH) return this.unresolved('too-deep', path, 'the value is nested too deeply');
    if (++this.nodes > MAX_NODES) {
      if (this.nodes === MAX_NODES + 1)
        return this.unresolved('too-large', path, `the template needs more than ${MAX_NODES} values resolved`);
      return placeholder(this.input.pseudo.partition, 'too-large');
    }
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      value.forEach((v, i) => {
        const r = this.resolve(v, joinPath(path, i), depth + 1);
        if (r !== NO_VALUE) out.push(r);
      });
      return out;
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    const fn = keys.length === 1 ? (keys[0] as string) : undefined;
    if (fn === 'Ref' || (fn !== undefined && fn.startsWith('Fn::')))
      return this.intrinsic(fn, value[fn], joinPath(path, fn), depth);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const r = this.resolve(value[k], joinPath(path, k), depth + 1);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  /** Resolves `value` to a string (numbers are written as text); `undefined` when absent. */
  string(value: unknown, path: string): string | undefined {
    const r = this.resolve(value, path);
    if (r === NO_VALUE || r === undefined || r === null) return undefined;
    if (typeof r === 'string') return r;
    if (typeof r === 'number' || typeof r === 'boolean') return String(r);
    this.input.issues.warn(
      'expected-string',
      path,
      `expected a string, found ${Array.isArray(r) ? 'a list' : typeof r}`,
    );
    return undefined;
  }

  /** Evaluates a named condition; `undefined` when it depends on something unresolved. */
  condition(name: string, path: string): boolean | undefined {
    const override = member(this.input.conditionOverrides, name);
    if (typeof override === 'boolean') return override;
    if (this.conditionCache.has(name)) return this.conditionCache.get(name);
    const expr = member(this.input.conditions, name);
    if (expr === undefined || this.evaluating.has(name)) {
      this.input.issues.warn(
        'unknown-condition',
        path,
        expr === undefined ? `no condition named ${name}` : `condition ${name} refers to itself`,
      );
      return undefined;
    }
    this.evaluating.add(name);
    const result = this.conditionValue(expr, joinPath('Conditions', name), 0);
    this.evaluating.delete(name);
    this.conditionCache.set(name, result);
    if (result === undefined)
      this.input.issues.warn(
        'unknown-condition',
        path,
        `condition ${name} cannot be evaluated offline (it depends on an unresolved value); set it with the option conditions`,
      );
    return result;
  }

  private conditionValue(expr: unknown, path: string, depth: number): boolean | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (typeof expr === 'boolean') return expr;
    if (expr === 'true' || expr === 'false') return expr === 'true';
    const cond = member(expr, 'Condition');
    if (typeof cond === 'string' && isObject(expr) && Object.keys(expr).length === 1) return this.condition(cond, path);
    const args = (fn: string) => member(expr, fn);
    const list = (v: unknown) => (Array.isArray(v) ? v : []);
    if (args('Fn::Equals') !== undefined) {
      const [a, b] = list(args('Fn::Equals')).map((v, i) =>
        this.resolve(v, joinPath(joinPath(path, 'Fn::Equals'), i), depth + 1),
      );
      if (containsUnresolved(a) || containsUnresolved(b)) return undefined;
      return JSON.stringify(scalarText(a)) === JSON.stringify(scalarText(b));
    }
    const sub = (fn: string) =>
      list(args(fn)).map((v, i) => this.conditionValue(v, joinPath(joinPath(path, fn), i), depth + 1));
    if (args('Fn::Not') !== undefined) {
      const [v] = sub('Fn::Not');
      return v === undefined ? undefined : !v;
    }
    if (args('Fn::And') !== undefined) {
      const vs = sub('Fn::And');
      return vs.includes(false) ? false : vs.includes(undefined) ? undefined : true;
    }
    if (args('Fn::Or') !== undefined) {
      const vs = sub('Fn::Or');
      return vs.includes(true) ? true : vs.includes(undefined) ? undefined : false;
    }
    const r = this.resolve(expr, path, depth + 1);
    return r === true || r === 'true' ? true : r === false || r === 'false' ? false : undefined;
  }

  private intrinsic(fn: string, arg: unknown, path: string, depth: number): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(arg, path);
      case 'Fn::GetAtt':
        return this.getAtt(arg, path, depth);
      case 'Fn::Sub':
        return this.sub(arg, path, depth);
      case 'Fn::Join': {
        const [sep, items] = this.args(arg, 2, path, depth);
        const list = Array.isArray(items) ? items : undefined;
        if (typeof sep !== 'string' || !list || list.some((v) => typeof v === 'object' && v !== null))
          return this.unresolved('Join', path, 'Fn::Join needs [delimiter, [values]] with values that are strings');
        return list.map((v) => String(scalarText(v))).join(sep);
      }
      case 'Fn::Select': {
        const [index, items] = this.args(arg, 2, path, depth);
        const i =
          typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : NaN;
        if (!Array.isArray(items) || !Number.isInteger(i) || i < 0 || i >= items.length)
          return this.unresolved('Select', path, 'Fn::Select needs [index, list] with the index inside the list');
        return items[i];
      }
      case 'Fn::Split': {
        const [sep, text] = this.args(arg, 2, path, depth);
        if (typeof sep !== 'string' || sep === '' || typeof text !== 'string')
          return this.unresolved('Split', path, 'Fn::Split needs [delimiter, string]');
        return text.split(sep);
      }
      case 'Fn::If': {
        const list = Array.isArray(arg) ? arg : [];
        if (list.length !== 3 || typeof list[0] !== 'string')
          return this.unresolved('If', path, 'Fn::If needs [condition, value if true, value if false]');
        const c = this.condition(list[0], path);
        if (c === undefined) {
          this.input.issues.warn(
            'unresolved-value',
            path,
            `Fn::If on ${list[0]}, which cannot be evaluated: the value was left out`,
          );
          return NO_VALUE;
        }
        return this.resolve(list[c ? 1 : 2], joinPath(path, c ? 1 : 2), depth + 1);
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg, path, depth);
      case 'Fn::ImportValue': {
        const name = this.resolve(arg, path, depth + 1);
        const imported = typeof name === 'string' ? member(this.input.imports, name) : undefined;
        if (typeof imported === 'string') return imported;
        return this.unresolved(
          `ImportValue/${typeof name === 'string' ? name : 'value'}`,
          path,
          `the export ${typeof name === 'string' ? name : ''} is not known offline; give it with the option imports`,
        );
      }
      case 'Fn::Base64': {
        const text = this.resolve(arg, path, depth + 1);
        return typeof text === 'string' ? base64(text) : this.unresolved('Base64', path, 'Fn::Base64 needs a string');
      }
      case 'Fn::GetAZs': {
        const region = this.resolve(arg, path, depth + 1);
        const r = typeof region === 'string' && region !== '' ? region : this.input.pseudo.region;
        return ['a', 'b', 'c'].map((z) => `${r}${z}`);
      }
      case 'Fn::Length': {
        const list = this.resolve(arg, path, depth + 1);
        return Array.isArray(list) ? list.length : this.unresolved('Length', path, 'Fn::Length needs a list');
      }
      case 'Fn::ToJsonString': {
        const v = this.resolve(arg, path, depth + 1);
        return JSON.stringify(v === NO_VALUE ? null : v);
      }
      default:
        return this.unresolved(fn.replace('::', '.'), path, `${fn} is not evaluated offline`);
    }
  }

  private args(arg: unknown, n: number, path: string, depth: number): unknown[] {
    const resolved = this.resolve(arg, path, depth + 1);
    return Array.isArray(resolved) && resolved.length === n ? resolved : [];
  }

  private ref(arg: unknown, path: string): unknown {
    if (typeof arg !== 'string') return this.unresolved('Ref', path, 'Ref needs a name');
    switch (arg) {
      case 'AWS::AccountId':
        return this.input.pseudo.accountId;
      case 'AWS::Region':
        return this.input.pseudo.region;
      case 'AWS::Partition':
        return this.input.pseudo.partition;
      case 'AWS::URLSuffix':
        return this.input.pseudo.urlSuffix;
      case 'AWS::StackName':
        return this.input.pseudo.stackName;
      case 'AWS::StackId':
        return `arn:${this.input.pseudo.partition}:cloudformation:${this.input.pseudo.region}:${this.input.pseudo.accountId}:stack/${this.input.pseudo.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const param = this.input.parameters.get(arg);
    if (param !== undefined) return param;
    if (this.input.resources.has(arg)) {
      if (!this.input.resources.created(arg))
        return this.unresolved(
          `Ref/${arg}`,
          path,
          `Ref of ${arg}, a resource that is not created (its condition is not true)`,
        );
      return (
        this.input.resources.ref(arg) ??
        this.unresolved(`Ref/${arg}`, path, `Ref of ${arg}, a resource that is not modelled`)
      );
    }
    return this.unresolved(
      `Ref/${arg}`,
      path,
      `${arg} is neither a parameter with a value nor a resource of the template`,
    );
  }

  private getAtt(arg: unknown, path: string, depth: number): unknown {
    const list =
      typeof arg === 'string'
        ? [arg.slice(0, Math.max(0, arg.indexOf('.'))), arg.slice(arg.indexOf('.') + 1)]
        : Array.isArray(arg)
          ? arg
          : [];
    const [id, rawAttr] = list;
    const attr = typeof rawAttr === 'string' ? rawAttr : this.resolve(rawAttr, joinPath(path, 1), depth + 1);
    if (typeof id !== 'string' || id === '' || typeof attr !== 'string' || list.length !== 2)
      return this.unresolved('GetAtt', path, 'Fn::GetAtt needs [resource, attribute]');
    if (!this.input.resources.has(id))
      return this.unresolved(
        `GetAtt/${id}.${attr}`,
        path,
        `Fn::GetAtt of ${id}, which is not a resource of the template`,
      );
    if (!this.input.resources.created(id))
      return this.unresolved(
        `GetAtt/${id}.${attr}`,
        path,
        `Fn::GetAtt of ${id}, a resource that is not created (its condition is not true)`,
      );
    return (
      this.input.resources.getAtt(id, attr) ??
      this.unresolved(`GetAtt/${id}.${attr}`, path, `the attribute ${attr} of ${id} is not modelled`)
    );
  }

  private sub(arg: unknown, path: string, depth: number): unknown {
    const list = Array.isArray(arg) ? arg : [arg];
    const [template, vars] = list;
    if (typeof template !== 'string' || (vars !== undefined && !isObject(vars)))
      return this.unresolved('Sub', path, 'Fn::Sub needs a string or [string, {variables}]');
    let out = '';
    let i = 0;
    while (i < template.length) {
      const start = template.indexOf('${', i);
      if (start < 0) {
        out += template.slice(i);
        break;
      }
      out += template.slice(i, start);
      const end = template.indexOf('}', start + 2);
      if (end < 0) {
        out += template.slice(start);
        break;
      }
      const name = template.slice(start + 2, end);
      i = end + 1;
      if (name.startsWith('!')) {
        out += `\${${name.slice(1)}}`; // `${!Literal}` writes `${Literal}`
        continue;
      }
      out += this.subVariable(name, vars, path, depth);
    }
    return out;
  }

  private subVariable(name: string, vars: unknown, path: string, depth: number): string {
    const own = member(vars, name);
    let value: unknown;
    if (own !== undefined) value = this.resolve(own, joinPath(joinPath(path, 1), name), depth + 1);
    else if (name.startsWith('AWS::') || this.input.parameters.has(name) || !name.includes('.'))
      value = this.ref(name, path);
    else {
      const dot = name.indexOf('.');
      value = this.getAtt([name.slice(0, dot), name.slice(dot + 1)], path, depth);
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.join(',');
    return this.unresolved(`Sub/${name}`, path, `\${${name}} has no string value`);
  }

  private findInMap(arg: unknown, path: string, depth: number): unknown {
    const list = Array.isArray(arg) ? arg : [];
    const [map, top, second] = list.slice(0, 3).map((v, i) => this.resolve(v, joinPath(path, i), depth + 1));
    const found =
      typeof map === 'string' && typeof top === 'string' && typeof second === 'string'
        ? member(member(member(this.input.mappings, map), top), second)
        : undefined;
    if (found !== undefined) {
      if (typeof found !== 'object' || found === null) return this.resolve(found, path, depth + 1);
      if (this.mapped.has(found)) return this.mapped.get(found);
      const r = this.resolve(
        found,
        joinPath(joinPath(joinPath('Mappings', String(map)), String(top)), String(second)),
        depth + 1,
      );
      this.mapped.set(found, r);
      return r;
    }
    const fallback = member(list[3], 'DefaultValue');
    if (fallback !== undefined) return this.resolve(fallback, joinPath(joinPath(path, 3), 'DefaultValue'), depth + 1);
    return this.unresolved(
      `FindInMap/${String(map)}`,
      path,
      `Fn::FindInMap found no value for ${list.length >= 3 ? [map, top, second].map(String).join('.') : 'its arguments'}`,
    );
  }
}

function scalarText(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

function containsUnresolved(v: unknown): boolean {
  if (typeof v === 'string') return hasPlaceholder(v);
  if (Array.isArray(v)) return v.some(containsUnresolved);
  return v === NO_VALUE;
}

/** Base64 of the UTF-8 bytes of `text`. */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i] as number, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out +=
      abc[(n >> 18) & 63] +
      (abc[(n >> 12) & 63] as string) +
      (b === undefined ? '=' : (abc[(n >> 6) & 63] as string)) +
      (c === undefined ? '=' : (abc[n & 63] as string));
  }
  return out;
}
