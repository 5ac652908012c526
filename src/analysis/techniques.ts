/**
 * Privilege-escalation techniques as data: one row per technique, with the actions it needs, the
 * resource each action is asked on, the context keys the request carries, and its effect. The rows
 * cover the paths of BishopFox's iam-vulnerable and of DataDog's pathfinding.cloud catalogue
 * (`sources` gives their names/ids). Every step is decided by the engine; nothing here decides.
 */

/** Which resource a step's action is asked on. */
export type Binding =
  /** The target principal: a role or user ARN. */
  | 'target'
  /** The source's own IAM entity (user or role ARN). */
  | 'self'
  /** Each group of the source user. */
  | 'self-group'
  /** Each customer managed policy attached to the source (directly or through a group). */
  | 'self-policy'
  /** Each customer managed policy attached to the target. */
  | 'target-policy'
  /** Each group of the world (the target group). */
  | 'group'
  /** A new resource of the step's service in the source's account (a placeholder name, and each resource pattern the policies name for that service). */
  | 'new'
  /** The existing resource that runs as the target role (a function, an instance, a stack…). */
  | 'running';

/** One action a technique needs. */
export interface Step {
  readonly action: string;
  readonly resource: Binding;
  /** Keys the request carries (e.g. `iam:PassedToService`). */
  readonly context?: Readonly<Record<string, string>>;
}

/** What a technique achieves. */
export type Effect =
  /** The source acts as the target principal (a role session, or the user's credentials). */
  | 'become-target'
  /** The source itself gains administrator permissions (checked on the modified world). */
  | 'admin-self'
  /** The target gains administrator permissions and the source becomes it (checked on the modified world). */
  | 'admin-target';

/** How the world changes when a self/target modification succeeds (for the admin check). */
export type Grant = 'attach-admin' | 'remove-boundary' | 'join-group' | 'admin-policy-version';

/** Kinds of existing resources that run as a role. */
export type RunningKind =
  | 'lambda-function'
  | 'ec2-instance'
  | 'cloudformation-stack'
  | 'glue-dev-endpoint'
  | 'codebuild-project'
  | 'sagemaker-notebook'
  | 'apprunner-service'
  | 'bedrock-code-interpreter'
  | 'ec2-launch-template'
  | 'glue-job';

/** One technique. */
export interface Technique {
  readonly id: string;
  readonly name: string;
  readonly category:
    | 'assume-role'
    | 'pass-role'
    | 'existing-resource'
    | 'credentials'
    | 'trust-policy'
    | 'self-modification'
    | 'target-modification';
  /** What kind of principal the target is (`none`: the technique targets the source itself). */
  readonly target: 'role' | 'user' | 'none';
  readonly steps: readonly Step[];
  readonly effect: Effect;
  /** Pass-role techniques: the service principal the target role must trust. */
  readonly service?: string;
  /** Existing-resource techniques: the kind of resource that runs as the target role. */
  readonly running?: RunningKind;
  /** Modification techniques: how the world changes. */
  readonly grant?: Grant;
  /** Which source kinds it applies to (default both). */
  readonly sources?: readonly ('user' | 'role')[];
  /** Names in public catalogues: iam-vulnerable path names and pathfinding.cloud ids. */
  readonly catalogues: readonly string[];
  readonly note?: string;
}

const pass = (service: string): Step => ({
  action: 'iam:PassRole',
  resource: 'target',
  context: { 'iam:PassedToService': service },
});
const run = (action: string): Step => ({ action, resource: 'new' });
const on = (action: string): Step => ({ action, resource: 'running' });

const passRole = (
  id: string,
  name: string,
  service: string,
  actions: readonly string[],
  catalogues: readonly string[],
  note?: string,
): Technique => ({
  id,
  name,
  category: 'pass-role',
  target: 'role',
  steps: [pass(service), ...actions.map(run)],
  effect: 'become-target',
  service,
  catalogues,
  ...(note ? { note } : {}),
});

