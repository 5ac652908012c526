import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'neutral',
    external: ['zod', 'ipaddr.js'],
  },
  {
    // iam-verdict/vitest: the matchers subpath (vitest is an optional peer, never bundled).
    entry: { vitest: 'src/vitest.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    platform: 'neutral',
    external: ['vitest', 'zod', 'ipaddr.js', 'yaml'],
    // The matchers read the bundled service catalog (data/catalog) with node:fs.
    shims: true,
  },
  {
    // iam-verdict/catalog (the bundled service authorization catalog, read from data/catalog) and
    // iam-verdict/aws-managed-policies (read from data/aws-managed-policies.json): Node-only subpaths.
    entry: { catalog: 'src/catalog/bundled.ts', 'aws-managed-policies': 'src/managed/aws-managed-policies.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    shims: true,
    target: 'node20',
    platform: 'node',
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
