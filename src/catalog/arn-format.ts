/**
 * ARN formats of the service authorization catalog (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)
 * and policy resource patterns (`arn:aws:s3:::my-bucket/*`), compiled to linear segment automata.
 *
 * No regular expression is ever built from catalog or policy text: both sides become a short list of
 * atoms (a literal character, one character of a class, or a run of characters of a class), and the
 * question "can some ARN match both?" is answered by walking the product of the two automata, which
 * visits each pair of positions at most once: O(|format| × |pattern|), and linear in the length of a
 * concrete ARN.
 */

/** One step of a compiled pattern. */
export interface Atom {
  /** `lit`: exactly `char`; `one`: one character of the class; `run`: zero or more of the class. */
  readonly kind: 'lit' | 'one' | 'run';
  readonly char?: number;
  /** Characters the class excludes (`/` for a bucket name); empty for "any character". */
  readonly excludes?: string;
}

/** A compiled ARN format or pattern. */
export interface ArnPattern {
  readonly source: string;
  readonly atoms: readonly Atom[];
}

const lit = (c: number): Atom => ({ kind: 'lit', char: c });
const ANY_ONE: Atom = { kind: 'one', excludes: '' };
const ANY_RUN: Atom = { kind: 'run', excludes: '' };

/** Index of the character after the fifth `:` (the start of the resource part), or -1. */
export function resourcePartStart(arn: string): number {
  let colons = 0;
  for (let i = 0; i < arn.length; i++) {
    if (arn.charCodeAt(i) === 58 && ++colons === 5) return i + 1;
  }
  return -1;
}

/**
 * Compiles a catalog ARN format. A variable is one or more characters; in the first five fields
 * it never holds a `:`. `noSlashAtEnd`: the last variable holds no `/` — set when another resource
 * type of the service extends this format with `/…` (an S3 bucket vs its objects, a DynamoDB table
 * vs its indexes), so `bucket/key` fits the object type and not the bucket type.
 */
export function compileArnFormat(format: string, noSlashAtEnd = false): ArnPattern {
  const atoms: Atom[] = [];
  const resourceStart = resourcePartStart(format);
  let i = 0;
  let lastVariable = -1;
  while (i < format.length) {
    if (format.startsWith('${', i)) {
      const end = format.indexOf('}', i + 2);
      if (end > 0) {
        const excludes = resourceStart < 0 || i < resourceStart ? ':' : '';
        atoms.push({ kind: 'one', excludes }, { kind: 'run', excludes });
        lastVariable = atoms.length - 2;
        i = end + 1;
        continue;
      }
    }
    atoms.push(lit(format.charCodeAt(i)));
    i++;
  }
  if (noSlashAtEnd && lastVariable >= 0 && lastVariable === atoms.length - 2) {
    const excludes = `${atoms[lastVariable]?.excludes ?? ''}/`;
    atoms[lastVariable] = { kind: 'one', excludes };
    atoms[lastVariable + 1] = { kind: 'run', excludes };
  }
  return { source: format, atoms };
}

/**
 * Compiles a policy resource pattern: `*` is any run, `?` any one character, a policy variable
 * (`${aws:username}`) any run; everything else is literal. `literal: true` compiles a concrete ARN.
 */
export function compileArnPattern(pattern: string, literal = false): ArnPattern {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charCodeAt(i);
    if (!literal && c === 42 /* * */) {
      if (atoms[atoms.length - 1] !== ANY_RUN) atoms.push(ANY_RUN);
      i++;
    } else if (!literal && c === 63 /* ? */) {
      atoms.push(ANY_ONE);
      i++;
    } else if (!literal && pattern.startsWith('${', i) && pattern.indexOf('}', i + 2) > 0) {
      if (atoms[atoms.length - 1] !== ANY_RUN) atoms.push(ANY_RUN);
      i = pattern.indexOf('}', i + 2) + 1;
    } else {
      atoms.push(lit(c));
      i++;
    }
  }
  return { source: pattern, atoms };
}

/** Can one character satisfy both atoms (neither a pure epsilon)? */
function sameCharPossible(a: Atom, b: Atom): boolean {
  if (a.kind === 'lit' && b.kind === 'lit') return a.char === b.char;
  if (a.kind === 'lit') return !(b.excludes ?? '').includes(String.fromCharCode(a.char as number));
  if (b.kind === 'lit') return !(a.excludes ?? '').includes(String.fromCharCode(b.char as number));
  return true; // two classes that each exclude a few characters always share one
}

/**
 * Whether some string matches both patterns: the catalog's resource-type fit test. Each pair of
 * positions is visited at most once (bounded by the product of the two lengths).
 */
export function arnPatternsIntersect(a: ArnPattern, b: ArnPattern): boolean {
  const n = a.atoms.length;
  const m = b.atoms.length;
  const width = m + 1;
  const seen = new Uint8Array((n + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const k = i * width + j;
    if (seen[k] === 0) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  while (stack.length > 0) {
    const k = stack.pop() as number;
    const i = Math.floor(k / width);
    const j = k - i * width;
    if (i === n && j === m) return true;
    const x = a.atoms[i];
    const y = b.atoms[j];
    // A run may match nothing: step past it on one side.
    if (x?.kind === 'run') push(i + 1, j);
    if (y?.kind === 'run') push(i, j + 1);
    if (x && y && sameCharPossible(x, y)) push(x.kind === 'run' ? i : i + 1, y.kind === 'run' ? j : j + 1);
  }
  return false;
}
