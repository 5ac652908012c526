/**
 * §4.4 resource-based policies within one account: the grant kind of the matched Principal entry
 * decides which other layers can still block (§2.3, §4.6, §4.7, §10 E1, E2, E6, E7, R-REVIEW).
 */
import { describe, expect, it } from 'vitest';
import type { PolicySetInput } from '../../src/index.js';
import {
  ACCOUNT,
  ALICE,
  APP_ROLE,
  APP_SESSION,
  allowPolicy,
  bucketPolicy,
  decide,
  FED_BOB,
  grant,
  outcome,
  ROOT,
} from './helpers.js';

const BROKER = `arn:aws:iam::${ACCOUNT}:user/broker`;
/** A boundary and a session policy that allow only EC2: they do not allow reading the object. */
const ec2Only = allowPolicy('ec2:*');
const fed = { principal: FED_BOB, principalDetails: { userArn: BROKER } };

describe('§4.4 grant kinds within one account', () => {
  it('§4.4 no resource policy: the identity policy alone allows (non-strict resource)', () => {
    expect(outcome({ policies: { identity: [allowPolicy('s3:GetObject')] } })).toBe('Allow');
    expect(outcome({ policies: { identity: [allowPolicy('s3:PutObject')] } })).toBe('ImplicitDeny');
  });

  it('§4.2 a resource-policy statement without Resource applies to the resource it is attached to', () => {
    const noResource = {
      policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject' }],
      },
    };
    expect(outcome({ policies: { resource: noResource } })).toBe('Allow');
    expect(outcome({ action: 's3:PutObject', policies: { resource: noResource } })).toBe('ImplicitDeny');
  });

  it('§4.4 either the identity policy or the resource policy may allow', () => {
    expect(
      outcome({
        policies: {
          identity: [allowPolicy('s3:GetObject')],
          resource: bucketPolicy(grant({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` })),
        },
      }),
    ).toBe('Allow');
    expect(outcome({ policies: { resource: bucketPolicy(grant({ AWS: ALICE })) } })).toBe('Allow');
  });

  describe('user ARN', () => {
    it('§4.4 a grant to the user ARN needs no identity Allow and ignores the boundary (W58)', () => {
      expect(
        decide({ policies: { permissionsBoundary: ec2Only, resource: bucketPolicy(grant({ AWS: ALICE })) } }),
      ).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    });

    it('§4.4 a grant to another user gives alice nothing', () => {
      expect(
        outcome({ policies: { resource: bucketPolicy(grant({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` })) } }),
      ).toBe('ImplicitDeny');
    });
  });

  describe('role ARN', () => {
    const byRole = bucketPolicy(grant({ AWS: APP_ROLE }));

    it('§4.4 a grant to the role ARN allows its session without any identity policy (W59)', () => {
      expect(decide({ principal: APP_SESSION, policies: { resource: byRole } })).toMatchObject({
        decision: 'Allow',
        decidedBy: 'resource',
      });
    });

    it('§4.4/§4.6 a grant to the role ARN is limited by the role’s boundary', () => {
      expect(
        decide({ principal: APP_SESSION, policies: { resource: byRole, permissionsBoundary: ec2Only } }),
      ).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'boundary' });
      expect(
        outcome({ principal: APP_SESSION, policies: { resource: byRole, permissionsBoundary: allowPolicy('s3:*') } }),
      ).toBe('Allow');
    });

    it('§4.4/§4.7 a grant to the role ARN is limited by the session policy (W62)', () => {
      expect(decide({ principal: APP_SESSION, policies: { resource: byRole, session: [ec2Only] } })).toMatchObject({
        decision: 'ImplicitDeny',
        decidedBy: 'session',
      });
      expect(
        outcome({ principal: APP_SESSION, policies: { resource: byRole, session: [allowPolicy('s3:GetObject')] } }),
      ).toBe('Allow');
    });

    it('§2.3 a role unique id grants like the role ARN (limited by the boundary)', () => {
      const byId = bucketPolicy(grant({ AWS: 'AROAEXAMPLEAPPROLE01' }));
      const principalDetails = { uniqueId: 'AROAEXAMPLEAPPROLE01' };
      expect(outcome({ principal: APP_SESSION, principalDetails, policies: { resource: byId } })).toBe('Allow');
      expect(
        outcome({
          principal: APP_SESSION,
          principalDetails,
          policies: { resource: byId, permissionsBoundary: ec2Only },
        }),
      ).toBe('ImplicitDeny');
    });
  });

  describe('session ARN', () => {
    it('§4.4 a grant to the session ARN ignores boundary and session policy (W61)', () => {
      const policies: PolicySetInput = {
        resource: bucketPolicy(grant({ AWS: APP_SESSION })),
        permissionsBoundary: ec2Only,
        session: [ec2Only],
      };
      expect(decide({ principal: APP_SESSION, policies })).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    });

    it('§4.4 a grant to another session of the same role does not apply', () => {
      const other = `arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/s2`;
      expect(outcome({ principal: APP_SESSION, policies: { resource: bucketPolicy(grant({ AWS: other })) } })).toBe(
        'ImplicitDeny',
      );
    });
  });

  describe('federated-user ARN and the federating user ARN', () => {
    it('§4.4 a grant to the federated-user ARN ignores the session policy (W80)', () => {
      expect(
        outcome({ ...fed, policies: { resource: bucketPolicy(grant({ AWS: FED_BOB })), session: [ec2Only] } }),
      ).toBe('Allow');
    });

    it('§4.4 a grant to the federated-user ARN works without any session policy', () => {
      expect(outcome({ ...fed, policies: { resource: bucketPolicy(grant({ AWS: FED_BOB })) } })).toBe('Allow');
    });

    it('§4.4/§10 E7 a grant to the federating user ARN is limited by the session policy, not by the identity policy', () => {
      const resource = bucketPolicy(grant({ AWS: BROKER }));
      expect(outcome({ ...fed, policies: { resource, session: [allowPolicy('s3:GetObject')] } })).toBe('Allow');
      expect(decide({ ...fed, policies: { resource, session: [ec2Only] } })).toMatchObject({
        decision: 'ImplicitDeny',
        decidedBy: 'session',
      });
    });

    it('§4.4 a grant to the federating user ARN is limited by the user’s boundary', () => {
      const resource = bucketPolicy(grant({ AWS: BROKER }));
      expect(
        decide({ ...fed, policies: { resource, session: [allowPolicy()], permissionsBoundary: ec2Only } }),
      ).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'boundary' });
    });

    it('§4.7/R-REVIEW without a session policy, a grant to the federating user does not help', () => {
      const resource = bucketPolicy(grant({ AWS: BROKER }));
      expect(decide({ ...fed, policies: { resource, identity: [allowPolicy()] } })).toMatchObject({
        decision: 'ImplicitDeny',
        decidedBy: 'session',
      });
    });
  });

  describe('"*"', () => {
    const everyone = bucketPolicy(grant('*'));

    it('§4.4 Principal "*" needs no identity policy for users and role sessions (W64)', () => {
      expect(outcome({ policies: { resource: everyone } })).toBe('Allow');
      expect(outcome({ principal: APP_SESSION, policies: { resource: everyone } })).toBe('Allow');
    });

    it('§4.4 Principal "*" is not limited by boundary or session policy (W63)', () => {
      expect(
        outcome({
          principal: APP_SESSION,
          policies: { resource: everyone, permissionsBoundary: ec2Only, session: [ec2Only] },
        }),
      ).toBe('Allow');
    });

    it('§4.4/§10 E1 "*" narrowed by aws:PrincipalArn to the role still grants directly', () => {
      const narrowed = bucketPolicy(grant('*', { Condition: { ArnEquals: { 'aws:PrincipalArn': APP_ROLE } } }));
      expect(outcome({ principal: APP_SESSION, policies: { resource: narrowed, permissionsBoundary: ec2Only } })).toBe(
        'Allow',
      );
      expect(outcome({ policies: { resource: narrowed } })).toBe('ImplicitDeny');
    });

    it('§4.4/§10 E6 Principal "*" grants a federated session directly, even without a session policy', () => {
      expect(outcome({ ...fed, policies: { resource: everyone } })).toBe('Allow');
    });
  });

  describe('the account (delegation)', () => {
    const toAccount = bucketPolicy(grant({ AWS: ACCOUNT }));

    it('§4.4/§10 E2 naming the account is delegation: an identity Allow is still required', () => {
      expect(decide({ policies: { resource: toAccount } })).toMatchObject({
        decision: 'ImplicitDeny',
        decidedBy: 'identity',
      });
      expect(outcome({ policies: { resource: toAccount, identity: [allowPolicy('s3:GetObject')] } })).toBe('Allow');
    });

    it('§4.4 naming the account root ARN is the same delegation', () => {
      expect(outcome({ policies: { resource: bucketPolicy(grant({ AWS: ROOT })) } })).toBe('ImplicitDeny');
    });

    it('§4.4 after delegation the normal identity path applies: the boundary limits it', () => {
      expect(
        decide({ policies: { resource: toAccount, identity: [allowPolicy()], permissionsBoundary: ec2Only } }),
      ).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'boundary' });
    });

    it('§10 E1 an account principal narrowed by aws:PrincipalArn is still delegation', () => {
      const narrowed = bucketPolicy(
        grant({ AWS: ACCOUNT }, { Condition: { ArnEquals: { 'aws:PrincipalArn': APP_ROLE } } }),
      );
      expect(outcome({ principal: APP_SESSION, policies: { resource: narrowed } })).toBe('ImplicitDeny');
      expect(outcome({ principal: APP_SESSION, policies: { resource: narrowed, identity: [allowPolicy()] } })).toBe(
        'Allow',
      );
    });
  });

  describe('§2.3 the strongest matching entry decides', () => {
    it('account + role: the role grant is used (limited by the boundary)', () => {
      const resource = bucketPolicy(grant({ AWS: [ACCOUNT, APP_ROLE] }));
      expect(outcome({ principal: APP_SESSION, policies: { resource } })).toBe('Allow');
      expect(outcome({ principal: APP_SESSION, policies: { resource, permissionsBoundary: ec2Only } })).toBe(
        'ImplicitDeny',
      );
    });

    it('role + session: the session grant is used (not limited by the boundary)', () => {
      const resource = bucketPolicy(grant({ AWS: [APP_ROLE, APP_SESSION] }));
      expect(outcome({ principal: APP_SESSION, policies: { resource, permissionsBoundary: ec2Only } })).toBe('Allow');
    });

    it('the strongest grant wins across statements too', () => {
      const resource = bucketPolicy(grant({ AWS: ACCOUNT }), grant({ AWS: APP_SESSION }));
      expect(outcome({ principal: APP_SESSION, policies: { resource, permissionsBoundary: ec2Only } })).toBe('Allow');
    });
  });
});
