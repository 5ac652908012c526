/**
 * `iam-verdict assume-role <world.json> --caller ARN --role-arn ARN --session-name NAME`: calls
 * `sts:AssumeRole` against a world and shows the session it would produce, or why it is refused.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assumeRole, createAuthorizer, type AssumeRoleInput, type StsResult, type WorldInput } from '../../index.js';
import { intOption, keyValues, parseCommandArgs } from '../args.js';
import { colours, wantsColour, type Colours } from '../colour.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { expandInputs, fileAccess, FILE_OPTIONS_HELP, readInput } from '../files.js';
import type { Io } from '../io.js';
import { formatIssues, parseJsonInput, prefixIssues } from '../json-input.js';
import { renderCase } from '../render.js';
import { baseDirOf, expectationMet, loadEvalFile, parseExpectation, type Expectation } from '../scenario-file.js';
import { parseDate } from '../../condition/date.js';

/** Help text of `assume-role`. */
export const ASSUME_ROLE_HELP = `Usage: iam-verdict assume-role <world.json|-> --caller ARN --role-arn ARN --session-name NAME [options]

Calls sts:AssumeRole against a world, offline: checks the caller's permissions
and the role's trust policy (spec §6.1), every parameter (§6.2, §6.3), and shows
the session it would produce, or why it is refused with the full explanation.
The file is a world, or an estate/scenario file holding one.

Options:
  --caller ARN                 who calls: a user, role session or role ARN
  --access-key-id ID           or: call with these credentials (from the world)
  --session-token TOKEN        session token of temporary credentials
  --role-arn ARN               the role to assume
  --session-name NAME          RoleSessionName
  --duration SECONDS           DurationSeconds (default 3600)
  --external-id ID             ExternalId
  --serial-number ARN          MFA device (with --token-code)
  --token-code CODE            six-digit MFA code
  --source-identity NAME       SourceIdentity
  --tag key=value              a session tag; repeat for more
  --transitive-tag-key KEY     a transitive tag key; repeat for more
  --policy FILE                inline session policy (JSON file, or - for stdin)
  --policy-arn ARN             managed session policy; repeat for more
  --now ISO                    time of the call (default: now)
  --expect allow|deny          exit 1 unless the call is allowed (allow) or refused (deny)
  --world-out FILE             write the world with the new session added to FILE
  --json                       print the result as JSON
  --color, --no-color          force colour on or off
${FILE_OPTIONS_HELP}
  -h, --help                   show this help

Exit codes: 0 answered (issued or refused), 1 the --expect was not met or the
input is invalid, 2 usage error.

Example:
  iam-verdict assume-role examples/estate.world.json \\
    --caller arn:aws:iam::111111111111:user/alice \\
    --role-arn arn:aws:iam::222222222222:role/Admin --session-name alice \\
    --serial-number arn:aws:iam::111111111111:mfa/alice --token-code 123456 \\
    --now 2025-06-01T12:00:00Z
`;

