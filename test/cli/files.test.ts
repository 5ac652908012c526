import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/cli/errors.js';
import { expandInputs } from '../../src/cli/files.js';

let dir: string;
const names = (args: string[], ext = ['.json']) => expandInputs(args, dir, ext, 'test').map((s) => s.name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-verdict-files-'));
  for (const f of [
    'a.json',
    'b.json',
    'c.txt',
    'sub/d.json',
    'sub/deep/e.json',
    '.hidden/f.json',
    'node_modules/g.json',
    '[x].json',
  ]) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '{}');
  }
});

describe('expandInputs', () => {
  it('a file is itself, whatever its extension', () => {
    expect(names(['c.txt'])).toEqual(['c.txt']);
  });

  it('a folder gives its matching files, recursively, sorted, skipping hidden folders and node_modules', () => {
    expect(names(['.'])).toEqual(['[x].json', 'a.json', 'b.json', 'sub/d.json', 'sub/deep/e.json']);
    expect(names(['sub'])).toEqual(['sub/d.json', 'sub/deep/e.json']);
  });

  it('expands glob patterns with minimatch', () => {
    expect(names(['*.json'])).toEqual(['[x].json', 'a.json', 'b.json']);
    expect(names(['**/*.json'])).toEqual(['[x].json', 'a.json', 'b.json', 'sub/d.json', 'sub/deep/e.json']);
    expect(names(['sub/**/e.json'])).toEqual(['sub/deep/e.json']);
    expect(names(['{a,b}.json'])).toEqual(['a.json', 'b.json']);
    expect(names(['./?.json'])).toEqual(['a.json', 'b.json']);
  });

  it('a file name with glob characters is taken literally when it exists', () => {
    expect(names(['[x].json'])).toEqual(['[x].json']);
  });

  it('keeps the order of the arguments and drops duplicates', () => {
    expect(names(['b.json', '*.json'])).toEqual(['b.json', '[x].json', 'a.json']);
  });

  it('absolute patterns and paths', () => {
    expect(names([join(dir, 'sub/*.json')])).toEqual(['sub/d.json']);
  });

  it('- is standard input', () => {
    expect(expandInputs(['-', 'a.json'], dir, ['.json'], 'test')).toEqual([
      { kind: 'stdin', name: '-' },
      { kind: 'file', name: 'a.json', path: join(dir, 'a.json') },
    ]);
    expect(() => names(['-', '-'])).toThrow(UsageError);
  });

  it('fails with one line for what does not exist or match', () => {
    expect(() => names(['missing.json'])).toThrow(new InputError('no such file or folder: missing.json'));
    expect(() => names(['*.yaml'])).toThrow(new InputError('no file matches *.yaml'));
    expect(() => names(['sub/deep'], ['.yaml'])).toThrow(new InputError('no .yaml file in folder sub/deep'));
  });
});
