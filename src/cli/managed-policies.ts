/**
 * `--managed-policies <dir|aws|none>`: where the CLI finds the managed policies a world attaches
 * but does not define. `aws` (the default) is the bundled AWS managed policy catalog; a folder holds
 * one policy document per `<PolicyName>.json` (matched by the name at the end of the ARN); `none`
 * resolves nothing (every such policy then grants nothing, with a warning).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ManagedPolicyCatalog } from '../model/load.js';
import { UsageError } from './errors.js';
import { DEFAULT_ACCESS, namedPath, readTextFile, type FileAccess } from './files.js';
import { awsManagedPolicies } from '../managed/aws-managed-policies.js';

/** The bundled AWS managed policies (the file is read when a world first needs one). */
function awsCatalog(): ManagedPolicyCatalog {
  return awsManagedPolicies;
}

/** The catalog `--managed-policies` names (default `aws`); throws {@link UsageError} for a missing folder. */
export function managedPoliciesOption(
  value: string | undefined,
  cwd: string,
  command: string,
  access: FileAccess = DEFAULT_ACCESS,
): ManagedPolicyCatalog | undefined {
  const choice = value ?? 'aws';
  if (choice === 'none') return undefined;
  if (choice === 'aws') return awsCatalog();
  const dir = resolve(cwd, choice);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(
      `--managed-policies takes aws, none or a folder; ${JSON.stringify(choice)} is not a folder`,
      command,
    );
  const byName = new Map<string, string>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json')) continue;
    // The folder's files, as for any searched folder: a link out of it is skipped, and said so.
    try {
      byName.set(basename(f, '.json'), namedPath(dir, f, access, `--managed-policies ${choice}`));
    } catch {
      access.warn(`skipped ${choice}/${f}: a symbolic link out of the folder (--allow-outside-paths follows it)`);
    }
  }
  const fallback = awsCatalog();
  return (arn) => {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const file = byName.get(name);
    if (file === undefined) return fallback(arn);
    try {
      // The text itself: the policy parser reports its errors with line and column.
      return readTextFile(file, name, access.maxBytes).replace(/^\uFEFF/, '');
    } catch (e) {
      access.warn(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  };
}
