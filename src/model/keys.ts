/**
 * Tags as condition keys (spec §3.2, §6.5). The principal's keys and the per-request keys are
 * derived by the request pipeline (`src/evaluate/request`).
 */
import type { ContextMap } from '../condition/context.js';

/** Writes tags as `<prefix><key>` keys (tag keys are case-insensitive, spec §3.2). */
export function setTags(map: ContextMap, prefix: string, tags: Readonly<Record<string, string>> | undefined): void {
  if (!tags) return;
  for (const key of Object.keys(tags)) map.set(`${prefix}${key}`, tags[key] as string);
}

/** Merges tag sets; later sets replace earlier keys regardless of case (spec §6.5). */
export function mergeTags(...sets: (Readonly<Record<string, string>> | undefined)[]): Record<string, string> {
  const byLower = new Map<string, [string, string]>();
  for (const set of sets) {
    if (!set) continue;
    for (const key of Object.keys(set)) byLower.set(key.toLowerCase(), [key, set[key] as string]);
  }
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of byLower.values()) out[key] = value;
  return out;
}
