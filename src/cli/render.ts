/**
 * Human-readable decisions: a one-line-per-request table, and for each request the layer that
 * decided, the statements that matched or failed (policy, Sid or index, the failed condition),
 * the missing context keys and the verdict of every layer.
 */
import { formatReason, reasonMatches } from '../evaluate/reasons.js';
import type {
  ConditionMiss,
  Decision,
  DecisionValue,
  Layer,
  LayerVerdict,
  StatementMiss,
  StatementRef,
} from '../index.js';
import type { Colours } from './colour.js';
import { expectationMet, type Expectation } from './scenario-file.js';
import { table, truncate, wrap } from './text.js';
import { inline } from './terminal.js';

/** A request together with its decision. */
export interface RenderedCase {
  readonly name: string;
  readonly request: unknown;
  readonly decision: Decision;
  readonly expect?: Expectation | undefined;
  readonly expectReason?: string | undefined;
}

const LABEL = 12;

const LAYER_LABELS: Readonly<Record<Layer, string>> = {
  rcp: 'resource control policy (RCP)',
  scp: 'service control policy (SCP)',
  endpoint: 'VPC endpoint policy',
  resource: 'resource-based policy',
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  'service-rule': 'service rule',
  authentication: 'authentication',
  validation: 'parameter validation',
  input: 'input validation',
};

/** The layer's name for people; a role's trust policy is the resource policy of AssumeRole. */
export function layerLabel(layer: Layer, action?: string): string {
  if (layer === 'resource' && action !== undefined && /^sts:assumerole/i.test(action)) return "role's trust policy";
  return LAYER_LABELS[layer];
}

/** The decision value, coloured. */
export function paintDecision(d: DecisionValue, c: Colours): string {
  return d === 'Allow' ? c.green(d) : d === 'ExplicitDeny' ? c.red(d) : c.yellow(d);
}

/** Whether the case met its expectation (expectation and reason), or `undefined` without one. */
export function caseMet(r: Pick<RenderedCase, 'decision' | 'expect' | 'expectReason'>): boolean | undefined {
  if (r.expect === undefined) return undefined;
  // A request refused before any policy was evaluated meets only an expectation that names the reason.
  return (
    expectationMet(r.expect, r.decision.decision) &&
    (r.expectReason === undefined ? r.decision.reason === undefined : reasonMatches(r.expectReason, r.decision))
  );
}

