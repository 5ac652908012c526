// The worst decision within the default caps (issue #11, docs/security.md G4): a policy at the
// identity quota full of request-chosen patterns (`*${x:v}-N`) against 2,048-character values.
// Run after `npm run build`: node bench/worst-decision.mjs
import { createAuthorizer } from '../dist/index.js';

const ALICE = 'arn:aws:iam::111111111111:user/alice';
const values = [];
for (let n = 0; values.join('","').length < 5600; n++) values.push(`*\${x:v}-${n}`);
const policy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'x:t': values } } },
  ],
};
// A customer managed policy (quota 6,144; an inline user policy has 2,048).
const MANAGED = 'arn:aws:iam::111111111111:policy/worst';
const world = { managedPolicies: { [MANAGED]: policy }, users: { [ALICE]: { policies: [MANAGED] } } };
const authorizer = createAuthorizer(world);
if (!authorizer.ok) throw new Error(JSON.stringify(authorizer.errors.slice(0, 3)));
const many = Array.from({ length: 256 }, () => 'a'.repeat(2048));
const request = {
  principal: ALICE,
  action: 's3:GetObject',
  resource: `arn:aws:s3:::b/${'a'.repeat(2000)}`,
  time: '2025-06-01T12:00:00Z',
  context: { 'x:v': 'a'.repeat(2040), 'x:t': many },
};
let d;
for (let i = 0; i < 5; i++) d = authorizer.authorize(request);
const runs = 50;
const t = process.hrtime.bigint();
for (let i = 0; i < runs; i++) d = authorizer.authorize(request);
const ms = Number(process.hrtime.bigint() - t) / 1e6 / runs;
console.log(
  `${values.length} templates, 256 × 2,048-char values: ${d.decision} ${d.reason ?? ''} — ${ms.toFixed(2)} ms per decision`,
);
