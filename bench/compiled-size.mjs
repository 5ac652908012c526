/**
 * Bytes of compiled form per user and per bucket policy (issue "Performance, round two": ≤ 3 KB
 * per user, ≤ 10 KB per bucket policy). Run with `node --expose-gc bench/compiled-size.mjs` (after
 * `npx tsup`); bench/scaling.mjs runs it in a child process. The world's JSON stays alive while
 * measuring, so the figure is what compiling adds on top of the input: heap(world + authorizer)
 * − heap(world), per added user or bucket, before any decision and after one decision each.
 */
import { pathToFileURL } from 'node:url';
import { BUCKET_POLICY, estateWorld, PROD, TIME } from './estate.mjs';

const entry = process.env.IAM_VERDICT_ENTRY
  ? pathToFileURL(process.env.IAM_VERDICT_ENTRY).href
  : new URL('../dist/index.js', import.meta.url).href;
const { createAuthorizer } = await import(entry);
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');
const N = Number(process.env.COMPILED_SIZE_N ?? 2000);

const heap = () => {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
};

/** The estate plus `users` users like alice (two groups and an inline policy of their own) and `buckets` bucket policies like data-lake's. */
function world(users, buckets) {
  const w = estateWorld();
  const groups = Object.keys(w.groups);
  for (let i = 0; i < users; i++) {
    w.users[`arn:aws:iam::${PROD}:user/u${i}`] = {
      tags: { team: 'data' },
      groups,
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject'],
              Resource: `arn:aws:s3:::data-lake/home/u${i}/*`,
            },
          ],
        },
      ],
    };
  }
  for (let i = 0; i < buckets; i++) {
    const name = `bucket-${i}`;
    const policy = JSON.parse(JSON.stringify(BUCKET_POLICY).replaceAll('data-lake', name));
    w.resourcePolicies[name] = { policy, resource: `arn:aws:s3:::${name}`, account: PROD };
  }
  return w;
}

function measure(users, buckets, decide) {
  const w = world(users, buckets);
  const before = heap();
  const authorizer = createAuthorizer(w);
  if (!authorizer.ok) throw new Error(JSON.stringify(authorizer.errors.slice(0, 2)));
  const compiled = heap() - before;
  for (const r of decide(users, buckets)) authorizer.authorize(r);
  const decided = heap() - before;
  return { compiled, decided, keep: [w, authorizer] };
}

const userRequests = (users) =>
  Array.from({ length: users }, (_, i) => ({
    principal: `arn:aws:iam::${PROD}:user/u${i}`,
    action: 's3:GetObject',
    resource: `arn:aws:s3:::data-lake/home/u${i}/x`,
    resourceAccount: PROD,
    resourcePolicy: 'data-lake',
    time: TIME,
    context: { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'eu-west-1' },
  }));
const bucketRequests = (_, buckets) =>
  Array.from({ length: buckets }, (_, i) => ({
    principal: `arn:aws:iam::${PROD}:user/alice`,
    action: 's3:GetObject',
    resource: `arn:aws:s3:::bucket-${i}/reports/x`,
    resourceAccount: PROD,
    resourcePolicy: `bucket-${i}`,
    time: TIME,
    context: { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'eu-west-1' },
  }));

const base = measure(0, 0, () => []);
const users = measure(N, 0, userRequests);
const buckets = measure(0, N, bucketRequests);
const per = (m) => ({
  compiled_B: Math.round((m.compiled - base.compiled) / N),
  decided_B: Math.round((m.decided - base.decided) / N),
});
process.stdout.write(JSON.stringify({ n: N, perUser: per(users), perBucketPolicy: per(buckets) }) + '\n');
