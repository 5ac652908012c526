/**
 * The policy front door: JSON text or an already-parsed value in, a validated {@link Policy}
 * AST or a list of issues out. Never throws; any error fails closed (`ok: false`).
 */
import { parseJson, type JsonValue } from '../json/parse-json.js';
import type { Policy, PolicyType } from './ast.js';
import { IssueSink } from './issue-sink.js';
import type { Issue } from './issues.js';
import { describeError, toJsonTree, type TreeMeasure } from './json-tree.js';
import { locateIssues } from './locate-issues.js';
import { isPolicyType, POLICY_TYPE_RULES } from './policy-types.js';
import { validatePolicyDocument, type ValidateOptions } from './validate.js';
import type { ServiceCatalog } from '../catalog/catalog.js';
import { lintPolicy } from '../lint/lint-policy.js';
import { ATTACHMENT_MAX_SIZE, type PolicyAttachment } from './attachments.js';
import { checkTextLength, quotaLowerBound } from './limits.js';
import { describeType } from './validate-statement.js';
import type { IssueCode } from '../json/issue-codes.js';

/** Options of {@link parsePolicy}. */
export interface ParsePolicyOptions {
  type: PolicyType;
  /** IAM Sid rule ([A-Za-z0-9], unique) — default true for identity/boundary/session/scp, false otherwise (spec §1.2.1). */
  strictSid?: boolean;
  /** Max policy size in non-whitespace characters; false disables. Default per type from spec §8.1. */
  maxSize?: number | false;
  /**
   * How the policy is attached: sets the size quota when `maxSize` is not given (inline user 2,048,
   * group 5,120, role 10,240, customer managed 6,144, AWS managed none).
   */
  attachment?: PolicyAttachment;
  /**
   * The service authorization catalog: the policy is also checked against what AWS has (unknown
   * actions, resources of the wrong type, condition keys, security warnings; see `lintPolicy`).
   * ERROR findings make the result `ok: false`; the others are warnings.
   */
  catalog?: ServiceCatalog;
}

/** The result of {@link parsePolicy}: a policy plus warnings, or errors plus warnings. */
export type ParsePolicyResult =
  { ok: true; policy: Policy; warnings: Issue[] } | { ok: false; errors: Issue[]; warnings: Issue[] };

function fail(code: IssueCode, message: string): ParsePolicyResult {
  return { ok: false, errors: [{ severity: 'error', code, path: '', message }], warnings: [] };
}

/** Refuses a text whose size alone puts it over the quota (or over the text limit), unparsed. */
function checkTextBeforeParsing(
  text: string,
  maxSize: number | false,
  type: PolicyType,
): ParsePolicyResult | undefined {
  const tooLong = checkTextLength(text);
  if (tooLong) return fail('policy-too-large', tooLong);
  if (maxSize === false) return undefined;
  const atLeast = quotaLowerBound(text);
  if (atLeast > maxSize)
    return fail(
      'policy-too-large',
      `the policy has ${atLeast} characters or more (whitespace not counted), more than the ${maxSize} allowed for ${describeType(type)}`,
    );
  return undefined;
}

/** The Sid rule `options` ask for, of a policy of type `type` (read once by the caller). */
export function strictSidOf(type: PolicyType, options: ParsePolicyOptions): boolean {
  return typeof options.strictSid === 'boolean' ? options.strictSid : POLICY_TYPE_RULES[type].strictSid;
}

/** The size quota `options` ask for, of a policy of type `type`: given, by attachment, else by type. */
export function maxSizeOf(type: PolicyType, options: ParsePolicyOptions): number | false {
  const attachmentSize =
    options.attachment !== undefined && Object.prototype.hasOwnProperty.call(ATTACHMENT_MAX_SIZE, options.attachment)
      ? ATTACHMENT_MAX_SIZE[options.attachment]
      : undefined;
  return options.maxSize === false
    ? false
    : typeof options.maxSize === 'number'
      ? options.maxSize
      : (attachmentSize ?? POLICY_TYPE_RULES[type].maxSize);
}

