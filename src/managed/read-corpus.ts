/** Reads the bundled AWS managed policies, plain or compressed. */
import { existsSync, readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

/**
 * The corpus as text: the plain file of a checkout, or the brotli-compressed copy the package ships
 * (scripts/pack-data.mjs; brotli halves the packed size of this file against gzip).
 */
export function readCorpusText(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  return brotliDecompressSync(readFileSync(`${file}.br`)).toString('utf8');
}
