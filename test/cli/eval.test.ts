import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI, json, ROOT, runCli } from './helpers.js';

const ESTATE = 'examples/estate.world.json';
const estate = JSON.parse(readFileSync(join(ROOT, ESTATE), 'utf8')) as { requests: { name: string; expect: string }[] };

interface JsonResult {
  file: string;
  name: string;
  decision: string;
  decidedBy: string;
  reason?: string;
  expect?: string;
  expectationMet?: boolean;
  explanation?: {
    summary: string;
    matched: { policyId: string; sid?: string }[];
    unmatched: { condition?: { key: string; missing: boolean } }[];
    missingContextKeys: string[];
  };
}

describe('iam-verdict eval', () => {
  it('decides every request of the example estate as its expectations say, exit code 0', async () => {
    const r = await runCli(['eval', ESTATE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`all ${estate.requests.length} expectations met`);
    for (const q of estate.requests) expect(r.stdout).toContain(q.name);
    // The explanation of a trust-policy condition that failed, with the missing key.
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain(
      'condition Bool aws:MultiFactorAuthPresent "true" is false: the key is absent from the request',
    );
    expect(r.stdout).toContain('missing     aws:multifactorauthpresent');
    expect(r.stdout).toContain("decided by the role's trust policy");
  });

  it('--json prints the decision objects with their explanations', async () => {
    const r = await runCli(['eval', ESTATE, '--json']);
    expect(r.code).toBe(0);
    const out = json<{ results: JsonResult[] }>(r);
    expect(out.results).toHaveLength(estate.requests.length);
    for (const [i, res] of out.results.entries()) {
      expect(res.name).toBe(estate.requests[i]?.name);
      expect(res.file).toBe(ESTATE);
      expect(res.decision).toBe(estate.requests[i]?.expect);
      expect(res.expectationMet).toBe(true);
      expect(typeof res.explanation?.summary).toBe('string');
    }
    const scp = out.results.find((x) => x.decidedBy === 'scp');
    expect(scp?.decision).toBe('ExplicitDeny');
    expect(scp?.explanation?.matched.some((m) => m.sid === 'DenyCloudTrailTampering')).toBe(true);
    const noExternalId = out.results.find((x) => x.name.includes('no external id'));
    expect(noExternalId?.explanation?.missingContextKeys).toEqual(['sts:externalid']);
  });

  it('--expect turns the decisions into the exit code', async () => {
    expect((await runCli(['eval', 'examples/scenarios/public-read.json', '--expect', 'deny'])).code).toBe(0);
    expect((await runCli(['eval', 'examples/scenarios/public-read.json', '--expect', 'explicit-deny'])).code).toBe(0);
    expect((await runCli(['eval', 'examples/scenarios/public-read.json', '--expect', 'implicit-deny'])).code).toBe(1);
    expect((await runCli(['eval', 'examples/scenarios/public-read.json', '--expect', 'allow'])).code).toBe(1);
    // The estate mixes Allow and Deny: neither expectation holds for all of it.
    expect((await runCli(['eval', ESTATE, '--expect', 'allow'])).code).toBe(1);
    expect((await runCli(['eval', ESTATE, '--expect', 'deny'])).code).toBe(1);
  });

  it('exits 0 whatever the decision without --expect or --check, and 1 with --check on an unmet expectation', async () => {
    const scenario = JSON.stringify({
      world: { accounts: { '111111111111': {} } },
      request: {
        principal: 'arn:aws:iam::111111111111:user/nobody',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
      },
      expect: 'Allow',
    });
    const plain = await runCli(['eval', '-'], { stdin: scenario });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('ImplicitDeny');
    expect(plain.stdout).toContain('✗ expected Allow');
    expect(plain.stdout).toContain('1 of 1 expectations not met');
    expect((await runCli(['eval', '-', '--check'], { stdin: scenario })).code).toBe(1);
  });

  it('counts the warnings about a world, and prints them with --warnings', async () => {
    const cases = join(ROOT, 'test/conformance/cases.json');
    const quiet = await runCli(['eval', cases]);
    expect(quiet.stderr).toMatch(/^iam-verdict: the worlds have \d+ warnings; --warnings shows them\n$/);
    const loud = await runCli(['eval', cases, '--warnings']);
    expect(loud.stderr).toMatch(/cases\.json:\d+:\d+: warning: \[\d+\]\.world\.users\[.*\[variable-is-literal\]\n/);
  });

  it('reads a list of scenarios: the public conformance cases all pass with --check', async () => {
    const r = await runCli(['eval', join(ROOT, 'test/conformance/cases.json'), '--check', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json<{ results: JsonResult[] }>(r);
    expect(out.results.length).toBeGreaterThan(50);
    expect(out.results.every((x) => x.expectationMet === true)).toBe(true);
  });

  it('follows "world" paths relative to the scenario file', async () => {
    const r = await runCli(['eval', '../examples/scenarios/vendor-cases.json', '--json', '--allow-outside-paths'], {
      cwd: join(ROOT, 'test'),
    });
    expect(r.code).toBe(0);
    // Without the flag, a world outside both the file's folder and the working directory is refused.
    const refused = await runCli(['eval', '../examples/scenarios/vendor-cases.json', '--json'], {
      cwd: join(ROOT, 'test'),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^iam-verdict: \S*examples\/scenarios\/vendor-cases\.json:\d+:\d+: "world": "\.\.\/estate\.world\.json" resolves to .*estate\.world\.json, outside .*--allow-outside-paths reads it\)\n$/,
    );
    const out = json<{ results: JsonResult[] }>(r);
    expect(out.results.map((x) => x.decision)).toEqual(['Allow', 'ImplicitDeny', 'ExplicitDeny']);
  });

  it("decides a request given on the command line against a file's world", async () => {
    const r = await runCli([
      'eval',
      ESTATE,
      '--json',
      '--principal',
      'arn:aws:sts::222222222222:assumed-role/WebServerRole/i-0a1b2c3d4e5f60718',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::acme-prod-assets/assets/logo.png',
      '--resource-policy',
      'acme-prod-assets',
      '--time',
      '2025-06-01T12:00:00Z',
      '--context',
      'aws:SecureTransport=false',
    ]);
    expect(r.code).toBe(0);
    const [res] = json<{ results: JsonResult[] }>(r).results;
    expect(res?.decision).toBe('ExplicitDeny');
    expect(res?.decidedBy).toBe('resource');
    const partial = await runCli(['eval', ESTATE, '--principal', 'anonymous']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/needs --principal, --action and --resource/);
  });

  it('reads standard input with -', async () => {
    const text = readFileSync(join(ROOT, 'examples/scenarios/boundary.json'), 'utf8');
    const r = await runCli(['eval', '-', '--json'], { stdin: text });
    expect(r.code).toBe(0);
    expect(json<{ results: JsonResult[] }>(r).results[0]?.decidedBy).toBe('boundary');
  });

  it('expands glob patterns and folders itself', async () => {
    const glob = await runCli(['eval', 'examples/scenarios/*.json', '--json']);
    const folder = await runCli(['eval', 'examples/scenarios', '--json']);
    expect(glob.code).toBe(0);
    const files = new Set(json<{ results: JsonResult[] }>(glob).results.map((x) => x.file));
    expect(files.size).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(f).toMatch(/^examples\/scenarios\/[\w-]+\.json$/);
    expect(folder.stdout).toBe(glob.stdout);
    const none = await runCli(['eval', 'examples/scenarios/*.nothing']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('iam-verdict: no file matches examples/scenarios/*.nothing\n');
  });

  it('prints colour on a terminal only, and never with NO_COLOR', async () => {
    expect((await runCli(['eval', ESTATE], { tty: true })).stdout).toMatch(ANSI);
    expect((await runCli(['eval', ESTATE], { tty: false })).stdout).not.toMatch(ANSI);
    expect((await runCli(['eval', ESTATE], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await runCli(['eval', ESTATE, '--no-color'], { tty: true })).stdout).not.toMatch(ANSI);
    expect((await runCli(['eval', ESTATE, '--color'], { tty: false })).stdout).toMatch(ANSI);
    expect((await runCli(['eval', ESTATE, '--json'], { tty: true })).stdout).not.toMatch(ANSI);
  });

  it("--brief prints the table with each decision's summary under its row", async () => {
    const r = await runCli(['eval', ESTATE, '--brief']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('not applied');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ {2}# {3}Request {2,}Decision {6}Decided by {2}Expected$/);
    expect(lines[1]).toMatch(/^ {2}1 {3}alice switches into prod Admin with MFA {2,}Allow {9}identity {4}✓ Allow$/);
    expect(lines[2]).toMatch(/^ {6}Allowed by group\/admins\[0\]:SwitchToProdAdmin statement 0 \(AssumeProdAdmin\)\./);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'Explicitly denied: scp:ou-acme-workloads[1]:ProtectAuditTrail statement 0',
    );
  });
});

describe('iam-verdict eval: bad input is one line, exit code 1', () => {
  it('a file that does not exist', async () => {
    const r = await runCli(['eval', 'nope.json']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'iam-verdict: no such file or folder: nope.json\n' });
  });

  it('text that is not JSON, with line and column', async () => {
    const r = await runCli(['eval', '-'], {
      stdin: '{\n  "world": {},\n  "request": { "action": "s3:GetObject", }\n}',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^iam-verdict: -:3:\d+: not valid JSON: .+\n$/);
  });

  it('a world with errors: each located in the file', async () => {
    const text = [
      '{',
      '  "world": {',
      '    "users": {',
      '      "arn:aws:iam::111111111111:user/a": {',
      '        "policies": [{ "Version": "2012-10-17", "Statement": [{ "Effect": "Alow", "Action": "s3:*", "Resource": "*" }] }]',
      '      }',
      '    }',
      '  },',
      '  "request": { "principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" }',
      '}',
    ].join('\n');
    const r = await runCli(['eval', '-'], { stdin: text });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^-:5:\d+: error: world\.users\["arn:aws:iam::111111111111:user\/a"\]\.policies\[0\]\.Statement\[0\]\.Effect: .*\[invalid-effect\]\n$/,
    );
    expect(r.stdout).toContain('InvalidWorld');
  });

  it('a file with nothing to decide', async () => {
    const r = await runCli(['eval', '-'], { stdin: '{ "roles": {} }' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'iam-verdict: -: no requests to decide (add "requests", or give --principal, --action and --resource)\n',
    );
  });

  it('a malformed request entry, located', async () => {
    const r = await runCli(['eval', '-'], { stdin: '{ "world": {},\n  "requests": [\n    42\n  ] }' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('iam-verdict: -:3:5: a request entry is an object\n');
  });

  it('an unknown expectation', async () => {
    const r = await runCli(['eval', '-'], {
      stdin:
        '{ "request": { "principal": "anonymous", "action": "s3:GetObject", "resource": "*" }, "expect": "Maybe" }',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^iam-verdict: -:1:\d+: "expect" must be one of Allow, ExplicitDeny, ImplicitDeny, Deny\n$/,
    );
  });
});
