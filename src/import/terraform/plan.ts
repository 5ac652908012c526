/**
 * A Terraform plan (`terraform show -json plan.out`) as resource instances: planned values, which
 * attributes are unknown until apply, and the configuration expressions that say what an unknown
 * attribute refers to.
 */
import { joinPath } from '../../policy/issues.js';
import { isObject, member } from '../input.js';
import type { ImportIssues } from '../result.js';

/** One resource instance of the plan. */
export interface TfInstance {
  readonly address: string;
  /** The module instance (`''`, `module.iam`, `module.app["a"]`). */
  readonly module: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index: string | number | undefined;
  readonly values: Record<string, unknown>;
  /** `after_unknown` of the instance's change. */
  readonly unknown: Record<string, unknown>;
  /** The configuration `expressions` of the resource block. */
  readonly expressions: Record<string, unknown>;
  /** JSON path of the instance in the plan. */
  readonly path: string;
}

/** A module block of the configuration. */
interface ModuleConfig {
  readonly resources: Map<string, Record<string, unknown>>;
  readonly calls: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
}

/** The plan, indexed. */
export class Plan {
  readonly instances: TfInstance[] = [];
  private readonly byAddress = new Map<string, TfInstance>();
  private readonly variables: Record<string, unknown>;

  constructor(
    private readonly plan: Record<string, unknown>,
    issues: ImportIssues,
  ) {
    this.variables = isObject(plan.variables) ? plan.variables : {};
    const unknowns = new Map<string, Record<string, unknown>>();
    const changes = plan.resource_changes;
    if (Array.isArray(changes)) {
      for (const c of changes) {
        const address = member(c, 'address');
        const unknown = member(member(c, 'change'), 'after_unknown');
        if (typeof address === 'string' && isObject(unknown)) unknowns.set(address, unknown);
      }
    }
    if (isObject(plan.planned_values))
      this.collect(
        member(member(plan, 'planned_values'), 'root_module'),
        'planned_values.root_module',
        unknowns,
        issues,
        0,
      );
    // `terraform show -json` of a state (not a plan): what is deployed, every value known.
    else this.collect(member(member(plan, 'values'), 'root_module'), 'values.root_module', unknowns, issues, 0);
    // Data sources read while planning live in the prior state.
    this.collect(
      member(member(member(plan, 'prior_state'), 'values'), 'root_module'),
      'prior_state.values.root_module',
      unknowns,
      issues,
      0,
      'data',
    );
  }

  /** Whether the value is a plan (planned values) or a state (`terraform show -json` of a state: values). */
  static looksLikePlan(value: unknown): value is Record<string, unknown> {
    return isObject(value) && (isObject(value.planned_values) || isObject(member(value.values, 'root_module')));
  }

  /** The instance at an address. */
  instance(address: string): TfInstance | undefined {
    return this.byAddress.get(address);
  }

  /** The instances of `type.name` in a module instance. */
  instancesOf(module: string, mode: 'managed' | 'data', type: string, name: string): TfInstance[] {
    return this.instances.filter((i) => i.module === module && i.mode === mode && i.type === type && i.name === name);
  }

  /** The value of a root variable. */
  variable(name: string): unknown {
    return member(member(this.variables, name), 'value');
  }

  /** The configuration of the module instance `module` (`undefined` when absent). */
  moduleConfig(module: string): ModuleConfig | undefined {
    let config = member(member(this.plan, 'configuration'), 'root_module');
    for (const call of moduleCalls(module)) config = member(member(member(config, 'module_calls'), call), 'module');
    if (!isObject(config)) return undefined;
    const resources = new Map<string, Record<string, unknown>>();
    const list = config.resources;
    if (Array.isArray(list))
      for (const r of list)
        if (typeof member(r, 'address') === 'string' && isObject(r)) resources.set(r.address as string, r);
    return {
      resources,
      calls: isObject(config.module_calls) ? config.module_calls : {},
      outputs: isObject(config.outputs) ? config.outputs : {},
    };
  }

  /** The provider's region, when the configuration gives it as a constant. */
  providerRegion(): string | undefined {
    const v = member(
      member(
        member(member(member(member(this.plan, 'configuration'), 'provider_config'), 'aws'), 'expressions'),
        'region',
      ),
      'constant_value',
    );
    return typeof v === 'string' ? v : undefined;
  }

  private collect(
    mod: unknown,
    path: string,
    unknowns: Map<string, Record<string, unknown>>,
    issues: ImportIssues,
    depth: number,
    only?: 'data',
  ): void {
    if (!isObject(mod) || depth > 50) return;
    const module = typeof mod.address === 'string' ? mod.address : '';
    const config = this.moduleConfig(module);
    const resources = Array.isArray(mod.resources) ? mod.resources : [];
    resources.forEach((r, i) => {
      const p = joinPath(joinPath(path, 'resources'), i);
      const address = member(r, 'address');
      const type = member(r, 'type');
      const name = member(r, 'name');
      const mode = member(r, 'mode');
      if (
        typeof address !== 'string' ||
        typeof type !== 'string' ||
        typeof name !== 'string' ||
        (mode !== 'managed' && mode !== 'data')
      ) {
        issues.warn('invalid-resource', p, 'a resource needs address, mode, type and name; skipped');
        return;
      }
      if ((only && mode !== only) || this.byAddress.has(address)) return;
      const index = member(r, 'index');
      const configAddress = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
      const instance: TfInstance = {
        address,
        module,
        mode,
        type,
        name,
        index: typeof index === 'string' || typeof index === 'number' ? index : undefined,
        values: isObject(member(r, 'values')) ? (member(r, 'values') as Record<string, unknown>) : {},
        unknown: unknowns.get(address) ?? {},
        expressions: asRecord(member(config?.resources.get(configAddress), 'expressions')),
        path: p,
      };
      this.instances.push(instance);
      this.byAddress.set(address, instance);
    });
    const children = mod.child_modules;
    if (Array.isArray(children))
      children.forEach((c, i) =>
        this.collect(c, joinPath(joinPath(path, 'child_modules'), i), unknowns, issues, depth + 1, only),
      );
  }
}

/** The path of an attribute of an instance's planned values (`….resources[3].values.policy`). */
export function valuePath(inst: TfInstance, attr: string): string {
  return `${inst.path}.values.${attr}`;
}

function asRecord(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

/** The module call names of a module instance address (`module.a["x"].module.b` → `[a, b]`). */
export function moduleCalls(module: string): string[] {
  const out: string[] = [];
  const re = /module\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?/g;
  for (let m = re.exec(module); m; m = re.exec(module)) out.push(m[1] as string);
  return out;
}