function parseChecked(input: unknown, options: ParsePolicyOptions, copied?: TreeMeasure): ParsePolicyResult {
  const type: unknown = options?.type;
  if (!isPolicyType(type)) return fail('unknown-policy-type', `unknown policy type ${JSON.stringify(String(type))}`);
  const strictSid = strictSidOf(type, options);
  const maxSize = maxSizeOf(type, options);

  const sink = new IssueSink();
  // What a copy measured on the way (nothing for text: the validator measures its tree).
  let measured: TreeMeasure | undefined;
  let tree: JsonValue | undefined;
  if (typeof input === 'string') {
    // The quota is checked before parsing: an over-quota text costs one linear scan, nothing more.
    const tooLarge = checkTextBeforeParsing(input, maxSize, type);
    if (tooLarge) return tooLarge;
    const json = parseJson(input);
    if (!json.ok) return { ok: false, errors: json.errors, warnings: [] };
    tree = json.value;
  } else if (copied !== undefined && (maxSize === false || copied.size <= maxSize)) {
    // Already a plain JSON tree of our own, measured while it was copied (see parseCopiedPolicy).
    tree = input as JsonValue;
    measured = copied;
  } else {
    measured = { size: 0, foreign: false };
    tree = toJsonTree(input, sink, undefined, maxSize === false ? undefined : maxSize, measured);
  }
  // A copied tree was measured on the way (size, character set): the validator does not walk it again.
  // One object literal of one shape (an object spread here cost a twelfth of validating a document).
  const validateOptions: ValidateOptions =
    measured !== undefined && measured.size > 0
      ? { type, strictSid, maxSize, size: measured.size, foreignCharacters: measured.foreign }
      : { type, strictSid, maxSize, size: undefined, foreignCharacters: undefined };
  const policy = tree === undefined ? undefined : validatePolicyDocument(tree, validateOptions, sink);

  const lint =
    policy !== undefined && options.catalog
      ? lintPolicy(policy, options.catalog, options.attachment ? { attachment: options.attachment } : {})
      : [];
  // The common case, a valid policy without findings: nothing to sort.
  if (policy !== undefined && lint.length === 0 && sink.issues.length === 0) return { ok: true, policy, warnings: [] };
  let issues: Issue[] = lint.length > 0 ? [...sink.issues, ...lint] : sink.issues;
  if (typeof input === 'string' && issues.length > 0) {
    // Positions are only needed to report issues: parse again, this time recording them.
    const located = parseJson(input, { positions: true });
    if (located.ok) issues = locateIssues(issues, located.locate);
  }
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  if (errors.length > 0 || policy === undefined) {
    return {
      ok: false,
      errors:
        errors.length > 0
          ? errors
          : [{ severity: 'error', code: 'invalid-policy', path: '', message: 'the policy is invalid' }],
      warnings,
    };
  }
  return { ok: true, policy, warnings };
}

/**
 * Parses and validates a policy document for one policy type. `input` is JSON text (issues then
 * carry line and column) or an already-parsed value. Never throws, whatever the input; any
 * error makes the result `ok: false` so an invalid policy is never evaluated.
 *
 * @example
 * ```ts
 * import { parsePolicy } from 'iam-verdict';
 *
 * const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}';
 * const parsed = parsePolicy(text, { type: 'identity' });
 * console.log(parsed.ok); // => true
 *
 * const broken = parsePolicy('{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}', { type: 'identity' });
 * console.log(broken.ok ? 'valid' : `${broken.errors[0]?.line}:${broken.errors[0]?.column} ${broken.errors[0]?.path}`); // => 1:52 Statement[0].Effect
 * ```
 */
export function parsePolicy(input: string | unknown, options: ParsePolicyOptions): ParsePolicyResult {
  try {
    return parseChecked(input, options);
  } catch (e) {
    return fail('internal-error', `the policy could not be checked: ${describeError(e)}`);
  }
}

/**
 * {@link parsePolicy} for a document that is already a plain JSON tree this library copied itself
 * (null-prototype objects, no getters, finite numbers, within the depth limit), measured on the way
 * as `toJsonTree` measures, or with strings left unread (`TreeMeasure.unread`) (issue #16: a
 * world's documents are copied once, not twice). The result is the one `parsePolicy` gives for the
 * same document; over the size quota, the document takes the ordinary path so that the error is the
 * same too. Internal: never hand it untrusted objects.
 */
export function parseCopiedPolicy(tree: unknown, measure: TreeMeasure, options: ParsePolicyOptions): ParsePolicyResult {
  try {
    const result = parseChecked(tree, options, measure);
    // A measure with strings left unread is exact when nothing is wrong with the document (see
    // `TreeMeasure.unread`); otherwise the document is measured in full, for the same issues.
    return result.ok || measure.unread !== true ? result : parseChecked(tree, options);
  } catch (e) {
    return fail('internal-error', `the policy could not be checked: ${describeError(e)}`);
  }
}
