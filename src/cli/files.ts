/**
 * File arguments: plain files, folders (searched for matching files), glob patterns expanded
 * with minimatch for shells that do not expand them, and `-` for standard input.
 *
 * Inputs are untrusted, and so is every path they name. The rules (docs/security.md, "CLI"):
 * - every read is bounded: at most `--max-input-size` bytes (default 32 MB), and only regular
 *   files (a FIFO or `/dev/zero` named as a world is refused, not read forever);
 * - a path a file names (an estate's `world`, a test file's world) must resolve — symbolic links
 *   included — inside the folder of the file that names it or inside the working directory (a
 *   project's files may share a world: `scenarios/x.json` → `../estate.world.json`), unless
 *   `--allow-outside-paths`;
 * - a file or folder named on the command line is read as named (symbolic links followed: the
 *   user chose it); inside a searched folder or glob base, a symbolic link is followed when it
 *   resolves inside that folder and otherwise skipped with a warning on standard error (or
 *   followed with `--allow-outside-paths`); a broken link is reported and skipped.
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { decodeText } from '../import/input.js';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Minimatch } from 'minimatch';
import { InputError, tooLarge, UsageError } from './errors.js';
import type { Io } from './io.js';
import { inline } from './terminal.js';

/** The default of `--max-input-size`: what one input file (or standard input) may hold. */
export const DEFAULT_MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** The options every command that reads files accepts (see {@link FileAccess}). */
export const FILE_OPTIONS = {
  'max-input-size': { type: 'string' },
  'allow-outside-paths': { type: 'boolean' },
} as const;

/** The help lines of {@link FILE_OPTIONS}, shared by the commands. */
export const FILE_OPTIONS_HELP = `  --max-input-size SIZE
                       largest input file (or standard input) read, in bytes
                       or with K, M, G (default 32M); a larger one is refused
  --allow-outside-paths
                       read a world a file names outside that file's folder,
                       and follow symbolic links out of searched folders
                       (refused and skipped by default)`;

/** How a command reads files: the size limit, and whether paths may leave their folder. */
export interface FileAccess {
  /** Largest input read, in bytes. */
  readonly maxBytes: number;
  /** A path an input names may resolve outside that input's folder; links out of searched folders are followed. */
  readonly allowOutside: boolean;
  /** Reports something skipped (a symbolic link out of a folder, a broken link). */
  readonly warn: (message: string) => void;
  /** The working directory: paths a file names may also resolve inside it. */
  readonly workDir?: string;
}

/** Parses a size (`1048576`, `64K`, `32M`, `1G`, `32MB`), or throws {@link UsageError}. */
export function parseSize(command: string, text: string): number {
  const m = /^(\d{1,15})([kmg]?)i?b?$/i.exec(text.trim());
  const unit = m
    ? ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[(m[2] ?? '').toLowerCase()]
    : undefined;
  const n = m && unit !== undefined ? Number(m[1]) * unit : NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`--max-input-size takes a size such as 64M or 1G, not ${JSON.stringify(text)}`, command);
  return n;
}

/** The {@link FileAccess} of a command line. */
export function fileAccess(
  command: string,
  v: { 'max-input-size'?: string | undefined; 'allow-outside-paths'?: boolean | undefined },
  io: Io,
): FileAccess {
  return {
    maxBytes: v['max-input-size'] === undefined ? DEFAULT_MAX_INPUT_BYTES : parseSize(command, v['max-input-size']),
    allowOutside: v['allow-outside-paths'] === true,
    warn: (message) => io.stderr(`iam-verdict: warning: ${inline(message)}\n`),
    workDir: io.cwd,
  };
}

/** The default access (tests, library-style callers): 32 MB, nothing outside, warnings dropped. */
export const DEFAULT_ACCESS: FileAccess = {
  maxBytes: DEFAULT_MAX_INPUT_BYTES,
  allowOutside: false,
  warn: () => undefined,
};

/** The real path of `path` (symbolic links resolved), or `undefined` when it does not exist. */
function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `path` is `root` or below it. */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The absolute path of `name`, a path that the file in folder `base` names: refused with an
 * {@link InputError} when it resolves (symbolic links included) outside both `base` and the
 * working directory, unless the access allows it. `where` prefixes the message (`estate.json:3:12`).
 */
export function namedPath(base: string, name: string, access: FileAccess, where: string): string {
  const path = resolve(base, name);
  if (access.allowOutside) return path;
  const roots = [base, ...(access.workDir !== undefined ? [access.workDir] : [])].map((r) => realPath(r) ?? resolve(r));
  const target = realPath(path) ?? path;
  if (!roots.some((root) => isInside(root, target))) {
    throw new InputError(
      `${where}: ${JSON.stringify(name)} resolves to ${target}, outside the folder of the file that names it and the working directory; refused (--allow-outside-paths reads it)`,
    );
  }
  return path;
}

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

