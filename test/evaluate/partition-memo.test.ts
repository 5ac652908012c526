/**
 * The cross-partition test (spec §2.3: resource-based policies never delegate across partitions)
 * remembers on the resource's segments the last partition found equal to the resource's, and an
 * authorizer keeps those segments across decisions: callers of two partitions take turns on one
 * resource here, and each decision must be the one fresh segments give.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/parse.js';
import { compilePolicy } from '../../src/evaluate/compile.js';
import { decide } from '../../src/evaluate/decide.js';
import { prepareRequest } from '../../src/evaluate/request/index.js';
import { splitArn } from '../../src/match/arn.js';
import type { PolicyLayers } from '../../src/evaluate/policy-layers.js';
import type { RequestPrincipal } from '../../src/evaluate/principal.js';

const A = '111111111111';
const RESOURCE = 'arn:aws:s3:::b/k';

const parsed = parsePolicy(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: RESOURCE }],
  },
  { type: 'resource' },
);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
/** Only the bucket policy can allow: its grant to everyone, void across partitions. */
const layers: PolicyLayers = {
  identity: [],
  resource: { policy: compilePolicy(parsed.policy, 'bucket'), kind: 'generic' },
};

const caller = (partition: string): RequestPrincipal => ({
  kind: 'user',
  arn: `arn:${partition}:iam::${A}:user/alice`,
  account: A,
  partition,
  userArn: `arn:${partition}:iam::${A}:user/alice`,
});

describe('the partition test on segments kept across decisions', () => {
  it('decides each caller as fresh segments do, whatever the order', () => {
    const kept = splitArn(RESOURCE);
    const order = ['aws-cn', 'aws-cn', 'aws', 'aws', 'aws-cn', 'aws-us-gov', 'aws', 'aws-cn'];
    for (const partition of order) {
      const ctx = { get: () => undefined };
      const onKept = decide(layers, prepareRequest(caller(partition), 's3:GetObject', RESOURCE, ctx, kept));
      const fresh = decide(layers, prepareRequest(caller(partition), 's3:GetObject', RESOURCE, ctx));
      expect(onKept).toEqual(fresh);
      expect(onKept.decision).toBe(partition === 'aws' ? 'Allow' : 'ImplicitDeny');
    }
  });
});
