/**
 * The template's resources as `Ref`/`Fn::GetAtt` targets: physical names (resolved lazily, with a
 * guard against names that refer to each other) and ARNs, per the type table.
 */
import { joinPath } from '../../policy/issues.js';
import { isObject, member } from '../input.js';
import { hasPlaceholder } from '../placeholder.js';
import type { ImportIssues } from '../result.js';
import { isIamPath } from '../../policy/iam-names.js';
import type { PseudoParameters, Resolver, ResourceReferences } from './intrinsics.js';
import { RESOURCE_TYPES, type TypeContext, type TypeInfo } from './types.js';

const IAM_NAME = /^[\w+=,.@-]+$/;
const IAM_TYPES = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::Policy',
]);

/** The resources of one template. */
export class TemplateResources implements ResourceReferences {
  private resolver: Resolver | undefined;
  private readonly names = new Map<string, string>();
  private readonly naming = new Set<string>();
  private readonly cyclic = new Set<string>();
  /** Resources whose IAM path is being resolved (a path may refer to the resource's own ARN). */
  private readonly pathing = new Set<string>();

  constructor(
    private readonly resources: Readonly<Record<string, unknown>>,
    private readonly env: PseudoParameters,
    private readonly issues: ImportIssues,
  ) {}

  /** Connects the resolver (the two refer to each other). */
  use(resolver: Resolver): void {
    this.resolver = resolver;
  }

  private readonly notCreated = new Set<string>();

  has(logicalId: string): boolean {
    return isObject(member(this.resources, logicalId));
  }

  created(logicalId: string): boolean {
    return !this.notCreated.has(logicalId);
  }

  /** Marks a resource as not created (its condition is false or unknown). */
  drop(logicalId: string): void {
    this.notCreated.add(logicalId);
  }

  /** The resource type (`AWS::IAM::Role`), or `undefined`. */
  type(logicalId: string): string | undefined {
    const t = member(member(this.resources, logicalId), 'Type');
    return typeof t === 'string' ? t : undefined;
  }

  /** The physical name of a modelled resource. */
  name(logicalId: string): string {
    const known = this.names.get(logicalId);
    if (known !== undefined) return known;
    const info = this.info(logicalId);
    const ctx = this.baseContext(logicalId);
    const fallback = info?.defaultName ? info.defaultName(logicalId, ctx) : logicalId;
    if (this.naming.has(logicalId)) {
      this.cyclic.add(logicalId);
      return fallback;
    }
    this.naming.add(logicalId);
    let name = info?.nameProp ? ctx.prop(info.nameProp) : undefined;
    this.naming.delete(logicalId);
    if (this.cyclic.has(logicalId)) {
      this.issues.warn(
        'circular-name',
        joinPath('Resources', logicalId),
        `the name of ${logicalId} depends on itself; the logical id is used`,
      );
      name = undefined;
    }
    const path = joinPath(joinPath(joinPath('Resources', logicalId), 'Properties'), info?.nameProp ?? 'Name');
    if (name !== undefined && hasPlaceholder(name)) {
      this.issues.warn(
        'unresolved-name',
        path,
        `the name of ${logicalId} is not known offline; the logical id ${fallback} is used instead`,
      );
      name = undefined;
    } else if (name !== undefined && IAM_TYPES.has(this.type(logicalId) ?? '') && !IAM_NAME.test(name)) {
      this.issues.warn(
        'invalid-name',
        path,
        `"${name}" is not a valid IAM name; the logical id ${fallback} is used instead`,
      );
      name = undefined;
    }
    const result = name ?? fallback;
    this.names.set(logicalId, result);
    return result;
  }

  /** The ARN of a modelled resource. */
  arn(logicalId: string): string | undefined {
    const info = this.info(logicalId);
    return info?.arn ? info.arn(this.context(logicalId)) : undefined;
  }

  ref(logicalId: string): string | undefined {
    const info = this.info(logicalId);
    if (!info) return undefined;
    const ctx = this.context(logicalId);
    if (info.ref === 'name') return ctx.name;
    if (info.ref === 'arn') return info.arn?.(ctx);
    return info.ref(ctx);
  }

  getAtt(logicalId: string, attribute: string): string | undefined {
    const info = this.info(logicalId);
    if (!info) return undefined;
    const ctx = this.context(logicalId);
    if (attribute === 'Arn' && info.arn) return info.arn(ctx);
    const fn =
      info.attributes && Object.prototype.hasOwnProperty.call(info.attributes, attribute)
        ? info.attributes[attribute]
        : undefined;
    return fn?.(ctx);
  }

  /** The IAM path of an IAM resource (`/` by default; invalid paths are reported). */
  iamPath(logicalId: string): string {
    const at = joinPath(joinPath(joinPath('Resources', logicalId), 'Properties'), 'Path');
    if (this.pathing.has(logicalId)) {
      // The path refers to the resource's own ARN, which holds the path: `/` breaks the cycle.
      this.issues.warn('circular-path', at, `the IAM path of ${logicalId} depends on itself; "/" is used`);
      return '/';
    }
    this.pathing.add(logicalId);
    let p: string | undefined;
    try {
      p = this.baseContext(logicalId).prop('Path');
    } finally {
      this.pathing.delete(logicalId);
    }
    if (p === undefined) return '/';
    if (isIamPath(p) && !hasPlaceholder(p)) return p;
    this.issues.warn('invalid-path', at, `"${p}" is not a valid IAM path; "/" is used`);
    return '/';
  }

  private info(logicalId: string): TypeInfo | undefined {
    const t = this.type(logicalId);
    return t !== undefined && Object.prototype.hasOwnProperty.call(RESOURCE_TYPES, t) ? RESOURCE_TYPES[t] : undefined;
  }

  private baseContext(logicalId: string): Omit<TypeContext, 'name'> {
    const props = member(member(this.resources, logicalId), 'Properties');
    const base = joinPath(joinPath('Resources', logicalId), 'Properties');
    return {
      env: this.env,
      prop: (name) => {
        const raw = member(props, name);
        return raw === undefined || !this.resolver ? undefined : this.resolver.string(raw, joinPath(base, name));
      },
    };
  }

  private context(logicalId: string): TypeContext {
    const base = this.baseContext(logicalId);
    const name = this.name(logicalId);
    const prop = (p: string) => (p === 'Path' ? this.iamPath(logicalId) : base.prop(p));
    return { ...base, name, prop };
  }
}
