/**
 * `iam-verdict/import`: real estates in. Importers from CloudFormation/CDK/SAM templates, Terraform
 * plans and account snapshots (`aws iam get-account-authorization-details`), `importWorld`, which
 * picks one by format name, and `mergeWorlds`.
 *
 * A subpath of its own so that the core entry (`iam-verdict`) loads neither `yaml` nor the importers.
 *
 * @module iam-verdict/import
 */
export {
  fromAuthorizationDetails,
  fromCloudFormation,
  fromTerraformPlan,
  importWorld,
  mergeWorlds,
  WORLD_FORMATS,
} from '../import/index.js';
export type {
  AuthorizationDetailsOptions,
  CloudFormationOptions,
  ImportOptions,
  ImportResult,
  ImportWorldOptions,
  MergeWorldsResult,
  ResourcePolicyInput,
  TerraformPlanOptions,
  WorldFormat,
} from '../import/index.js';
