/**
 * `iam-verdict paths <world> [--from P] [--to ARN|admin]`: privilege-escalation paths.
 */
import { toDot, toMermaid, renderPathsText } from '../../analysis/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT } from '../errors.js';
import type { Io } from '../io.js';
import { FILE_OPTIONS_HELP } from '../files.js';
import { WORLD_INPUT_HELP } from '../world-argument.js';
import { ANALYSIS_OPTIONS, formatOf, knownPrincipal, loadAnalysis } from './analysis-world.js';

/** Help text of `paths`. */
export const PATHS_HELP = `Usage: iam-verdict paths <world|-> [--from ARN] [--to ARN|admin] [options]

Privilege-escalation paths: for each user and role (or only --from), a
shortest path to administrator permissions (every admin action allowed on *
after SCPs, RCPs and boundaries) or to the principal --to. Hops are the
techniques of iam-vulnerable and pathfinding.cloud (assume role, pass role to
a service, take over a function or instance, create access keys, rewrite a
trust policy, attach or put policies, new policy versions, join a group,
remove a boundary…), each decided by the engine. A hop that a guardrail
blocks is not a path; paths whose conditions contradict are dropped.

Options:
  --from ARN             only paths from this user or role
  --to ARN|admin         the goal (default admin)
  --format FORMAT        text (default), json, dot (Graphviz) or mermaid
  --json                 same as --format json
  --max-depth N          longest path in hops (default 6)
${WORLD_INPUT_HELP}
${FILE_OPTIONS_HELP}
  -h, --help             show this help

Exit codes: 0 answered, 1 invalid input, 2 usage error.

Example:
  iam-verdict paths examples/estate.world.json --to admin
`;

const COMMAND = 'paths';

/** Runs `paths`; returns the exit code. */
export async function pathsCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(COMMAND, args, {
    ...ANALYSIS_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
  });
  if (v.help) {
    io.stdout(PATHS_HELP);
    return EXIT.ok;
  }
  const format = formatOf(COMMAND, v, ['text', 'json', 'dot', 'mermaid']);
  const { analysis } = await loadAnalysis(COMMAND, positionals, io, v['max-depth'], v);
  if (v.from !== undefined) knownPrincipal(COMMAND, analysis, v.from, '--from');
  const to = v.to ?? 'admin';
  if (to !== 'admin') knownPrincipal(COMMAND, analysis, to, '--to');
  const result = analysis.escalationPaths({ ...(v.from !== undefined ? { from: v.from } : {}), to });
  if (format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (format === 'dot') io.stdout(toDot(result.paths.flat()));
  else if (format === 'mermaid') io.stdout(toMermaid(result.paths.flat()));
  else io.stdout(renderPathsText(to, result.paths, result.admins));
  return EXIT.ok;
}
