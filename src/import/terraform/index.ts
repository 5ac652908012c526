/**
 * `fromTerraformPlan`: the JSON of `terraform show -json plan.out` (or of a state: `terraform show
 * -json`, what is deployed) as a world. Resource values come
 * from `planned_values` (modules included); values known only after apply are recovered from the
 * `configuration` references where they name another resource, a variable, a module output or a
 * data source, and otherwise become reported placeholders.
 */
import { holdsPolicy } from '../policy-like.js';
import { isObject, readInput } from '../input.js';
import { environment, failed, ImportIssues, rankWarnings, type ImportOptions, type ImportResult } from '../result.js';
import { WorldBuilder } from '../world-builder.js';
import { Plan, type TfInstance } from './plan.js';
import { TF_UNMODELLED_POLICIES } from './resource-policy-types.js';
import { ENTITIES, RELATIONS, type PlanContext } from './resources.js';
import { PlanValues } from './values.js';

/** Options of {@link fromTerraformPlan}. */
export type TerraformPlanOptions = ImportOptions;

/**
 * Imports a Terraform plan (JSON text or parsed value) as a world. Never throws.
 *
 * The account is `options.accountId`, else the `aws_caller_identity` data source of the plan, else
 * the default; the region likewise (`aws_region`, then the provider's constant `region`).
 *
 * @example
 * ```ts
 * import { fromTerraformPlan } from 'iam-verdict/import';
 *
 * const plan = {
 *   format_version: '1.2',
 *   planned_values: {
 *     root_module: {
 *       resources: [{
 *         address: 'aws_iam_user.ci',
 *         mode: 'managed',
 *         type: 'aws_iam_user',
 *         name: 'ci',
 *         values: { name: 'ci', path: '/' },
 *       }],
 *     },
 *   },
 * };
 * const result = fromTerraformPlan(plan, { accountId: '111111111111' });
 * console.log(result.ok ? result.arns['aws_iam_user.ci'] : result.errors[0]?.message); // => arn:aws:iam::111111111111:user/ci
 * ```
 */
export function fromTerraformPlan(input: unknown, options: TerraformPlanOptions = {}): ImportResult {
  const issues = new ImportIssues();
  try {
    return importPlan(input, options, issues);
  } catch (e) {
    issues.error('internal-error', '', `the plan could not be imported: ${String(e)}`);
    return failed(issues);
  }
}

function importPlan(input: unknown, options: TerraformPlanOptions, issues: ImportIssues): ImportResult {
  const value = readInput(input, issues, { what: 'plan' });
  if (value === undefined) return failed(issues);
  if (!Plan.looksLikePlan(value)) {
    const hint =
      isObject(value) && Array.isArray(value.resources) && typeof value.terraform_version === 'string'
        ? ': this looks like a raw state file (terraform.tfstate); give terraform show -json instead, which describes the same resources'
        : '';
    issues.error(
      'not-a-plan',
      'planned_values',
      `a Terraform plan in JSON (terraform show -json plan.out) has planned_values, and a state in JSON (terraform show -json) has values.root_module${hint}`,
    );
    return failed(issues);
  }
  const plan = new Plan(value, issues);
  const detected = detectEnvironment(plan);
  const env = environment({
    ...options,
    accountId: options.accountId ?? detected.accountId,
    region: options.region ?? detected.region,
    partition: options.partition ?? detected.partition,
  });
  const builder = new WorldBuilder(issues, env.partition);
  builder.account(env.accountId);
  const ctx: PlanContext = {
    builder,
    values: new PlanValues(plan, env, issues),
    issues,
    roleByName: new Map(),
    userByName: new Map(),
    groupByName: new Map(),
  };
  const managed = plan.instances.filter((i) => i.mode === 'managed');
  for (const inst of managed) {
    const handler = own(ENTITIES, inst.type);
    if (handler) handler(ctx, inst);
  }
  for (const inst of managed) {
    const handler = own(RELATIONS, inst.type);
    if (handler) handler(ctx, inst);
    else if (!own(ENTITIES, inst.type)) unsupported(issues, inst);
  }
  builder.resolveManagedPolicies(options.managedPolicies);
  if (issues.errors.length > 0) return failed(issues);
  return { ok: true, world: builder.build(), warnings: rankWarnings(issues.warnings), arns: builder.arns };
}

/** Reports a resource that is not imported, naming the policy it carries (dropping it can change decisions). */
function unsupported(issues: ImportIssues, inst: TfInstance): void {
  const known = own(TF_UNMODELLED_POLICIES, inst.type);
  const present = (k: string) =>
    inst.values[k] !== null &&
    inst.values[k] !== '' &&
    !(Array.isArray(inst.values[k]) && (inst.values[k] as unknown[]).length === 0);
  const policies = Object.keys(inst.values).filter(
    (k) => present(k) && (k === known || (/polic(y|ies)/.test(k) && holdsPolicy(k, inst.values[k]))),
  );
  if (policies.length > 0 || (known !== undefined && inst.unknown[known] === true)) {
    const names = (policies.length > 0 ? policies : [known as string]).map((p) => `${inst.address}.${p}`).join(', ');
    issues.warn(
      'unmodelled-resource-policy',
      inst.path,
      `${inst.type} is not imported: the policy in ${names} was dropped, so requests it would allow or deny are decided without it`,
    );
    return;
  }
  issues.warn('unsupported-resource', inst.path, `${inst.type} (${inst.address}) is not imported; skipped`);
}

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** Account, region and partition from the plan's data sources and provider configuration. */
function detectEnvironment(plan: Plan): { accountId?: string; region?: string; partition?: string } {
  const find = (type: string, attr: string, re: RegExp) => {
    for (const i of plan.instances) {
      const v = i.mode === 'data' && i.type === type ? i.values[attr] : undefined;
      if (typeof v === 'string' && re.test(v)) return v;
    }
    return undefined;
  };
  const region = find('aws_region', 'name', /^[a-z0-9-]+$/) ?? plan.providerRegion();
  return {
    accountId: find('aws_caller_identity', 'account_id', /^\d{12}$/),
    ...(region && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? { region } : {}),
    partition: find('aws_partition', 'partition', /^aws(-[a-z]+)*$/),
  };
}
