/**
 * Long property runs split into several tests: a test that blocks the worker for minutes trips
 * vitest's RPC timeout, and smaller parts report progress. Seeds are consecutive from BASE_SEED.
 */
import { it } from 'vitest';
import { BASE_SEED, timeout } from '../reference/generators.js';

/**
 * Lets the worker answer vitest's RPC between long synchronous tests: between tests the runner
 * only awaits promises, so without a macrotask turn a file of long tests looks hung to vitest.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Registers `total` runs of a property as tests of at most `perTest` runs each. */
export function itChunked(
  name: string,
  total: number,
  perTest: number,
  check: (numRuns: number, seed: number) => void,
): void {
  const parts = Math.ceil(total / perTest);
  for (let i = 0; i < parts; i++) {
    const numRuns = Math.min(perTest, total - i * perTest);
    const seed = BASE_SEED + i;
    it(
      parts === 1 ? name : `${name} (part ${i + 1}/${parts}, seed ${seed})`,
      async () => {
        await yieldToEventLoop();
        check(numRuns, seed);
      },
      timeout(),
    );
  }
}
