/**
 * Issue #10: an authorizer is immutable once built and two authorizers in one process share nothing
 * mutable. The engine's layers therefore hold no module-wide mutable state: no top-level `let`, and
 * no top-level Map/WeakMap/Set that starts empty (a cache), and no top-level instance made with no
 * arguments (scratch space every authorizer would share, like a reused collector; a sentinel is frozen).
 * Constant tables (`new Set([...])`) are fine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE_LAYERS = ['json', 'policy', 'match', 'condition', 'evaluate', 'model', 'sts'];
const root = join(__dirname, '..', '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Top-level lines that declare mutable module state. */
function moduleState(source: string): string[] {
  return source.split('\n').filter(
    (line) =>
      /^(?:export )?let /.test(line) ||
      // an empty Map/Set/WeakMap at module level is a cache, unless typed read-only
      (/^(?:export )?const \w+(?::[^=]+)? = new (?:Weak)?(?:Map|Set)(?:<[^>]*>)?\(\)/.test(line) &&
        !/^(?:export )?const \w+: Readonly/.test(line)) ||
      // an instance made with no arguments at module level is shared scratch space
      (/^(?:export )?const \w+(?::[^=]+)? = new \w+(?:<[^>]*>)?\(\);/.test(line) &&
        !/= new (?:Weak)?(?:Map|Set)\b/.test(line)),
  );
}

describe('the engine holds no module-wide mutable state (issue #10)', () => {
  it('finds a cache when there is one', () => {
    const src =
      'const cache = new WeakMap<object, boolean>();\nlet last: string | undefined;\nconst T = new Set([1]);\nconst E: ReadonlyMap<string, number> = new Map();\nconst SPARE = new Collector();\nconst NONE = Object.freeze(new Request());\nconst I = new Index([], undefined);';
    expect(moduleState(src)).toEqual([
      'const cache = new WeakMap<object, boolean>();',
      'let last: string | undefined;',
      'const SPARE = new Collector();',
    ]);
  });

  for (const layer of ENGINE_LAYERS) {
    it(`src/${layer}`, () => {
      const found = filesUnder(join(root, layer)).flatMap((f) =>
        moduleState(readFileSync(f, 'utf8')).map((line) => `${f}: ${line}`),
      );
      expect(found).toEqual([]);
    });
  }
});
