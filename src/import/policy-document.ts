/**
 * Policy documents as importers find them (objects, JSON text, URL-encoded JSON text, values with
 * placeholders) turned into documents the world accepts, validated where they were found.
 */
import { parseJson } from '../json/parse-json.js';
import type { PolicyType } from '../policy/ast.js';
import { parsePolicy } from '../policy/parse.js';
import { isObject } from './input.js';
import { hasPlaceholder, unresolvedDocument, unresolvedPrincipal, UNRESOLVED_ACTION } from './placeholder.js';
import type { ImportIssues } from './result.js';
import type { IssueCode } from '../json/issue-codes.js';

/** Where a document was found and what it is. */
export interface DocumentContext {
  readonly issues: ImportIssues;
  /** Path of the document in the source. */
  readonly path: string;
  readonly type: PolicyType;
  readonly partition: string;
  /** An AWS managed policy (no size quota). */
  readonly awsManaged?: boolean;
}

const STRING_LISTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

/**
 * Normalises one policy document. Returns the document, or a document that applies to nothing
 * (with a warning) when the value is not a document or is unresolved as a whole. A document that
 * fails validation is reported as an import error, with its path in the source.
 */
export function normalizeDocument(raw: unknown, ctx: DocumentContext): Record<string, unknown> {
  const doc = readDocument(raw, ctx);
  if (doc === undefined) return unresolvedDocument(kindOf(ctx.type), ctx.partition);
  const statements = doc.Statement;
  if (Array.isArray(statements)) doc.Statement = statements.map((s) => normalizeStatement(s, ctx.partition));
  else if (isObject(statements)) doc.Statement = normalizeStatement(statements, ctx.partition);
  const parsed = parsePolicy(doc, ctx.awsManaged ? { type: ctx.type, maxSize: false } : { type: ctx.type });
  const at = (p: string) => (p === '' ? ctx.path : joinDocPath(ctx.path, p));
  // The policy layer's codes are never prefixed, so `policy-<code>` is an IssueCode.
  const code = (c: IssueCode) => `policy-${c}` as IssueCode;
  for (const w of parsed.warnings) ctx.issues.warn(code(w.code), at(w.path), w.message);
  if (!parsed.ok)
    for (const e of parsed.errors) ctx.issues.error(code(e.code), at(e.path), `invalid policy: ${e.message}`);
  return doc;
}

function kindOf(type: PolicyType): 'identity' | 'trust' | 'resource' {
  return type === 'trust' ? 'trust' : type === 'resource' || type === 'rcp' ? 'resource' : 'identity';
}

function joinDocPath(base: string, rest: string): string {
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}

function readDocument(raw: unknown, ctx: DocumentContext): Record<string, unknown> | undefined {
  if (isObject(raw)) return { ...raw };
  if (typeof raw === 'string') {
    if (hasPlaceholder(raw)) {
      ctx.issues.warn(
        'unresolved-document',
        ctx.path,
        'the policy document is not known until deployment; it was replaced by a document that applies to nothing',
      );
      return undefined;
    }
    const text = raw.trimStart().startsWith('{') ? raw : decodeUrl(raw);
    const parsed = text === undefined ? undefined : parseJson(text);
    // parseJson checks the text strictly (duplicate members, depth) and builds null-prototype
    // objects; the world gets ordinary objects, so the checked text is read again.
    if (parsed?.ok && isObject(parsed.value)) return JSON.parse(text as string) as Record<string, unknown>;
    const why = parsed && !parsed.ok ? `: ${parsed.errors[0]?.message ?? ''}` : '';
    ctx.issues.error('invalid-document', ctx.path, `the policy document is not valid JSON${why}`);
    return undefined;
  }
  if (raw === undefined || raw === null) {
    ctx.issues.warn(
      'missing-document',
      ctx.path,
      'the policy document is missing; it was replaced by a document that applies to nothing',
    );
    return undefined;
  }
  ctx.issues.error(
    'invalid-document',
    ctx.path,
    `a policy document is an object or JSON text, not ${Array.isArray(raw) ? 'an array' : typeof raw}`,
  );
  return undefined;
}

/** Decodes URL-encoded text (IAM API responses encode documents, RFC 3986). */
function decodeUrl(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function scalarText(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

function stringList(v: unknown, fix: (s: string) => string): unknown {
  if (Array.isArray(v)) return v.map((x) => stringList(x, fix));
  const s = scalarText(v);
  return typeof s === 'string' ? fix(s) : s;
}

/**
 * Numbers become strings where IAM expects strings (YAML reads account ids as numbers), and
 * placeholders become never-matching values where a placeholder would not be valid.
 */
function normalizeStatement(raw: unknown, partition: string): unknown {
  if (!isObject(raw)) return raw;
  const s: Record<string, unknown> = { ...raw };
  if (s.Sid !== undefined) s.Sid = scalarText(s.Sid);
  // The AWS provider's aws_iam_policy_document wrote `"Sid": ""` into every statement without a
  // sid (Terraform 0.12/0.13-era plans are full of them) and IAM stores such policies; an empty
  // Sid names nothing, so it is dropped rather than reported as a duplicate or invalid Sid.
  if (s.Sid === '') delete s.Sid;
  for (const key of STRING_LISTS) {
    if (s[key] === undefined) continue;
    s[key] = stringList(s[key], (v) => (key.endsWith('Action') && hasPlaceholder(v) ? UNRESOLVED_ACTION : v));
  }
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    const p = s[key];
    if (!isObject(p)) continue;
    const out: Record<string, unknown> = {};
    for (const [type, values] of Object.entries(p)) {
      out[type] = stringList(values, (v) => (hasPlaceholder(v) ? unresolvedPrincipal(type, partition) : v));
    }
    s[key] = out;
  }
  return s;
}