/**
 * Files below `dir` (not following `node_modules` or hidden folders), relative to `dir`, sorted.
 * A symbolic link is followed when it resolves inside `dir` (each real folder is walked once, so
 * a link cycle ends), and otherwise skipped with a warning unless the access allows it.
 */
function walk(dir: string, access: FileAccess, shown: string): string[] {
  const out: string[] = [];
  const root = realPath(dir) ?? dir;
  const walked = new Set<string>([root]);
  const pending = [''];
  let seen = 0;
  while (pending.length > 0) {
    const rel = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) throw new InputError(`${dir} holds too many entries to search (over ${MAX_ENTRIES})`);
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = realPath(join(dir, child));
        const shownChild = shown === '.' ? child : shown.endsWith('/') ? `${shown}${child}` : `${shown}/${child}`;
        if (target === undefined) {
          access.warn(`skipped ${shownChild}: a broken symbolic link`);
          continue;
        }
        if (!access.allowOutside && !isInside(root, target)) {
          access.warn(
            `skipped ${shownChild}: a symbolic link to ${target}, outside ${shown} (--allow-outside-paths follows it)`,
          );
          continue;
        }
        const stat = statOf(target);
        isDir = stat?.isDirectory() === true;
        isFile = stat?.isFile() === true;
        if (isDir && walked.has(target)) continue;
        if (isDir) walked.add(target);
      }
      if (isDir) pending.push(child);
      else if (isFile) out.push(child);
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
export function expandInputs(
  args: readonly string[],
  cwd: string,
  extensions: readonly string[],
  command: string,
  access: FileAccess = DEFAULT_ACCESS,
): InputSource[] {
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
      const files = walk(absolute, access, arg).filter((f) => extensions.some((x) => f.endsWith(x)));
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
    const matches = walk(baseDir, access, base)
      .map((f) => (base === '.' ? f : base.endsWith('/') ? `${base}${f}` : `${base}/${f}`))
      .filter((f) => matcher.match(f));
    if (matches.length === 0) throw new InputError(`no file matches ${arg}`);
    if (matches.length > MAX_FILES) throw new InputError(`${arg} matches more than ${MAX_FILES} files`);
    for (const m of matches) add(resolve(cwd, m));
  }
  return out;
}

/** Reads an input as UTF-8 text, at most `access.maxBytes` bytes. Throws {@link InputError} with one line when it cannot. */
export async function readInput(source: InputSource, io: Io, access: FileAccess = DEFAULT_ACCESS): Promise<string> {
  if (source.kind === 'stdin') {
    let text: string;
    try {
      text = await io.readStdin(access.maxBytes);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`cannot read standard input: ${e instanceof Error ? e.message : String(e)}`);
    }
    // An Io that does not stop at the limit (tests) is still held to it.
    if (text.length > access.maxBytes || Buffer.byteLength(text) > access.maxBytes)
      throw tooLarge('standard input', undefined, access.maxBytes);
    return text;
  }
  return readTextFile(source.path, source.name, access.maxBytes);
}

/** Reads at most `maxBytes` bytes of a regular file. Throws {@link InputError}. */
export function readBounded(path: string, name: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    // Non-blocking open: a FIFO named as an input fails the regular-file check instead of waiting for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? 'unreadable');
    throw new InputError(`cannot read ${name}: ${why}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(`cannot read ${name}: it is a folder`);
    if (!stat.isFile()) throw new InputError(`cannot read ${name}: not a regular file`);
    if (stat.size > maxBytes) throw tooLarge(name, stat.size, maxBytes);
    // Read to the limit, not to the size fstat gave: a file that grows meanwhile is still bounded.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      chunks.push(chunk.subarray(0, n));
      if (total > maxBytes) throw tooLarge(name, undefined, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    throw new InputError(`cannot read ${name}: ${code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable')}`);
  } finally {
    closeSync(fd);
  }
}

/** Reads a file as text (UTF-8, or UTF-16 with a byte order mark), at most `maxBytes` bytes; `name` is how messages show it. Throws {@link InputError}. */
export function readTextFile(path: string, name: string, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): string {
  const bytes = readBounded(path, name, maxBytes);
  try {
    return decodeText(bytes);
  } catch {
    throw new InputError(`cannot read ${name}: not UTF-8 or UTF-16 text`);
  }
}
