/**
 * The policies that bear on one request, grouped by layer (spec §4.1): what `decide` is given.
 */
import type { CompiledPolicy, StatementList } from './compile.js';

/** How a resource-based policy must be treated (spec §4.5): strict kinds must allow explicitly. */
export type ResourcePolicyKind = 'generic' | 'role-trust' | 'kms-key';

/** One SCP or RCP level (organization root, an OU, or the account) with its policies. */
export interface PolicyLevel {
  /** The target id: `r-…`, `ou-…` or the account id. */
  readonly target: string;
  readonly policies: readonly CompiledPolicy[];
}

/** Every policy that bears on one request, grouped by layer (spec §4.1). */
export interface PolicyLayers {
  readonly identity: readonly CompiledPolicy[];
  readonly boundary?: CompiledPolicy | undefined;
  /** `undefined`: no session policy was passed (spec §4.7). */
  readonly session?: readonly CompiledPolicy[] | undefined;
  readonly resource?:
    { readonly policy: CompiledPolicy; readonly kind: ResourcePolicyKind; readonly strict?: boolean } | undefined;
  /** SCP levels root → account of the principal's account; `undefined` when SCPs do not apply. */
  readonly scps?: readonly PolicyLevel[] | undefined;
  /**
   * Custom RCP levels root → account of the resource's account; `undefined` when RCPs do not apply.
   * RCPFullAWSAccess is implied at every level (it cannot be detached, spec §4.9).
   */
  readonly rcps?: readonly PolicyLevel[] | undefined;
  /** VPC endpoint policies the request passed through. */
  readonly endpoint?: readonly CompiledPolicy[] | undefined;
  /** The account that owns the resource; `undefined` means the principal's own account. */
  readonly resourceAccount?: string | undefined;
  /** The organization's management account, when known: SCPs and RCPs never apply to it (spec §4.8, §4.9). */
  readonly managementAccount?: string | undefined;
  /** The resource is AWS managed (e.g. an `aws/…` KMS key): RCPs never apply (spec §4.9). */
  readonly resourceAwsManaged?: boolean | undefined;
  /**
   * What these layers hold for one action, worked out once when they were gathered for it: a
   * decision on that action without an explanation reads it instead of looking the action up in
   * each layer's index ({@link ActionPlan}); a decision on another action ignores it.
   */
  readonly plan?: ActionPlan | undefined;
}

/**
 * The layers of a request for one lower-cased action (an authorizer keeps one per principal's
 * layers, `src/model/request-memo.ts`): what depends on the policies and the action only.
 */
export interface ActionPlan {
  readonly actionLower: string;
  /**
   * Every SCP level allows any request for the action outright (`allowsEveryRequest` in
   * `layer.ts`: FullAWSAccess and no Deny for the action): the levels' verdict is Allow.
   */
  readonly scpsAllow: boolean;
  /** The identity policies' candidate statements for the action (before narrowing by resource). */
  readonly identity: StatementList;
  /** The resource policy's candidate statements for the action, when there is one. */
  readonly resource: StatementList | undefined;
}
