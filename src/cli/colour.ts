/**
 * Colour on a terminal, none elsewhere: ANSI colour when standard output is a TTY, unless
 * `NO_COLOR` is set (https://no-color.org) or `TERM=dumb`; `--color` / `--no-color` decide outright.
 */
import type { Io } from './io.js';
import { SGR_MARK } from './terminal.js';

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

// Markers, not escapes: output goes through toTerminal (src/cli/terminal.ts), which makes them escapes.
const wrap = (open: number, close: number) => (s: string) => `${SGR_MARK}${open}m${s}${SGR_MARK}${close}m`;
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
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** The printed width of a string (colour markers excluded). */
export function visibleLength(s: string): number {
  let n = s.length;
  for (const part of s.split(SGR_MARK).slice(1)) n -= SGR_MARK.length + part.indexOf('m') + 1;
  return n;
}
