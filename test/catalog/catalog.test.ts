import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bundledCatalog, createServiceCatalog } from '../../src/catalog/bundled.js';
import { arnPatternsIntersect, compileArnFormat, compileArnPattern } from '../../src/catalog/arn-format.js';
import { didYouMean } from '../../src/catalog/did-you-mean.js';

const catalog = bundledCatalog();

describe('the bundled service catalog', () => {
  it('knows hundreds of services and carries its date', () => {
    expect(catalog.services.length).toBeGreaterThan(400);
    expect(catalog.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('looks actions up case-insensitively, with access level and resource types', () => {
    const a = catalog.action('S3:getobject');
    expect(a?.fullName).toBe('s3:GetObject');
    expect(a?.accessLevel).toBe('Read');
    expect(a?.resourceTypes.map((r) => r.name)).toContain('object');
    expect(catalog.action('s3:GetObjet')).toBeUndefined();
  });

  it('suggests the action or service a typo meant', () => {
    expect(catalog.lookup('s3:GetObjet')).toMatchObject({ kind: 'unknown-action', suggestion: 's3:GetObject' });
    expect(catalog.lookup('ec2:DescribeInstance')).toMatchObject({
      kind: 'unknown-action',
      suggestion: 'ec2:DescribeInstances',
    });
    expect(catalog.lookup('s4:GetObject')).toMatchObject({ kind: 'unknown-service', suggestion: 's3' });
    expect(catalog.lookup('GetObject')).toEqual({ kind: 'malformed' });
  });

  it('fits resources to the action’s resource types', () => {
    const list = catalog.action('s3:ListBucket')!;
    const get = catalog.action('s3:GetObject')!;
    expect(catalog.resourceFits(list, 'arn:aws:s3:::my-bucket')).toBe(true);
    expect(catalog.resourceFits(list, 'arn:aws:s3:::my-bucket/key.txt')).toBe(false);
    expect(catalog.resourceFits(get, 'arn:aws:s3:::my-bucket/a/b/key.txt')).toBe(true);
    expect(catalog.resourceFits(get, 'arn:aws:s3:::my-bucket')).toBe(false);
    expect(catalog.resourceFits(get, '*')).toBe(true);
    const role = catalog.action('iam:PassRole')!;
    expect(catalog.resourceFits(role, 'arn:aws:iam::111122223333:role/path/to/app')).toBe(true);
    expect(catalog.resourceFits(role, 'arn:aws:iam::111122223333:user/ann')).toBe(false);
    const logs = catalog.action('logs:CreateLogGroup')!;
    expect(catalog.resourceFits(logs, 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:*')).toBe(true);
  });

  it('fits policy patterns with wildcards', () => {
    const list = catalog.action('s3:ListBucket')!;
    expect(catalog.patternFits(list, 'arn:aws:s3:::my-bucket/*')).toBe(false);
    expect(catalog.patternFits(list, 'arn:aws:s3:::my-*')).toBe(true);
    expect(catalog.patternFits(list, 'arn:aws:s3:::*')).toBe(true);
    expect(catalog.patternFits(list, 'arn:aws:s3::my-bucket/*')).toBe(false);
  });

  it('an empty catalog knows no action', () => {
    const empty = createServiceCatalog({ date: 'x', services: {} });
    expect(empty.lookup('s3:GetObject')).toEqual({ kind: 'unknown-service', service: 's3' });
  });

  it('accepts a catalog given as data', () => {
    const own = createServiceCatalog({
      date: '2025-01-01',
      services: {
        demo: {
          service: 'demo',
          actions: { Run: ['Write', ['thing']] },
          resourceTypes: { thing: 'arn:${Partition}:demo:${Region}:${Account}:thing/${Id}' },
          conditionKeys: { 'demo:Size': 'Numeric' },
        },
      },
    });
    const run = own.action('demo:run')!;
    expect(own.resourceFits(run, 'arn:aws:demo:eu-west-1:111122223333:thing/x')).toBe(true);
    expect(own.resourceFits(run, 'arn:aws:demo:eu-west-1:111122223333:other/x')).toBe(false);
    expect(own.service('demo')?.conditionKey('demo:size')?.type).toBe('Numeric');
  });
});

describe('ARN pattern intersection', () => {
  it('agrees with direct matching on concrete ARNs', () => {
    const format = compileArnFormat('arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9.-]{1,12}$/), fc.stringMatching(/^[a-z0-9/]{0,12}$/), (bucket, key) => {
        const arn = `arn:aws:s3:::${bucket}/${key}`;
        expect(arnPatternsIntersect(format, compileArnPattern(arn, true))).toBe(key.length > 0);
      }),
    );
  });

  it('is symmetric', () => {
    const word = fc.stringMatching(/^[ab*?/:]{0,8}$/);
    fc.assert(
      fc.property(word, word, (x, y) => {
        const a = compileArnPattern(x);
        const b = compileArnPattern(y);
        expect(arnPatternsIntersect(a, b)).toBe(arnPatternsIntersect(b, a));
      }),
    );
  });

  it('stays fast on long hostile patterns', () => {
    const a = compileArnPattern(`${'*a'.repeat(1000)}b`);
    const b = compileArnPattern('a'.repeat(2000), true);
    expect(arnPatternsIntersect(a, b)).toBe(false);
  });
});

describe('did you mean', () => {
  it('finds close candidates and ignores far ones', () => {
    expect(didYouMean('expext', ['expect', 'name'])).toBe('expect');
    expect(didYouMean('polices', ['policies', 'groups'])).toBe('policies');
    expect(didYouMean('zzzzzz', ['policies', 'groups'])).toBeUndefined();
  });
});
