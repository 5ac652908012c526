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
  },
  {
    // iam-verdict/analysis: who can, what can, reach and escalation paths over a world.
    entry: { analysis: 'src/analysis/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    platform: 'neutral',
    external: ['zod', 'ipaddr.js', 'yaml'],
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