function field(request: unknown, key: string): string {
  const v = typeof request === 'object' && request !== null ? (request as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : '?';
}

/** One row per request: number, name, decision, deciding layer, expectation. */
export function renderTable(cases: readonly RenderedCase[], c: Colours, width: number): string {
  const nameWidth = Math.max(20, Math.min(56, width - 52));
  const anyExpect = cases.some((r) => r.expect !== undefined);
  const header = ['#', 'Request', 'Decision', 'Decided by', ...(anyExpect ? ['Expected'] : [])].map((h) => c.bold(h));
  const rows = cases.map((r, i) => {
    const met = caseMet(r);
    const expected = r.expect === undefined ? '' : met ? c.green(`✓ ${r.expect}`) : c.red(`✗ ${r.expect}`);
    const by = r.decision.reason ? `${r.decision.decidedBy} (${formatReason(r.decision)})` : r.decision.decidedBy;
    return [
      String(i + 1),
      truncate(r.name, nameWidth),
      paintDecision(r.decision.decision, c),
      truncate(by, 34),
      ...(anyExpect ? [expected] : []),
    ];
  });
  return table([header, ...rows], '  ');
}

function ref(r: StatementRef): string {
  const sid = r.sid !== undefined ? ` (${r.sid})` : '';
  return `${r.policyId} statement ${r.statementIndex}${sid}`;
}

function quoteList(values: readonly string[] | string): string {
  const list = typeof values === 'string' ? [values] : values;
  return list.length === 1 ? JSON.stringify(list[0]) : `[${list.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function conditionText(m: ConditionMiss): string {
  const got = m.missing ? 'the key is absent from the request' : `the request has ${quoteList(m.requestValue ?? [])}`;
  return `${m.operator} ${m.key} ${quoteList(m.values)} is false: ${got}`;
}

function missText(m: StatementMiss): string {
  if (m.failed === 'condition' && m.condition) return `condition ${conditionText(m.condition)}`;
  if (m.failed === 'principal') return 'Principal does not match the caller';
  return 'Resource does not match';
}

function layerText(v: LayerVerdict, c: Colours): string {
  const name = v.level !== undefined ? `${v.layer} ${v.level}` : v.layer;
  // RCPs only deny: RCPFullAWSAccess allows at every level (spec §4.9), so "no allow" passes.
  const verdict =
    v.verdict === 'deny'
      ? c.red('deny')
      : v.verdict === 'allow'
        ? c.green('allow')
        : v.verdict === 'no-allow'
          ? c.yellow('no allow')
          : v.verdict === 'absent'
            ? c.dim('none')
            : c.dim('n/a');
  return `${name}: ${verdict}`;
}

function dedupe<T extends StatementRef>(refs: readonly T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  return refs.filter((r) => (seen.has(key(r)) ? false : (seen.add(key(r)), true)));
}

/** The full explanation of one request, as indented lines; `index` numbers it (from 0) unless `undefined`. */
export function renderCase(r: RenderedCase, index: number | undefined, c: Colours, width: number): string {
  const d = r.decision;
  const e = d.explanation;
  const indent = '     ';
  const cont = indent + ' '.repeat(LABEL);
  const room = Math.max(30, width - cont.length);
  const out: string[] = [];
  // inline: a value's own newlines and tabs are escaped, not taken as layout by wrap.
  const line = (name: string, text: string) =>
    out.push(`${indent}${c.dim(name.padEnd(LABEL))}${wrap(inline(text), room, cont)}`);
  out.push(
    index === undefined
      ? `  ${c.bold(inline(r.name))}`
      : `${c.bold(`${String(index + 1).padStart(3)}.`)} ${c.bold(inline(r.name))}`,
  );
  const principal = e?.principal ?? field(r.request, 'principal');
  const action = e?.action ?? field(r.request, 'action');
  const resource = e?.resource ?? field(r.request, 'resource');
  line('request', `${principal} → ${c.cyan(action)} on ${resource}${e?.crossAccount ? ' (cross-account)' : ''}`);
  const met = caseMet(r);
  const expectation =
    r.expect === undefined
      ? ''
      : met
        ? c.green(` ✓ expected ${r.expect}`)
        : c.red(` ✗ expected ${r.expect}${r.expectReason ? ` (${r.expectReason})` : ''}`);
  const reason = d.reason !== undefined ? ` (${formatReason(d)})` : '';
  line(
    'decision',
    `${paintDecision(d.decision, c)}${reason}, decided by the ${layerLabel(d.decidedBy, action)}.${expectation}`,
  );
  if (!e) return out.join('\n');
  line('why', e.summary);
  // Non-breaking spaces keep the aligned prefixes whole through wrapping; they become spaces at the end.
  const prefix = (m: StatementRef) =>
    `${m.effect === 'Allow' ? c.green('Allow') : c.red('Deny\u00a0')}\u00a0${m.layer.padEnd(9, '\u00a0')}`;
  dedupe(e.matched, (m) => `${m.layer} ${m.policyId} ${m.statementIndex}`).forEach((m, i) => {
    line(i === 0 ? 'matched' : '', `${prefix(m)}${ref(m)}${m.grant ? ` [grant: ${m.grant}]` : ''}`);
  });
  dedupe(e.unmatched, (m) => `${m.layer} ${m.policyId} ${m.statementIndex}`).forEach((m, i) => {
    line(i === 0 ? 'not applied' : '', `${prefix(m)}${ref(m)}: ${missText(m)}`);
  });
  (e.serviceRules ?? []).forEach((s, i) =>
    line(i === 0 ? 'rule' : '', `${s.effect === 'Allow' ? c.green('Allow') : c.red('Deny')} ${s.rule}: ${s.detail}`),
  );
  if (e.missingContextKeys.length > 0) line('missing', c.yellow(e.missingContextKeys.join(', ')));
  const layers = e.layers.map(
    (v, i) => `${layerText(v, c).replace(/ /g, '\u00a0')}${i < e.layers.length - 1 ? ' ·' : ''}`,
  );
  if (layers.length > 0) line('layers', layers.join(' '));
  return out.join('\n').replace(/\u00a0/g, ' ');
}

/** The table of {@link renderTable} with each decision's summary under its row. */
export function renderBrief(cases: readonly RenderedCase[], c: Colours, width: number): string {
  const [header, ...rows] = renderTable(cases, c, width).split('\n');
  const indent = '      ';
  const out = [header ?? ''];
  rows.forEach((row, i) => {
    const d = cases[i]?.decision;
    const why = d?.explanation?.summary ?? (d ? `Decided by the ${layerLabel(d.decidedBy)}.` : '');
    out.push(row, `${indent}${c.dim(wrap(inline(why), Math.max(30, width - indent.length), indent))}`);
  });
  return out.join('\n');
}
