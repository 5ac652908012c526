/**
 * Colour on a terminal, none elsewhere: ANSI colour when standard output is a TTY, unless
 * `NO_COLOR` is set (https://no-color.org) or `TERM=dumb`; `--color` / `--no-color` decide outright.
 */
import type { Io } from './io.js';

/** Styling functions; each is the identity when colour is off. */
export interface Colours {
  readonly enabled: boolean;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

/** Whether to colour, from the flags, the environment and the terminal. */
export function wantsColour(io: Io, flags: { color?: boolean | undefined; 'no-color'?: boolean | undefined }): boolean {
  if (flags['no-color']) return false;
  if (flags.color) return true;
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env.TERM === 'dumb') return false;
  return io.stdoutIsTTY;
}

/** The styling functions for the given choice. */
export function colours(enabled: boolean): Colours {
  if (!enabled) return { enabled, bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** The printed width of a string (ANSI escapes excluded). */
export function visibleLength(s: string): number {
  return s.replace(ANSI, '').length;
}
