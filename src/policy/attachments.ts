/**
 * How an identity policy is attached decides its size quota (spec §8.1, AWS IAM quotas): inline
 * policies count against their user (2,048 characters), group (5,120) or role (10,240); a customer
 * managed policy may hold 6,144; AWS managed policies are exempt. Whitespace does not count.
 */

/** The ways an identity policy can be attached. */
export type PolicyAttachment = 'inline-user' | 'inline-group' | 'inline-role' | 'customer-managed' | 'aws-managed';

/** Every attachment, for option parsing. */
export const POLICY_ATTACHMENTS: readonly PolicyAttachment[] = [
  'inline-user',
  'inline-group',
  'inline-role',
  'customer-managed',
  'aws-managed',
];

/** The size quota of an attachment in non-whitespace characters; `false` for none. */
export const ATTACHMENT_MAX_SIZE: Readonly<Record<PolicyAttachment, number | false>> = {
  'inline-user': 2048,
  'inline-group': 5120,
  'inline-role': 10240,
  'customer-managed': 6144,
  'aws-managed': false,
};
