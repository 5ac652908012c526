/**
 * The public types are written by hand (src/types/); the zod schemas validate `unknown` at run
 * time. These compile-time checks (run by `tsc --noEmit`, part of `npm test`) prove that each
 * schema's input and output are exactly the hand-written types, so the two cannot drift: a member
 * added to a schema and not to its type (or the other way round) is a type error here.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { worldSchema } from '../../src/model/world.js';
import type { World, WorldInput } from '../../src/types/world.js';
import { testSuiteSchema } from '../../src/testing/suite-schema.js';
import type { TestSuite, TestSuiteInput } from '../../src/types/test-suite.js';

/** `true` when each type is assignable to the other. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when `T` is `true`. */
const holds = <T extends true>(): T => true as T;

describe('hand-written public types match the schemas', () => {
  it('World is the output of the world schema, WorldInput its input', () => {
    expectTypeOf(holds<Mutual<z.output<typeof worldSchema>, World>>()).toEqualTypeOf<true>();
    expectTypeOf(holds<Mutual<z.input<typeof worldSchema>, WorldInput>>()).toEqualTypeOf<true>();
  });

  it('TestSuite is the output of the test-file schema, TestSuiteInput its input', () => {
    expectTypeOf(holds<Mutual<z.output<typeof testSuiteSchema>, TestSuite>>()).toEqualTypeOf<true>();
    expectTypeOf(holds<Mutual<z.input<typeof testSuiteSchema>, TestSuiteInput>>()).toEqualTypeOf<true>();
  });

  it('the checks can fail: a type with one member fewer is not the schema output', () => {
    expectTypeOf<Mutual<z.output<typeof worldSchema>, Omit<World, 'users'>>>().toEqualTypeOf<false>();
    expectTypeOf<Mutual<z.output<typeof worldSchema>, World & { extra: string }>>().toEqualTypeOf<false>();
  });
});
