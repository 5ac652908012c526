/**
 * `iam-verdict reach <world> --principal P`: the principals P can become, as a graph.
 */
import { toDot, toMermaid, renderReachText } from '../../analysis/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { FILE_OPTIONS_HELP } from '../files.js';
import { WORLD_INPUT_HELP } from '../world-argument.js';
import { ANALYSIS_OPTIONS, formatOf, knownPrincipal, loadAnalysis } from './analysis-world.js';

/** Help text of `reach`. */
export const REACH_HELP = `Usage: iam-verdict reach <world|-> --principal ARN [options]

The principals a user or role can become: roles it can assume (both the
identity policy and the trust policy must allow), roles it can pass to a
service it can launch, resources running as a role it can take over, users
whose credentials it can create, trust policies it can rewrite. Every hop is
decided by the engine with SCPs, RCPs, boundaries and conditions; request-time
keys (MFA, source IP, external id, …) become the hop's conditions.

Options:
  --principal ARN        the user or role to start from
  --format FORMAT        text (default), json, dot (Graphviz) or mermaid
  --json                 same as --format json
  --max-depth N          longest path in hops (default 6)
${WORLD_INPUT_HELP}
${FILE_OPTIONS_HELP}
  -h, --help             show this help

Exit codes: 0 answered, 1 invalid input, 2 usage error.

Example:
  iam-verdict reach examples/estate.world.json \\
    --principal arn:aws:iam::111111111111:user/alice
`;

const COMMAND = 'reach';

/** Runs `reach`; returns the exit code. */
export async function reachCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(COMMAND, args, {
    ...ANALYSIS_OPTIONS,
    principal: { type: 'string' },
  });
  if (v.help) {
    io.stdout(REACH_HELP);
    return EXIT.ok;
  }
  const format = formatOf(COMMAND, v, ['text', 'json', 'dot', 'mermaid']);
  if (v.principal === undefined) throw new UsageError('give --principal ARN', COMMAND);
  const { analysis } = await loadAnalysis(COMMAND, positionals, io, v['max-depth'], v);
  knownPrincipal(COMMAND, analysis, v.principal, '--principal');
  const result = analysis.reach({ principal: v.principal });
  if (format === 'json')
    io.stdout(`${JSON.stringify({ principal: result.principal, reachable: result.reachable }, null, 2)}\n`);
  else if (format === 'dot') io.stdout(toDot(result.reachable.flatMap((r) => r.path)));
  else if (format === 'mermaid') io.stdout(toMermaid(result.reachable.flatMap((r) => r.path)));
  else io.stdout(renderReachText(result.principal, result.reachable));
  return EXIT.ok;
}
