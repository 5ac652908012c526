/**
 * The world argument of the commands that take one estate (`audit`, `who-can`, `can`, `reach`,
 * `paths`): a world or estate file, or — with `--import` — a CloudFormation/SAM template, a
 * Terraform plan or an account authorization-details snapshot, imported on the way in. One reader,
 * so that every such command accepts the same inputs and reports problems the same way.
 */
import { importWorld, WORLD_FORMATS, type ImportWorldOptions, type WorldFormat } from '../import/index.js';
import type { ManagedPolicyCatalog } from '../model/load.js';
import { InputError, UsageError } from './errors.js';
import { managedPoliciesOption } from './managed-policies.js';
import { expandInputs, readInput, type FileAccess } from './files.js';
import type { Io } from './io.js';
import { formatIssues, parseJsonInput, type JsonDocument } from './json-input.js';
import { baseDirOf, loadEvalFile } from './scenario-file.js';

/** The options of the world argument, shared by the commands that take one. */
export const WORLD_INPUT_OPTIONS = {
  import: { type: 'string' },
  'account-id': { type: 'string' },
  region: { type: 'string' },
  parameter: { type: 'string', multiple: true },
  'managed-policies': { type: 'string' },
} as const;

/** Their values, as `parseCommandArgs` returns them. */
export interface WorldInputValues {
  readonly import?: string | undefined;
  readonly 'account-id'?: string | undefined;
  readonly region?: string | undefined;
  readonly parameter?: readonly string[] | undefined;
  readonly 'managed-policies'?: string | undefined;
}

/** Help lines of {@link WORLD_INPUT_OPTIONS}. */
export const WORLD_INPUT_HELP = `  --import FORMAT        read the input as world (default), or import it as
                         cloudformation, terraform or authorization-details
  --account-id ID        the account an imported input describes when it does
                         not say (default 123456789012)
  --region REGION        its region (default us-east-1)
  --parameter KEY=VALUE  a CloudFormation parameter value; repeat for more
  --managed-policies aws|none|DIR
                         where attached managed policies the world does not
                         define come from: aws (default) the bundled AWS managed
                         policies; DIR a folder of <PolicyName>.json documents;
                         none nothing (such a policy grants nothing)`;

/** The world read from the command line. */
export interface WorldArgument {
  /** The world value (not yet validated: the command's own entry point validates it). */
  readonly world: unknown;
  /** How messages name the input. */
  readonly name: string;
  /** Where the world sits in a world/estate file, for `file:line:column` messages; absent when imported. */
  readonly source?: { readonly doc: JsonDocument; readonly path: string };
  /** Where managed policies the world attaches but does not define come from (`--managed-policies`). */
  readonly managedPolicies?: ManagedPolicyCatalog;
}

/** The `--import` value, checked against the formats the importers read. */
function worldFormatOf(command: string, given: string | undefined): WorldFormat {
  const format = given ?? 'world';
  if (!(WORLD_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--import must be one of ${WORLD_FORMATS.join(', ')}, not ${JSON.stringify(given)}`, command);
  return format as WorldFormat;
}

/** The importer options of the command line (`--account-id`, `--region`, `--parameter`). */
function importOptionsOf(command: string, v: WorldInputValues, format: WorldFormat): ImportWorldOptions {
  if (format === 'world') {
    for (const name of ['account-id', 'region', 'parameter'] as const)
      if (v[name] !== undefined)
        throw new UsageError(`--${name} applies to an imported input (give --import)`, command);
    return {};
  }
  if (v['account-id'] !== undefined && !/^\d{12}$/.test(v['account-id']))
    throw new UsageError(`--account-id takes 12 digits, not ${JSON.stringify(v['account-id'])}`, command);
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const p of v.parameter ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--parameter takes KEY=VALUE, not ${JSON.stringify(p)}`, command);
    parameters[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return {
    ...(v['account-id'] !== undefined ? { accountId: v['account-id'] } : {}),
    ...(v.region !== undefined ? { region: v.region } : {}),
    ...(v.parameter !== undefined ? { parameters: { ...parameters } } : {}),
  };
}

/**
 * Reads the one input of `positionals` as a world: a world/estate file with exactly one world, or
 * an imported template, plan or snapshot (`--import`). Import errors are printed (with their
 * positions) and end the command with {@link InputError}.
 */
export async function readWorldArgument(
  command: string,
  positionals: readonly string[],
  v: WorldInputValues,
  io: Io,
  access: FileAccess,
  paint: (s: string) => string = (s) => s,
): Promise<WorldArgument> {
  if (positionals.length !== 1) throw new UsageError('give exactly one world file (or - for standard input)', command);
  const format = worldFormatOf(command, v.import);
  const options = importOptionsOf(command, v, format);
  const catalog = managedPoliciesOption(v['managed-policies'], io.cwd, command, access);
  const managedPolicies = catalog ? { managedPolicies: catalog } : {};
  const extensions = format === 'world' ? ['.json'] : ['.json', '.yaml', '.yml'];
  const [input] = expandInputs(positionals, io.cwd, extensions, command, access);
  if (!input) throw new UsageError('give exactly one world file', command);
  const text = await readInput(input, io, access);
  if (format === 'world') {
    const doc = parseJsonInput(text, input.name);
    const file = loadEvalFile(doc, baseDirOf(input.kind === 'file' ? input.path : undefined, io.cwd), access);
    const w = file.worlds[0];
    if (file.worlds.length !== 1 || !w) throw new InputError(`${input.name}: expected a file with exactly one world`);
    return { world: w.value, name: w.doc.name, source: { doc: w.doc, path: w.path }, ...managedPolicies };
  }
  const imported = importWorld(text, format, { ...options, ...managedPolicies });
  if (!imported.ok) {
    for (const line of formatIssues(imported.errors, input.name)) io.stderr(`${paint(line)}\n`);
    const n = imported.errors.length;
    throw new InputError(`${input.name}: cannot import the ${format} input (${n} error${n === 1 ? '' : 's'})`);
  }
  return { world: imported.world, name: input.name, ...managedPolicies };
}
