/**
 * File arguments: plain files, folders (searched for matching files), glob patterns expanded
 * with minimatch for shells that do not expand them, and `-` for standard input.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { decodeText } from '../import/input.js';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Minimatch } from 'minimatch';
import { InputError, UsageError } from './errors.js';
import type { Io } from './io.js';

/** One input to read: a file, or standard input. */
export type InputSource =
  | { readonly kind: 'stdin'; readonly name: '-' }
  | { readonly kind: 'file'; readonly name: string; readonly path: string };

/** How many files a folder or pattern may expand to, so a stray `/` cannot walk a whole disk. */
const MAX_FILES = 10_000;
const MAX_ENTRIES = 200_000;

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Files below `dir` (not following `node_modules` or hidden folders), relative to `dir`, sorted. */
function walk(dir: string): string[] {
  const out: string[] = [];
  const pending = [''];
  let seen = 0;
  while (pending.length > 0) {
    const rel = pending.pop() as string;
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) throw new InputError(`${dir} holds too many entries to search (over ${MAX_ENTRIES})`);
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) pending.push(child);
      else if (e.isFile()) out.push(child);
    }
  }
  return out.sort();
}

/** The leading part of a pattern that has no glob magic (`examples/**\/*.json` → `examples`). */
function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (new Minimatch(part, { magicalBraces: true }).hasMagic()) break;
    fixed.push(part);
  }
  if (fixed.length === 1 && fixed[0] === '') return '/';
  return fixed.join('/') || '.';
}

function display(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? absolute : rel.split(sep).join('/');
}

/**
 * Expands command-line arguments into inputs: `-` is standard input, a file is itself, a folder
 * gives the files below it whose names end with one of `extensions`, and anything else is a
 * glob pattern (minimatch) that must match at least one file. Throws {@link InputError} for a
 * path that does not exist or a pattern that matches nothing.
 */
export function expandInputs(args: readonly string[], cwd: string, extensions: readonly string[], command: string): InputSource[] {
  const out: InputSource[] = [];
  const seen = new Set<string>();
  const add = (absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    out.push({ kind: 'file', name: display(cwd, absolute), path: absolute });
  };
  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdin) throw new UsageError('standard input (-) can be read only once', command);
      stdin = true;
      out.push({ kind: 'stdin', name: '-' });
      continue;
    }
    const absolute = resolve(cwd, arg);
    const stat = statOf(absolute);
    if (stat?.isFile()) {
      add(absolute);
      continue;
    }
    if (stat?.isDirectory()) {
      const files = walk(absolute).filter((f) => extensions.some((x) => f.endsWith(x)));
      if (files.length === 0) throw new InputError(`no ${extensions.join(' or ')} file in folder ${arg}`);
      if (files.length > MAX_FILES) throw new InputError(`folder ${arg} holds more than ${MAX_FILES} files`);
      for (const f of files) add(join(absolute, f));
      continue;
    }
    const pattern = arg.startsWith('./') ? arg.slice(2) : arg;
    const matcher = new Minimatch(pattern, { dot: false, magicalBraces: true });
    if (!matcher.hasMagic()) throw new InputError(`no such file or folder: ${arg}`);
    const base = globBase(pattern);
    const baseDir = resolve(cwd, base);
    const matches = walk(baseDir)
      .map((f) => (base === '.' ? f : base.endsWith('/') ? `${base}${f}` : `${base}/${f}`))
      .filter((f) => matcher.match(f));
    if (matches.length === 0) throw new InputError(`no file matches ${arg}`);
    if (matches.length > MAX_FILES) throw new InputError(`${arg} matches more than ${MAX_FILES} files`);
    for (const m of matches) add(resolve(cwd, m));
  }
  return out;
}

/** Reads an input as UTF-8 text. Throws {@link InputError} with one line when it cannot. */
export async function readInput(source: InputSource, io: Io): Promise<string> {
  if (source.kind === 'stdin') {
    try {
      return await io.readStdin();
    } catch (e) {
      throw new InputError(`cannot read standard input: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return readTextFile(source.path, source.name);
}

/** Reads a file as text (UTF-8, or UTF-16 with a byte order mark); `name` is how messages show it. Throws {@link InputError}. */
export function readTextFile(path: string, name: string): string {
  try {
    return decodeText(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new InputError(`cannot read ${name}: ${why}`);
  }
}
