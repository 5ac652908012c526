/**
 * The state the Terraform resource handlers share while a plan is imported.
 */
import type { ImportIssues } from '../result.js';
import type { WorldBuilder } from '../world-builder.js';
import type { PlanValues } from './values.js';

/** What the handlers share. */
export interface PlanContext {
  readonly builder: WorldBuilder;
  readonly values: PlanValues;
  readonly issues: ImportIssues;
  readonly roleByName: Map<string, string>;
  readonly userByName: Map<string, string>;
  readonly groupByName: Map<string, string>;
}
