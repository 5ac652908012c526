/**
 * The importers, and `importWorld`, which picks one by format name (for test files and the CLI).
 */
import type { Issue } from '../policy/issues.js';
import { fromAuthorizationDetails, type AuthorizationDetailsOptions } from './authorization-details/index.js';
import { fromCloudFormation, type CloudFormationOptions } from './cloudformation/index.js';
import { readInput } from './input.js';
import { CLOUDFORMATION_TAGS } from './cfn-yaml.js';
import { ImportIssues, type ImportResult } from './result.js';
import { fromTerraformPlan, type TerraformPlanOptions } from './terraform/index.js';
import { describeError } from '../policy/json-tree.js';

export { fromAuthorizationDetails, fromCloudFormation, fromTerraformPlan };
export { mergeWorlds } from './merge.js';
export type { MergeWorldsResult } from './merge.js';
export type { AuthorizationDetailsOptions, CloudFormationOptions, TerraformPlanOptions };
export type { ResourcePolicyInput } from './authorization-details/index.js';
export type { ImportOptions, ImportResult } from './result.js';

/** The formats a world can be read from. */
export const WORLD_FORMATS = ['world', 'cloudformation', 'terraform', 'authorization-details'] as const;
/** A format a world can be read from. */
export type WorldFormat = (typeof WORLD_FORMATS)[number];

/** Options of {@link importWorld}: those of every importer. */
export type ImportWorldOptions = CloudFormationOptions & TerraformPlanOptions & AuthorizationDetailsOptions;

/**
 * Reads a world in any supported format: `world` (the library's own format, JSON or YAML text or a
 * value, returned as it is once read), or one of the importers. Never throws.
 *
 * @example
 * ```ts
 * import { importWorld } from 'iam-verdict/import';
 *
 * // The library's own world format, as YAML text.
 * const result = importWorld('users:\n  arn:aws:iam::111111111111:user/ann: {}\n', 'world');
 * console.log(result.ok ? Object.keys(result.world.users ?? {}) : result.errors); // => [ 'arn:aws:iam::111111111111:user/ann' ]
 * ```
 */
export function importWorld(input: unknown, format: WorldFormat, options: ImportWorldOptions = {}): ImportResult {
  try {
    return importWorldUnchecked(input, format, options);
  } catch (e) {
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'internal-error',
          path: '',
          message: `the input could not be imported: ${describeError(e)}`,
        },
      ],
      warnings: [],
    };
  }
}

function importWorldUnchecked(input: unknown, format: WorldFormat, options: ImportWorldOptions): ImportResult {
  switch (format) {
    case 'cloudformation':
      return fromCloudFormation(input, options);
    case 'terraform':
      return fromTerraformPlan(input, options);
    case 'authorization-details':
      return fromAuthorizationDetails(input, options);
    case 'world': {
      const issues = new ImportIssues();
      const world = readInput(input, issues, { what: 'world', yamlTags: CLOUDFORMATION_TAGS });
      if (world === undefined || typeof world !== 'object' || world === null || Array.isArray(world)) {
        if (issues.errors.length === 0) issues.error('invalid-world', '', 'a world is an object');
        return { ok: false, errors: issues.errors, warnings: issues.warnings };
      }
      return { ok: true, world, warnings: issues.warnings, arns: {} };
    }
    default: {
      const error: Issue = {
        severity: 'error',
        code: 'unknown-format',
        path: 'format',
        message: `unknown world format ${JSON.stringify(format)}; use one of ${WORLD_FORMATS.join(', ')}`,
      };
      return { ok: false, errors: [error], warnings: [] };
    }
  }
}
