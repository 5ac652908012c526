/**
 * JSON input files: strict parsing (RFC 8259, duplicate members rejected) with positions, so
 * that any problem found later can be reported as `file:line:column`.
 */
import { parseJson, type JsonPosition } from '../json/parse-json.js';
import { locateIssues } from '../policy/locate-issues.js';
import type { Issue } from '../policy/issues.js';
import { InputError } from './errors.js';
import { inline } from './terminal.js';

/** A parsed JSON file. */
export interface JsonDocument {
  /** How messages name the file. */
  readonly name: string;
  /** The parsed value (ordinary objects). */
  readonly value: unknown;
  /** Position of the value at a JSON path (`roles["arn:…"].trustPolicy`). */
  readonly locate: (path: string) => JsonPosition | undefined;
}

/** Parses JSON text; throws {@link InputError} (`file:line:column: message`) when it is not JSON. */
export function parseJsonInput(text: string, name: string): JsonDocument {
  const parsed = parseJson(text.replace(/^\uFEFF/, ''), { positions: true });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    const at = first?.line !== undefined ? `:${first.line}:${first.column ?? 1}` : '';
    throw new InputError(`${name}${at}: not valid JSON: ${first?.message ?? 'cannot parse'}`);
  }
  return { name, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown, locate: parsed.locate };
}

/** Prefixes each issue's path (`world` + `roles[…]` → `world.roles[…]`). */
export function prefixIssues(issues: readonly Issue[], prefix: string): Issue[] {
  if (prefix === '') return [...issues];
  return issues.map((i) => ({
    ...i,
    path: i.path === '' ? prefix : i.path.startsWith('[') ? `${prefix}${i.path}` : `${prefix}.${i.path}`,
  }));
}

/** One line per issue: `file:line:column: error: path: message [code]`, located in `doc` when possible. */
export function formatIssues(issues: readonly Issue[], name: string, locate?: JsonDocument['locate']): string[] {
  const located = locate ? locateIssues(issues, locate) : issues;
  return located.map((i) => {
    const at = i.line !== undefined ? `:${i.line}:${i.column ?? 1}` : '';
    const where = i.path === '' ? '' : `${i.path}: `;
    return inline(`${name}${at}: ${i.severity}: ${where}${i.message} [${i.code}]`);
  });
}
