/**
 * What the SAM expansions share: the context of one transform and the resource being expanded.
 */
import type { ImportIssues } from '../../result.js';

type Resources = Record<string, unknown>;

/** What every resource expansion gets. */
export interface SamContext {
  readonly issues: ImportIssues;
  /** The template's resources before the transform (for the types of connector ends). */
  readonly original: Readonly<Resources>;
  /** The resources after the transform, being built. */
  readonly out: Resources;
  /** The partition (SAM names the X-Ray policy differently outside `aws`). */
  readonly partition: string;
  /** Function logical id → the logical id of its `AutoPublishAlias` alias (for `!Ref Fn.Alias`). */
  readonly aliases?: Map<string, string>;
}

/** One SAM resource being expanded. */
export interface SamResource {
  readonly id: string;
  readonly props: Record<string, unknown>;
  /** `Resources.<id>.Properties` */
  readonly path: string;
  /** Attributes every generated resource carries (`Condition`). */
  readonly base: Readonly<Record<string, unknown>>;
}
