/**
 * The package ships the AWS managed policies brotli-compressed (scripts/pack-data.mjs); a checkout
 * has the plain file. The loader reads either.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readCorpusText } from '../../src/managed/read-corpus.js';
import { bundledCatalogSource } from '../../src/catalog/bundled.js';

const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading the packed AWS managed policies', () => {
  const corpus = JSON.stringify({
    source: 'test@1',
    policies: { 'arn:aws:iam::aws:policy/X': { v: 'v1', d: { Statement: [] } } },
  });

  it('reads the brotli copy when the plain file is absent (the installed package)', () => {
    const file = join(dir, 'packed.json');
    writeFileSync(`${file}.br`, brotliCompressSync(Buffer.from(corpus)));
    expect(readCorpusText(file)).toBe(corpus);
  });

  it('prefers the plain file of a checkout', () => {
    const file = join(dir, 'plain.json');
    writeFileSync(file, corpus);
    writeFileSync(`${file}.br`, brotliCompressSync(Buffer.from('{"other":true}')));
    expect(readCorpusText(file)).toBe(corpus);
  });
});

describe('reading the packed service catalog', () => {
  it('loads services from catalog.json.br when the folder is absent (the installed package)', () => {
    const s3 = {
      service: 's3',
      name: 'Amazon S3',
      actions: { GetObject: ['Read', ['object']] },
      resourceTypes: { object: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}' },
      conditionKeys: {},
    };
    const packed = { index: { date: '2026-01-01', services: { s3: 's3.json' } }, services: { s3: JSON.stringify(s3) } };
    writeFileSync(join(dir, 'catalog.json.br'), brotliCompressSync(Buffer.from(JSON.stringify(packed))));
    const source = bundledCatalogSource(join(dir, 'catalog'));
    expect(source?.date).toBe('2026-01-01');
    expect(source?.services).toEqual(['s3']);
    expect(source?.load('s3')).toEqual(s3);
    expect(source?.load('nope')).toBeUndefined();
    expect(source?.load('__proto__')).toBeUndefined();
  });
});
