/**
 * What the analysis commands (`who-can`, `can`, `reach`, `paths`) share: reading one world file,
 * building the analysis, and choosing an output format.
 */
import { createAuthorizer, type WorldInput } from '../../index.js';
import { createAnalysis, type Analysis, type AnalysisOptions } from '../../analysis/index.js';
import { colours, type Colours } from '../colour.js';
import { InputError, UsageError } from '../errors.js';
import { expandInputs, fileAccess, readInput } from '../files.js';
import type { Io } from '../io.js';
import { formatIssues, parseJsonInput, prefixIssues } from '../json-input.js';
import { baseDirOf, loadEvalFile } from '../scenario-file.js';

/** Output formats of the analysis commands. */
export type Format = 'text' | 'json' | 'dot' | 'mermaid';

/** Options every analysis command accepts. */
export const ANALYSIS_OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  'max-depth': { type: 'string' },
} as const;

/** The format asked for (`--json` is `--format json`). */
export function formatOf(
  command: string,
  v: { json?: boolean | undefined; format?: string | undefined },
  allowed: readonly Format[],
): Format {
  if (v.json) return 'json';
  const f = v.format ?? 'text';
  if (!(allowed as readonly string[]).includes(f))
    throw new UsageError(`--format takes ${allowed.join(', ')}, not ${JSON.stringify(f)}`, command);
  return f as Format;
}

/** Reads the one world file of the command line and builds its analysis. */
export async function loadAnalysis(
  command: string,
  positionals: readonly string[],
  io: Io,
  maxDepth: string | undefined,
  files: Parameters<typeof fileAccess>[1] = {},
  extra: AnalysisOptions = {},
): Promise<{ analysis: Analysis; c: Colours }> {
  if (positionals.length !== 1) throw new UsageError('give exactly one world file (or - for standard input)', command);
  const depth = maxDepth === undefined ? undefined : Number(maxDepth);
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 1 || depth > 20))
    throw new UsageError(`--max-depth takes a whole number from 1 to 20, not ${JSON.stringify(maxDepth)}`, command);
  const c = colours(false);
  const access = fileAccess(command, files, io);
  const [source] = expandInputs(positionals, io.cwd, ['.json'], command, access);
  if (!source) throw new UsageError('give exactly one world file', command);
  const doc = parseJsonInput(await readInput(source, io, access), source.name);
  const file = loadEvalFile(doc, baseDirOf(source.kind === 'file' ? source.path : undefined, io.cwd), access);
  const world = file.worlds[0];
  if (file.worlds.length !== 1 || !world)
    throw new InputError(`${source.name}: expected a file with exactly one world`);
  const authorizer = createAuthorizer(world.value as WorldInput);
  if (!authorizer.ok) {
    for (const line of formatIssues(prefixIssues(authorizer.errors, world.path), world.doc.name, world.doc.locate))
      io.stderr(`${line}\n`);
    throw new InputError(
      `${world.doc.name}: the world has ${authorizer.errors.length} error${authorizer.errors.length === 1 ? '' : 's'}`,
    );
  }
  return { analysis: createAnalysis(authorizer, { ...extra, ...(depth !== undefined ? { maxDepth: depth } : {}) }), c };
}

/** Checks that a principal is one the world knows, with a did-you-mean. */
export function knownPrincipal(command: string, analysis: Analysis, principal: string, option: string): void {
  if (analysis.principals.some((p) => p.principal === principal)) return;
  const name = principal.split(/[/:]/).pop()?.toLowerCase() ?? '';
  const near = analysis.principals.find(
    (p) => p.principal.toLowerCase().endsWith(`/${name}`) || p.principal.toLowerCase() === principal.toLowerCase(),
  );
  throw new UsageError(
    `${option} ${principal} is not a principal of the world${near ? ` (did you mean ${near.principal}?)` : ''}`,
    command,
  );
}
