/**
 * Run by time-zone.test.ts in child processes with different `TZ`: prints the host's zone offset
 * and the decisions of date conditions, session expiry and STS times as JSON. Decisions must not
 * depend on the host's zone.
 */
import { assumeRole, createAuthorizer, evaluate } from '../../src/index.js';

const A = '111111111111';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const ROLE = `arn:aws:iam::${A}:role/App`;
const SESSION = `arn:aws:sts::${A}:assumed-role/App/s1`;
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allow = (Condition?: object) =>
  policy({ Effect: 'Allow', Action: '*', Resource: '*', ...(Condition ? { Condition } : {}) });
const deny = (Condition: object) => policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition });

/** Times with and without a zone, around midnight and a DST change in either hemisphere. */
const TIMES = [
  '2025-06-01T12:00:00',
  '2025-06-01T12:00:00Z',
  '2025-04-06T02:30:00',
  '2025-09-28T02:45:00',
  '2025-01-01T00:00:00',
  '2024-12-31T23:59:59+13:45',
  '1748779200000',
  '2025-06-01',
];
/** Policy values, likewise. */
const LIMITS = [
  '2025-06-01T12:00:00',
  '2025-06-01T11:59:59Z',
  '2025-06-01',
  '2025-04-06T02:00:00',
  '1748779200',
  '2025-01-01T00:00:00+12:45',
];

const out: Record<string, unknown> = {
  offset: new Date(2025, 0, 1).getTimezoneOffset(),
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
};
const decisions: string[] = [];
for (const time of TIMES) {
  for (const limit of LIMITS) {
    for (const op of ['DateGreaterThan', 'DateLessThanEquals', 'DateEquals', 'DateNotEquals']) {
      const policies = { identity: [allow(), deny({ [op]: { 'aws:CurrentTime': limit } })] };
      decisions.push(
        `${time} ${op} ${limit}: ${evaluate({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time, policies }).decision}`,
      );
      const epoch = evaluate({
        principal: ALICE,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        time,
        policies: { identity: [allow(), deny({ NumericGreaterThan: { 'aws:EpochTime': '1748779200' } })] },
      });
      decisions.push(`${time} EpochTime: ${epoch.decision}`);
      const ctx = evaluate({
        principal: ALICE,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        time: '2025-06-01T12:00:00Z',
        context: { 'x:when': time },
        policies,
      }).decision;
      decisions.push(`context ${time}: ${ctx}`);
    }
  }
  // Session times without a zone: expired or not, MFA age.
  for (const expiresAt of ['2025-06-01T11:30:00', '2025-06-01T12:30:00', '2025-06-01T13:00:00']) {
    const world = {
      roles: {
        [ROLE]: {
          trustPolicy: policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' }),
          policies: [allow({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } })],
        },
      },
      sessions: {
        [SESSION]: {
          type: 'AssumedRole' as const,
          roleArn: ROLE,
          issuedAt: '2025-06-01T11:00:00',
          expiresAt,
          mfaPresent: true,
          mfaAuthenticatedAt: '2025-06-01T11:10:00',
        },
      },
    };
    decisions.push(
      `session ${time} ${expiresAt}: ${createAuthorizer(world).authorize({ principal: SESSION, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', time }).decision}`,
    );
  }
}
const sts = assumeRole(
  {
    users: { [ALICE]: { policies: [allow()] } },
    roles: {
      [ROLE]: { trustPolicy: policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' }) },
    },
  },
  { caller: ALICE, roleArn: ROLE, sessionName: 'tz-check', now: '2025-06-01T12:00:00' },
);
out.sts = sts.ok ? { expiration: sts.session.credentials.expiration } : sts.errors;
out.decisions = decisions;
process.stdout.write(JSON.stringify(out));
