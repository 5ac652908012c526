/**
 * Plain-text layout helpers: word wrapping and aligned tables (ANSI-aware).
 */
import { visibleLength } from './colour.js';
import { inline } from './terminal.js';

/**
 * Wraps `text` into lines of at most `width` printed columns (a longer word stays whole); every
 * line after the first starts with `indent`.
 */
export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/[ \t\n]+/).filter((w) => w.length > 0); // not \s: it would split non-breaking spaces
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && visibleLength(line) + 1 + visibleLength(word) > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join(`\n${indent}`);
}

/** Cuts a string to `max` characters, ending with `…` when cut. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/** Pads a possibly coloured string to a printed width. */
export function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}

/** Lays out rows as aligned columns separated by two spaces; the first row is the header. */
export function table(cells: readonly (readonly string[])[], indent = ''): string {
  // A cell is one line: a name holding a newline or a tab cannot forge a row.
  const rows = cells.map((row) => row.map(inline));
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  return rows
    .map(
      (row) =>
        indent +
        row
          .map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i] ?? 0)))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}
