import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { createAnalysis } from '../../src/analysis/index.js';
it('x', () => {
  const w = JSON.parse(readFileSync('examples/estate.world.json', 'utf8')).world;
  const a = createAnalysis(w);
  const t0 = Date.now();
  const r = a.reach({ principal: 'arn:aws:iam::111111111111:user/alice' });
  console.log(r.reachable.map((x) => [x.principal, x.conditions, x.path.map((e) => e.via)]));
  const p = a.escalationPaths({});
  console.log(p.admins, p.paths.map((x) => x.map((e) => `${e.from} -${e.via}[${e.conditions}]-> ${e.to}`)));
  const wc = a.whoCan({ action: 's3:GetObject', resource: 'arn:aws:s3:::acme-prod-assets/assets/logo.png', transitive: true });
  console.log(wc.principals.map((e) => [e.principal, e.conditions, e.path?.map((x) => x.via)]));
  const wh = a.whatCan({ principal: 'arn:aws:iam::222222222222:role/ReadOnly' });
  console.log(JSON.stringify(wh.services.map((s) => [s.service, s.actions.map((x) => [x.action, x.resources.map((r) => r.resource + ' ' + r.decision.text)])])));
  console.log(Date.now() - t0);
});
