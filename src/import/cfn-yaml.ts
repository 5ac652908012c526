/**
 * YAML tags for CloudFormation templates: the short-form intrinsic functions (`!Ref`, `!Sub`,
 * `!GetAtt`, …) become the long form (`{ "Ref": … }`, `{ "Fn::Sub": … }`) that the resolver reads.
 * Every tag is accepted on a scalar, a sequence and a mapping; the resolver checks the shape.
 */
import { Pair, Scalar, YAMLMap, type CollectionTag, type ScalarTag, type Tags } from 'yaml';

/** Short tag → long-form key. */
const FUNCTIONS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  If: 'Fn::If',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  FindInMap: 'Fn::FindInMap',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

function wrap(key: string, node: unknown): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), node));
  return map;
}

function scalarTag(short: string, key: string): ScalarTag {
  return {
    tag: `!${short}`,
    resolve(value: string) {
      // `!GetAtt Resource.Attribute` is the string form of `[Resource, Attribute]`.
      if (short === 'GetAtt') {
        const dot = value.indexOf('.');
        return { [key]: dot < 0 ? value : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [key]: value };
    },
  };
}

function collectionTag(short: string, key: string, collection: 'seq' | 'map'): CollectionTag {
  return { tag: `!${short}`, collection, resolve: (node) => wrap(key, node) } as CollectionTag;
}

/** Integers written with a leading zero (`012345678901`) stay strings: they are ids, not numbers. */
const LEADING_ZERO: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  test: /^0[0-9]+$/,
  resolve: (value: string) => value,
};

/** Tags every importer YAML parse uses. */
export const BASE_TAGS: Tags = [LEADING_ZERO];

/** The CloudFormation tags (short-form intrinsic functions) plus {@link BASE_TAGS}. */
export const CLOUDFORMATION_TAGS: Tags = [
  ...BASE_TAGS,
  ...Object.entries(FUNCTIONS).flatMap(([short, key]) => [
    scalarTag(short, key),
    collectionTag(short, key, 'seq'),
    collectionTag(short, key, 'map'),
  ]),
];
