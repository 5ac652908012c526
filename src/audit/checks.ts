/**
 * The catalogue of audit checks: stable ids, default severities, remediation and references.
 * CIS numbers: v3.0.0 section 1 and v5.0.0 section 1 (v4.0 and later dropped "security questions",
 * so most IAM recommendations moved up by one), and v7.0.0 section 2 (IAM became section 2 in v6.0;
 * v7.0 added 2.1.x on Organizations and dropped the setup-key and two-keys recommendations).
 * Security Hub: the IAM.n controls.
 */
import type { CheckDefinition } from './finding.js';

const check = (c: CheckDefinition): CheckDefinition => c;

export const CHECKS = {
  rootAccessKeys: check({
    id: 'IAM.ROOT_ACCESS_KEYS',
    title: 'The root user has an active access key',
    severity: 'critical',
    description:
      'Access keys of the root user carry every permission of the account and cannot be limited by any policy except SCPs.',
    remediation:
      "Delete the root user's access keys (IAM console → Security credentials as root → Access keys → Delete). Use roles for automation.",
    references: { cisV3: '1.4', cisV5: '1.3', cisV7: '2.4', securityHub: 'IAM.4', prowler: 'iam_no_root_access_key' },
    decidedBy: 'data',
  }),
  rootMfa: check({
    id: 'IAM.ROOT_MFA',
    title: 'The root user has no MFA',
    severity: 'critical',
    description: 'A root user without MFA is one leaked password away from a lost account.',
    remediation:
      'Enable MFA for the root user (a hardware or passkey device for CIS Level 2), or remove root credentials with centralized root access in AWS Organizations.',
    references: { cisV3: '1.5', cisV5: '1.4', cisV7: '2.5', securityHub: 'IAM.9', prowler: 'iam_root_mfa_enabled' },
    decidedBy: 'data',
  }),
  rootUse: check({
    id: 'IAM.ROOT_USED',
    title: 'The root user was used recently',
    severity: 'high',
    description:
      'The root user should be used only for the few tasks that need it; recent password or key use suggests daily use.',
    remediation:
      'Find out who used the root user and why (CloudTrail userIdentity.type = Root); move the work to roles and lock the root credentials away.',
    references: { cisV3: '1.7', cisV5: '1.6', cisV7: '2.7', securityHub: 'IAM.20', prowler: 'iam_avoid_root_usage' },
    decidedBy: 'data',
  }),
  consoleMfa: check({
    id: 'IAM.USER_CONSOLE_NO_MFA',
    title: 'A user with a console password has no MFA',
    severity: 'high',
    description:
      'A console password without MFA is a long-lived credential that phishing or password reuse can take over.',
    remediation:
      'Enable an MFA device for the user, or remove the console password (aws iam delete-login-profile) and move the person to IAM Identity Center.',
    references: {
      cisV3: '1.10',
      cisV5: '1.9',
      cisV7: '2.10',
      securityHub: 'IAM.5',
      prowler: 'iam_user_mfa_enabled_console_access',
    },
    decidedBy: 'data',
  }),
  keyRotation: check({
    id: 'IAM.ACCESS_KEY_NOT_ROTATED',
    title: 'An active access key is older than 90 days',
    severity: 'medium',
    description:
      'Long-lived access keys leak (repositories, laptops, logs); the older a key, the longer a leak stays useful.',
    remediation:
      'Create a new key, move the workload to it, deactivate and then delete the old key (aws iam update-access-key --status Inactive). Better: replace the user by a role.',
    references: {
      cisV3: '1.14',
      cisV5: '1.13',
      cisV7: '2.12',
      securityHub: 'IAM.3',
      prowler: 'iam_rotate_access_key_90_days',
    },
    decidedBy: 'data',
  }),
  keyUnused: check({
    id: 'IAM.ACCESS_KEY_UNUSED',
    title: 'An active access key was not used for 45 days',
    severity: 'medium',
    description: 'An active key nobody uses is pure risk: it can only be used by someone who should not have it.',
    remediation: 'Deactivate the key (aws iam update-access-key --status Inactive), then delete it if nothing breaks.',
    references: {
      cisV3: '1.12',
      cisV5: '1.11',
      cisV7: '2.11',
      securityHub: 'IAM.22',
      prowler: 'iam_user_accesskey_unused',
    },
    decidedBy: 'data',
  }),
  passwordUnused: check({
    id: 'IAM.PASSWORD_UNUSED',
    title: 'A console password was not used for 45 days',
    severity: 'medium',
    description: 'An enabled console password nobody uses keeps a door open for nobody.',
    remediation: 'Remove the console password (aws iam delete-login-profile).',
    references: {
      cisV3: '1.12',
      cisV5: '1.11',
      cisV7: '2.11',
      securityHub: 'IAM.22',
      prowler: 'iam_user_console_access_unused',
    },
    decidedBy: 'data',
  }),
  twoKeys: check({
    id: 'IAM.TWO_ACTIVE_ACCESS_KEYS',
    title: 'A user has two active access keys',
    severity: 'low',
    description: 'Two active keys double the keys to protect; outside a rotation, one of them is usually forgotten.',
    remediation: 'Keep one active key per user: deactivate the one that is not in use.',
    references: { cisV3: '1.13', cisV5: '1.12', prowler: 'iam_user_two_active_access_key' },
    decidedBy: 'data',
  }),
  setupKey: check({
    id: 'IAM.ACCESS_KEY_AT_SETUP',
    title: 'An access key was created at user setup and never used',
    severity: 'low',
    description: 'Keys created with a console user "just in case" are never rotated and rarely noticed.',
    remediation: 'Delete the key; create keys only when a workload needs them (and prefer roles).',
    references: { cisV3: '1.11', cisV5: '1.10', prowler: 'iam_user_no_setup_initial_access_key' },
    decidedBy: 'data',
  }),
  passwordLength: check({
    id: 'IAM.PASSWORD_POLICY_LENGTH',
    title: 'The password policy allows passwords shorter than 14 characters',
    severity: 'medium',
    description: 'Short passwords are guessed and cracked quickly.',
    remediation:
      'aws iam update-account-password-policy --minimum-password-length 14 (keep the other settings you have).',
    references: {
      cisV3: '1.8',
      cisV5: '1.7',
      cisV7: '2.8',
      securityHub: 'IAM.15',
      prowler: 'iam_password_policy_minimum_length_14',
    },
    decidedBy: 'data',
  }),
  passwordReuse: check({
    id: 'IAM.PASSWORD_POLICY_REUSE',
    title: 'The password policy does not prevent reuse of the last 24 passwords',
    severity: 'medium',
    description: 'Reused passwords bring back credentials that may already have leaked.',
    remediation: 'aws iam update-account-password-policy --password-reuse-prevention 24.',
    references: {
      cisV3: '1.9',
      cisV5: '1.8',
      cisV7: '2.9',
      securityHub: 'IAM.16',
      prowler: 'iam_password_policy_reuse_24',
    },
    decidedBy: 'data',
  }),
  passwordExpiry: check({
    id: 'IAM.PASSWORD_POLICY_EXPIRY',
    title: 'The password policy does not expire passwords within 90 days',
    severity: 'low',
    description:
      'Security Hub (IAM.17) expects passwords to expire within 90 days; CIS no longer does, so this is low.',
    remediation:
      'aws iam update-account-password-policy --max-password-age 90 (or accept the risk if you follow NIST 800-63B).',
    references: { securityHub: 'IAM.17', prowler: 'iam_password_policy_expires_passwords_within_90_days_or_less' },
    decidedBy: 'data',
  }),
  passwordSymbols: check({
    id: 'IAM.PASSWORD_POLICY_SYMBOLS',
    title: 'The password policy does not require a symbol',
    severity: 'low',
    description: 'Security Hub (IAM.13) expects at least one symbol.',
    remediation: 'aws iam update-account-password-policy --require-symbols.',
    references: { securityHub: 'IAM.13', prowler: 'iam_password_policy_symbol' },
    decidedBy: 'data',
  }),
  passwordNumbers: check({
    id: 'IAM.PASSWORD_POLICY_NUMBERS',
    title: 'The password policy does not require a number',
    severity: 'low',
    description: 'Security Hub (IAM.14) expects at least one number.',
    remediation: 'aws iam update-account-password-policy --require-numbers.',
    references: { securityHub: 'IAM.14', prowler: 'iam_password_policy_number' },
    decidedBy: 'data',
  }),
  passwordUppercase: check({
    id: 'IAM.PASSWORD_POLICY_UPPERCASE',
    title: 'The password policy does not require an uppercase letter',
    severity: 'low',
    description: 'Security Hub (IAM.11) expects at least one uppercase letter.',
    remediation: 'aws iam update-account-password-policy --require-uppercase-characters.',
    references: { securityHub: 'IAM.11', prowler: 'iam_password_policy_uppercase' },
    decidedBy: 'data',
  }),
  passwordLowercase: check({
    id: 'IAM.PASSWORD_POLICY_LOWERCASE',
    title: 'The password policy does not require a lowercase letter',
    severity: 'low',
    description: 'Security Hub (IAM.12) expects at least one lowercase letter.',
    remediation: 'aws iam update-account-password-policy --require-lowercase-characters.',
    references: { securityHub: 'IAM.12', prowler: 'iam_password_policy_lowercase' },
    decidedBy: 'data',
  }),
  userShouldBeRole: check({
    id: 'IAM.USER_SHOULD_BE_ROLE',
    title: 'A user is a workload with long-lived keys where a role would do',
    severity: 'medium',
    description:
      'The user has no console password it uses and calls AWS only with access keys: a machine, not a person. A role gives the same workload temporary credentials that expire on their own; the keys of a user leak and stay valid until someone notices.',
    remediation:
      "Replace the user by a role the workload assumes: on EC2 an instance profile, on ECS a task role, on Lambda the execution role, on EKS a Pod Identity or IRSA role; in CI/CD (GitHub Actions, GitLab, Bitbucket, …) a role trusted through the provider's OIDC identity provider with aud and sub conditions; on premises IAM Roles Anywhere; from another account a cross-account role. Then deactivate and delete the access keys and the user.",
    references: { cisV3: '1.18', cisV5: '1.17', cisV7: '2.16', prowler: 'iam_user_with_temporary_credentials' },
    decidedBy: 'data',
  }),
  userPolicies: check({
    id: 'IAM.USER_POLICY_ATTACHED',
    title: 'Policies are attached to a user instead of a group or role',
    severity: 'low',
    description:
      'Permissions on individual users drift and are hard to review; groups and roles keep them in one place.',
    remediation:
      "Move the user's policies to a group (or give the person a role to assume) and detach them from the user.",
    references: {
      cisV3: '1.15',
      cisV5: '1.14',
      cisV7: '2.13',
      securityHub: 'IAM.2',
      prowler: 'iam_policy_attached_only_to_group_or_roles',
    },
    decidedBy: 'data',
  }),
  effectiveAdmin: check({
    id: 'IAM.EFFECTIVE_ADMIN',
    title: 'A principal is effectively an administrator',
    severity: 'high',
    description:
      'The engine allows this principal sensitive actions of every probed service on arbitrary resources, after permissions boundaries and SCPs: it can do anything, whatever its policies are called.',
    remediation:
      'Give people administrator rights only through a role assumed with MFA; scope the policies of users and workload roles to the actions and resources they need.',
    references: {
      cisV3: '1.16',
      cisV5: '1.15',
      cisV7: '2.14',
      securityHub: 'IAM.1',
      prowler: 'iam_customer_attached_policy_no_administrative_privileges',
    },
    decidedBy: 'engine',
  }),
  nearAdmin: check({
    id: 'IAM.NEAR_ADMIN',
    title: 'A principal can do almost everything (every action but some services)',
    severity: 'info',
    description:
      "The principal's policies allow every action, but the engine denies some actions of the catalog (a boundary, an SCP or a deny statement): not an administrator, yet allowed every other service, and every service AWS adds.",
    remediation:
      'Check that the denied services are the ones meant to be held back, and scope the Allow to the services the principal needs instead of allowing * and denying exceptions.',
    references: { prowler: 'iam_customer_attached_policy_no_administrative_privileges' },
    decidedBy: 'engine',
  }),
  cloudShell: check({
    id: 'IAM.CLOUDSHELL_FULL_ACCESS',
    title: 'AWSCloudShellFullAccess is attached',
    severity: 'medium',
    description:
      'CloudShell full access allows file upload/download and sudo in a pre-authenticated shell: an easy path to exfiltration.',
    remediation:
      'Detach arn:aws:iam::aws:policy/AWSCloudShellFullAccess; grant a scoped CloudShell policy where needed.',
    references: {
      cisV3: '1.22',
      cisV5: '1.21',
      cisV7: '2.20',
      securityHub: 'IAM.27',
      prowler: 'iam_policy_cloudshell_admin_not_attached',
    },
    decidedBy: 'data',
  }),
  supportRole: check({
    id: 'IAM.NO_SUPPORT_ROLE',
    title: 'No role can manage incidents with AWS Support',
    severity: 'low',
    description:
      'Without a support role, incidents are handled with whatever credentials are at hand, often the root user.',
    remediation:
      'Create a role with the AWS managed policy AWSSupportAccess and let your incident responders assume it.',
    references: {
      cisV3: '1.17',
      cisV5: '1.16',
      cisV7: '2.15',
      securityHub: 'IAM.18',
      prowler: 'iam_support_role_created',
    },
    decidedBy: 'data',
  }),
  unusedRole: check({
    id: 'IAM.ROLE_UNUSED',
    title: 'A role was not used for 90 days',
    severity: 'low',
    description: 'Unused roles keep their trust and permissions: attack surface that serves nobody.',
    remediation: 'Confirm with the owner and delete the role (or remove its trust).',
    references: {},
    decidedBy: 'data',
  }),
  trustAnyPrincipal: check({
    id: 'TRUST.ANY_PRINCIPAL',
    title: 'Any AWS principal can assume the role',
    severity: 'critical',
    description:
      'The engine lets a role of an unrelated account (or an anonymous caller) assume the role with no ExternalId, MFA or organization context.',
    remediation:
      'Name the trusted accounts or roles in Principal, and add aws:PrincipalOrgID or sts:ExternalId conditions.',
    references: { cisV7: '2.21', prowler: 'iam_role_cross_account_readonlyaccess_policy' },
    decidedBy: 'engine',
  }),
  trustExternalNoCondition: check({
    id: 'TRUST.EXTERNAL_ACCOUNT_UNCONDITIONED',
    title: 'A principal of another account can assume the role without ExternalId, MFA or organization condition',
    severity: 'high',
    description:
      'The engine lets any principal of a trusted external account assume the role with no ExternalId, MFA or aws:PrincipalOrgID: a third party can be tricked into using its access for someone else (confused deputy).',
    remediation:
      'For a vendor, require sts:ExternalId (StringEquals with a unique value); for your own accounts, require aws:PrincipalOrgID or name the exact role ARN.',
    references: { prowler: 'iam_role_cross_account_readonlyaccess_policy' },
    decidedBy: 'engine',
  }),
  trustExternalIdIneffective: check({
    id: 'TRUST.EXTERNAL_ID_INEFFECTIVE',
    title: "The role's ExternalId condition accepts any value",
    severity: 'high',
    description:
      'The engine lets an external principal in with a random ExternalId: the condition (for example StringLike sts:ExternalId "*") does not protect anything.',
    remediation: 'Use StringEquals sts:ExternalId with the exact value agreed with the third party.',
    references: { prowler: 'iam_role_cross_account_readonlyaccess_policy' },
    decidedBy: 'engine',
  }),
  trustOidc: check({
    id: 'TRUST.WEB_IDENTITY_UNSCOPED',
    title: 'Any identity of the web identity provider can assume the role',
    severity: 'high',
    description:
      'The engine lets a token with an arbitrary audience and subject assume the role: every user or repository of the provider (e.g. every GitHub repository) is trusted.',
    remediation:
      'Add StringEquals conditions on <provider>:aud and <provider>:sub (e.g. token.actions.githubusercontent.com:sub = repo:org/repo:ref:refs/heads/main).',
    references: { prowler: 'iam_role_cross_service_confused_deputy_prevention' },
    decidedBy: 'engine',
  }),
  trustSaml: check({
    id: 'TRUST.SAML_AUDIENCE_UNCHECKED',
    title: "The role's SAML trust does not check the audience",
    severity: 'low',
    description:
      'The engine lets a SAML assertion with an arbitrary audience assume the role; the console-generated trust checks SAML:aud.',
    remediation: 'Add StringEquals SAML:aud = https://signin.aws.amazon.com/saml.',
    references: {},
    decidedBy: 'engine',
  }),
  trustConfusedDeputy: check({
    id: 'TRUST.SERVICE_CONFUSED_DEPUTY',
    title: 'A service can assume the role on behalf of any account (confused deputy)',
    severity: 'medium',
    description:
      'The role trusts an AWS service that sends aws:SourceArn/aws:SourceAccount, and the engine lets the service in with a foreign source account: another customer can make the service use this role.',
    remediation:
      'Add a condition on aws:SourceAccount, aws:SourceArn or aws:SourceOrgID to the trust statement of the service.',
    references: { prowler: 'iam_role_cross_service_confused_deputy_prevention' },
    decidedBy: 'engine',
  }),
} as const satisfies Record<string, CheckDefinition>;

/** Every check, in catalogue order. */
export const ALL_CHECKS: readonly CheckDefinition[] = Object.values(CHECKS);
