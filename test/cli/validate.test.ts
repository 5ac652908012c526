import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, ROOT, runCli } from './helpers.js';

const BROKEN = 'examples/policies/broken.json';
const GOOD = 'examples/policies/read-reports.json';

describe('iam-verdict validate', () => {
  it('prints every error with file, line and column, and exits 1', async () => {
    const r = await runCli(['validate', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      `${BROKEN}:5:14: error: Statement[0].Sid: Sid "Read reports" may only contain ASCII letters and digits (A–Z, a–z, 0–9) [invalid-sid]`,
      `${BROKEN}:6:17: error: Statement[0].Effect: Effect must be exactly "Allow" or "Deny", not "Alow" [invalid-effect]`,
      `${BROKEN}:9:37: error: Statement[0].Condition.StringEqual: "StringEqual" is not a condition operator [unknown-operator]`,
    ]);
  });

  it('line and column point at the offending value', async () => {
    const r = await runCli(['validate', BROKEN]);
    const lines = readFileSync(join(ROOT, BROKEN), 'utf8').split('\n');
    const at = [...r.stdout.matchAll(/:(\d+):(\d+): error: /g)].map(([, line, column]) =>
      lines[Number(line) - 1]?.slice(Number(column) - 1),
    );
    expect(at).toHaveLength(3);
    expect(at[0]?.startsWith('"Read reports"')).toBe(true);
    expect(at[1]?.startsWith('"Alow"')).toBe(true);
    expect(at[2]?.startsWith('{ "aws:PrincipalTag/team"')).toBe(true); // the operator's block
  });

  it('exits 0 for a valid policy', async () => {
    const r = await runCli(['validate', GOOD, '--type', 'identity']);
    expect(r).toEqual({ code: 0, stdout: `${GOOD}: ok (identity policy)\n`, stderr: '' });
  });

  it('checks against the rules of the chosen --type', async () => {
    // An identity policy has no Principal; a resource policy needs one.
    const r = await runCli(['validate', GOOD, '--type', 'resource']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^examples\/policies\/read-reports\.json:4:5: error: Statement\[0\].*Principal/m);
    const trust =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    expect((await runCli(['validate', '-', '--type', 'trust'], { stdin: trust })).code).toBe(0);
    expect((await runCli(['validate', '-', '--type', 'identity'], { stdin: trust })).code).toBe(1);
  });

  it('reads standard input with -', async () => {
    const r = await runCli(['validate', '-', '--type', 'scp'], {
      stdin: '{ "Version": "2012-10-17", "Statement": [] }',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^-:1:\d+: error: Statement: /);
  });

  it('expands globs and folders, and sums up', async () => {
    const glob = await runCli(['validate', 'examples/policies/*.json']);
    expect(glob.code).toBe(1);
    expect(glob.stdout).toContain(`${GOOD}: ok`);
    expect(glob.stdout).toContain('1 of 2 files valid');
    const folder = await runCli(['validate', 'examples/policies']);
    expect(folder.stdout).toBe(glob.stdout);
    const recursive = await runCli(['validate', 'examples/**/read-*.json']);
    expect(recursive).toEqual({ code: 0, stdout: `${GOOD}: ok (identity policy)\n`, stderr: '' });
  });

  it('--json and --quiet', async () => {
    const r = await runCli(['validate', BROKEN, GOOD, '--json']);
    expect(r.code).toBe(1);
    const out = json<{
      type: string;
      results: { file: string; valid: boolean; errors: { line: number; column: number; code: string }[] }[];
    }>(r);
    expect(out.type).toBe('identity');
    expect(out.results.map((x) => [x.file, x.valid])).toEqual([
      [BROKEN, false],
      [GOOD, true],
    ]);
    expect(out.results[0]?.errors[1]).toMatchObject({ line: 6, column: 17, code: 'invalid-effect' });
    const quiet = await runCli(['validate', GOOD, '-q']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a JSON syntax error is an error with its position', async () => {
    const r = await runCli(['validate', '-'], {
      stdin: '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" ]\n}',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^-:3:\d+: error: /);
  });
});
