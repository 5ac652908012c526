/**
 * The built binary, run as a user runs it: a real process, real standard streams, real exit codes.
 * The CLI is bundled afresh into node_modules/.cache so that this test needs no prior `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'tsup';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const OUT = join(ROOT, 'node_modules/.cache/iam-verdict-cli-test');
const CLI = join(OUT, 'dist/cli.js');

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(
    join(OUT, 'package.json'),
    JSON.stringify({ name: 'iam-verdict', version: pkg.version, type: 'module' }),
  );
  await build({
    config: false,
    entry: { cli: join(ROOT, 'src/cli/main.ts') },
    outDir: join(OUT, 'dist'),
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    silent: true,
    clean: true,
    dts: false,
    sourcemap: false,
  });
}, 60_000);

function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...options.env },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the iam-verdict binary', () => {
  it('evaluates the example estate: exit code 0, no colour when piped', () => {
    const r = cli(['eval', 'examples/estate.world.json', '--brief']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/11 requests: 4 Allow, 3 ExplicitDeny, 4 ImplicitDeny; all 11 expectations met\n$/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--expect makes the exit code', () => {
    expect(cli(['eval', 'examples/scenarios/public-read.json', '--expect', 'deny']).code).toBe(0);
    expect(cli(['eval', 'examples/scenarios/public-read.json', '--expect', 'allow']).code).toBe(1);
  });

  it('reads standard input with -', () => {
    const r = cli(['eval', '-', '--json'], {
      input: readFileSync(join(ROOT, 'examples/scenarios/boundary.json'), 'utf8'),
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { results: { decision: string }[] }).results[0]?.decision).toBe('ImplicitDeny');
  });

  it('expands a quoted glob itself', () => {
    const r = cli(['validate', 'examples/policies/*.json', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(r.stdout).toMatch(/^examples\/policies\/broken\.json:6:17: error: /m);
  });

  it('usage errors exit 2 with one line and no stack trace', () => {
    const r = cli(['eval', '--nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`iam-verdict: Unknown option '--nope' (see 'iam-verdict eval --help')\n`);
  });

  it('bad input exits 1 with one line and no stack trace', () => {
    const r = cli(['eval', '-'], { input: '{ "world": ' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^iam-verdict: -:1:\d+: not valid JSON: [^\n]+\n$/);
  });

  it('--help and --version', () => {
    expect(cli(['eval', '--help']).stdout).toMatch(/^Usage: iam-verdict eval/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(cli(['--version']).stdout).toBe(`${pkg.version}\n`);
  });

  it('stops quietly when the reader closes the pipe early', () => {
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" eval examples/estate.world.json | head -n 1`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toMatch(/Request/);
  });
});
