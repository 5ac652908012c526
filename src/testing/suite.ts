/**
 * Running a declarative test file: read it, load its world through the caller's `loadWorld` (the
 * library never touches the filesystem), import it by format, and decide every request.
 */
import { reasonMatches } from '../evaluate/reasons.js';
import { CLOUDFORMATION_TAGS } from '../import/cfn-yaml.js';
import { importWorld, type ImportWorldOptions, type WorldFormat } from '../import/index.js';
import { readInput } from '../import/input.js';
import { ImportIssues } from '../import/result.js';
import type { Decision } from '../evaluate/decision.js';
import { createAuthorizer, type AuthorizationRequest, type AuthorizerOptions } from '../model/authorizer.js';
import type { WorldInput } from '../model/world.js';
import { joinPath, type Issue } from '../policy/issues.js';
import type { AssumeRoleParameters } from '../sts/parameters.js';
import type { ServiceCatalog } from '../catalog/catalog.js';
import type { ManagedPolicyCatalog } from '../model/load.js';
import { checkRequest } from './check-request.js';
import { testFileIssues } from './suite-issues.js';
import { testSuiteSchema, type ExpectedDecision, type TestSuite, type WorldSource } from './suite-schema.js';
import { describeError } from '../policy/json-tree.js';
import { checkShape } from '../policy/limits.js';

/** A file the test file names, for the caller's `loadWorld` to read. */
export interface WorldFile {
  readonly path: string;
  readonly format: WorldFormat;
  /** What the file holds: the world (template, plan, snapshot) or an extra for snapshots. */
  readonly role: 'world' | 'organization' | 'resource-policy';
}

/** Options of {@link runTestSuite}. */
export interface RunTestSuiteOptions extends AuthorizerOptions {
  /** Returns the contents (text, or an already parsed value) of a file the test file names. */
  readonly loadWorld?: (file: WorldFile) => unknown | Promise<unknown>;
  /**
   * The service authorization catalog (`bundledCatalog()` from `iam-verdict/catalog`): requests
   * whose action AWS does not have, or whose resource is not a resource of the action, are refused.
   */
  readonly catalog?: ServiceCatalog;
  /** What `managedPolicies: aws` in a test file resolves to (`awsManagedPolicies` from `iam-verdict/aws-managed-policies`). */
  readonly awsManagedPolicies?: ManagedPolicyCatalog;
}

/** The outcome of one test. */
export interface TestCaseResult {
  readonly name: string;
  readonly request: AuthorizationRequest;
  readonly expected: ExpectedDecision;
  readonly expectedReason?: string;
  /** The decision, with its explanation. */
  readonly actual: Decision;
  readonly passed: boolean;
  /** Why the request was refused before any policy was evaluated (unknown principal, action, …). */
  readonly refusal?: string;
}

/** The outcome of a test file. */
export interface TestSuiteResult {
  /** `true` when the world loaded and every test passed. */
  readonly ok: boolean;
  readonly name?: string;
  /** Problems with the test file or its world; when present, no test ran. */
  readonly errors: readonly Issue[];
  /** Warnings of the import (skipped resources, placeholders, …). */
  readonly warnings: readonly Issue[];
  readonly results: readonly TestCaseResult[];
  readonly passed: number;
  readonly failed: number;
}

/** The result of {@link parseTestSuite}. */
export type ParseTestSuiteResult =
  | { readonly ok: true; readonly suite: TestSuite; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

/**
 * Reads and validates a test file (YAML or JSON text, or a parsed value). Never throws.
 *
 * @example
 * ```ts
 * import { parseTestSuite } from 'iam-verdict/testing';
 *
 * const result = parseTestSuite('world: { inline: {} }\ntests:\n  - { action: s3:GetObject, resource: "*", expect: Maybe }\n');
 * console.log(result.ok ? 'valid' : result.errors.map((e) => e.path).includes('tests[0].expect')); // => true
 * ```
 */
export function parseTestSuite(input: unknown): ParseTestSuiteResult {
  try {
    return parseTestSuiteUnchecked(input);
  } catch (e) {
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'internal-error',
          path: '',
          message: `the test file could not be read: ${describeError(e)}`,
        },
      ],
      warnings: [],
    };
  }
}

function parseTestSuiteUnchecked(input: unknown): ParseTestSuiteResult {
  const issues = new ImportIssues();
  const value = readInput(input, issues, { what: 'test file', yamlTags: CLOUDFORMATION_TAGS });
  if (value === undefined) return { ok: false, errors: issues.errors, warnings: issues.warnings };
  const tooBig = checkShape(value);
  if (tooBig)
    return {
      ok: false,
      errors: [{ severity: 'error', code: 'invalid-test-file', path: '', message: tooBig }],
      warnings: issues.warnings,
    };
  const parsed = testSuiteSchema.safeParse(value);
  if (parsed.success) return { ok: true, suite: parsed.data, warnings: issues.warnings };
  return {
    ok: false,
    errors: testFileIssues(parsed.error.issues, value, typeof input === 'string' ? input : undefined),
    warnings: issues.warnings,
  };
}

