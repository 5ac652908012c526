import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Test files of one worker share the modules they import (src/ is loaded once per worker, not
    // once per file): most files take milliseconds, and re-importing the engine for each of the
    // 70 files cost more CPU than all their tests together. No test mocks modules, stubs globals
    // or changes process.env, and the hostile suites check that nothing pollutes Object.prototype.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
