/**
 * The CLI on hostile files (issue #11, "Throws and CLI"): escape sequences from input files never
 * reach the terminal raw; inputs are bounded in size and refused with one line; a world path that
 * leaves the estate's folder is refused unless allowed; symbolic links are followed inside a
 * searched folder and otherwise skipped and reported.
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/helpers.js';
import { escapeControls, inline, toTerminal } from '../../src/cli/terminal.js';
import { parseSize } from '../../src/cli/files.js';

const ALICE = 'arn:aws:iam::111111111111:user/alice';
/** OSC 52 (clipboard write), a forged colour, a one-character CSI (U+009B), CR, a bidi override, a newline forging a line, isolates, backspace. */
const PAYLOAD =
  '\u001b]52;c;SGVsbG8=\u0007\u001b[31mFORGED\u009b2J\r\u202eevil\nFAKE-LINE Allow\t\u2066x\u2069\u0008\u2028';
/** Every character the CLI must never print raw (TAB and LF are its own layout). */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The CLI's own colour escapes. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/g;

let dir: string;
let outside: string;

const estate = (world: unknown, requests: unknown[]) => JSON.stringify({ world, requests });
const policy = (extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra }],
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-verdict-hostile-cli-'));
  outside = mkdtempSync(join(tmpdir(), 'iam-verdict-outside-'));
  const world = { users: { [ALICE]: { policies: [policy({ Condition: { StringEquals: { 'x:tag': PAYLOAD } } })] } } };
  writeFileSync(
    join(dir, 'escapes.json'),
    estate(world, [
      {
        name: PAYLOAD,
        request: {
          principal: ALICE,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::b/k',
          context: { 'x:tag': `${PAYLOAD}!` },
        },
      },
      { name: 'second', request: { principal: ALICE, action: 's3:GetObject', resource: `arn:aws:s3:::b/${PAYLOAD}` } },
    ]),
  );
  writeFileSync(
    join(dir, 'bad-policy.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: `s3:${PAYLOAD}`, Resource: '*', [PAYLOAD]: 1 }],
    }),
  );
  // Worlds and the paths that name them.
  writeFileSync(join(outside, 'secret.json'), JSON.stringify({ users: { [ALICE]: { policies: [policy()] } } }));
  writeFileSync(join(dir, 'world.json'), JSON.stringify({ users: { [ALICE]: { policies: [policy()] } } }));
  symlinkSync(join(outside, 'secret.json'), join(dir, 'linked-world.json'));
  const request = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
  writeFileSync(join(dir, 'inside.json'), estate('world.json', [request]));
  writeFileSync(join(dir, 'absolute.json'), estate(join(outside, 'secret.json'), [request]));
  writeFileSync(join(dir, 'dotdot.json'), estate(`../${outside.split('/').pop() as string}/secret.json`, [request]));
  writeFileSync(join(dir, 'via-link.json'), estate('linked-world.json', [request]));
  writeFileSync(join(dir, 'dev-zero.json'), estate('/dev/zero', [request]));
  // A 100 MB estate (sparse: nothing is written) and a small one over a small limit.
  writeFileSync(join(dir, 'huge.json'), '');
  truncateSync(join(dir, 'huge.json'), 100 * 1024 * 1024);
  // A searched folder: a link inside it, a link out of it, a broken link, a link cycle.
  const policies = join(dir, 'policies');
  mkdirSync(policies);
  writeFileSync(join(policies, 'a.json'), JSON.stringify(policy()));
  writeFileSync(join(outside, 'p.json'), JSON.stringify(policy()));
  symlinkSync(join(policies, 'a.json'), join(policies, 'alias.json'));
  symlinkSync(join(outside, 'p.json'), join(policies, 'out.json'));
  symlinkSync(join(policies, 'missing.json'), join(policies, 'broken.json'));
  symlinkSync(policies, join(policies, 'loop'));
});