function failure(errors: readonly Issue[], warnings: readonly Issue[] = [], name?: string): TestSuiteResult {
  return { ok: false, ...(name !== undefined ? { name } : {}), errors, warnings, results: [], passed: 0, failed: 0 };
}

/** Reads a file through the caller; a failure becomes an error at `path`. */
async function load(options: RunTestSuiteOptions, file: WorldFile, path: string, errors: Issue[]): Promise<unknown> {
  if (!options.loadWorld) {
    errors.push({
      severity: 'error',
      code: 'no-loader',
      path,
      message: `the test file names ${file.path}, but no loadWorld was given to read it`,
    });
    return undefined;
  }
  try {
    const content = await options.loadWorld(file);
    if (content === undefined)
      errors.push({ severity: 'error', code: 'unreadable-file', path, message: `${file.path} could not be read` });
    return content;
  } catch (e) {
    errors.push({
      severity: 'error',
      code: 'unreadable-file',
      path,
      message: `${file.path} could not be read: ${e instanceof Error ? e.message : String(e)}`,
    });
    return undefined;
  }
}

/** Loads and imports the world of a test file. */
async function loadWorld(
  source: WorldSource,
  options: RunTestSuiteOptions,
): Promise<{ world?: WorldInput; errors: Issue[]; warnings: readonly Issue[] }> {
  const errors: Issue[] = [];
  const { format } = source;
  let input: unknown = source.inline;
  if (source.path !== undefined) {
    const paths = typeof source.path === 'string' ? [source.path] : source.path;
    const contents = await Promise.all(
      paths.map((p, i) =>
        load(
          options,
          { path: p, format, role: 'world' },
          typeof source.path === 'string' ? 'world.path' : `world.path[${i}]`,
          errors,
        ),
      ),
    );
    input = typeof source.path === 'string' ? contents[0] : contents;
  }
  const importOptions: ImportWorldOptions = {
    ...(source.options ?? {}),
    ...(options.managedPolicies ? { managedPolicies: options.managedPolicies } : {}),
  };
  if (source.organization !== undefined) {
    (importOptions as { organization?: unknown }).organization = await load(
      options,
      { path: source.organization, format, role: 'organization' },
      'world.organization',
      errors,
    );
  }
  if (source.resourcePolicies) {
    const policies = await Promise.all(
      source.resourcePolicies.map(async (rp, i) => ({
        resource: rp.resource,
        policy: await load(
          options,
          { path: rp.path, format, role: 'resource-policy' },
          `world.resourcePolicies[${i}].path`,
          errors,
        ),
        ...(rp.kind ? { kind: rp.kind } : {}),
        ...(rp.account ? { account: rp.account } : {}),
      })),
    );
    (importOptions as { resourcePolicies?: unknown }).resourcePolicies = policies;
  }
  if (errors.length > 0) return { errors, warnings: [] };
  const imported = importWorld(input, format, importOptions);
  const prefix = (issues: readonly Issue[]) =>
    issues.map((i) => ({ ...i, path: i.path ? `world.${i.path}` : 'world' }));
  if (!imported.ok) return { errors: prefix(imported.errors), warnings: prefix(imported.warnings) };
  return { world: imported.world, errors, warnings: prefix(imported.warnings) };
}

/** The requests of a test: one per action × resource. */
function expand(
  t: TestSuite['tests'][number],
  defaults: TestSuite['defaults'],
  index: number,
): { name: string; request: AuthorizationRequest }[] {
  const actions = typeof t.action === 'string' ? [t.action] : t.action;
  const resources = typeof t.resource === 'string' ? [t.resource] : t.resource;
  const base = t.name ?? `test ${index + 1}`;
  const many = actions.length * resources.length > 1;
  const out: { name: string; request: AuthorizationRequest }[] = [];
  for (const action of actions) {
    for (const resource of resources) {
      const principal = t.principal ?? defaults?.principal;
      const resourceAccount = t.resourceAccount ?? defaults?.resourceAccount;
      const resourcePolicy = t.resourcePolicy ?? defaults?.resourcePolicy;
      const time = t.time ?? defaults?.time;
      const context =
        defaults?.context || t.context ? { ...(defaults?.context ?? {}), ...(t.context ?? {}) } : undefined;
      const request: AuthorizationRequest = {
        action,
        resource,
        ...(principal !== undefined ? { principal } : {}),
        ...(resourceAccount !== undefined ? { resourceAccount } : {}),
        ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
        ...(time !== undefined ? { time } : {}),
        ...(context ? { context } : {}),
        ...(t.sts ? { sts: t.sts as AssumeRoleParameters } : {}),
        ...(t.accessKeyId !== undefined ? { accessKeyId: t.accessKeyId } : {}),
        ...(t.sessionToken !== undefined ? { sessionToken: t.sessionToken } : {}),
        ...((t.vpcEndpoint ?? defaults?.vpcEndpoint) !== undefined
          ? { vpcEndpoint: t.vpcEndpoint ?? defaults?.vpcEndpoint }
          : {}),
        ...(t.requestPolicy !== undefined ? { requestPolicy: t.requestPolicy } : {}),
      };
      out.push({ name: many ? `${base} [${action} ${resource}]` : base, request });
    }
  }
  return out;
}

