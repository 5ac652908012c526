/**
 * A world's compiler shares compiled elements between statements by their text (`MatcherShare`,
 * issue #16: compact compiled form, compile time at scale): `Action` lists, `Resource` lists per
 * version and `Not…` form, `Principal`s and condition lists. Sharing is a shortcut only: every
 * policy of a world must decide as the same policy compiled alone (`evaluate`, which shares
 * nothing), however its elements resemble those of the policies compiled before it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAuthorizer, evaluate } from '../../src/index.js';

const ACCOUNT = '111111111111';
const user = (i: number) => `arn:aws:iam::${ACCOUNT}:user/u${i}`;
/** Elements that differ in one respect only: a list of one value or the value, `Not…`, the version. */
const ACTIONS = [
  's3:GetObject',
  ['s3:GetObject'],
  ['s3:GetObject', 's3:PutObject'],
  ['s3:GetObject', 's3:ListBucket'],
  's3:*',
  ['s3:Put*'],
  '*',
];
const RESOURCES = [
  'arn:aws:s3:::b/*',
  ['arn:aws:s3:::b/*'],
  'arn:aws:s3:::b/${s3:prefix}',
  ['arn:aws:s3:::b/${s3:prefix}'],
  ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/y'],
  ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/z'],
  // Lists of matchers all compiled before, in other lists: longer, reordered, a value repeated.
  ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/y', 'arn:aws:s3:::b/z'],
  ['arn:aws:s3:::b/z', 'arn:aws:s3:::b/x'],
  ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/x'],
  '*',
];
const CONDITIONS = [
  undefined,
  { StringEquals: { 's3:prefix': 'x' } },
  { StringEquals: { 's3:prefix': ['x'] } },
  { StringLike: { 's3:prefix': 'x' } },
  { StringEquals: { 's3:prefix': 'y' } },
  { StringEquals: { 's3:prefix': 'x' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, StringEquals: { 's3:prefix': 'x' } },
];

const policy = fc
  .record({
    version: fc.constantFrom('2012-10-17', '2008-10-17'),
    effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    notAction: fc.boolean(),
    action: fc.constantFrom(...ACTIONS),
    notResource: fc.boolean(),
    resource: fc.constantFrom(...RESOURCES),
    condition: fc.constantFrom(...CONDITIONS),
  })
  .map((p) => ({
    Version: p.version,
    Statement: [
      {
        Effect: p.effect,
        [p.notAction ? 'NotAction' : 'Action']: p.action,
        [p.notResource ? 'NotResource' : 'Resource']: p.resource,
        ...(p.condition ? { Condition: p.condition } : {}),
      },
    ],
  }));

const REQUESTS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket'].flatMap((action) =>
  ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/y', 'arn:aws:s3:::b/z', 'arn:aws:s3:::b/${s3:prefix}'].flatMap((resource) =>
    [
      { 's3:prefix': 'x', 'aws:SourceIp': '10.1.2.3' },
      { 's3:prefix': 'y', 'aws:SourceIp': '192.0.2.1' },
      { 's3:prefix': 'x', 'aws:SourceIp': '192.0.2.1' },
    ].map((context) => ({ action, resource, context })),
  ),
);

/** Documents compiled before the shared ones start (the compiler shares from its 33rd document on). */
const FILLERS = 40;

/** `Resource` lists in an order where every matcher of the later ones was compiled before. */
const SEEN_BEFORE = [
  ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/y'],
  'arn:aws:s3:::b/z',
  ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/y', 'arn:aws:s3:::b/z'],
  ['arn:aws:s3:::b/y', 'arn:aws:s3:::b/x'],
  ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/y'],
].map((resource) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }],
}));

/**
 * `Action` lists of several values that begin alike (the share compares such lists value by value,
 * then, past a number of them, by their text): each user is allowed its own second action only, and
 * a longer list follows a shorter one with the same first values.
 */
const SAME_FIRST = [
  ...Array.from({ length: 40 }, (_, k) => ['s3:GetObject', `s3:PutObject${k}`]),
  ['s3:GetObject', 's3:PutObject1', 's3:DeleteObject'],
  ['s3:GetObject', 's3:PutObject39', 's3:DeleteObject'],
  ['s3:GetObject', 's3:PutObject1'],
  ['s3:GetObject', 's3:PutObject39'],
].map((action) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
}));
const SAME_FIRST_ACTIONS = ['s3:GetObject', 's3:DeleteObject', 's3:PutObject0', 's3:PutObject1', 's3:PutObject39'];

/**
 * ARN patterns cut at other places (their fields of other lengths; the share keeps one copy of
 * equal cut lists): each user is allowed one queue of one account, and the accounts differ in
 * length, so two patterns differ in their last cut only.
 */
const CUTS = [
  'arn:aws:sqs:*:111111111111:q',
  'arn:aws:sqs:*:11111111111:q',
  'arn:aws:sqs:*:1111111111111:q',
  'arn:aws:sqs:us-*:11111111111:q',
  'arn:aws:sqs:*:*:q',
  'arn:aws:sqs:us-east-1:111111111111:q',
  ['arn:aws:sqs:*:11111111111:q', 'arn:aws:sqs:*:*:queue-*'],
];
const CUT_RESOURCES = [
  'arn:aws:sqs:us-east-1:111111111111:q',
  'arn:aws:sqs:us-east-1:11111111111:q',
  'arn:aws:sqs:us-east-1:1111111111111:q',
  'arn:aws:sqs:eu-west-1:11111111111:q',
  'arn:aws:sqs:eu-west-1:111111111111:queue-7',
];

describe('shared compiled elements', () => {
  it('action lists with the same first values decide on their own', () => {
    const requests = SAME_FIRST_ACTIONS.map((action) => ({ action, resource: 'arn:aws:s3:::b/x', context: {} }));
    expect(decidesAlone(SAME_FIRST, requests)).toBe(true);
  });

  it('ARN patterns cut at other places decide on their own', () => {
    const docs = CUTS.map((resource) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: resource }],
    }));
    const requests = CUT_RESOURCES.map((resource) => ({ action: 'sqs:SendMessage', resource, context: {} }));
    expect(decidesAlone(docs, requests)).toBe(true);
  });

  it('a list whose first values are a list compiled before decides on its own', () => {
    expect(decidesAlone(SEEN_BEFORE)).toBe(true);
  });

  it('decide as each policy compiled alone', () => {
    fc.assert(
      fc.property(fc.array(policy, { minLength: 2, maxLength: 10 }), (docs) => decidesAlone(docs)),
      { numRuns: 60 },
    );
  });
});

function decidesAlone(
  docs: readonly unknown[],
  requests: readonly { action: string; resource: string; context: Record<string, string> }[] = REQUESTS,
): boolean {
  const users: Record<string, { policies: unknown[] }> = {};
  for (let i = 0; i < FILLERS; i++)
    users[user(i)] = {
      policies: [
        { Version: '2012-10-17', Statement: [{ Sid: `F${i}`, Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] },
      ],
    };
  docs.forEach((d, k) => (users[user(FILLERS + k)] = { policies: [d] }));
  const authorizer = createAuthorizer({ users } as unknown as Parameters<typeof createAuthorizer>[0]);
  expect(authorizer.ok).toBe(true);
  docs.forEach((d, k) => {
    for (const r of requests) {
      const request = { ...r, principal: user(FILLERS + k) };
      const alone = evaluate({ ...request, policies: { identity: [d] } } as Parameters<typeof evaluate>[0]).decision;
      expect(authorizer.authorize(request).decision, JSON.stringify([d, r])).toBe(alone);
    }
  });
  return true;
}
