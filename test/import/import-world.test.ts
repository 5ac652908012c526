import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import {
  fromAuthorizationDetails,
  fromCloudFormation,
  fromTerraformPlan,
  importWorld,
  type WorldFormat,
} from '../../src/entries/import.js';
import { readInput } from '../../src/import/input.js';
import { ImportIssues } from '../../src/import/result.js';
import { hasPlaceholder, placeholder, unresolvedManagedPolicyArn } from '../../src/import/placeholder.js';

describe('importWorld', () => {
  it('reads a world in YAML as it is', () => {
    const r = importWorld("users:\n  'arn:aws:iam::111111111111:user/a':\n    policies: []\n", 'world');
    expect(r.ok && r.world).toEqual({ users: { 'arn:aws:iam::111111111111:user/a': { policies: [] } } });
  });

  it('dispatches by format and rejects unknown formats', () => {
    expect(importWorld({ Resources: {} }, 'cloudformation').ok).toBe(true);
    expect(importWorld({ planned_values: {} }, 'terraform').ok).toBe(true);
    expect(importWorld({ UserDetailList: [] }, 'authorization-details').ok).toBe(true);
    const r = importWorld({}, 'pulumi' as WorldFormat);
    expect(!r.ok && r.errors[0]?.code).toBe('unknown-format');
    expect(importWorld('[1]', 'world').ok).toBe(false);
  });
});

describe('hostile input', () => {
  it('a YAML __proto__ key is refused and pollutes nothing', () => {
    const issues = new ImportIssues();
    expect(readInput('a:\n  __proto__:\n    polluted: yes\n', issues, { what: 'x' })).toBeUndefined();
    expect(issues.errors.map((e) => e.code)).toEqual(['reserved-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('no importer throws, whatever it is given', () => {
    const importers = [fromCloudFormation, fromTerraformPlan, fromAuthorizationDetails];
    fc.assert(
      fc.property(fc.anything({ maxDepth: 5 }), (value) => {
        for (const importer of importers) expect(typeof importer(value).ok).toBe('boolean');
      }),
      { numRuns: runs(300, 0.01) },
    );
  });

  it('no importer throws on plausible shapes with wrong contents', () => {
    const entry = fc.dictionary(
      fc.constantFrom(
        'address',
        'mode',
        'type',
        'name',
        'values',
        'index',
        'Arn',
        'UserName',
        'GroupList',
        'RolePolicyList',
        'PolicyVersionList',
        'AssumeRolePolicyDocument',
      ),
      fc.anything({ maxDepth: 3 }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), fc.anything({ maxDepth: 3 }), (entries, other) => {
        expect(
          typeof fromTerraformPlan({
            planned_values: {
              root_module: { resources: entries, child_modules: [{ address: 'module.m', resources: entries }] },
            },
            resource_changes: other,
            configuration: other,
          }).ok,
        ).toBe('boolean');
        expect(
          typeof fromAuthorizationDetails(
            { UserDetailList: entries, RoleDetailList: entries, GroupDetailList: entries, Policies: entries },
            { organization: other },
          ).ok,
        ).toBe('boolean');
      }),
      { numRuns: runs(300, 0.01) },
    );
  });
});

describe('placeholders', () => {
  it('never hold a wildcard or a policy variable, whatever they describe, and are recognised', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('aws', 'aws-cn'), (what, partition) => {
        const p = placeholder(partition, what);
        expect(/[*?${}]/.test(p)).toBe(false);
        expect(hasPlaceholder(`arn:aws:s3:::${p}/*`)).toBe(true);
        expect(unresolvedManagedPolicyArn(partition, '123456789012', what)).toMatch(
          /^arn:[\w-]+:iam::\d{12}:policy\/iam-verdict-unresolved\/[\w+=,.@-]+$/,
        );
      }),
    );
  });
});
