/**
 * The CLI's window on the outside world, passed to every command so that commands can be run
 * in-process by tests with captured output.
 */

/** Where a command writes, what it reads, and what it knows about its terminal. */
export interface Io {
  /** Writes to standard output (the text carries its own newlines). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (the text carries its own newlines). */
  readonly stderr: (text: string) => void;
  /** Reads all of standard input as UTF-8 text. */
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Standard output is a terminal (colour is used only then, unless told otherwise). */
  readonly stdoutIsTTY: boolean;
  /** Width of the terminal, when known. */
  readonly columns?: number | undefined;
}

/** The process's own standard streams, environment and working directory. */
export function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns,
  };
}
