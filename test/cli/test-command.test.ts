import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI, json, ROOT, runCli } from './helpers.js';

const ORDERS = 'examples/iac/orders.iam-test.yaml';

/** A folder with a small world and a test file that names it. */
function suite(tests: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-test-'));
  writeFileSync(
    join(dir, 'world.json'),
    JSON.stringify({
      users: {
        'arn:aws:iam::111111111111:user/a': {
          policies: [
            { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
          ],
        },
      },
    }),
  );
  writeFileSync(
    join(dir, 'a.iam-test.yaml'),
    `name: small\nworld:\n  path: world.json\ndefaults:\n  principal: arn:aws:iam::111111111111:user/a\ntests:\n${tests}`,
  );
  return dir;
}

describe('iam-verdict test', () => {
  it('runs a test file, reading its world relative to the file, and exits 0 when all pass', async () => {
    const r = await runCli(['test', ORDERS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^examples\/iac\/orders\.iam-test\.yaml\nOrders stack \(prod\)\n/);
    expect(r.stdout).toMatch(/^PASS {4}ExplicitDeny {2}ExplicitDeny {2}plain HTTP is refused/m);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n/);
  });

  it('works from another directory: world paths are relative to the test file', async () => {
    const dir = suite('  - action: s3:GetObject\n    resource: arn:aws:s3:::b/k\n    expect: Allow\n');
    const r = await runCli(['test', join(dir, 'a.iam-test.yaml')], { cwd: ROOT });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 passed, 0 failed');
  });

  it('a failing test: FAIL with the explanation, exit code 1', async () => {
    const dir = suite(
      '  - name: may write\n    action: s3:PutObject\n    resource: arn:aws:s3:::b/k\n    expect: Allow\n',
    );
    const r = await runCli(['test', dir], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {4}Allow {5}ImplicitDeny {2}may write\n {8}.*Implicitly denied/m);
    expect(r.stdout).toContain('0 passed, 1 failed');
  });

  it('a world file that cannot be read is a failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-test-'));
    writeFileSync(
      join(dir, 'b.iam-test.yaml'),
      'world:\n  path: missing.json\ntests:\n  - principal: anonymous\n    action: s3:GetObject\n    resource: "*"\n    expect: Deny\n',
    );
    const r = await runCli(['test', join(dir, 'b.iam-test.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/missing\.json could not be read/);
  });

  it('reads standard input, with world paths relative to the working directory', async () => {
    const dir = suite('  - action: s3:GetObject\n    resource: arn:aws:s3:::b/k\n    expect: Allow\n');
    const text = `world:\n  path: world.json\ntests:\n  - principal: arn:aws:iam::111111111111:user/a\n    action: s3:GetObject\n    resource: "*"\n    expect: Allow\n`;
    const r = await runCli(['test', '-'], { cwd: dir, stdin: text });
    expect(r.code).toBe(0);
  });

  it('--json, a folder of test files, and the total line', async () => {
    const r = await runCli(['test', 'examples/iac', '--json']);
    expect(r.code).toBe(0);
    const out = json<{ passed: number; failed: number; files: { file: string; ok: boolean }[] }>(r);
    expect(out.files.map((f) => f.file)).toEqual([
      'examples/iac/orders.iam-test.yaml',
      'examples/iac/thumbnailer.iam-test.yaml',
    ]);
    expect(out.failed).toBe(0);
    const text = await runCli(['test', 'examples/iac']);
    expect(text.stdout).toMatch(new RegExp(`\\n${out.passed} passed, 0 failed\\n$`));
  });

  it('colours PASS and FAIL on a terminal only', async () => {
    expect((await runCli(['test', ORDERS], { tty: true })).stdout).toMatch(ANSI);
    expect((await runCli(['test', ORDERS], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
  });

  it('usage errors and --help', async () => {
    const r = await runCli(['test']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: "iam-verdict: give at least one test file (or - for standard input) (see 'iam-verdict test --help')\n",
    });
    expect((await runCli(['test', '--help'])).stdout).toMatch(/\nExample:\n {2}iam-verdict test /);
  });
});