function expectNoRawControls(text: string): void {
  expect(text.replace(OWN_SGR, '')).not.toMatch(RAW);
  // A newline in a value never starts a line of its own.
  expect(text.split('\n').some((l) => /^\s*FAKE-LINE/.test(l))).toBe(false);
}

describe('control characters from input files are escaped in everything printed', () => {
  it('eval: the table, the explanations and the refusals (text, and colour on a terminal)', async () => {
    for (const flags of [[], ['--color'], ['--brief'], ['--warnings']]) {
      const r = await runCli(['eval', join(dir, 'escapes.json'), ...flags], { tty: flags.includes('--color') });
      expectNoRawControls(r.stdout);
      expectNoRawControls(r.stderr);
      // Shown escaped, not dropped: the OSC 52 and the forged colour are visible as text.
      expect(r.stdout).toContain(
        '\\u001b]52;c;SGVsbG8=\\u0007\\u001b[31mFORGED\\u009b2J\\u000d\\u202eevil\\u000aFAKE-LINE',
      );
      if (flags.includes('--color')) expect(r.stdout).toMatch(OWN_SGR);
    }
  });

  it('eval --json stays JSON with the same values (the escapes are JSON escapes)', async () => {
    const r = await runCli(['eval', join(dir, 'escapes.json'), '--json'], { tty: true });
    expectNoRawControls(r.stdout);
    const out = JSON.parse(r.stdout) as { results: { name: string }[] };
    expect(out.results[0]?.name).toBe(PAYLOAD);
  });

  it('validate: issue lines naming hostile actions and members', async () => {
    for (const flags of [[], ['--json'], ['--color']]) {
      const r = await runCli(['validate', join(dir, 'bad-policy.json'), ...flags], { tty: true });
      expect(r.code).toBe(1);
      expectNoRawControls(r.stdout);
      expectNoRawControls(r.stderr);
    }
  });

  it('errors naming a file whose name holds escapes', async () => {
    const r = await runCli(['eval', `${PAYLOAD}.json`]);
    expect(r.code).toBe(1);
    expectNoRawControls(r.stderr);
    expect(r.stderr.split('\n')).toHaveLength(2); // one line, then the final newline
  });

  it('the escaping functions: every unsafe character escaped, TAB and LF kept only by escapeControls', () => {
    const wrong: string[] = [];
    for (let code = 0; code < 0x2070; code++) {
      const ch = String.fromCharCode(code);
      const unsafe = RAW.test(ch);
      if ((escapeControls(ch) !== ch) !== unsafe || (inline(ch) !== ch) !== (unsafe || ch === '\n' || ch === '\t'))
        wrong.push(code.toString(16));
      if (unsafe) expect(escapeControls(ch)).toBe(`\\u${code.toString(16).padStart(4, '0')}`);
    }
    expect(wrong).toEqual([]);
    expect(toTerminal('\u001b[31mx\u001b[39m')).toBe('\\u001b[31mx\\u001b[39m');
  });
});