/**
 * Whether a decision meets the expectation. A request refused before any policy was evaluated
 * (unknown principal, invalid request, …) passes only a test that expects that reason: a typo in
 * an ARN must not make a Deny test pass.
 */
function passes(expected: ExpectedDecision, reason: string | undefined, d: Decision): boolean {
  const decision = expected === 'Deny' ? d.decision !== 'Allow' : d.decision === expected;
  return decision && (reason === undefined ? d.reason === undefined : reasonMatches(reason, d));
}

/** The managed policy catalog a test file asks for, or why it cannot have it. */
function managedPoliciesOf(suite: TestSuite, options: RunTestSuiteOptions): ManagedPolicyCatalog | undefined | string {
  if (suite.managedPolicies === 'none') return undefined;
  if (suite.managedPolicies === 'aws') {
    return (
      options.awsManagedPolicies ??
      'the test file asks for managedPolicies: aws, but the runner was given no AWS managed policies (pass awsManagedPolicies from iam-verdict/aws-managed-policies)'
    );
  }
  return options.managedPolicies;
}

/**
 * Runs a test file (text or parsed value): returns every test's request, expected and actual
 * decision. Never throws; problems with the file or its world come back as `errors`.
 *
 * @example
 * ```ts
 * import { formatSuiteTable, runTestSuite } from 'iam-verdict/testing';
 *
 * const suite = `
 * world:
 *   inline:
 *     users:
 *       arn:aws:iam::111111111111:user/ann:
 *         policies: [{ Version: '2012-10-17', Statement: [{ Effect: Allow, Action: 's3:Get*', Resource: '*' }] }]
 * defaults:
 *   principal: arn:aws:iam::111111111111:user/ann
 * tests:
 *   - { name: reads, action: s3:GetObject, resource: 'arn:aws:s3:::b/k', expect: Allow }
 *   - { name: cannot delete, action: s3:DeleteObject, resource: 'arn:aws:s3:::b/k', expect: Deny }
 * `;
 * const result = await runTestSuite(suite);
 * console.log(result.ok, result.passed, result.failed); // => true 2 0
 * console.log(formatSuiteTable(result).includes('cannot delete')); // => true
 * ```
 */
export async function runTestSuite(input: unknown, options: RunTestSuiteOptions = {}): Promise<TestSuiteResult> {
  const parsed = parseTestSuite(input);
  if (!parsed.ok) return failure(parsed.errors);
  const { suite } = parsed;
  try {
    const managed = managedPoliciesOf(suite, options);
    if (typeof managed === 'string')
      return failure(
        [{ severity: 'error', code: 'no-managed-policies', path: 'managedPolicies', message: managed }],
        [],
        suite.name,
      );
    const loaded = await loadWorld(suite.world, { ...options, managedPolicies: managed });
    if (!loaded.world) return failure(loaded.errors, loaded.warnings, suite.name);
    const authorizer = createAuthorizer(loaded.world, {
      ...options,
      managedPolicies: managed,
      ...(suite.strict !== undefined ? { strict: suite.strict } : {}),
    });
    if (!authorizer.ok) {
      const errors = authorizer.errors.map((e) => ({ ...e, path: e.path ? `world.${e.path}` : 'world' }));
      return failure(errors, [...loaded.warnings, ...authorizer.warnings], suite.name);
    }
    const results: TestCaseResult[] = [];
    suite.tests.forEach((t, i) => {
      for (const { name, request } of expand(t, suite.defaults, i)) {
        const checked = checkRequest(authorizer, request, options.catalog);
        const actual: Decision = checked.ok
          ? authorizer.authorize(request, { explain: true, allowOverrides: true })
          : { decision: 'ImplicitDeny', decidedBy: 'input', reason: checked.reason };
        results.push({
          name,
          request,
          expected: t.expect,
          ...(t.reason !== undefined ? { expectedReason: t.reason } : {}),
          actual,
          passed: passes(t.expect, t.reason, actual),
          ...(checked.ok ? {} : { refusal: checked.message }),
        });
      }
    });
    const passed = results.filter((r) => r.passed).length;
    // Managed policies nothing defines grant nothing: say so next to the import's warnings.
    const unresolved = authorizer.warnings
      .filter((w) => w.code === 'unknown-managed-policy')
      .map((w) => ({ ...w, path: w.path ? `world.${w.path}` : 'world' }));
    const warnings = [...loaded.warnings, ...unresolved];
    return {
      ok: passed === results.length,
      ...(suite.name !== undefined ? { name: suite.name } : {}),
      errors: [],
      warnings,
      results,
      passed,
      failed: results.length - passed,
    };
  } catch (e) {
    return failure(
      [
        {
          severity: 'error',
          code: 'internal-error',
          path: '',
          message: `the test file could not be run: ${describeError(e)}`,
        },
      ],
      [],
      suite.name,
    );
  }
}
