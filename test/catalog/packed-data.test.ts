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

const dir = mkdtempSync(join(tmpdir(), 'iam-verdict-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading the packed AWS managed policies', () => {
  const corpus = JSON.stringify({ source: 'test@1', policies: { 'arn:aws:iam::aws:policy/X': { v: 'v1', d: { Statement: [] } } } });

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
