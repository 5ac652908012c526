import { describe, expect, it } from 'vitest';
import { createAnalysis } from '../../src/analysis/index.js';
import { createServiceCatalog } from '../../src/catalog/catalog.js';
import { bundledCatalog } from '../../src/catalog/bundled.js';
import { doc } from './worlds.js';

const A = '111111111111';
const DEV = `arn:aws:iam::${A}:user/dev`;
const catalog = createServiceCatalog({
  date: '2025-01-01',
  services: {
    s3: {
      service: 's3',
      actions: {
        GetObject: ['Read', ['object']],
        PutObject: ['Write', ['object']],
        ListBucket: ['List', ['bucket']],
        ListAllMyBuckets: ['List', []],
        PutBucketPolicy: ['Permissions management', ['bucket']],
      },
      resourceTypes: {
        bucket: 'arn:${Partition}:s3:::${BucketName}',
        object: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}',
      },
      conditionKeys: {},
    },
    sqs: {
      service: 'sqs',
      actions: { SendMessage: ['Write', ['queue']] },
      resourceTypes: { queue: 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}' },
      conditionKeys: {},
    },
  },
});

const world = {
  users: {
    [DEV]: {
      policies: [
        doc(
          { Effect: 'Allow', Action: 's3:Get*', Resource: ['arn:aws:s3:::data/*', 'arn:aws:s3:::data'] },
          {
            Effect: 'Allow',
            Action: 's3:List*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
          { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/secret/*' },
        ),
      ],
    },
  },
  resourcePolicies: {
    drop: {
      resource: 'arn:aws:s3:::drop',
      account: A,
      policy: doc({
        Effect: 'Allow',
        Principal: { AWS: DEV },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::drop/in/*',
      }),
    },
  },
};

describe('what-can over the catalog', () => {
  const a = createAnalysis(world, { catalog });
  const answer = a.whatCan({ principal: DEV });
  const lines = answer.services.flatMap((s) =>
    s.actions.map(
      (x) =>
        `${x.action} (${x.accessLevel}): ${x.resources.map((r) => `${r.resource}${r.decision.text === 'true' ? '' : ` if ${r.decision.text}`}`).join(', ')}`,
    ),
  );

  it('asks only the actions an Allow names, on the cells of their resource types, with the catalog levels', () => {
    expect(lines).toEqual([
      // Sorted by access level, then name; the Deny's pattern is a cell of its own.
      's3:ListAllMyBuckets (List): * if aws:SecureTransport = true',
      's3:ListBucket (List): * if aws:SecureTransport = true',
      's3:GetObject (Read): arn:aws:s3:::data/*',
      // The bucket policy alone grants the write, on its own resource.
      's3:PutObject (Write): arn:aws:s3:::drop/in/*',
    ]);
    // sqs is named by no policy: not asked.
    expect(answer.services.map((s) => s.service)).toEqual(['s3']);
  });

  it('agrees with deciding every catalog action on the same cells', () => {
    for (const service of answer.services)
      for (const x of service.actions)
        for (const r of x.resources)
          expect(a.decide({ principal: DEV, action: x.action, resource: r.resource }).verdict).toBe(r.decision.verdict);
    // An action left out is refused on every cell of its resource types.
    for (const action of ['s3:PutBucketPolicy', 'sqs:SendMessage']) {
      for (const resource of ['*', 'arn:aws:s3:::data', 'arn:aws:s3:::data/*', 'arn:aws:sqs:eu-west-1:111111111111:q'])
        expect(a.decide({ principal: DEV, action, resource }).verdict).toBe('Deny');
    }
  });

  it('filters by service and access level, and caps the cells per action', () => {
    expect(
      a.whatCan({ principal: DEV, accessLevel: 'write' }).services.flatMap((s) => s.actions.map((x) => x.action)),
    ).toEqual(['s3:PutObject']);
    expect(a.whatCan({ principal: DEV, service: 'sqs' }).services).toEqual([]);
    const capped = createAnalysis(world, { catalog, maxCells: 1 }).whatCan({ principal: DEV, accessLevel: 'Read' });
    const get = capped.services[0]?.actions[0];
    expect(get?.truncated).toBe(true);
    expect(get?.resources.map((r) => r.resource)).toEqual(['arn:aws:s3:::data/*']);
  });

  it('reads the bundled catalog', () => {
    const bundled = createAnalysis(world, { catalog: bundledCatalog() }).whatCan({
      principal: DEV,
      accessLevel: 'Read',
    });
    const actions = bundled.services.flatMap((s) => s.actions.map((x) => x.action));
    expect(actions).toContain('s3:GetObject');
    expect(actions.every((x) => x.startsWith('s3:Get'))).toBe(true);
  });
});
