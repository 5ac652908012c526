/**
 * `iam-verdict can <world> --principal P [--service s3] [--access-level Write]`: what P can do.
 */
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { bundledCatalog } from '../../catalog/bundled.js';
import { FILE_OPTIONS_HELP } from '../files.js';
import { WORLD_INPUT_HELP, WORLD_INPUT_OPTIONS } from '../world-argument.js';
import { formatOf, knownPrincipal, loadAnalysis } from './analysis-world.js';

/** Help text of `can`. */
export const CAN_HELP = `Usage: iam-verdict can <world|-> --principal ARN [options]

What a principal can do: every action of the AWS action catalog that its
policies can allow, grouped by service and access level, with the resource
patterns it applies to (one per resource pattern the policies name that fits
the action's resource types) and the condition on request-time keys, if any.

Options:
  --principal ARN        a user, role (a session of it), root ARN, …
  --service NAME         only this service (e.g. s3)
  --access-level LEVEL   only List, Read, Write, Tagging or "Permissions management"
  --action ACTION        ask about this action; repeat for more
  --json                 print the answer as JSON (--format json)
${WORLD_INPUT_HELP}
${FILE_OPTIONS_HELP}
  -h, --help             show this help

Exit codes: 0 answered, 1 invalid input, 2 usage error.

Example:
  iam-verdict can examples/estate.world.json \\
    --principal arn:aws:iam::222222222222:role/ReadOnly --service ec2
`;

const COMMAND = 'can';
const LEVELS = ['list', 'read', 'write', 'tagging', 'permissions management'];

/** Runs `can`; returns the exit code. */
export async function canCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(COMMAND, args, {
    json: { type: 'boolean' },
    format: { type: 'string' },
    principal: { type: 'string' },
    service: { type: 'string' },
    'access-level': { type: 'string' },
    action: { type: 'string', multiple: true },
    ...WORLD_INPUT_OPTIONS,
  });
  if (v.help) {
    io.stdout(CAN_HELP);
    return EXIT.ok;
  }
  const format = formatOf(COMMAND, v, ['text', 'json']);
  if (v.principal === undefined) throw new UsageError('give --principal ARN', COMMAND);
  if (v['access-level'] !== undefined && !LEVELS.includes(v['access-level'].toLowerCase())) {
    throw new UsageError(
      `--access-level takes List, Read, Write, Tagging or "Permissions management", not ${JSON.stringify(v['access-level'])}`,
      COMMAND,
    );
  }
  const { analysis } = await loadAnalysis(COMMAND, positionals, io, undefined, v, { catalog: bundledCatalog() });
  knownPrincipal(COMMAND, analysis, v.principal, '--principal');
  const result = analysis.whatCan({
    principal: v.principal,
    ...(v.action ? { actions: v.action } : {}),
    ...(v.service !== undefined ? { service: v.service } : {}),
    ...(v['access-level'] !== undefined ? { accessLevel: v['access-level'] } : {}),
  });
  if (format === 'json') {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`What ${result.principal} can do:`];
  if (result.services.length === 0) lines.push('  nothing of the actions asked');
  for (const s of result.services) {
    lines.push(`  ${s.service}`);
    let level: string | undefined;
    for (const a of s.actions) {
      if (a.accessLevel !== level) lines.push(`    ${(level = a.accessLevel)}`);
      lines.push(`      ${a.action}${a.truncated ? '  (more resources than shown)' : ''}`);
      for (const r of a.resources)
        lines.push(`        ${r.resource}${r.decision.text === 'true' ? '' : `  if ${r.decision.text}`}`);
    }
  }
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
