#!/usr/bin/env node
/**
 * Compresses the AWS managed policies for the package (run by `npm run build`): the committed
 * `data/aws-managed-policies.json` stays plain JSON, one policy per line, so that diffs between
 * catalog builds are readable; the package ships `data/aws-managed-policies.json.br` instead
 * (brotli with a 16 MB window finds the policies' repeated statements across the whole file:
 * ~250 KB against ~450 KB for the gzip of the plain file). The loader
 * (src/managed/aws-managed-policies.ts) reads whichever of the two it finds.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const data = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const text = readFileSync(join(data, 'aws-managed-policies.json'));
/** Brotli at its best quality and a 16 MiB window: packed once at build time, read at every load. */
const pack = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
const packed = pack(text);
writeFileSync(join(data, 'aws-managed-policies.json.br'), packed);
console.log(
  `data/aws-managed-policies.json.br: ${Math.round(packed.length / 1024)} KB (from ${Math.round(text.length / 1024)} KB)`,
);

// The service catalog: one file instead of ~450, each service's JSON kept as text so that the
// loader (src/catalog/bundled.ts) parses a service only when it is first asked for.
const dir = join(data, 'catalog');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
const services = {};
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .sort()) {
  services[f.slice(0, -'.json'.length)] = readFileSync(join(dir, f), 'utf8');
}
const catalog = Buffer.from(JSON.stringify({ index, services }));
const packedCatalog = pack(catalog);
writeFileSync(join(data, 'catalog.json.br'), packedCatalog);
console.log(
  `data/catalog.json.br: ${Math.round(packedCatalog.length / 1024)} KB (${Object.keys(services).length} services)`,
);
