/**
 * The law of the sweep's classes: deciding one action per class gives the same admin verdicts,
 * and the same denied actions, as deciding every action on its own — for random worlds of Allow
 * and Deny statements over a small catalog.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEffectiveAdmin } from '../../src/audit/admin.js';
import { auditedWorld, buildProbeWorld } from '../../src/audit/probe-world.js';
import { createServiceCatalog } from '../../src/catalog/catalog.js';
import { compileWorld } from '../../src/model/authorizer.js';
import { runs } from '../depth.js';

const catalog = createServiceCatalog({
  date: '2025-01-01',
  services: {
    ec2: {
      service: 'ec2',
      actions: {
        DescribeVpcs: ['List', []],
        DescribeInstances: ['List', []],
        RunInstances: ['Write', ['instance', 'volume']],
        AttachVolume: ['Write', ['instance', 'volume']],
        DeleteVolume: ['Write', ['volume']],
        StopInstances: ['Write', ['instance']],
      },
      resourceTypes: {
        instance: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}',
        volume: 'arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}',
      },
      conditionKeys: {},
    },
    lambda: {
      service: 'lambda',
      actions: {
        InvokeFunction: ['Write', ['function']],
        GetFunction: ['Read', ['function']],
        ListFunctions: ['List', []],
        CreateFunction: ['Write', ['function']],
      },
      resourceTypes: { function: 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}' },
      conditionKeys: {},
    },
    sqs: {
      service: 'sqs',
      actions: {
        SendMessage: ['Write', ['queue']],
        ReceiveMessage: ['Read', ['queue']],
        ListQueues: ['List', []],
        GetQueueUrl: ['Read', ['queue']],
      },
      resourceTypes: { queue: 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}' },
      conditionKeys: {},
    },
  },
});

const ACTIONS = [
  '*',
  'ec2:*',
  'ec2:Describe*',
  'ec2:?escribeVpcs',
  'ec2:RunInstances',
  'ec2:*Volume',
  'lambda:*',
  'lambda:Get*',
  'lambda:InvokeFunction',
  'sqs:*',
  'sqs:*Message',
  'sqs:Get*',
  'someservice:*',
];
const RESOURCES = [
  '*',
  'arn:aws:ec2:*:*:volume/*',
  'arn:aws:ec2:us-east-1:111111111111:instance/*',
  'arn:aws:lambda:*:*:function:*',
  'arn:aws:sqs:*:111111111111:*',
  'arn:aws:sqs:*:*:other',
];

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  not: fc.boolean(),
  actions: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 }),
  Resource: fc.constantFrom(...RESOURCES),
});
const principalPolicy = fc.array(statement, { minLength: 0, maxLength: 4 });

describe('the classes of the sweep (law)', () => {
  it('one decision per class ≡ one decision per action', () => {
    fc.assert(
      fc.property(fc.array(principalPolicy, { minLength: 1, maxLength: 3 }), (policies) => {
        const users: Record<string, unknown> = {};
        policies.forEach((statements, i) => {
          users[`arn:aws:iam::111111111111:user/u${i}`] = {
            policies: [
              {
                Version: '2012-10-17',
                // Every principal is allowed `*` first, so that most reach the sweep; the random statements shape it.
                Statement: [
                  { Effect: 'Allow', Action: '*', Resource: '*' },
                  ...statements.map((s) => ({
                    Effect: s.Effect,
                    [s.not ? 'NotAction' : 'Action']: s.actions,
                    Resource: s.Resource,
                  })),
                ],
              },
            ],
          };
        });
        const probe = buildProbeWorld({ accounts: { '111111111111': {} }, users });
        const engine = compileWorld(probe?.world);
        if (!probe || !engine.ok || !engine.world) throw new Error(JSON.stringify(engine.errors));
        const world = auditedWorld(engine.world, probe.added);
        const time = Date.parse('2025-06-01T12:00:00Z');
        const view = (exact: boolean) =>
          checkEffectiveAdmin(world, engine, { catalog, time, exact }).map((f) => [
            f.checkId,
            f.arn,
            f.message,
            f.evidence.facts,
          ]);
        expect(view(false)).toEqual(view(true));
      }),
      { numRuns: runs(60, 0.5) },
    );
  });
});
