/**
 * How a `Principal` element's `AWS` values are sorted into kinds when compiled
 * (src/match/principal.ts `compilePrincipal`): read in place, they must land where the plain
 * reading puts them (a twelve-digit account, `parseArn`'s six parts: an IAM root's account, an IAM
 * user or role, an STS session; any other text a unique id).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../depth.js';
import { compilePrincipal, type PrincipalMatcher } from '../../src/match/principal.js';
import { parseArn } from '../../src/match/arn.js';

type Kind = 'accounts' | 'users' | 'roles' | 'sessions' | 'uniqueIds';
const KINDS: readonly Kind[] = ['accounts', 'users', 'roles', 'sessions', 'uniqueIds'];

/** The plain reading: where a value goes, and under which name (`undefined`: nowhere). */
function reference(value: string): [Kind, string] | undefined {
  if (/^\d{12}$/.test(value)) return ['accounts', value];
  const arn = parseArn(value);
  if (!arn) return ['uniqueIds', value];
  if (arn.service === 'iam' && arn.resource === 'root') return ['accounts', arn.account];
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) return ['users', value];
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) return ['roles', value];
  if (arn.service === 'sts') return ['sessions', value];
  return undefined;
}

const compile = (values: readonly string[]): PrincipalMatcher =>
  compilePrincipal({ not: false, wildcard: false, entries: [{ type: 'AWS', values }] } as never);

describe('compiling an AWS principal', () => {
  it('sorts each value into the kind the plain reading gives', () => {
    const part = fc.constantFrom('arn', 'ARN', 'aws', 'iam', 'sts', 'IAM', 's3', '', '111111111111', '1111');
    const resource = fc.constantFrom('root', 'user/a', 'role/r', 'assumed-role/r/s', 'Root', 'user', 'rootx', '');
    const arnLike = fc
      .tuple(fc.array(part, { minLength: 0, maxLength: 5 }), resource)
      .map(([parts, r]) => [...parts, r].join(':'));
    const digits = fc.stringMatching(/^[0-9]{11,13}$/);
    const value = fc.oneof(arnLike, digits, fc.constantFrom('arn:aws:iam::111111111111:root', 'AIDAEXAMPLE', '१११'));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (values) => {
        const m = compile(values);
        const probes = values.flatMap((v) => [v, reference(v)?.[1] ?? v]);
        for (const kind of KINDS)
          for (const probe of probes) {
            const expected = values.some((v) => {
              const r = reference(v);
              return r !== undefined && r[0] === kind && r[1] === probe;
            });
            expect(m[kind].has(probe)).toBe(expected);
          }
      }),
      { numRuns: runs(3000, 0.1) },
    );
  });
});
