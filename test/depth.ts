/**
 * How many cases the property suites run: the default `npm test` runs a tenth of the deep run's.
 */

/**
 * The deep run (`npm run test:deep`, vitest.deep.config.ts sets `IAM_VERDICT_DEEP=1`) runs the
 * property, differential and hostile suites at their full counts; the default `npm test` runs a
 * tenth of them (at least {@link FAST_MINIMUM}), so that it stays quick yet still exercises every
 * property.
 */
export const DEEP = process.env.IAM_VERDICT_DEEP === '1';
/** The fewest runs of a property in the default (fast) run. */
export const FAST_MINIMUM = 20;

/**
 * Number of runs: with `FUZZ_RUNS` set (see `npm run fuzz`) that many times `share`, else
 * `deepDefault` in the deep run and a tenth of it in the default run.
 */
export function runs(deepDefault: number, share = 1): number {
  const n = Number(process.env.FUZZ_RUNS);
  if (Number.isInteger(n) && n > 0) return Math.max(1, Math.ceil(n * share));
  return DEEP ? deepDefault : Math.max(Math.min(FAST_MINIMUM, deepDefault), Math.ceil(deepDefault / 10));
}
