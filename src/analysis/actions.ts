/**
 * Actions the analysis asks about when no list is given, and their access level. Until the action
 * catalog supplies every action with its documented access level, the level is read from the verb
 * (a heuristic, documented in docs/analysis.md); pass `accessLevel` to replace it.
 */

/** AWS's access levels. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** Well-known sensitive actions, asked about by default. */
export const SENSITIVE_ACTIONS: readonly string[] = [
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AttachUserPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachGroupPolicy',
  'iam:PutUserPolicy',
  'iam:PutRolePolicy',
  'iam:PutGroupPolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AddUserToGroup',
  'iam:UpdateAssumeRolePolicy',
  'iam:PassRole',
  'iam:DeleteUserPermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'sts:AssumeRole',
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:PutBucketPolicy',
  'kms:Decrypt',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:SendCommand',
  'lambda:UpdateFunctionCode',
  'lambda:CreateFunction',
  'ec2:RunInstances',
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'organizations:LeaveOrganization',
];

const PERMISSIONS =
  /^(Attach|Detach|Put|Delete|Create|Update|Set|Add|Remove)\w*(Policy|PolicyVersion|PermissionsBoundary|Permission|Grant|AssumeRolePolicy)s?$|^PassRole$|^(Create|Update|Delete)(AccessKey|LoginProfile)$|^AddUserToGroup$|^RemoveUserFromGroup$/;

/** The access level of an action, read from its verb. */
export function accessLevelOf(action: string): AccessLevel {
  const name = action.slice(action.indexOf(':') + 1);
  if (/^(Tag|Untag)/.test(name)) return 'Tagging';
  if (PERMISSIONS.test(name)) return 'Permissions management';
  if (/^List/.test(name)) return 'List';
  if (
    /^(Get|Describe|BatchGet|Head|Query|Scan|Search|Select|Lookup|Download|Decrypt|View|Read|Check|Verify)/.test(name)
  )
    return 'Read';
  return 'Write';
}
