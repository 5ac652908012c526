/**
 * The `iam-verdict` command: dispatches to a command and turns every failure into one line on
 * standard error and an exit code (1 bad input, 2 usage error) — never a stack trace.
 */
import { EXIT, InputError, oneLine, UsageError } from './errors.js';
import type { Io } from './io.js';
import { inline, toTerminal } from './terminal.js';
import { EVAL_HELP, evalCommand } from './commands/eval.js';
import { VALIDATE_HELP, validateCommand } from './commands/validate.js';
import { ASSUME_ROLE_HELP, assumeRoleCommand } from './commands/assume-role.js';
import { TEST_HELP, testCommand } from './commands/test.js';
import { AUDIT_HELP, auditCommand } from './commands/audit.js';
import { WHO_CAN_HELP, whoCanCommand } from './commands/who-can.js';
import { CAN_HELP, canCommand } from './commands/can.js';
import { REACH_HELP, reachCommand } from './commands/reach.js';
import { PATHS_HELP, pathsCommand } from './commands/paths.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** What `--version` prints (main.ts reads it from package.json). */
  readonly version?: string;
}

/** Help text of the whole command. */
export const MAIN_HELP = `iam-verdict — decide AWS IAM requests offline, with an explanation.

Usage: iam-verdict <command> [options]

Commands:
  eval <file…>           decide the requests of an estate or scenario file and
                         explain each decision (alias: explain)
  validate <policy…>     check policy documents, with file:line:column errors
  assume-role <world>    call sts:AssumeRole offline: the session it would
                         produce, or why it is refused
  test <file…>           run IAM test files against a world, a CloudFormation
                         template or a Terraform plan; exit 1 on any failure
  audit <world>          posture audit (CIS / Security Hub IAM checks, effective
                         admin and trust decided by the engine); SARIF, JUnit
  who-can <world>        every principal that can do an action on a resource
  can <world>            what a principal can do, by service
  reach <world>          the principals a user or role can become
  paths <world>          privilege-escalation paths to admin or a principal
  help [command]         show help for a command

Options:
  -h, --help             show this help
  -v, --version          show the version

Run 'iam-verdict <command> --help' for a command's options and an example.

Example:
  iam-verdict eval examples/estate.world.json
`;

type Command = (args: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; help: string }>> = {
  eval: { run: (a, io) => evalCommand(a, io, 'eval'), help: EVAL_HELP },
  explain: { run: (a, io) => evalCommand(a, io, 'explain'), help: EVAL_HELP },
  validate: { run: validateCommand, help: VALIDATE_HELP },
  'assume-role': { run: assumeRoleCommand, help: ASSUME_ROLE_HELP },
  test: { run: testCommand, help: TEST_HELP },
  audit: { run: auditCommand, help: AUDIT_HELP },
  'who-can': { run: whoCanCommand, help: WHO_CAN_HELP },
  can: { run: canCommand, help: CAN_HELP },
  reach: { run: reachCommand, help: REACH_HELP },
  paths: { run: pathsCommand, help: PATHS_HELP },
};

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. Never throws. */
export async function run(argv: readonly string[], raw: Io, options: RunOptions = {}): Promise<number> {
  const [name, ...rest] = argv;
  // Every byte written goes through toTerminal: input files cannot put escape sequences on the terminal.
  const io: Io = {
    ...raw,
    stdout: (text) => raw.stdout(toTerminal(text)),
    stderr: (text) => raw.stderr(toTerminal(text)),
  };
  try {
    if (name === undefined || name === '-h' || name === '--help') {
      io.stdout(MAIN_HELP);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '-v' || name === '--version') {
      io.stdout(`${options.version ?? 'unknown'}\n`);
      return EXIT.ok;
    }
    if (name === 'help') {
      const topic = rest[0];
      const command = topic === undefined ? undefined : COMMANDS[topic];
      if (topic !== undefined && !command) throw new UsageError(`unknown command ${JSON.stringify(topic)}`);
      io.stdout(command ? command.help : MAIN_HELP);
      return EXIT.ok;
    }
    const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.command ? `iam-verdict ${e.command} --help` : 'iam-verdict --help';
      io.stderr(`iam-verdict: ${inline(e.message.trim())} (see '${hint}')\n`);
      return EXIT.usage;
    }
    if (e instanceof InputError) {
      // The messages name files and values from the input: their newlines are escaped, not cut.
      io.stderr(`iam-verdict: ${inline(e.message.trim())}\n`);
      return EXIT.failed;
    }
    io.stderr(`iam-verdict: internal error: ${oneLine(e)}\n`);
    if (io.env.IAM_VERDICT_DEBUG) io.stderr(`${e instanceof Error ? e.stack : String(e)}\n`);
    return EXIT.failed;
  }
}