const existing = (
  id: string,
  name: string,
  running: RunningKind,
  actions: readonly string[],
  catalogues: readonly string[],
  note?: string,
): Technique => ({
  id,
  name,
  category: 'existing-resource',
  target: 'role',
  steps: actions.map(on),
  effect: 'become-target',
  running,
  catalogues,
  ...(note ? { note } : {}),
});

/** The technique table. */
export const TECHNIQUES: readonly Technique[] = [
  // Assuming roles (both sides decided by the engine: identity policy and trust policy).
  {
    id: 'assume-role',
    name: 'sts:AssumeRole',
    category: 'assume-role',
    target: 'role',
    steps: [{ action: 'sts:AssumeRole', resource: 'target' }],
    effect: 'become-target',
    catalogues: ['STS-AssumeRole', 'sts-001'],
  },

  // Credentials of other users.
  {
    id: 'create-access-key',
    name: 'iam:CreateAccessKey',
    category: 'credentials',
    target: 'user',
    steps: [{ action: 'iam:CreateAccessKey', resource: 'target' }],
    effect: 'become-target',
    catalogues: ['IAM-CreateAccessKey', 'iam-002', 'iam-003'],
    note: 'a user has at most two keys: with two already, iam:DeleteAccessKey is needed too (iam-003)',
  },
  {
    id: 'create-login-profile',
    name: 'iam:CreateLoginProfile',
    category: 'credentials',
    target: 'user',
    steps: [{ action: 'iam:CreateLoginProfile', resource: 'target' }],
    effect: 'become-target',
    catalogues: ['IAM-CreateLoginProfile', 'iam-004'],
    note: 'only for a user without a console password',
  },
  {
    id: 'update-login-profile',
    name: 'iam:UpdateLoginProfile',
    category: 'credentials',
    target: 'user',
    steps: [{ action: 'iam:UpdateLoginProfile', resource: 'target' }],
    effect: 'become-target',
    catalogues: ['IAM-UpdateLoginProfile', 'iam-006'],
    note: 'only for a user with a console password; MFA on the user still applies at sign-in',
  },

  // Trust-policy rewriting.
  {
    id: 'update-assume-role-policy',
    name: 'iam:UpdateAssumeRolePolicy',
    category: 'trust-policy',
    target: 'role',
    steps: [{ action: 'iam:UpdateAssumeRolePolicy', resource: 'target' }],
    effect: 'become-target',
    catalogues: ['IAM-UpdatingAssumeRolePolicy', 'iam-012'],
    note: 'the new trust policy names the source; a cross-account source also needs sts:AssumeRole in its own policies',
  },
  {
    id: 'attach-role-policy+update-assume-role-policy',
    name: 'iam:AttachRolePolicy + iam:UpdateAssumeRolePolicy',
    category: 'target-modification',
    target: 'role',
    steps: [
      { action: 'iam:AttachRolePolicy', resource: 'target' },
      { action: 'iam:UpdateAssumeRolePolicy', resource: 'target' },
    ],
    effect: 'admin-target',
    grant: 'attach-admin',
    catalogues: ['iam-019'],
  },
  {
    id: 'create-policy-version+update-assume-role-policy',
    name: 'iam:CreatePolicyVersion + iam:UpdateAssumeRolePolicy',
    category: 'target-modification',
    target: 'role',
    steps: [
      { action: 'iam:CreatePolicyVersion', resource: 'target-policy' },
      { action: 'iam:UpdateAssumeRolePolicy', resource: 'target' },
    ],
    effect: 'admin-target',
    grant: 'admin-policy-version',
    catalogues: ['iam-020'],
  },
  {
    id: 'put-role-policy+update-assume-role-policy',
    name: 'iam:PutRolePolicy + iam:UpdateAssumeRolePolicy',
    category: 'target-modification',
    target: 'role',
    steps: [
      { action: 'iam:PutRolePolicy', resource: 'target' },
      { action: 'iam:UpdateAssumeRolePolicy', resource: 'target' },
    ],
    effect: 'admin-target',
    grant: 'attach-admin',
    catalogues: ['iam-021'],
  },

  // Modifying another principal, then becoming it.
  {
    id: 'attach-role-policy+assume-role',
    name: 'iam:AttachRolePolicy + sts:AssumeRole',
    category: 'target-modification',
    target: 'role',
    steps: [
      { action: 'iam:AttachRolePolicy', resource: 'target' },
      { action: 'sts:AssumeRole', resource: 'target' },
    ],
    effect: 'admin-target',
    grant: 'attach-admin',
    catalogues: ['iam-014'],
  },
  {
    id: 'put-role-policy+assume-role',
    name: 'iam:PutRolePolicy + sts:AssumeRole',
    category: 'target-modification',
    target: 'role',
    steps: [
      { action: 'iam:PutRolePolicy', resource: 'target' },
      { action: 'sts:AssumeRole', resource: 'target' },
    ],
    effect: 'admin-target',
    grant: 'attach-admin',
    catalogues: ['iam-017'],
  },
  {
    id: 'create-policy-version+assume-role',
    name: 'iam:CreatePolicyVersion + sts:AssumeRole',
    category: 'target-modification',
    target: 'role',
    steps: [
      { action: 'iam:CreatePolicyVersion', resource: 'target-policy' },
      { action: 'sts:AssumeRole', resource: 'target' },
    ],
    effect: 'admin-target',
    grant: 'admin-policy-version',
    catalogues: ['iam-016'],
  },
  {
    id: 'attach-user-policy+create-access-key',
    name: 'iam:AttachUserPolicy + iam:CreateAccessKey',
    category: 'target-modification',
    target: 'user',
    steps: [
      { action: 'iam:AttachUserPolicy', resource: 'target' },
      { action: 'iam:CreateAccessKey', resource: 'target' },
    ],
    effect: 'admin-target',
    grant: 'attach-admin',
    catalogues: ['iam-015'],
  },
  {
    id: 'put-user-policy+create-access-key',
    name: 'iam:PutUserPolicy + iam:CreateAccessKey',
    category: 'target-modification',
    target: 'user',
    steps: [
      { action: 'iam:PutUserPolicy', resource: 'target' },
      { action: 'iam:CreateAccessKey', resource: 'target' },
    ],
    effect: 'admin-target',
    grant: 'attach-admin',
    catalogues: ['iam-018'],
  },

  // Self-modification.
  {
    id: 'create-policy-version',
    name: 'iam:CreatePolicyVersion',
    category: 'self-modification',
    target: 'none',
    steps: [{ action: 'iam:CreatePolicyVersion', resource: 'self-policy' }],
    effect: 'admin-self',
    grant: 'admin-policy-version',
    catalogues: ['IAM-CreateNewPolicyVersion', 'iam-001'],
  },
  {
    id: 'set-default-policy-version',
    name: 'iam:SetDefaultPolicyVersion',
    category: 'self-modification',
    target: 'none',
    steps: [{ action: 'iam:SetDefaultPolicyVersion', resource: 'self-policy' }],
    effect: 'admin-self',
    grant: 'admin-policy-version',
    catalogues: ['IAM-SetExistingDefaultPolicyVersion'],
    note: 'needs a non-default version of the policy that grants more; the world does not record versions, so this is a possibility',
  },
  {
    id: 'attach-user-policy',
    name: 'iam:AttachUserPolicy',
    category: 'self-modification',
    target: 'none',
    sources: ['user'],
    steps: [{ action: 'iam:AttachUserPolicy', resource: 'self' }],
    effect: 'admin-self',
    grant: 'attach-admin',
    catalogues: ['IAM-AttachUserPolicy', 'iam-008'],
  },
  {
    id: 'attach-role-policy',
    name: 'iam:AttachRolePolicy',
    category: 'self-modification',
    target: 'none',
    sources: ['role'],
    steps: [{ action: 'iam:AttachRolePolicy', resource: 'self' }],
    effect: 'admin-self',
    grant: 'attach-admin',
    catalogues: ['IAM-AttachRolePolicy', 'iam-009'],
  },
  {
    id: 'attach-group-policy',
    name: 'iam:AttachGroupPolicy',
    category: 'self-modification',
    target: 'none',
    sources: ['user'],
    steps: [{ action: 'iam:AttachGroupPolicy', resource: 'self-group' }],
    effect: 'admin-self',
    grant: 'attach-admin',
    catalogues: ['IAM-AttachGroupPolicy', 'iam-010'],
  },
  {
    id: 'put-user-policy',
    name: 'iam:PutUserPolicy',
    category: 'self-modification',
    target: 'none',
    sources: ['user'],
    steps: [{ action: 'iam:PutUserPolicy', resource: 'self' }],
    effect: 'admin-self',
    grant: 'attach-admin',
    catalogues: ['IAM-PutUserPolicy', 'iam-007'],
  },
  {
    id: 'put-role-policy',
    name: 'iam:PutRolePolicy',
    category: 'self-modification',
    target: 'none',
    sources: ['role'],
    steps: [{ action: 'iam:PutRolePolicy', resource: 'self' }],
    effect: 'admin-self',
    grant: 'attach-admin',
    catalogues: ['IAM-PutRolePolicy', 'iam-005'],
  },
  {
    id: 'put-group-policy',
    name: 'iam:PutGroupPolicy',
    category: 'self-modification',
    target: 'none',
    sources: ['user'],
    steps: [{ action: 'iam:PutGroupPolicy', resource: 'self-group' }],
    effect: 'admin-self',
    grant: 'attach-admin',
    catalogues: ['IAM-PutGroupPolicy', 'iam-011'],
  },
  {
    id: 'add-user-to-group',
    name: 'iam:AddUserToGroup',
    category: 'self-modification',
    target: 'none',
    sources: ['user'],
    steps: [{ action: 'iam:AddUserToGroup', resource: 'group' }],
    effect: 'admin-self',
    grant: 'join-group',
    catalogues: ['IAM-AddUserToGroup', 'iam-013'],
  },
  {
    id: 'delete-user-permissions-boundary',
    name: 'iam:DeleteUserPermissionsBoundary',
    category: 'self-modification',
    target: 'none',
    sources: ['user'],
    steps: [{ action: 'iam:DeleteUserPermissionsBoundary', resource: 'self' }],
    effect: 'admin-self',
    grant: 'remove-boundary',
    catalogues: [],
  },
  {
    id: 'delete-role-permissions-boundary',
    name: 'iam:DeleteRolePermissionsBoundary',
    category: 'self-modification',
    target: 'none',
    sources: ['role'],
    steps: [{ action: 'iam:DeleteRolePermissionsBoundary', resource: 'self' }],
    effect: 'admin-self',
    grant: 'remove-boundary',
    catalogues: [],
  },
  {
    id: 'put-user-permissions-boundary',
    name: 'iam:PutUserPermissionsBoundary',
    category: 'self-modification',
    target: 'none',
    sources: ['user'],
    steps: [{ action: 'iam:PutUserPermissionsBoundary', resource: 'self' }],
    effect: 'admin-self',
    grant: 'remove-boundary',
    catalogues: [],
    note: 'replacing the boundary with one that allows everything',
  },
  {
    id: 'put-role-permissions-boundary',
    name: 'iam:PutRolePermissionsBoundary',
    category: 'self-modification',
    target: 'none',
    sources: ['role'],
    steps: [{ action: 'iam:PutRolePermissionsBoundary', resource: 'self' }],
    effect: 'admin-self',
    grant: 'remove-boundary',
    catalogues: [],
    note: 'replacing the boundary with one that allows everything',
  },

  // Passing a role to a service the source can launch.
  passRole(
    'ec2-run-instances',
    'iam:PassRole + ec2:RunInstances',
    'ec2.amazonaws.com',
    ['ec2:RunInstances'],
    ['EC2-CreateInstanceWithExistingProfile', 'ec2-001'],
    'the role must be in an instance profile',
  ),
  passRole(
    'ec2-request-spot-instances',
    'iam:PassRole + ec2:RequestSpotInstances',
    'ec2.amazonaws.com',
    ['ec2:RequestSpotInstances'],
    ['ec2-003'],
    'the role must be in an instance profile',
  ),
  passRole(
    'lambda-create-invoke',
    'iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction',
    'lambda.amazonaws.com',
    ['lambda:CreateFunction', 'lambda:InvokeFunction'],
    ['Lambda-PassExistingRoleToNewLambdaThenInvoke', 'lambda-001'],
  ),
  passRole(
    'lambda-create-event-source',
    'iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping',
    'lambda.amazonaws.com',
    ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    ['Lambda-PassRoleToNewLambdaThenTrigger', 'lambda-002'],
  ),
  passRole(
    'lambda-create-add-permission',
    'iam:PassRole + lambda:CreateFunction + lambda:AddPermission',
    'lambda.amazonaws.com',
    ['lambda:CreateFunction', 'lambda:AddPermission'],
    ['lambda-006'],
  ),
  passRole(
    'cloudformation-create-stack',
    'iam:PassRole + cloudformation:CreateStack',
    'cloudformation.amazonaws.com',
    ['cloudformation:CreateStack'],
    ['CloudFormation-PassExistingRoleToCloudFormation', 'cloudformation-001'],
  ),
  passRole(
    'cloudformation-create-stack-set',
    'iam:PassRole + cloudformation:CreateStackSet + cloudformation:CreateStackInstances',
    'cloudformation.amazonaws.com',
    ['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'],
    ['cloudformation-003'],
  ),
  passRole(
    'cloudformation-update-stack-set',
    'iam:PassRole + cloudformation:UpdateStackSet',
    'cloudformation.amazonaws.com',
    ['cloudformation:UpdateStackSet'],
    ['cloudformation-004'],
  ),
  passRole(
    'codebuild-create-project',
    'iam:PassRole + codebuild:CreateProject + codebuild:StartBuild',
    'codebuild.amazonaws.com',
    ['codebuild:CreateProject', 'codebuild:StartBuild'],
    ['CodeBuild-CreateProjectPassRole', 'codebuild-001'],
  ),
  passRole(
    'codebuild-create-project-batch',
    'iam:PassRole + codebuild:CreateProject + codebuild:StartBuildBatch',
    'codebuild.amazonaws.com',
    ['codebuild:CreateProject', 'codebuild:StartBuildBatch'],
    ['codebuild-004'],
  ),
  passRole(
    'datapipeline-create',
    'iam:PassRole + datapipeline:CreatePipeline + PutPipelineDefinition + ActivatePipeline',
    'datapipeline.amazonaws.com',
    ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'],
    ['DataPipeline-PassExistingRoleToNewDataPipeline', 'datapipeline-001'],
  ),
  passRole(
    'glue-create-dev-endpoint',
    'iam:PassRole + glue:CreateDevEndpoint',
    'glue.amazonaws.com',
    ['glue:CreateDevEndpoint'],
    ['Glue-PassExistingRoleToNewGlueDevEndpoint', 'glue-001'],
  ),
  passRole(
    'glue-create-job-run',
    'iam:PassRole + glue:CreateJob + glue:StartJobRun',
    'glue.amazonaws.com',
    ['glue:CreateJob', 'glue:StartJobRun'],
    ['glue-003'],
  ),
  passRole(
    'glue-create-job-trigger',
    'iam:PassRole + glue:CreateJob + glue:CreateTrigger',
    'glue.amazonaws.com',
    ['glue:CreateJob', 'glue:CreateTrigger'],
    ['glue-004'],
  ),
  passRole(
    'glue-update-job-run',
    'iam:PassRole + glue:UpdateJob + glue:StartJobRun',
    'glue.amazonaws.com',
    ['glue:UpdateJob', 'glue:StartJobRun'],
    ['glue-005'],
  ),
  passRole(
    'glue-update-job-trigger',
    'iam:PassRole + glue:UpdateJob + glue:CreateTrigger',
    'glue.amazonaws.com',
    ['glue:UpdateJob', 'glue:CreateTrigger'],
    ['glue-006'],
  ),
  passRole(
    'sagemaker-notebook',
    'iam:PassRole + sagemaker:CreateNotebookInstance',
    'sagemaker.amazonaws.com',
    ['sagemaker:CreateNotebookInstance'],
    ['SageMaker-CreateNotebookPassRole', 'sagemaker-001'],
  ),
  passRole(
    'sagemaker-training-job',
    'iam:PassRole + sagemaker:CreateTrainingJob',
    'sagemaker.amazonaws.com',
    ['sagemaker:CreateTrainingJob'],
    ['SageMaker-CreateTrainingJobPassRole', 'sagemaker-002'],
  ),
  passRole(
    'sagemaker-processing-job',
    'iam:PassRole + sagemaker:CreateProcessingJob',
    'sagemaker.amazonaws.com',
    ['sagemaker:CreateProcessingJob'],
    ['SageMaker-CreateProcessingJobPassRole', 'sagemaker-003'],
  ),
  passRole(
    'ecs-create-cluster-service',
    'iam:PassRole + ecs:CreateCluster + ecs:RegisterTaskDefinition + ecs:CreateService',
    'ecs-tasks.amazonaws.com',
    ['ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    ['ecs-001'],
  ),
  passRole(
    'ecs-create-cluster-run-task',
    'iam:PassRole + ecs:CreateCluster + ecs:RegisterTaskDefinition + ecs:RunTask',
    'ecs-tasks.amazonaws.com',
    ['ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    ['ecs-002'],
  ),
  passRole(
    'ecs-create-service',
    'iam:PassRole + ecs:RegisterTaskDefinition + ecs:CreateService',
    'ecs-tasks.amazonaws.com',
    ['ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    ['ecs-003'],
  ),
  passRole(
    'ecs-run-task',
    'iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask',
    'ecs-tasks.amazonaws.com',
    ['ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    ['ecs-004'],
  ),
  passRole(
    'ecs-start-task',
    'iam:PassRole + ecs:RegisterTaskDefinition + ecs:StartTask',
    'ecs-tasks.amazonaws.com',
    ['ecs:RegisterTaskDefinition', 'ecs:StartTask'],
    ['ecs-005'],
  ),
  passRole(
    'apprunner-create-service',
    'iam:PassRole + apprunner:CreateService',
    'tasks.apprunner.amazonaws.com',
    ['apprunner:CreateService'],
    ['apprunner-001'],
  ),
  passRole(
    'bedrock-code-interpreter',
    'iam:PassRole + bedrock-agentcore:CreateCodeInterpreter + StartCodeInterpreterSession + InvokeCodeInterpreter',
    'bedrock-agentcore.amazonaws.com',
    [
      'bedrock-agentcore:CreateCodeInterpreter',
      'bedrock-agentcore:StartCodeInterpreterSession',
      'bedrock-agentcore:InvokeCodeInterpreter',
    ],
    ['bedrock-001'],
  ),

  // Taking over existing resources that run as a role (where the world knows them).
  existing(
    'lambda-update-function-code',
    'lambda:UpdateFunctionCode',
    'lambda-function',
    ['lambda:UpdateFunctionCode'],
    ['Lambda-EditExistingLambdaFunctionWithRole', 'lambda-003', 'lambda-004', 'lambda-005'],
    'the new code runs at the next invocation (lambda:InvokeFunction or lambda:AddPermission speed it up)',
  ),
  existing(
    'ec2-ssm-send-command',
    'ssm:SendCommand',
    'ec2-instance',
    ['ssm:SendCommand'],
    ['SSM-SendCommand', 'ssm-002'],
  ),
  existing(
    'ec2-ssm-start-session',
    'ssm:StartSession',
    'ec2-instance',
    ['ssm:StartSession'],
    ['SSM-StartSession', 'ssm-001'],
  ),
  existing(
    'ec2-instance-connect',
    'ec2-instance-connect:SendSSHPublicKey',
    'ec2-instance',
    ['ec2-instance-connect:SendSSHPublicKey'],
    ['EC2InstanceConnect-SendSSHPublicKey', 'ec2instanceconnect-003'],
    'needs network access to the instance',
  ),
  existing(
    'ec2-modify-user-data',
    'ec2:ModifyInstanceAttribute + ec2:StopInstances + ec2:StartInstances',
    'ec2-instance',
    ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    ['ec2-002'],
  ),
  existing(
    'ec2-launch-template-version',
    'ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate',
    'ec2-launch-template',
    ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
    ['ec2-004'],
  ),
  existing(
    'cloudformation-update-stack',
    'cloudformation:UpdateStack',
    'cloudformation-stack',
    ['cloudformation:UpdateStack'],
    ['CloudFormation-UpdateStack', 'cloudformation-002'],
  ),
  existing(
    'cloudformation-change-set',
    'cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet',
    'cloudformation-stack',
    ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'],
    ['cloudformation-005'],
  ),
  existing(
    'glue-update-dev-endpoint',
    'glue:UpdateDevEndpoint',
    'glue-dev-endpoint',
    ['glue:UpdateDevEndpoint'],
    ['Glue-UpdateExistingGlueDevEndpoint', 'glue-002'],
  ),
  existing(
    'codebuild-start-build',
    'codebuild:StartBuild',
    'codebuild-project',
    ['codebuild:StartBuild'],
    ['codebuild-002'],
    'with a buildspec override',
  ),
  existing(
    'codebuild-start-build-batch',
    'codebuild:StartBuildBatch',
    'codebuild-project',
    ['codebuild:StartBuildBatch'],
    ['codebuild-003'],
    'with a buildspec override',
  ),
  existing(
    'sagemaker-presigned-url',
    'sagemaker:CreatePresignedNotebookInstanceUrl',
    'sagemaker-notebook',
    ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    ['SageMakerCreatePresignedNotebookURL', 'sagemaker-004'],
  ),
  existing(
    'sagemaker-lifecycle-config',
    'sagemaker:CreateNotebookInstanceLifecycleConfig + StopNotebookInstance + UpdateNotebookInstance + StartNotebookInstance',
    'sagemaker-notebook',
    [
      'sagemaker:CreateNotebookInstanceLifecycleConfig',
      'sagemaker:StopNotebookInstance',
      'sagemaker:UpdateNotebookInstance',
      'sagemaker:StartNotebookInstance',
    ],
    ['sagemaker-005'],
  ),
  existing(
    'apprunner-update-service',
    'apprunner:UpdateService',
    'apprunner-service',
    ['apprunner:UpdateService'],
    ['apprunner-002'],
  ),
  existing(
    'bedrock-existing-code-interpreter',
    'bedrock-agentcore:StartCodeInterpreterSession + InvokeCodeInterpreter',
    'bedrock-code-interpreter',
    ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'],
    ['bedrock-002'],
  ),
];

/** Placeholder ARNs of new resources, by service (`{account}` is the source's account). */
export const NEW_RESOURCE: Readonly<Record<string, string>> = {
  ec2: 'arn:aws:ec2:us-east-1:{account}:instance/*',
  lambda: 'arn:aws:lambda:us-east-1:{account}:function:iam-verdict-new',
  cloudformation: 'arn:aws:cloudformation:us-east-1:{account}:stack/iam-verdict-new/*',
  codebuild: 'arn:aws:codebuild:us-east-1:{account}:project/iam-verdict-new',
  datapipeline: 'arn:aws:datapipeline:us-east-1:{account}:pipeline/iam-verdict-new',
  glue: 'arn:aws:glue:us-east-1:{account}:devEndpoint/iam-verdict-new',
  sagemaker: 'arn:aws:sagemaker:us-east-1:{account}:notebook-instance/iam-verdict-new',
  ecs: 'arn:aws:ecs:us-east-1:{account}:cluster/iam-verdict-new',
  apprunner: 'arn:aws:apprunner:us-east-1:{account}:service/iam-verdict-new',
  'bedrock-agentcore': 'arn:aws:bedrock-agentcore:us-east-1:{account}:code-interpreter/iam-verdict-new',
};

/** The session-context key that names the resource a role session runs in, by running kind. */
export const RUNNING_CONTEXT_KEYS: Readonly<Record<string, RunningKind>> = {
  'lambda:sourcefunctionarn': 'lambda-function',
  'ec2:sourceinstancearn': 'ec2-instance',
};
