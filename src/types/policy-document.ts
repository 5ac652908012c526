/**
 * An IAM policy document as JSON, typed for authors: what `parsePolicy`, worlds and the STS
 * functions accept. Every field is validated again at run time (untrusted input is `unknown`
 * there); these types give editors completion and catch typos in code-written policies.
 */

/** A value that may be written as one string or a list of them. */
export type OneOrMany<T> = T | readonly T[];

/** The `Principal` / `NotPrincipal` element: `"*"` or principals by type. */
export type PolicyPrincipal =
  | '*'
  | {
      readonly AWS?: OneOrMany<string>;
      readonly Service?: OneOrMany<string>;
      readonly Federated?: OneOrMany<string>;
      readonly CanonicalUser?: OneOrMany<string>;
    };

/** A condition value as written: strings, numbers and booleans (compared as strings). */
export type ConditionValue = string | number | boolean;

/**
 * The `Condition` element: operator (`StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`, …)
 * → condition key → value or values.
 */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, OneOrMany<ConditionValue>>>>>;

/** One statement of a policy document. */
export type PolicyStatement = {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: PolicyPrincipal;
  readonly NotPrincipal?: PolicyPrincipal;
  readonly Action?: OneOrMany<string>;
  readonly NotAction?: OneOrMany<string>;
  readonly Resource?: OneOrMany<string>;
  readonly NotResource?: OneOrMany<string>;
  readonly Condition?: ConditionBlock;
};

/** An IAM policy document (identity, resource, trust, boundary, session, SCP, RCP or endpoint policy). */
export type PolicyDocument = {
  /** `2012-10-17` (policy variables work) or the legacy `2008-10-17`; absent means `2008-10-17`. */
  readonly Version?: '2012-10-17' | '2008-10-17';
  readonly Id?: string;
  readonly Statement: OneOrMany<PolicyStatement>;
};

/**
 * A policy document inside a world: typed for completion, but any JSON object is accepted here
 * because the policy parser checks each document when the world is compiled (and reports every
 * problem with its path), so an imported document that is not a valid policy is an error to report,
 * not a type to refuse.
 */
export type WorldPolicyDocument = PolicyDocument | Record<string, unknown>;
