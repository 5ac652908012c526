/**
 * IAM names, paths and entity ARNs, checked by splitting rather than by a regular expression with
 * a repeated group: `^…\/(?:[\x21-\x7e]+\/)*name$` backtracks exponentially on `a/a/a/…!`
 * (issue #11). Every check here is one pass over the text.
 */

const NAME = /^[\w+=,.@-]+$/;
const AWS_MANAGED_POLICY_ARN = /^arn:[\w-]+:iam::aws:policy\//;
const ENTITY_PREFIX = /^arn:([\w-]+):iam::(\d{12}):(user|group|role)\//;

/** `true` when every character is printable ASCII (U+0021–U+007E). */
function printable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** Whether `arn` names an AWS managed policy: `arn:<partition>:iam::aws:policy/…`. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return AWS_MANAGED_POLICY_ARN.test(arn);
}

/** An IAM name (user, group, role, policy): `[\w+=,.@-]+`. */
export function isIamName(text: string): boolean {
  return NAME.test(text);
}

/**
 * An IAM path: `/`, or `/…/` of printable ASCII with at least one character between the outer
 * slashes (what `^\/(?:[\x21-\x7e]+\/)*$` accepts, without its backtracking).
 */
export function isIamPath(text: string): boolean {
  if (text === '/') return true;
  return text.length >= 3 && text.startsWith('/') && text.endsWith('/') && printable(text);
}

/** The parts of a user, group or role ARN. */
export interface IamEntityArn {
  readonly partition: string;
  readonly account: string;
  readonly kind: 'user' | 'group' | 'role';
  /** The path, `/` when the ARN has none. */
  readonly path: string;
  readonly name: string;
}

/**
 * Reads `arn:<partition>:iam::<account>:(user|group|role)/<path…/>name`; `undefined` when the text
 * is not such an ARN.
 */
export function parseIamEntityArn(text: string): IamEntityArn | undefined {
  if (typeof text !== 'string') return undefined;
  const m = ENTITY_PREFIX.exec(text);
  if (m === null) return undefined;
  const rest = text.slice(m[0].length);
  const slash = rest.lastIndexOf('/');
  const name = rest.slice(slash + 1);
  const path = `/${rest.slice(0, slash + 1)}`;
  if (!isIamName(name) || !isIamPath(path)) return undefined;
  return { partition: m[1] as string, account: m[2] as string, kind: m[3] as IamEntityArn['kind'], path, name };
}

/**
 * {@link parseIamEntityArn}'s test in one expression per kind, without captures: the name after
 * the last slash, before it a path of printable ASCII with at least one character between its
 * slashes. Linear: the path's `+` gives back characters only to find the last slash, and the name
 * holds none.
 */
const ENTITY_ARN = {
  user: /^arn:[\w-]+:iam::\d{12}:user\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]+$/,
  group: /^arn:[\w-]+:iam::\d{12}:group\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]+$/,
  role: /^arn:[\w-]+:iam::\d{12}:role\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]+$/,
} as const;

/**
 * `true` when `text` is an ARN of the given entity kind ({@link parseIamEntityArn}'s kind), by a
 * test that makes nothing: the one-pass reader tests every user, group and role key and every
 * group a user lists, and the parse made a match, its captures, two slices and a record for each
 * (issue #16, one-shot).
 */
export function isIamEntityArn(text: string, kind: IamEntityArn['kind']): boolean {
  return typeof text === 'string' && ENTITY_ARN[kind].test(text);
}
