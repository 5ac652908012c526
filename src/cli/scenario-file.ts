/**
 * What `eval` reads: an estate file (`{ world, requests: [...] }`), a scenario of spec §0.3
 * (`{ world, request, expect? }`), a list of scenarios (as in the conformance cases), or a bare
 * world (with the request given on the command line). A `world` may also be a path to another
 * JSON file, relative to the file that names it and inside its folder (files.ts). See
 * docs/world-format.md.
 */
import { dirname } from 'node:path';
import type { DecisionValue } from '../index.js';
import { worldSchema } from '../model/world.js';
import { InputError } from './errors.js';
import { DEFAULT_ACCESS, namedPath, readTextFile, type FileAccess } from './files.js';
import { parseJsonInput, type JsonDocument } from './json-input.js';

/** A world and where its text is, so that its problems can be located. */
export interface WorldSource {
  readonly value: unknown;
  readonly doc: JsonDocument;
  /** JSON path of the world inside `doc` (`""` when the file is the world). */
  readonly path: string;
}

/** What a request is expected to be decided: a decision value, or `Deny` for either deny. */
export type Expectation = DecisionValue | 'Deny';

/** One request to decide. */
export interface EvalCase {
  readonly name: string;
  readonly world: WorldSource;
  readonly request: unknown;
  readonly expect?: Expectation;
  readonly expectReason?: string;
}

/** The content of one input file. */
export interface EvalFile {
  readonly worlds: readonly WorldSource[];
  readonly cases: readonly EvalCase[];
}

const EXPECTATIONS: readonly Expectation[] = ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'Deny'];
/** The sections of a world, as the schema has them: an object with one of them is a world. */
const WORLD_SECTIONS: readonly string[] = Object.keys(worldSchema.shape);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether an expectation is met by a decision. */
export function expectationMet(expect: Expectation, decision: DecisionValue): boolean {
  return expect === decision || (expect === 'Deny' && decision !== 'Allow');
}

/** Parses an `--expect` value (`allow`, `deny`, `explicit-deny`, `ImplicitDeny`, …), or `undefined`. */
export function parseExpectation(text: string): Expectation | undefined {
  const key = text.toLowerCase().replace(/[-_\s]/g, '');
  return EXPECTATIONS.find((e) => e.toLowerCase() === key);
}

class Loader {
  private readonly worldFiles = new Map<string, WorldSource>();

  constructor(
    private readonly doc: JsonDocument,
    /** Folder that relative `world` paths start from, and that they must stay inside. */
    private readonly baseDir: string,
    private readonly access: FileAccess,
  ) {}

  private fail(path: string, message: string): never {
    const at = this.doc.locate(path);
    throw new InputError(`${this.doc.name}${at ? `:${at.line}:${at.column}` : ''}: ${message}`);
  }

  private world(value: unknown, path: string): WorldSource {
    if (value === undefined) return { value: {}, doc: this.doc, path };
    if (isObject(value)) return { value, doc: this.doc, path };
    if (typeof value !== 'string') this.fail(path, '"world" must be an object or the path of a world file');
    const at = this.doc.locate(path);
    const file = namedPath(
      this.baseDir,
      value,
      this.access,
      `${this.doc.name}${at ? `:${at.line}:${at.column}` : ''}: "world"`,
    );
    const cached = this.worldFiles.get(file);
    if (cached) return cached;
    const doc = parseJsonInput(readTextFile(file, value, this.access.maxBytes), value);
    const inner = isObject(doc.value) && isObject(doc.value.world) ? 'world' : '';
    const world = inner ? (doc.value as Record<string, unknown>).world : doc.value;
    if (!isObject(world)) throw new InputError(`${value}: a world file holds a JSON object`);
    const source: WorldSource = { value: world, doc, path: inner };
    this.worldFiles.set(file, source);
    return source;
  }

