/**
 * One cold one-shot call, in a fresh process: the first `createAuthorizer(JSON.parse(text)).authorize`
 * of iam-verdict, or the first `runSimulation(JSON.parse(text))` of iam-simulate, as a CLI call or a
 * Lambda cold start makes it (the interpreter runs everything, nothing is optimised yet). Module
 * loading is not counted: both libraries are imported before the clock starts, whichever side runs.
 * Prints `{ cpu_us, wall_us, decision }` (CPU time of this process and wall time of the call).
 *
 *   IAM_VERDICT_ENTRY=<build/index.js> node bench/one-shot-cold.mjs <case name> <verdict|simulate>
 *
 * Called by `oneShotRows` in bench/scaling.mjs, a few fresh processes per side.
 */
import { pathToFileURL } from 'node:url';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { oneShotCases } from './scaling.mjs';

const [name, side] = process.argv.slice(2);
const entry = process.env.IAM_VERDICT_ENTRY;
if (!entry || !name || (side !== 'verdict' && side !== 'simulate')) {
  console.error('usage: IAM_VERDICT_ENTRY=<build.js> node bench/one-shot-cold.mjs <case> <verdict|simulate>');
  process.exit(2);
}
const { createAuthorizer } = await import(pathToFileURL(entry).href);
const c = oneShotCases().find((x) => x.name === name);
if (!c) throw new Error(`no one-shot case ${name}`);
const DECISION = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const [c0, w0] = [cpu(), performance.now()];
const decision =
  side === 'verdict'
    ? createAuthorizer(JSON.parse(c.text), c.options).authorize(c.request).decision
    : DECISION[(await runSimulation(JSON.parse(c.simText), {})).overallResult];
const [c1, w1] = [cpu(), performance.now()];
process.stdout.write(JSON.stringify({ cpu_us: c1 - c0, wall_us: (w1 - w0) * 1000, decision }));