describe('input size limit', () => {
  it('a 100 MB estate is refused with one line before it is read (it used to abort the process)', async () => {
    const r = await runCli(['eval', join(dir, 'huge.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^iam-verdict: \S*huge\.json is 100 MB, over the 32 MB input limit \(--max-input-size raises it\)\n$/,
    );
  });

  it('--max-input-size lowers and raises the limit; standard input is held to it', async () => {
    const small = await runCli(['eval', join(dir, 'inside.json'), '--max-input-size', '64']);
    expect(small.code).toBe(1);
    expect(small.stderr).toMatch(/is \d+ bytes, over the 64 bytes input limit/);
    expect((await runCli(['eval', join(dir, 'inside.json'), '--max-input-size', '1M'])).code).toBe(0);
    const stdin = await runCli(['validate', '-', '--max-input-size', '1K'], {
      stdin: JSON.stringify(policy({ Sid: 'x'.repeat(2000) })),
    });
    expect(stdin.code).toBe(1);
    expect(stdin.stderr).toBe(
      'iam-verdict: standard input is over the 1 KB input limit (--max-input-size raises it)\n',
    );
    const bad = await runCli(['eval', join(dir, 'inside.json'), '--max-input-size', 'lots']);
    expect(bad.code).toBe(2);
    expect(() => parseSize('eval', '0')).toThrow();
    expect(parseSize('eval', '64M')).toBe(64 * 1024 * 1024);
    expect(parseSize('eval', '2kb')).toBe(2048);
  });

  it.skipIf(!existsSync('/dev/zero'))('a device named as a world is refused, not read forever', async () => {
    const r = await runCli(['eval', join(dir, 'dev-zero.json'), '--allow-outside-paths']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('iam-verdict: cannot read /dev/zero: not a regular file\n');
  });
});

describe('world paths stay inside the estate folder (or the working directory)', () => {
  const cwd = () => dir;

  it('a world beside the estate is read', async () => {
    expect((await runCli(['eval', 'inside.json'], { cwd: cwd() })).code).toBe(0);
  });

  it('an absolute path, a ../ path and a symbolic link out of the folder are refused with the position of "world"', async () => {
    for (const file of ['absolute.json', 'dotdot.json', 'via-link.json', 'dev-zero.json']) {
      const r = await runCli(['eval', file], { cwd: cwd() });
      expect(r.code, file).toBe(1);
      expect(r.stderr, file).toMatch(
        new RegExp(
          `^iam-verdict: ${file.replace('.', '\\.')}:1:10: "world": .* outside the folder of the file that names it and the working directory; refused \\(--allow-outside-paths reads it\\)\\n$`,
        ),
      );
      expect(r.stdout).toBe('');
    }
  });

  it('--allow-outside-paths reads them', async () => {
    for (const file of ['absolute.json', 'dotdot.json', 'via-link.json']) {
      expect((await runCli(['eval', file, '--allow-outside-paths'], { cwd: cwd() })).code, file).toBe(0);
    }
  });

  it('the same rule for the analysis commands and audit', async () => {
    for (const argv of [
      ['who-can', 'absolute.json', '--action', 's3:GetObject', '--resource', '*'],
      ['audit', 'absolute.json'],
    ]) {
      const r = await runCli(argv, { cwd: cwd() });
      expect(r.stderr, argv[0]).toMatch(/outside the folder of the file that names it/);
      expect(r.code).not.toBe(0);
    }
  });
});

describe('symbolic links in searched folders: followed inside, skipped and reported outside', () => {
  it('validate on a folder: the inner link is read, the outer and broken ones are reported, the cycle ends', async () => {
    const r = await runCli(['validate', 'policies'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('policies/a.json: ok');
    expect(r.stdout).toContain('policies/alias.json: ok');
    expect(r.stdout).not.toContain('loop/'); // the link to its own folder: each real folder is walked once
    expect(r.stdout).not.toContain('out.json');
    expect(r.stderr).toMatch(
      /^iam-verdict: warning: skipped policies\/out\.json: a symbolic link to \S+p\.json, outside policies \(--allow-outside-paths follows it\)$/m,
    );
    expect(r.stderr).toMatch(/^iam-verdict: warning: skipped policies\/broken\.json: a broken symbolic link$/m);
  });

  it('--allow-outside-paths follows the outer link', async () => {
    const r = await runCli(['validate', 'policies', '--allow-outside-paths'], { cwd: dir });
    expect(r.stdout).toContain('policies/out.json: ok');
    expect(r.stderr).not.toContain('out.json');
  });

  it('a glob expands the same way', async () => {
    const r = await runCli(['validate', 'policies/*.json'], { cwd: dir });
    expect(r.stdout).toContain('policies/alias.json: ok');
    expect(r.stdout).not.toContain('out.json');
    expect(r.stderr).toContain('skipped policies/out.json');
  });
});
