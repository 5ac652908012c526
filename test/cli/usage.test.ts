import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

/** A usage error: exit code 2, nothing on stdout, one line on stderr. */
async function usageError(argv: string[]): Promise<string> {
  const r = await runCli(argv);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  return r.stderr;
}

describe('usage errors: exit code 2 and one line', () => {
  it('an unknown command', async () => {
    expect(await usageError(['frobnicate'])).toBe(
      `iam-verdict: unknown command "frobnicate" (see 'iam-verdict --help')\n`,
    );
  });

  it('an unknown option', async () => {
    expect(await usageError(['eval', 'x.json', '--bogus'])).toBe(
      `iam-verdict: Unknown option '--bogus' (see 'iam-verdict eval --help')\n`,
    );
  });

  it('an option without its value', async () => {
    expect(await usageError(['validate', 'x.json', '--type'])).toMatch(
      /^iam-verdict: Option '-t, --type <value>' argument missing \(see 'iam-verdict validate --help'\)\n$/,
    );
  });

  it('a bad option value', async () => {
    expect(await usageError(['validate', 'x.json', '--type', 'nonsense'])).toMatch(
      /^iam-verdict: --type must be one of identity, .*not "nonsense"/,
    );
    expect(await usageError(['eval', 'x.json', '--expect', 'maybe'])).toMatch(
      /^iam-verdict: --expect takes allow, deny/,
    );
    expect(
      await usageError([
        'eval',
        'x.json',
        '--principal',
        'anonymous',
        '--action',
        's3:GetObject',
        '--resource',
        '*',
        '--context',
        'novalue',
      ]),
    ).toMatch(/^iam-verdict: --context takes key=value, not "novalue"/);
  });

  it('a missing file argument', async () => {
    expect(await usageError(['eval'])).toMatch(/^iam-verdict: give at least one file/);
    expect(await usageError(['validate'])).toMatch(/^iam-verdict: give at least one policy file/);
  });

  it('standard input twice', async () => {
    expect(await usageError(['eval', '-', '-'])).toMatch(/^iam-verdict: standard input \(-\) can be read only once/);
  });

  it('no command at all prints the help and exits 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: iam-verdict <command>');
  });
});

describe('--help for every command, with an example', () => {
  for (const command of ['eval', 'explain', 'validate', 'assume-role', 'test']) {
    it(command, async () => {
      const r = await runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: iam-verdict /);
      expect(r.stdout).toMatch(/\nExamples?:\n {2}iam-verdict /);
      expect((await runCli(['help', command])).stdout).toBe(r.stdout);
      expect((await runCli([command, '-h'])).stdout).toBe(r.stdout);
    });
  }

  it('the main help lists the commands', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['eval', 'validate', 'assume-role', 'test']) expect(r.stdout).toContain(`  ${command} `);
  });

  it('--version', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: '0.0.0-test\n', stderr: '' });
  });
});
