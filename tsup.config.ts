import { chmod, readFile, writeFile } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

/**
 * One build of the engine, shared by every entry point.
 *
 * ESM (what Node, bundlers and the CLI load): all entries are built together with code splitting,
 * so the engine lives in one shared chunk that `iam-verdict`, `iam-verdict/import`,
 * `iam-verdict/testing`, `iam-verdict/vitest` and the `iam-verdict` binary import.
 *
 * CJS (for `require`): built with tsup's code splitting for CJS as well, so that a CommonJS
 * program that loads two subpaths also gets one engine (one `instanceof`, one cache) — esbuild
 * cannot split CJS itself; tsup does it by converting the split ESM output.
 *
 * Dependencies (zod, ipaddr.js, yaml, minimatch) and the optional peer vitest stay external.
 * No source maps: the package ships readable, unminified ESM and CJS (and src/ is not published), so
 * a stack trace already names the function; maps were a third of the packed size (issue #12).
 */
const library = {
  index: 'src/index.ts',
  import: 'src/entries/import.ts',
  testing: 'src/entries/testing.ts',
  vitest: 'src/vitest.ts',
  // Node-only subpaths that read the bundled data (data/catalog, data/aws-managed-policies.json).
  catalog: 'src/catalog/bundled.ts',
  'aws-managed-policies': 'src/managed/aws-managed-policies.ts',
  // iam-verdict/analysis: who can, what can, reach and escalation paths over a world.
  analysis: 'src/analysis/index.ts',
  // iam-verdict/analysis/parallel (Node only): the privilege graph over worker threads.
  'analysis-parallel': 'src/parallel/index.ts',
};

/** The worker thread of iam-verdict/analysis/parallel, loaded by file (next to the chunk), not imported. */
const workers = { 'analysis-worker': 'src/parallel/worker.ts' };

const common: Options = {
  target: 'node20',
  platform: 'node',
  sourcemap: false,
  splitting: true,
  treeshake: false,
  // The data readers locate data/ from their own file (import.meta.url in ESM, __dirname in CJS).
  shims: true,
};

/** The binary needs its shebang; it is added after the build so that the shared chunk has none. */
async function addShebang(): Promise<void> {
  const file = 'dist/cli.js';
  const text = await readFile(file, 'utf8');
  if (!text.startsWith('#!')) await writeFile(file, `#!/usr/bin/env node\n${text}`);
  await chmod(file, 0o755);
}

export default defineConfig((overrides) => {
  // `npm start` runs `tsup --no-dts`: a quick build of the ESM files the CLI needs (no declarations,
  // no CJS), so that the demo prints within seconds of `npm install`.
  const quick = overrides.dts === false;
  const dts = quick ? false : { entry: library };
  const builds: Options[] = [
    {
      ...common,
      entry: { ...library, ...workers, cli: 'src/cli/main.ts' },
      format: ['esm'],
      dts,
      onSuccess: addShebang,
    },
    {
      ...common,
      entry: { ...library, ...workers },
      format: ['cjs'],
      dts,
    },
  ];
  return quick ? builds.slice(0, 1) : builds;
});
