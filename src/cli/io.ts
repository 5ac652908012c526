/**
 * The CLI's window on the outside world, passed to every command so that commands can be run
 * in-process by tests with captured output.
 */
import { decodeText } from '../import/input.js';
import { tooLarge } from './errors.js';

/** Where a command writes, what it reads, and what it knows about its terminal. */
export interface Io {
  /** Writes to standard output (the text carries its own newlines). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (the text carries its own newlines). */
  readonly stderr: (text: string) => void;
  /** Reads all of standard input as text; stops with an error past `maxBytes` bytes. */
  readonly readStdin: (maxBytes?: number) => Promise<string>;
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
    readStdin: async (maxBytes = Infinity) => {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        total += bytes.length;
        if (total > maxBytes) {
          process.stdin.destroy();
          throw tooLarge('standard input', undefined, maxBytes);
        }
        chunks.push(bytes);
      }
      return decodeText(Buffer.concat(chunks));
    },
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns,
  };
}
