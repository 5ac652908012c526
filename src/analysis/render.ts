/**
 * Pictures of edges: Graphviz DOT, Mermaid, and a readable text tree.
 */
import type { Edge } from './analysis.js';

/** A short label of a principal ARN: `role/Admin (222222222222)`. */
export function shortName(p: string): string {
  const m = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(.+)$/.exec(p);
  return m ? `${m[2]} (${m[1]})` : p;
}

function uniqueEdges(edges: readonly Edge[]): Edge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const id = `${e.from}\u0000${e.to}\u0000${e.via}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function label(e: Edge): string {
  return e.conditions === 'true' ? e.via : `${e.via} if ${e.conditions}`;
}

/** Graphviz DOT of edges. */
export function toDot(edges: readonly Edge[]): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = ['digraph reach {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  const nodes = new Set<string>();
  for (const e of uniqueEdges(edges)) {
    for (const n of [e.from, e.to]) {
      if (nodes.has(n)) continue;
      nodes.add(n);
      lines.push(`  ${q(n)} [label=${q(shortName(n))}${n === 'admin' ? ', style=filled, fillcolor="#f4cccc"' : ''}];`);
    }
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(label(e))}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid flowchart of edges. */
export function toMermaid(edges: readonly Edge[]): string {
  const ids = new Map<string, string>();
  const id = (n: string) => {
    let v = ids.get(n);
    if (!v) ids.set(n, (v = `n${ids.size}`));
    return v;
  };
  const esc = (s: string) => s.replace(/"/g, '#quot;').replace(/\|/g, '#124;');
  const lines = ['flowchart LR'];
  const declared = new Set<string>();
  for (const e of uniqueEdges(edges)) {
    for (const n of [e.from, e.to]) {
      if (declared.has(n)) continue;
      declared.add(n);
      lines.push(`  ${id(n)}["${esc(shortName(n))}"]`);
    }
    lines.push(`  ${id(e.from)} -->|"${esc(label(e))}"| ${id(e.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One path as indented lines. */
function pathLines(path: readonly Edge[], indent: string): string[] {
  return path.map(
    (e, i) =>
      `${indent}${'  '.repeat(i)}└─ ${e.via} → ${shortName(e.to)}${e.conditions === 'true' ? '' : `  [if ${e.conditions}]`}${e.resource ? `  (${e.resource})` : ''}`,
  );
}

/** Text tree of a reach answer. */
export function renderReachText(
  source: string,
  reachable: readonly { principal: string; path: readonly Edge[]; conditions: string }[],
): string {
  const lines = [shortName(source)];
  if (reachable.length === 0) lines.push('  (cannot become any other principal)');
  for (const r of reachable) {
    lines.push(`  → ${shortName(r.principal)}${r.conditions === 'true' ? '' : `  if ${r.conditions}`}`);
    lines.push(...pathLines(r.path, '      '));
  }
  return `${lines.join('\n')}\n`;
}

/** Text tree of escalation paths. */
export function renderPathsText(to: string, paths: readonly (readonly Edge[])[], admins: readonly string[]): string {
  const lines: string[] = [];
  if (admins.length > 0)
    lines.push(`Already ${to === 'admin' ? 'administrators' : to}: ${admins.map(shortName).join(', ')}`);
  lines.push(
    paths.length === 0
      ? `No path to ${to === 'admin' ? 'admin' : shortName(to)}.`
      : `${paths.length} path${paths.length === 1 ? '' : 's'} to ${to === 'admin' ? 'admin' : shortName(to)}:`,
  );
  for (const p of paths) {
    const first = p[0];
    if (!first) continue;
    lines.push(`  ${shortName(first.from)}`);
    lines.push(...pathLines(p, '    '));
  }
  return `${lines.join('\n')}\n`;
}
