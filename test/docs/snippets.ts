/**
 * Extracts the fenced code blocks of the Markdown documentation, so that a test can run them.
 */

/** One fenced block: its language, its first line in the file (1-based) and its text. */
export interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  /** Words after the language on the fence line, e.g. `skip`. */
  readonly flags: readonly string[];
  readonly code: string;
}

/** The fenced blocks (``` or ~~~) of a Markdown text. */
export function extractSnippets(markdown: string, file: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = markdown.split('\n');
  let open: { fence: string; lang: string; flags: string[]; start: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    if (!open) {
      const m = /^\s*(```+|~~~+)\s*([\w-]*)\s*(.*)$/.exec(text);
      if (m)
        open = {
          fence: m[1] as string,
          lang: (m[2] ?? '').toLowerCase(),
          flags: (m[3] ?? '').split(/\s+/).filter(Boolean),
          start: i + 2,
          body: [],
        };
      return;
    }
    if (text.trim().startsWith(open.fence) && text.trim().replace(/[`~]/g, '') === '') {
      out.push({ file, line: open.start, lang: open.lang, flags: open.flags, code: open.body.join('\n') });
      open = undefined;
      return;
    }
    open.body.push(text);
  });
  return out;
}

/**
 * The ```ts blocks of the `@example` tags of a TypeScript source file's doc comments (the leading
 * ` * ` of each comment line removed), with their line in the file.
 */
export function extractExamples(source: string, file: string): Snippet[] {
  const out: Snippet[] = [];
  for (const m of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const comment = m[0];
    const at = comment.indexOf('@example');
    if (at < 0) continue;
    const firstLine = source.slice(0, m.index).split('\n').length;
    const lines = comment.split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''));
    const exampleLine = comment.slice(0, at).split('\n').length - 1;
    const blanked = lines.map((l, i) => (i < exampleLine ? '' : l)).join('\n');
    for (const s of extractSnippets(blanked, file)) out.push({ ...s, line: firstLine + s.line - 1 });
  }
  return out;
}

/** Where an `iam-verdict/<subpath>` import resolves in the source, relative to `src/`. */
const SUBPATHS: Readonly<Record<string, string>> = {
  import: 'entries/import.js',
  testing: 'entries/testing.js',
  vitest: 'vitest.js',
};

/** An expectation: `console.log(x); // => text`, or the `// => text` comment alone on the next line. */
const SAME_LINE = /^(\s*)console\.log\((.*)\);\s*\/\/ => (.*)$/;
const LOG_LINE = /^(\s*)console\.log\((.*)\);\s*$/;
const NEXT_LINE = /^\s*\/\/ => (.*)$/;

/**
 * Turns a TypeScript snippet into a module that can run: imports of `iam-verdict` (and of its
 * subpaths, e.g. `iam-verdict/import` → `src/entries/import.ts`) point at the library's source, and each `console.log(…)` with a `// => text` expectation checks that what it
 * prints is `text` (whitespace runs compared as one space).
 */
export function instrument(code: string, entry: string): string {
  const src = entry.slice(0, entry.lastIndexOf('/') + 1);
  const lines = code
    .replace(/from\s+'iam-verdict'/g, `from ${JSON.stringify(entry)}`)
    .replace(
      /from\s+'iam-verdict\/([\w-]+)'/g,
      (_, sub: string) => `from ${JSON.stringify(`${src}${SUBPATHS[sub] ?? `${sub}.js`}`)}`,
    )
    .split('\n');
  const check = (i: number, indent: string, args: string, expected: string) =>
    `${indent}__expectLogged(${i + 1}, ${JSON.stringify(expected.trim())}, ${args});`;
  const body = lines
    .map((line, i) => {
      const same = SAME_LINE.exec(line);
      if (same) return check(i, same[1] ?? '', same[2] ?? '', same[3] ?? '');
      const log = LOG_LINE.exec(line);
      const next = NEXT_LINE.exec(lines[i + 1] ?? '');
      if (log && next) return check(i, log[1] ?? '', log[2] ?? '', next[1] ?? '');
      return line;
    })
    .join('\n');
  return `${body}

import { format as __format } from 'node:util';
function __expectLogged(line: number, expected: string, ...args: unknown[]): void {
  const actual = __format(...args).replace(/\\s+/g, ' ').trim();
  console.log(...args);
  if (actual !== expected.replace(/\\s+/g, ' ')) throw new Error(\`snippet line \${line}: printed \${JSON.stringify(actual)}, the documentation says \${JSON.stringify(expected)}\`);
}
export {};
`;
}
