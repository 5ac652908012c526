/**
 * The one-shot rows (`oneShotRows` in bench/scaling.mjs) in a process of their own, as a CLI call,
 * a Lambda or a CI step runs: run by `npm run bench`, which spent minutes before them building
 * big worlds and the managed corpus in its own heap. In that heap every young-generation collection
 * of a one-shot call (which makes a few hundred KB of garbage) also scans what the earlier rows left,
 * for both libraries alike; here both sides start from the same small heap. Prints the rows as JSON.
 *
 *   IAM_VERDICT_ENTRY=<build/index.js> [BENCH_QUICK=1] node bench/one-shot-rows.mjs
 */
import { pathToFileURL } from 'node:url';
import { oneShotRows } from './scaling.mjs';

const entry = process.env.IAM_VERDICT_ENTRY;
if (!entry) {
  console.error('usage: IAM_VERDICT_ENTRY=<build.js> node bench/one-shot-rows.mjs');
  process.exit(2);
}
const { createAuthorizer } = await import(pathToFileURL(entry).href);
const rows = await oneShotRows(createAuthorizer, process.env.BENCH_QUICK === '1', entry);
process.stdout.write(JSON.stringify(rows));
