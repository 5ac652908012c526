/**
 * `iam-verdict who-can <world> --action A --resource R [--transitive]`: every principal that can.
 */
import { shortName } from '../../analysis/render.js';
import { toDot, toMermaid } from '../../analysis/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { FILE_OPTIONS_HELP } from '../files.js';
import { WORLD_INPUT_HELP } from '../world-argument.js';
import { ANALYSIS_OPTIONS, formatOf, loadAnalysis } from './analysis-world.js';

/** Help text of `who-can`. */
export const WHO_CAN_HELP = `Usage: iam-verdict who-can <world|-> --action ACTION --resource ARN [options]

Every principal of the world that can do ACTION on ARN — users, roles (a
session of each), the root of each account, service principals and other
accounts named in resource and trust policies, anonymous — each with its
decision: allowed, or allowed only if a condition on request-time keys holds
(MFA, source IP, secure transport, …). With --transitive, also the principals
that can become one of those, with the path.

Options:
  --action ACTION        e.g. s3:GetObject
  --resource ARN         e.g. arn:aws:s3:::bucket/key
  --resource-account ID  the resource's owner when the ARN does not say
  --transitive           also principals that can become one that can
  --format FORMAT        text (default), json, dot or mermaid (paths of --transitive)
  --json                 same as --format json
  --max-depth N          longest path in hops (default 6)
${WORLD_INPUT_HELP}
${FILE_OPTIONS_HELP}
  -h, --help             show this help

Exit codes: 0 answered, 1 invalid input, 2 usage error.

Example:
  iam-verdict who-can examples/estate.world.json --action s3:GetObject \\
    --resource arn:aws:s3:::acme-prod-assets/assets/logo.png --transitive
`;

const COMMAND = 'who-can';

/** Runs `who-can`; returns the exit code. */
export async function whoCanCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(COMMAND, args, {
    ...ANALYSIS_OPTIONS,
    action: { type: 'string' },
    resource: { type: 'string' },
    'resource-account': { type: 'string' },
    transitive: { type: 'boolean' },
  });
  if (v.help) {
    io.stdout(WHO_CAN_HELP);
    return EXIT.ok;
  }
  const format = formatOf(COMMAND, v, ['text', 'json', 'dot', 'mermaid']);
  if (v.action === undefined || !/^[\w-]+:[\w*?-]+$/.test(v.action))
    throw new UsageError(
      `give --action service:Action${v.action !== undefined ? `, not ${JSON.stringify(v.action)}` : ''}`,
      COMMAND,
    );
  if (v.resource === undefined) throw new UsageError('give --resource ARN', COMMAND);
  const { analysis } = await loadAnalysis(COMMAND, positionals, io, v['max-depth'], v);
  const result = analysis.whoCan({
    action: v.action,
    resource: v.resource,
    ...(v['resource-account'] ? { resourceAccount: v['resource-account'] } : {}),
    transitive: v.transitive === true,
  });
  if (format === 'json') {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  const paths = result.principals.flatMap((p) => p.path ?? []);
  if (format === 'dot') io.stdout(toDot(paths));
  else if (format === 'mermaid') io.stdout(toMermaid(paths));
  else {
    const lines = [`Who can ${result.action} on ${result.resource}:`];
    if (result.principals.length === 0) lines.push('  nobody');
    for (const p of result.principals) {
      lines.push(
        `  ${p.path ? '↳' : '•'} ${shortName(p.principal)}${p.conditions === 'true' ? '' : `  if ${p.conditions}`}${p.decision.truncated ? '  (truncated)' : ''}`,
      );
      if (p.path) for (const e of p.path) lines.push(`      ${e.via} → ${shortName(e.to)}`);
    }
    io.stdout(`${lines.join('\n')}\n`);
  }
  return EXIT.ok;
}
