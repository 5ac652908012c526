/**
 * `iam-verdict paths <world> [--from P] [--to ARN|admin]`: privilege-escalation paths.
 */
import { availableParallelism } from 'node:os';
import { toDot, toMermaid, renderPathsText } from '../../analysis/index.js';
import { privilegeGraph } from '../../parallel/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
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
  --workers N|auto       worker threads for the search from every source, the
                         same answer (default 1: none; auto: one per core, at
                         most 4, for worlds of 2,000 or more users and roles)
${WORLD_INPUT_HELP}
${FILE_OPTIONS_HELP}
  -h, --help             show this help

Exit codes: 0 answered, 1 invalid input, 2 usage error.

Example:
  iam-verdict paths examples/estate.world.json --to admin
`;

const COMMAND = 'paths';

/**
 * The smallest world (users and roles) for which `--workers auto` starts workers. Each worker
 * compiles the world and warms its own caches and heap: on the big world (12,010 sources) two
 * workers took 18 s CPU each against 23 s on one thread, but twice the process CPU (garbage
 * collection of two heaps included) and 0.9 GiB more memory, so they pay only with free cores,
 * and the default stays 1 (docs/analysis.md, "Worker threads").
 */
const AUTO_WORKERS_FROM = 2000;

/** `--workers`: `auto` or a number of threads (checked before the world is read). */
function workersOption(given: string | undefined): number | 'auto' {
  if (given === undefined) return 1;
  if (given === 'auto') return 'auto';
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`--workers takes auto or a whole number from 1 to 64, not ${JSON.stringify(given)}`, COMMAND);
  return n;
}

/** Runs `paths`; returns the exit code. */
export async function pathsCommand(args: readonly string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(COMMAND, args, {
    ...ANALYSIS_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    workers: { type: 'string' },
  });
  if (v.help) {
    io.stdout(PATHS_HELP);
    return EXIT.ok;
  }
  const format = formatOf(COMMAND, v, ['text', 'json', 'dot', 'mermaid']);
  const requested = workersOption(v.workers);
  const { analysis, world, managedPolicies } = await loadAnalysis(COMMAND, positionals, io, v['max-depth'], v);
  const sources = Object.keys(analysis.world.users).length + Object.keys(analysis.world.roles).length;
  const workers =
    requested !== 'auto' ? requested : sources >= AUTO_WORKERS_FROM ? Math.min(4, availableParallelism()) : 1;
  if (v.from !== undefined) knownPrincipal(COMMAND, analysis, v.from, '--from');
  const to = v.to ?? 'admin';
  if (to !== 'admin') knownPrincipal(COMMAND, analysis, to, '--to');
  let result;
  if (workers <= 1 || v.from !== undefined)
    result = analysis.escalationPaths({ ...(v.from !== undefined ? { from: v.from } : {}), to });
  else {
    // The same answer from worker threads; the proofs read below are re-derived on this analysis.
    const depth = v['max-depth'];
    const r = await privilegeGraph(world, {
      workers,
      to,
      graph: false,
      compiled: analysis.authorizer,
      managedPolicies,
      ...(depth !== undefined ? { maxDepth: Number(depth) } : {}),
    });
    // The world compiled here, so a failure is the threads' (e.g. no built worker file): search here.
    if (!r.ok) {
      io.stderr(`note: ${r.errors.map((e) => e.message).join('; ')}; searching in this thread\n`);
      result = analysis.escalationPaths({ to });
    } else result = r.paths;
  }
  if (format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (format === 'dot') io.stdout(toDot(result.paths.flat()));
  else if (format === 'mermaid') io.stdout(toMermaid(result.paths.flat()));
  else io.stdout(renderPathsText(to, result.paths, result.admins));
  return EXIT.ok;
}
