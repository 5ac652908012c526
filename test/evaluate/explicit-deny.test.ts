/**
 * §4.3 step 1: an applicable Deny in any evaluated layer is an explicit deny, whatever allows it
 * elsewhere (§4.2, §0.2). Custom mode (`evaluate`) with every layer present and allowing.
 */
import { describe, expect, it } from 'vitest';
import type { PolicySetInput } from '../../src/index.js';
import { ACCOUNT, APP_SESSION, allowPolicy, decide, denyPolicy, grant, policy } from './helpers.js';

const everyoneAllowed = policy(grant('*', { Action: '*', Resource: '*' }));
const rcpDeny = policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });
const endpointDeny = policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' });

/** Every layer present, every layer allowing: a role session reading an object. */
const allowing: PolicySetInput = {
  identity: [allowPolicy()],
  permissionsBoundary: allowPolicy(),
  session: [allowPolicy()],
  resource: { policy: everyoneAllowed },
  scps: [
    { target: 'r-root', policies: [allowPolicy()] },
    { target: 'ou-prod', policies: [allowPolicy()] },
    { target: ACCOUNT, policies: [allowPolicy()] },
  ],
  rcps: [
    { target: 'r-root', policies: [] },
    { target: 'ou-prod', policies: [] },
    { target: ACCOUNT, policies: [] },
  ],
  endpoint: [everyoneAllowed],
};

const ask = (policies: PolicySetInput) => decide({ principal: APP_SESSION, policies });

describe('§4.3 step 1 explicit deny in every layer', () => {
  it('the baseline with every layer allowing is Allow', () => {
    expect(ask(allowing).decision).toBe('Allow');
  });

  it('§4.3 a Deny in an identity policy wins over every Allow', () => {
    expect(ask({ ...allowing, identity: [allowPolicy(), denyPolicy('s3:GetObject')] })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'identity',
    });
  });

  it('§4.6 a Deny in the permissions boundary is an explicit deny', () => {
    expect(
      ask({
        ...allowing,
        permissionsBoundary: policy(
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:Get*', Resource: '*' },
        ),
      }),
    ).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'boundary',
    });
  });

  it('§4.7 a Deny in a session policy is an explicit deny', () => {
    expect(ask({ ...allowing, session: [allowPolicy(), denyPolicy('s3:*')] })).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'session',
    });
  });

  it('§4.4 a Deny in the resource-based policy is an explicit deny', () => {
    const resource = { policy: policy(grant('*', { Action: '*', Resource: '*' }), grant('*', {}, 'Deny')) };
    expect(ask({ ...allowing, resource })).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'resource' });
  });

  it('§4.8 a Deny in an SCP at any level (here the OU) is an explicit deny', () => {
    const scps = [
      { target: 'r-root', policies: [allowPolicy()] },
      { target: 'ou-prod', policies: [allowPolicy(), denyPolicy('s3:GetObject')] },
      { target: ACCOUNT, policies: [allowPolicy()] },
    ];
    expect(ask({ ...allowing, scps })).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'scp' });
  });

  it('§4.8 a Deny in the account-level SCP is an explicit deny too', () => {
    const scps = [
      { target: 'r-root', policies: [allowPolicy()] },
      { target: 'ou-prod', policies: [allowPolicy()] },
      { target: ACCOUNT, policies: [allowPolicy(), denyPolicy()] },
    ];
    expect(ask({ ...allowing, scps }).decision).toBe('ExplicitDeny');
  });

  it('§4.9 a Deny in an RCP at any level is an explicit deny', () => {
    const rcps = [
      { target: 'r-root', policies: [rcpDeny] },
      { target: 'ou-prod', policies: [] },
      { target: ACCOUNT, policies: [] },
    ];
    expect(ask({ ...allowing, rcps })).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'rcp' });
  });

  it('a Deny in the VPC endpoint policy is an explicit deny', () => {
    expect(
      ask({ ...allowing, endpoint: [policy(grant('*', { Action: '*', Resource: '*' })), endpointDeny] }),
    ).toMatchObject({ decision: 'ExplicitDeny', decidedBy: 'endpoint' });
  });

  it('a VPC endpoint policy without an applicable Allow implicitly denies', () => {
    const onlyPut = policy(grant('*', { Action: 's3:PutObject', Resource: '*' }));
    expect(ask({ ...allowing, endpoint: [onlyPut] })).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'endpoint',
    });
  });

  it('§4.2 a Deny whose action, resource or condition does not match is not applicable', () => {
    expect(ask({ ...allowing, identity: [allowPolicy(), denyPolicy('s3:PutObject')] }).decision).toBe('Allow');
    expect(ask({ ...allowing, identity: [allowPolicy(), denyPolicy('s3:*', 'arn:aws:s3:::other/*')] }).decision).toBe(
      'Allow',
    );
    expect(
      ask({
        ...allowing,
        identity: [allowPolicy(), denyPolicy('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      }).decision,
    ).toBe('Allow');
  });

  it('§4.2 a resource-policy Deny that does not name the caller is not applicable', () => {
    const resource = {
      policy: policy(
        grant('*', { Action: '*', Resource: '*' }),
        grant({ AWS: 'arn:aws:iam::111111111111:user/bob' }, {}, 'Deny'),
      ),
    };
    expect(ask({ ...allowing, resource }).decision).toBe('Allow');
  });

  it('§4.3 explicit deny beats a same-account resource-policy grant that needs nothing else', () => {
    const resource = { policy: policy(grant({ AWS: APP_SESSION })) };
    expect(
      decide({ principal: APP_SESSION, policies: { identity: [denyPolicy('s3:GetObject')], resource } }).decision,
    ).toBe('ExplicitDeny');
  });

  it('§4.6/§4.7 a Deny in the boundary or session policy still applies to a session-ARN grant', () => {
    const resource = { policy: policy(grant({ AWS: APP_SESSION })) };
    expect(
      decide({ principal: APP_SESSION, policies: { permissionsBoundary: denyPolicy('s3:*'), resource } }).decision,
    ).toBe('ExplicitDeny');
    expect(decide({ principal: APP_SESSION, policies: { session: [denyPolicy('s3:*')], resource } }).decision).toBe(
      'ExplicitDeny',
    );
  });
});