  private expectation(value: unknown, path: string): Expectation | undefined {
    if (value === undefined) return undefined;
    const e = typeof value === 'string' ? parseExpectation(value) : undefined;
    if (!e) this.fail(path, `"expect" must be one of ${EXPECTATIONS.join(', ')}`);
    return e;
  }

  private reason(value: unknown, path: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail(path, '"expectReason" must be a string');
    return value;
  }

  /** A §0.3 scenario at `path`. */
  private scenario(value: unknown, path: string, index: number | undefined): EvalCase {
    const at = (m: string) => (path === '' ? m : `${path}.${m}`);
    if (!isObject(value)) this.fail(path, 'a scenario is an object with "world" and "request"');
    if (!isObject(value.request)) this.fail(at('request'), 'a scenario needs a "request" object');
    const label = [value.id, value.title ?? value.name].filter((x) => typeof x === 'string').join(' ');
    return {
      name: label || (index === undefined ? this.doc.name : `${this.doc.name}#${index + 1}`),
      world: this.world(value.world, at('world')),
      request: value.request,
      ...optional('expect', this.expectation(value.expect, at('expect'))),
      ...optional('expectReason', this.reason(value.expectReason, at('expectReason'))),
    };
  }

  /** An estate file: one world, many requests. */
  private estate(value: Record<string, unknown>): EvalFile {
    const world = this.world(value.world, 'world');
    const requests = value.requests;
    if (!Array.isArray(requests)) this.fail('requests', '"requests" must be a list');
    const cases = requests.map((entry: unknown, i): EvalCase => {
      const path = `requests[${i}]`;
      if (!isObject(entry)) this.fail(path, 'a request entry is an object');
      // An entry is `{ name, request, expect }`, or the request itself.
      const bare = entry.request === undefined;
      const request = bare ? entry : entry.request;
      if (!isObject(request)) this.fail(`${path}.request`, '"request" must be an object');
      const name = typeof entry.name === 'string' ? entry.name : `${this.doc.name}#${i + 1}`;
      return {
        name,
        world,
        request: bare ? withoutMembers(request, ['name', 'expect', 'expectReason']) : request,
        ...optional('expect', this.expectation(entry.expect, `${path}.expect`)),
        ...optional('expectReason', this.reason(entry.expectReason, `${path}.expectReason`)),
      };
    });
    return { worlds: [world], cases };
  }

  load(): EvalFile {
    const value = this.doc.value;
    if (Array.isArray(value)) {
      const cases = value.map((v, i) => this.scenario(v, `[${i}]`, i));
      return { worlds: unique(cases.map((c) => c.world)), cases };
    }
    if (!isObject(value))
      this.fail('', 'expected a JSON object (an estate, a scenario or a world) or a list of scenarios');
    if (value.requests !== undefined) return this.estate(value);
    if (value.request !== undefined) {
      const c = this.scenario(value, '', undefined);
      return { worlds: [c.world], cases: [c] };
    }
    if (value.world !== undefined) return { worlds: [this.world(value.world, 'world')], cases: [] };
    if (Object.keys(value).some((k) => WORLD_SECTIONS.includes(k)) || Object.keys(value).length === 0) {
      return { worlds: [{ value, doc: this.doc, path: '' }], cases: [] };
    }
    this.fail('', 'expected "requests" (an estate file), "request" (a scenario) or world members such as "roles"');
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function withoutMembers(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Reads the worlds and requests of one parsed input. `baseDir` is where relative `world` paths
 * start (the file's folder; the working directory for standard input). Throws {@link InputError}.
 */
export function loadEvalFile(doc: JsonDocument, baseDir: string, access: FileAccess = DEFAULT_ACCESS): EvalFile {
  return new Loader(doc, baseDir, access).load();
}

/** The folder relative paths in a file start from. */
export function baseDirOf(path: string | undefined, cwd: string): string {
  return path === undefined ? cwd : dirname(path);
}
