/**
 * The world argument shared by `audit`, `who-can`, `can`, `reach` and `paths`: a world file, or an
 * imported template, plan or snapshot (`--import`, `--account-id`, `--region`, `--parameter`), with
 * managed policies resolved as `--managed-policies` says.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, runCli } from './helpers.js';

const TEMPLATE = 'examples/iac/orders.template.yaml';
const PLAN = 'examples/iac/thumbnailer.plan.json';
/** The plan, read as a Terraform plan of account 210987654321. */
const PLAN_ARGS = [PLAN, '--import', 'terraform', '--account-id', '210987654321'];
const ORDERS = ['--action', 's3:GetObject', '--resource', 'arn:aws:s3:::acme-orders-prod/orders/1.json'];

interface WhoCan {
  principals: { principal: string }[];
}
const names = (r: Awaited<ReturnType<typeof runCli>>) => json<WhoCan>(r).principals.map((p) => p.principal);

describe('the world argument of the estate commands', () => {
  it('who-can reads a CloudFormation template with its parameters, account and region', async () => {
    const r = await runCli([
      'who-can',
      TEMPLATE,
      '--import',
      'cloudformation',
      '--parameter',
      'Env=prod',
      '--account-id',
      '123456789012',
      '--region',
      'eu-west-1',
      ...ORDERS,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(names(r)).toContain('arn:aws:iam::123456789012:role/orders-service-prod');
    // Another parameter value names another bucket and role: the prod role is not among them.
    const dev = await runCli([
      'who-can',
      TEMPLATE,
      '--import',
      'cloudformation',
      '--parameter',
      'Env=dev',
      ...ORDERS,
      '--json',
    ]);
    expect(dev.code).toBe(0);
    expect(names(dev)).not.toContain('arn:aws:iam::123456789012:role/orders-service-prod');
  });

  it('can and reach read a Terraform plan', async () => {
    const role = 'arn:aws:iam::210987654321:role/thumbnailer-task';
    const who = await runCli([
      'who-can',
      ...PLAN_ARGS,
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::acme-uploads/thumbnails/a.png',
      '--json',
    ]);
    expect(who.code).toBe(0);
    expect(names(who)).toContain(role);
    const can = await runCli(['can', ...PLAN_ARGS, '--principal', role, '--service', 's3', '--json']);
    expect(can.code).toBe(0);
    const actions = json<{ services: { actions: { action: string }[] }[] }>(can).services.flatMap((s) =>
      s.actions.map((a) => a.action),
    );
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
    expect(actions).not.toContain('s3:DeleteObject');
    const reach = await runCli(['reach', ...PLAN_ARGS, '--principal', role, '--json']);
    expect(reach.code).toBe(0);
    expect(json<{ principal: string }>(reach).principal).toBe(role);
  });

  it('resolves managed policies the world attaches but does not define, unless --managed-policies none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-world-arg-'));
    const file = join(dir, 'world.json');
    const role = 'arn:aws:iam::111111111111:role/Reader';
    writeFileSync(
      file,
      JSON.stringify({
        roles: {
          [role]: {
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            },
            policies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          },
        },
      }),
    );
    const ask = ['--action', 'ec2:DescribeInstances', '--resource', '*', '--json'];
    const bundled = await runCli(['who-can', file, ...ask]);
    expect(bundled.code).toBe(0);
    expect(names(bundled)).toContain(role);
    const none = await runCli(['who-can', file, '--managed-policies', 'none', ...ask]);
    expect(none.code).toBe(0);
    expect(names(none)).not.toContain(role);
  });

  it('refuses importer options without --import, and malformed ones, as usage errors', async () => {
    const world = 'examples/estate.world.json';
    const cases: [string[], RegExp][] = [
      [
        ['who-can', world, '--region', 'eu-west-1', ...ORDERS],
        /--region applies to an imported input \(give --import\)/,
      ],
      [
        ['can', TEMPLATE, '--import', 'cloudformation', '--parameter', 'Env', '--principal', 'x'],
        /--parameter takes KEY=VALUE/,
      ],
      [
        ['reach', TEMPLATE, '--import', 'cloudformation', '--account-id', '12', '--principal', 'x'],
        /--account-id takes 12 digits/,
      ],
      [
        ['paths', TEMPLATE, '--import', 'excel'],
        /--import must be one of world, cloudformation, terraform, authorization-details/,
      ],
      [['audit', world, '--managed-policies', 'no-such-folder'], /--managed-policies takes aws, none or a folder/],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('reports an input that does not import, with its positions, as invalid input', async () => {
    const r = await runCli(['who-can', '-', '--import', 'cloudformation', ...ORDERS], { stdin: 'Resources: [1, 2' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot import the cloudformation input/);
  });
});
