/**
 * What the analysis commands (`who-can`, `can`, `reach`, `paths`) share: reading one world file,
 * building the analysis, and choosing an output format.
 */
import { createAuthorizer, type WorldInput } from '../../index.js';
import { createAnalysis, type Analysis, type AnalysisOptions } from '../../analysis/index.js';
import { colours, type Colours } from '../colour.js';
import { InputError, UsageError } from '../errors.js';
import { fileAccess } from '../files.js';
import type { Io } from '../io.js';
import { formatIssues, prefixIssues } from '../json-input.js';
import { readWorldArgument, WORLD_INPUT_OPTIONS, type WorldInputValues } from '../world-argument.js';

/** Output formats of the analysis commands. */
export type Format = 'text' | 'json' | 'dot' | 'mermaid';

/** Options every analysis command accepts. */
export const ANALYSIS_OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  'max-depth': { type: 'string' },
  ...WORLD_INPUT_OPTIONS,
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

/**
 * Reads the one world of the command line (a world/estate file, or an imported template, plan or
 * snapshot with `--from`) and builds its analysis.
 */
export async function loadAnalysis(
  command: string,
  positionals: readonly string[],
  io: Io,
  maxDepth: string | undefined,
  files: Parameters<typeof fileAccess>[1] & WorldInputValues = {},
  extra: AnalysisOptions = {},
): Promise<{ analysis: Analysis; c: Colours; world: unknown; managedPolicies: Readonly<Record<string, unknown>> }> {
  const depth = maxDepth === undefined ? undefined : Number(maxDepth);
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 1 || depth > 20))
    throw new UsageError(`--max-depth takes a whole number from 1 to 20, not ${JSON.stringify(maxDepth)}`, command);
  const c = colours(false);
  const access = fileAccess(command, files, io);
  const input = await readWorldArgument(command, positionals, files, io, access);
  // The managed policies the catalog resolves, kept as data for the workers of `--workers`.
  const resolved: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const catalog = input.managedPolicies;
  const options = catalog ? { managedPolicies: (arn: string) => (resolved[arn] = catalog(arn)) } : {};
  const authorizer = createAuthorizer(input.world as WorldInput, options);
  if (!authorizer.ok) {
    const issues = input.source ? prefixIssues(authorizer.errors, input.source.path) : authorizer.errors;
    for (const line of formatIssues(issues, input.name, input.source?.doc.locate)) io.stderr(`${line}\n`);
    throw new InputError(
      `${input.name}: the world has ${authorizer.errors.length} error${authorizer.errors.length === 1 ? '' : 's'}`,
    );
  }
  const analysis = createAnalysis(authorizer, {
    ...extra,
    authorizer: options,
    ...(depth !== undefined ? { maxDepth: depth } : {}),
  });
  return { analysis, c, world: input.world, managedPolicies: resolved };
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
