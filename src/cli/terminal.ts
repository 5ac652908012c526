/**
 * What reaches the terminal: names and values come from untrusted files, so every character a
 * terminal or a text renderer may act on — C0 controls (ESC, CR, BS, BEL, …), DEL, C1 controls
 * (U+009B is a one-character CSI), the bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069, U+200E/U+200F, U+061C) and the Unicode line separators — is written as a
 * `\uXXXX` escape (valid inside JSON strings, so `--json` output stays JSON). The CLI's own
 * colours are written as markers that only this module turns into escape sequences.
 */
import { randomBytes } from 'node:crypto';

/** Everything escaped except TAB and LF (the CLI's own layout). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same plus TAB and LF, for text that must stay on one line (a name, a table cell). */
// eslint-disable-next-line no-control-regex
const UNSAFE_INLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Where a colour escape goes: a per-process random marker, so that no input text can forge one
 * (the only escape sequences on the terminal are the ones {@link toTerminal} writes for it).
 */
export const SGR_MARK = `\ufdd0${randomBytes(8).toString('hex')}[`;

/** `text` with every control, bidi and line-separator character escaped, except TAB and LF. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, hex);
}

/** `text` on one line: {@link escapeControls}, and TAB and LF escaped too. */
export function inline(text: string): string {
  return text.replace(UNSAFE_INLINE, hex);
}

/** The text to write to a terminal or a pipe: controls escaped, then the CLI's colour markers made escapes. */
export function toTerminal(text: string): string {
  return escapeControls(text).split(SGR_MARK).join('\u001b[');
}
