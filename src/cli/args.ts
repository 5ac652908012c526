/**
 * Command-line parsing with Node's `util.parseArgs`; its errors become {@link UsageError}s.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import { FILE_OPTIONS } from './files.js';

/** Option definitions, as `util.parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  ...FILE_OPTIONS,
} as const satisfies OptionSpec;

/** Parsed values and positionals of one command line. */
export interface ParsedArgs<T extends OptionSpec> {
  readonly values: {
    [K in keyof T]?: T[K] extends { multiple: true } ? string[] : T[K] extends { type: 'boolean' } ? boolean : string;
  };
  readonly positionals: string[];
}

/** Parses `args` strictly against `options` (plus the common ones). Throws {@link UsageError}. */
export function parseCommandArgs<T extends OptionSpec>(
  command: string,
  args: readonly string[],
  options: T,
): ParsedArgs<T & typeof COMMON_OPTIONS> {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return parsed as unknown as ParsedArgs<T & typeof COMMON_OPTIONS>;
  } catch (e) {
    const message = e instanceof Error ? (e.message.split('. ')[0] ?? e.message).replace(/\.$/, '') : String(e);
    throw new UsageError(message, command);
  }
}

/** Parses a whole-number option, or throws {@link UsageError}. */
export function intOption(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${name} needs a whole number of seconds, not ${JSON.stringify(value)}`, command);
  return Number(value);
}

/** Parses repeated `key=value` options into a map, or throws {@link UsageError}. */
export function keyValues(
  command: string,
  name: string,
  values: readonly string[] | undefined,
): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} takes key=value, not ${JSON.stringify(v)}`, command);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}