const OPTIONS = {
  caller: { type: 'string' },
  'access-key-id': { type: 'string' },
  'session-token': { type: 'string' },
  'role-arn': { type: 'string' },
  'session-name': { type: 'string' },
  duration: { type: 'string' },
  'external-id': { type: 'string' },
  'serial-number': { type: 'string' },
  'token-code': { type: 'string' },
  'source-identity': { type: 'string' },
  tag: { type: 'string', multiple: true },
  'transitive-tag-key': { type: 'string', multiple: true },
  policy: { type: 'string' },
  'policy-arn': { type: 'string', multiple: true },
  now: { type: 'string' },
  expect: { type: 'string' },
  'world-out': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const COMMAND = 'assume-role';

/** Runs `assume-role`; returns the exit code. */
export async function assumeRoleCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(COMMAND, args, OPTIONS);
  if (v.help) {
    io.stdout(ASSUME_ROLE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one world file (or - for standard input)', COMMAND);
  if (v.caller === undefined && v['access-key-id'] === undefined)
    throw new UsageError('give --caller ARN (or --access-key-id)', COMMAND);
  if (v.caller !== undefined && v['access-key-id'] !== undefined)
    throw new UsageError('give --caller or --access-key-id, not both', COMMAND);
  if (v['role-arn'] === undefined) throw new UsageError('give --role-arn', COMMAND);
  if (v['session-name'] === undefined) throw new UsageError('give --session-name', COMMAND);
  if (v.policy === '-' && positionals[0] === '-')
    throw new UsageError('standard input (-) can be read only once', COMMAND);
  let expect: Expectation | undefined;
  if (v.expect !== undefined) {
    expect = parseExpectation(v.expect);
    if (!expect) throw new UsageError(`--expect takes allow or deny, not ${JSON.stringify(v.expect)}`, COMMAND);
  }
  const c = colours(wantsColour(io, v));
  const width = Math.max(60, Math.min(io.columns ?? 100, 120));

  const access = fileAccess(COMMAND, v, io);
  const [source] = expandInputs(positionals, io.cwd, ['.json'], COMMAND, access);
  if (!source) throw new UsageError('give exactly one world file', COMMAND);
  const doc = parseJsonInput(await readInput(source, io, access), source.name);
  const file = loadEvalFile(doc, baseDirOf(source.kind === 'file' ? source.path : undefined, io.cwd), access);
  const world = file.worlds[0];
  if (file.worlds.length !== 1 || !world)
    throw new InputError(`${source.name}: expected a file with exactly one world`);
  const check = createAuthorizer(world.value as WorldInput);
  if (!check.ok) {
    for (const line of formatIssues(prefixIssues(check.errors, world.path), world.doc.name, world.doc.locate))
      io.stderr(`${c.red(line)}\n`);
    throw new InputError(
      `${world.doc.name}: the world has ${check.errors.length} error${check.errors.length === 1 ? '' : 's'}`,
    );
  }

  let policy: string | undefined;
  if (v.policy !== undefined) {
    const [p] = expandInputs([v.policy], io.cwd, ['.json'], COMMAND, access);
    if (p) policy = await readInput(p, io, access);
  }
  const durationSeconds = intOption(COMMAND, 'duration', v.duration);
  const tags = keyValues(COMMAND, 'tag', v.tag);
  const input: AssumeRoleInput = {
    caller: v.caller ?? {
      accessKeyId: v['access-key-id'] as string,
      ...(v['session-token'] !== undefined ? { sessionToken: v['session-token'] } : {}),
    },
    roleArn: v['role-arn'],
    sessionName: v['session-name'],
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(v['external-id'] !== undefined ? { externalId: v['external-id'] } : {}),
    ...(v['serial-number'] !== undefined ? { serialNumber: v['serial-number'] } : {}),
    ...(v['token-code'] !== undefined ? { tokenCode: v['token-code'] } : {}),
    ...(v['source-identity'] !== undefined ? { sourceIdentity: v['source-identity'] } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...(v['transitive-tag-key'] !== undefined ? { transitiveTagKeys: v['transitive-tag-key'] } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...(v['policy-arn'] !== undefined ? { policyArns: v['policy-arn'] } : {}),
    ...(v.now !== undefined ? { now: v.now } : {}),
  };
  const result = assumeRole(world.value as WorldInput, input);

  if (result.ok && v['world-out'] !== undefined) {
    const out = resolve(io.cwd, v['world-out']);
    try {
      writeFileSync(out, `${JSON.stringify(result.world, null, 2)}\n`);
    } catch (e) {
      throw new InputError(`cannot write ${v['world-out']}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (v.json)
    io.stdout(
      `${JSON.stringify(result.ok ? { ok: true, session: result.session } : { ok: false, error: result.errors[0] }, null, 2)}\n`,
    );
  else io.stdout(render(result, input, c, width, v['world-out']));
  if (
    expect !== undefined &&
    !expectationMet(expect, result.ok ? 'Allow' : (result.errors[0]?.decision?.decision ?? 'ImplicitDeny'))
  )
    return EXIT.failed;
  return EXIT.ok;
}

function render(
  result: StsResult,
  input: AssumeRoleInput,
  c: Colours,
  width: number,
  worldOut: string | undefined,
): string {
  const caller = typeof input.caller === 'string' ? input.caller : `access key ${input.caller.accessKeyId}`;
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${c.dim(label.padEnd(18))}${value}`);
  if (result.ok) {
    const s = result.session;
    const record = ((result.world.sessions ?? {}) as Record<string, Record<string, unknown>>)[s.arn] ?? {};
    lines.push(`${c.green('✓ AssumeRole allowed')}: ${caller} → ${input.roleArn}`);
    row('session', s.arn);
    if (s.assumedRoleId !== undefined) row('assumed role id', s.assumedRoleId);
    row('issued', s.issuedAt);
    row('expires', `${s.expiresAt} (${Math.round((parseDate(s.expiresAt) - parseDate(s.issuedAt)) / 1000)} s)`);
    row('access key id', s.credentials.accessKeyId);
    if (record.chained === true) row('role chaining', 'yes (sessions of chained roles last at most 1 h)');
    if (record.sourceIdentity !== undefined) row('source identity', String(record.sourceIdentity));
    const tags = record.sessionTags as Record<string, string> | undefined;
    if (tags)
      row(
        'session tags',
        Object.entries(tags)
          .map(([k, val]) => `${k}=${val}`)
          .join(', '),
      );
    const transitive = record.transitiveTagKeys as string[] | undefined;
    if (transitive) row('transitive keys', transitive.join(', '));
    const policies = record.sessionPolicies as unknown[] | undefined;
    if (policies)
      row('session policies', policies.map((p) => (typeof p === 'string' ? p : 'inline policy')).join(', '));
    if (worldOut !== undefined) row('world written to', worldOut);
    return `${lines.join('\n')}\n`;
  }
  const e = result.errors[0] ?? { code: 'AccessDenied', message: 'refused' };
  lines.push(`${c.red(`✗ AssumeRole refused: ${e.code}`)}${e.parameter !== undefined ? ` (${e.parameter})` : ''}`);
  lines.push(`  ${e.message}`);
  if (e.decision) {
    lines.push('');
    lines.push(
      renderCase(
        {
          name: 'The decision',
          request: { principal: caller, action: 'sts:AssumeRole', resource: input.roleArn },
          decision: e.decision,
        },
        undefined,
        c,
        width,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
