/**
 * Test-file errors a person can act on: zod's issues rewritten as sentences with did-you-mean
 * (`expext` → `expect`, `expect: allow` → `Allow`), with line and column when the file was text.
 */
import type { z } from 'zod';
import { suggestion } from '../catalog/did-you-mean.js';
import { joinPath, type Issue } from '../policy/issues.js';
import { locateInYaml } from './locate.js';
import { valueAt } from '../model/world-issues.js';

/** The members each object of a test file may have, by the name of the path's last key. */
const MEMBERS: Readonly<Record<string, readonly string[]>> = {
  '': ['name', 'world', 'managedPolicies', 'strict', 'defaults', 'tests'],
  world: ['format', 'path', 'inline', 'options', 'organization', 'resourcePolicies'],
  options: ['accountId', 'region', 'partition', 'parameters', 'stackName', 'imports', 'conditions'],
  defaults: ['principal', 'resourceAccount', 'resourcePolicy', 'time', 'context'],
  tests: [
    'name',
    'principal',
    'resourceAccount',
    'resourcePolicy',
    'time',
    'context',
    'accessKeyId',
    'sessionToken',
    'action',
    'resource',
    'sts',
    'expect',
    'reason',
  ],
  resourcePolicies: ['resource', 'path', 'kind', 'account'],
};

function pathString(path: readonly PropertyKey[]): string {
  return path.reduce<string>((p, k) => joinPath(p, typeof k === 'number' ? k : String(k)), '');
}

/** The kind of object at a path: the last non-index key (`tests[2]` → `tests`). */
function kindOf(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return '';
}

/** Converts zod's issues about a test file into located, readable issues. */
export function testFileIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  value: unknown,
  text: string | undefined,
): Issue[] {
  const out: { issue: Issue; path: readonly PropertyKey[] }[] = [];
  for (const i of zodIssues) {
    const path = i.path as PropertyKey[];
    if (i.code === 'unrecognized_keys') {
      const kind = kindOf(path);
      const known = MEMBERS[kind] ?? [];
      for (const key of i.keys) {
        const at = [...path, key];
        const what = kind === '' ? 'a test file' : kind === 'tests' ? 'a test' : `\`${kind}\``;
        out.push({
          issue: {
            severity: 'error',
            code: 'unknown-member',
            path: pathString(at),
            message: `"${key}" is not a member of ${what}${suggestion(key, known)}; members are ${known.join(', ')}`,
          },
          path: at,
        });
      }
      continue;
    }
    let message = i.message;
    if (i.code === 'invalid_value' && 'values' in i) {
      const allowed = (i.values as unknown[]).map(String);
      const given = valueAt(value, path);
      const name = String(path[path.length - 1] ?? 'the value');
      message = `\`${name}\` is one of ${allowed.join(', ')}, not ${JSON.stringify(given)}${typeof given === 'string' ? suggestion(given, allowed) : ''}`;
    } else if (i.code === 'invalid_type' && valueAt(value, path) === undefined) {
      message = `\`${String(path[path.length - 1] ?? 'value')}\` is required`;
    }
    out.push({ issue: { severity: 'error', code: 'invalid-test-file', path: pathString(path), message }, path });
  }
  return text === undefined ? out.map((o) => o.issue) : locateInYaml(text, out);
}
