/**
 * The two ways a command fails: bad input (exit code 1) and a wrong command line (exit code 2).
 * Both carry one line a person can act on; neither ever shows a stack trace.
 */

/** Input that could not be used: unreadable file, invalid JSON or world. Exit code 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** A command line that cannot be run: unknown option, missing argument. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose `--help` to point at. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The first line of an error's message, whatever was thrown. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}

function sizeText(bytes: number): string {
  const [unit, scale] =
    bytes >= 1024 ** 3
      ? ['GB', 1024 ** 3]
      : bytes >= 1024 ** 2
        ? ['MB', 1024 ** 2]
        : bytes >= 1024
          ? ['KB', 1024]
          : ['bytes', 1];
  const n = bytes / scale;
  return `${n >= 10 || Number.isInteger(n) ? Math.round(n) : n.toFixed(1)} ${unit}`;
}

/** The one-line error for an input over the `--max-input-size` limit. */
export function tooLarge(name: string, size: number | undefined, max: number): InputError {
  const what = size === undefined ? `is over` : `is ${sizeText(size)}, over`;
  return new InputError(`${name} ${what} the ${sizeText(max)} input limit (--max-input-size raises it)`);
}
