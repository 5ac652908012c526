/**
 * Entry point of the `iam-verdict` binary (built to dist/cli.js).
 */
import { createRequire } from 'node:module';
import { processIo } from './io.js';
import { run } from './run.js';
import { toTerminal } from './terminal.js';

function version(): string | undefined {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // `iam-verdict eval … | head` closes the pipe early: stop quietly.
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const io = processIo();
run(process.argv.slice(2), io, { version: version() }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(toTerminal(`iam-verdict: internal error: ${e instanceof Error ? e.message : String(e)}\n`));
    process.exitCode = 1;
  },
);
