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
  /** The attribute that refers (it implies the attribute of a bare reference). */
  readonly attr?: string;
}

const NOT_FOUND = Symbol('not found');

/**
 * The attribute a bare reference stands for. Terraform 0.12/0.13 records `role =
 * aws_iam_role.x.id` as the reference `aws_iam_role.x`, and an indexed reference
 * (`aws_iam_policy.p[count.index].arn`) as `aws_iam_policy.p` plus `count.index`: the attribute
 * is implied by the attribute that refers (`policy_arn` wants an ARN, `role` a name, `policy` a
 * document's JSON).
 */
export function impliedAttribute(referring: string, targetType: string): string {
  if (targetType === 'aws_iam_policy_document') return 'json';
  // Principals and resources of a policy document are ARNs.
  if (
    referring === 'arn' ||
    referring.endsWith('_arn') ||
    referring.endsWith('_arns') ||
    referring === 'identifiers' ||
    referring === 'resources' ||
    referring === 'principal'
  )
    return 'arn';
  return 'id';
}

/** Resolves attribute values of a plan. */
export class PlanValues {
  private readonly derived = new Map<string, Readonly<Record<string, string>>>();
  private readonly identity: IdentityContext;
  /** Why the last reference could not be followed (for the warning that reports it). */
  private why: string | undefined;

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
      madeUp: (inst, name) =>
        issues.warn(
          'unknown-name',
          inst.path,
          `the name of ${inst.address} is known only after apply; "${name}" is used instead`,
        ),
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
    this.why = undefined;
    const found = this.expression(member(inst.expressions, attr), { module: inst.module, index: inst.index, attr }, 0);
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
    const scope: Scope = { module: inst.module, index: inst.index, attr };
    this.why = undefined;
    if (unknown === true) {
      const resolved = refs.map((r) => this.reference(r, scope, 0)).filter((x) => x !== NOT_FOUND);
      if (resolved.length > 0 && resolved.length === refs.length) return resolved;
      return [this.unresolved(inst, attr)];
    }
    const list = Array.isArray(v) ? v : [];
    const flags = Array.isArray(unknown) ? unknown : [];
    return list.map((x, i) => {
      if (flags[i] !== true) return x;
      const r = refs.length === list.length ? this.reference(refs[i] as string, scope, 0) : NOT_FOUND;
      return r === NOT_FOUND ? this.unresolved(inst, `${attr}[${i}]`) : r;
    });
  }

  /** A placeholder for an attribute known only after apply, reported with its path in the plan. */
  unresolved(inst: TfInstance, attr: string, why = this.why): string {
    const refs = this.attributeRefs(member(inst.expressions, attr.replace(/\[\d+\]$/, '')));
    const because =
      why ??
      (Object.keys(inst.expressions).length === 0
        ? 'the plan has no configuration for it (run terraform show -json on the saved plan, which includes the configuration)'
        : refs.length === 0
          ? 'its configuration names no other resource, variable or module output'
          : `it is built from ${refs.join(', ')} by an expression (a template or a function call) the plan does not record`);
    this.issues.warn(
      'unknown-after-apply',
      valuePath(inst, attr),
      `${inst.address}.${attr} is known only after apply, and ${because}; it was replaced by a placeholder that matches nothing`,
    );
    this.why = undefined;
    return placeholder(this.env.partition, `terraform/${inst.address}.${attr}`);
  }

  private fail(why: string): typeof NOT_FOUND {
    this.why ??= why;
    return NOT_FOUND;
  }

  private attributeRefs(expr: unknown): string[] {
    const refs = member(expr, 'references');
    if (!Array.isArray(refs)) return [];
    // Each traversal is listed with its prefixes (`aws_iam_role.a.arn`, `aws_iam_role.a`); keep the longest.
    const strings = refs.filter(
      (r): r is string =>
        typeof r === 'string' && !r.startsWith('count.') && !r.startsWith('each.') && r !== 'path.module',
    );
    return strings.filter((r) => !strings.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
  }

  private expression(expr: unknown, scope: Scope, depth: number): unknown {
    if (!isObject(expr) || depth > 16) return NOT_FOUND;
    if (Object.prototype.hasOwnProperty.call(expr, 'constant_value')) return expr.constant_value;
    const refs = this.attributeRefs(expr);
    // Only a single reference can be taken as the whole value (anything else is a template or a call).
    if (refs.length === 1) return this.reference(refs[0] as string, scope, depth + 1);
    return refs.length === 0
      ? NOT_FOUND
      : this.fail(
          `it is built from ${refs.join(', ')} by an expression (a template or a function call) the plan does not record`,
        );
  }

  private reference(ref: string, scope: Scope, depth: number): unknown {
    if (depth > 16) return this.fail(`the chain of references through ${ref} is too long`);
    const parts = ref.split('.');
    if (parts[0] === 'var' && parts[1]) return this.variable(parts[1], scope, depth);
    if (parts[0] === 'local') return this.fail(`it refers to ${ref}; the plan does not record the values of locals`);
    if (parts[0] === 'module' && parts[1] && parts[2]) {
      const child = `${scope.module ? `${scope.module}.` : ''}module.${parts[1]}`;
      const output = member(member(this.plan.moduleConfig(child)?.outputs, parts[2]), 'expression');
      if (output === undefined) return this.fail(`it refers to ${ref}, an output the configuration does not define`);
      return this.expression(output, { module: child, index: undefined }, depth + 1);
    }
    const data = parts[0] === 'data';
    const m = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[("?)([^\]"]*)\3\])?(?:\.([a-z0-9_]+))?/.exec(
      data ? parts.slice(1).join('.') : ref,
    );
    if (!m) return this.fail(`it refers to ${ref}, which is not a resource, data source, variable or module output`);
    const [, type, name, quote, key, explicit] = m as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    // A bare reference (Terraform 0.12/0.13, or an index that is an expression): the attribute is implied.
    const attr = explicit ?? impliedAttribute(scope.attr ?? '', type);
    const candidates = this.plan.instancesOf(scope.module, data ? 'data' : 'managed', type, name);
    const index = key === undefined ? undefined : quote ? key : Number(key);
    const target =
      index !== undefined
        ? candidates.find((c) => c.index === index)
        : candidates.length === 1
          ? candidates[0]
          : candidates.find((c) => c.index !== undefined && c.index === scope.index);
    const what = `${data ? 'data.' : ''}${type}.${name}`;
    if (!target) {
      if (candidates.length === 0)
        return this.fail(
          `it refers to ${what}, which is not in the plan${scope.module ? ` (module ${scope.module})` : ''}`,
        );
      return this.fail(
        `it refers to ${what}, which has ${candidates.length} instances, and ${index !== undefined ? `none has the key ${JSON.stringify(index)}` : scope.index === undefined ? 'the referring resource has no count or for_each key to pick one' : `none has the referring instance's key ${JSON.stringify(scope.index)}`}`,
      );
    }
    const known = target.values[attr];
    if (known !== undefined && known !== null && target.unknown[attr] !== true) return known;
    const derived = this.identityOf(target)[attr];
    if (derived !== undefined) return derived;
    if (
      target.mode === 'data' &&
      target.type === 'aws_iam_policy_document' &&
      (attr === 'json' || attr === 'minified_json')
    ) {
      const rendered = this.renderPolicyDocument(target, depth);
      if (rendered !== NOT_FOUND) return rendered;
      return NOT_FOUND;
    }
    if (target.unknown[attr] === true) {
      const found = this.expression(
        member(target.expressions, attr),
        { module: target.module, index: target.index, attr },
        depth + 1,
      );
      if (found !== NOT_FOUND) return found;
      return this.fail(
        `it refers to ${target.address}.${attr}, which is known only after apply, and whose configuration does not say what it is`,
      );
    }
    return this.fail(`it refers to ${target.address}.${attr}, which the plan does not record`);
  }

  /**
   * A policy document data source read only at apply time (it refers to something new, e.g. a
   * bucket's ARN), rendered as the provider would render it from its planned `statement` blocks;
   * the unknown values in them are followed through the configuration. Unknown values that cannot
   * be followed fail the rendering (reported), never a guess.
   */
  private renderPolicyDocument(target: TfInstance, depth: number): unknown {
    const v = target.values;
    for (const attr of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
      const x = v[attr];
      if (target.unknown[attr] === true || (Array.isArray(x) && x.length > 0) || (typeof x === 'string' && x !== '')) {
        return this.fail(
          `it refers to ${target.address}, read at apply time, whose ${attr} the importer does not merge`,
        );
      }
    }
    const filled = this.fillUnknown(
      v.statement,
      target.unknown.statement,
      member(target.expressions, 'statement'),
      target,
      '',
      depth,
    );
    const statements = Array.isArray(filled) ? filled : [];
    const out: Record<string, unknown>[] = [];
    const list = (x: unknown) => (Array.isArray(x) ? x : []);
    statements.forEach((s) => {
      if (!isObject(s)) return;
      const statement: Record<string, unknown> = {};
      if (typeof s.sid === 'string' && s.sid !== '') statement.Sid = s.sid;
      statement.Effect = typeof s.effect === 'string' && s.effect !== '' ? s.effect : 'Allow';
      for (const [name, key] of [
        ['actions', 'Action'],
        ['not_actions', 'NotAction'],
        ['resources', 'Resource'],
        ['not_resources', 'NotResource'],
      ] as const) {
        if (list(s[name]).length > 0) statement[key] = s[name];
      }
      for (const [name, key] of [
        ['principals', 'Principal'],
        ['not_principals', 'NotPrincipal'],
      ] as const) {
        if (list(s[name]).length === 0) continue;
        const principal: Record<string, unknown[]> = {};
        for (const p of list(s[name])) {
          const type = member(p, 'type');
          if (typeof type === 'string')
            principal[type] = [...(principal[type] ?? []), ...list(member(p, 'identifiers'))];
        }
        statement[key] = principal['*'] !== undefined && Object.keys(principal).length === 1 ? '*' : principal;
      }
      if (list(s.condition).length > 0) {
        const condition: Record<string, Record<string, unknown[]>> = {};
        for (const c of list(s.condition)) {
          const test = member(c, 'test');
          const variable = member(c, 'variable');
          if (typeof test !== 'string' || typeof variable !== 'string') continue;
          const block = (condition[test] ??= {});
          block[variable] = [...(block[variable] ?? []), ...list(member(c, 'values'))];
        }
        statement.Condition = condition;
      }
      out.push(statement);
    });
    const version = typeof v.version === 'string' && v.version !== '' ? v.version : '2012-10-17';
    const id = typeof v.policy_id === 'string' && v.policy_id !== '' ? { Id: v.policy_id } : {};
    // An object, not JSON text: a placeholder in one statement must not void the whole document.
    return { Version: version, ...id, Statement: out };
  }

  /**
   * A planned value with its unknown parts filled in from the configuration: a wholly unknown
   * value that is a single reference is followed; unknown list elements are followed by position
   * when the list's references match its elements one to one — except resource ARNs, which are so
   * often written inside a string (`"${aws_s3_bucket.b.arn}/*"`, which the plan records as the bare
   * reference) that following them could grant the wrong thing. What is not followed becomes a
   * placeholder that matches nothing, reported with the reference and the reason.
   */
  private fillUnknown(
    value: unknown,
    unknown: unknown,
    config: unknown,
    target: TfInstance,
    path: string,
    depth: number,
  ): unknown {
    if (depth > 32) return value;
    const expression =
      isObject(config) &&
      (Object.prototype.hasOwnProperty.call(config, 'references') ||
        Object.prototype.hasOwnProperty.call(config, 'constant_value'));
    const attr = lastAttribute(path);
    const isResource = attr === 'resources' || attr === 'not_resources';
    const hole = (at: string, why: string) => {
      this.issues.warn(
        'unknown-after-apply',
        target.path,
        `${target.address} is read at apply time; ${target.address}.statement${at} ${why}; it was replaced by a placeholder that matches nothing`,
      );
      return placeholder(this.env.partition, `terraform/${target.address}.statement${at}`);
    };
    if (unknown === true) {
      if (isResource)
        return [
          hole(
            path,
            `comes from ${this.attributeRefs(config).join(', ') || 'a value'} known only after apply, possibly inside a string the plan does not record`,
          ),
        ];
      this.why = undefined;
      const found = expression
        ? this.expression(config, { module: target.module, index: target.index, attr }, depth + 1)
        : NOT_FOUND;
      return found === NOT_FOUND ? hole(path, `is known only after apply${this.why ? ` (${this.why})` : ''}`) : found;
    }
    if (Array.isArray(value)) {
      const flags = Array.isArray(unknown) ? unknown : [];
      const refs = expression ? this.attributeRefs(config) : [];
      return value.map((item, k) => {
        const at = `${path}[${k}]`;
        if (flags[k] === true) {
          if (isResource)
            return hole(
              at,
              `comes from ${refs.join(', ') || 'a value'} known only after apply, possibly inside a string the plan does not record (refer to the bucket or queue by its name, known at plan time, instead)`,
            );
          if (refs.length !== value.length)
            return hole(
              at,
              `is built from ${refs.join(', ') || 'values'} known only after apply by an expression the plan does not record`,
            );
          this.why = undefined;
          const found = this.reference(
            refs[k] as string,
            { module: target.module, index: target.index, attr },
            depth + 1,
          );
          return found === NOT_FOUND
            ? hole(at, `refers to ${refs[k]}, which cannot be followed${this.why ? ` (${this.why})` : ''}`)
            : found;
        }
        return this.fillUnknown(
          item,
          flags[k],
          Array.isArray(config) ? config[k] : expression ? undefined : config,
          target,
          at,
          depth + 1,
        );
      });
    }
    if (isObject(value) && isObject(unknown)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(value))
        out[k] = this.fillUnknown(x, unknown[k], member(config, k), target, `${path}.${k}`, depth + 1);
      for (const k of Object.keys(unknown))
        if (!(k in out) && unknown[k] === true)
          out[k] = this.fillUnknown(undefined, true, member(config, k), target, `${path}.${k}`, depth + 1);
      return out;
    }
    return value;
  }

  private variable(name: string, scope: Scope, depth: number): unknown {
    if (scope.module === '') {
      const v = this.plan.variable(name);
      return v === undefined ? this.fail(`it refers to var.${name}, which the plan gives no value`) : v;
    }
    const calls = moduleCalls(scope.module);
    const parent = scope.module.slice(0, Math.max(0, scope.module.lastIndexOf('.module.')));
    const call = calls[calls.length - 1] as string;
    const expr = member(member(member(this.plan.moduleConfig(parent)?.calls, call), 'expressions'), name);
    if (expr === undefined) return this.fail(`it refers to var.${name}, which the module call does not set`);
    return this.expression(
      expr,
      { module: parent, index: undefined, ...(scope.attr !== undefined ? { attr: scope.attr } : {}) },
      depth + 1,
    );
  }
}

/**
 * The last attribute name of a value path (`statement[0].resources[2]` → `resources`): trailing
 * `[n]` indexes skipped, then the run of `[a-z_]` before them; `''` when the path ends otherwise.
 * One backward pass (a regex anchored at the end would rescan a long path from every start).
 */
function lastAttribute(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === ']') {
    const open = path.lastIndexOf('[', end - 1);
    // Only numeric indexes are skipped (as `[a-z_]+(?:\[\d+\])*$` reads a path).
    if (open < 0 || open === end - 2 || !/^\d+$/.test(path.slice(open + 1, end - 1))) return '';
    end = open;
  }
  let start = end;
  while (start > 0) {
    const c = path.charCodeAt(start - 1);
    if (!((c >= 97 && c <= 122) || c === 95)) break;
    start--;
  }
  return path.slice(start, end);
}
