/**
 * Runs the CLI in-process with captured output, and paths of the repository's examples.
 */
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/run.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
  readonly tty?: boolean;
  readonly cwd?: string;
  readonly columns?: number;
}

/** Runs `iam-verdict <argv>` in-process from the repository root (by default). */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(
    argv,
    {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readStdin: async () => {
        if (options.stdin === undefined) throw new Error('no standard input in this test');
        return options.stdin;
      },
      env: options.env ?? {},
      cwd: options.cwd ?? ROOT,
      stdoutIsTTY: options.tty ?? false,
      columns: options.columns ?? 100,
    },
    { version: '0.0.0-test' },
  );
  return { code, stdout, stderr };
}

/** Parses the JSON a `--json` run printed. */
export function json<T = Record<string, unknown>>(r: CliRun): T {
  return JSON.parse(r.stdout) as T;
}

/** ANSI colour escapes. */
export const ANSI = /\u001b\[[0-9;]*m/;
