/**
 * A decision as text for test output: the outcome, the summary, and the statements behind it.
 */
import { formatReason } from '../evaluate/reasons.js';
import type { Decision, StatementMiss, StatementRef } from '../evaluate/decision.js';

function ref(s: StatementRef): string {
  return `${s.layer} ${s.policyId} statement ${s.statementIndex}${s.sid ? ` (${s.sid})` : ''}`;
}

function miss(s: StatementMiss): string {
  const c = s.condition;
  const why =
    s.failed === 'condition' && c
      ? `condition ${c.operator} ${c.key} ${JSON.stringify(c.values)} was false (request: ${c.missing ? 'key absent' : JSON.stringify(c.requestValue)})`
      : `${s.failed} did not match`;
  return `${ref(s)} [${s.effect}]: ${why}`;
}

/**
 * Describes a decision on several lines (the explanation when the decision carries one).
 *
 * @example
 * ```ts
 * import { evaluate } from 'iam-verdict';
 * import { describeDecision } from 'iam-verdict/testing';
 *
 * const decision = evaluate({
 *   principal: 'arn:aws:iam::111111111111:user/ann',
 *   action: 's3:GetObject',
 *   resource: 'arn:aws:s3:::b/k',
 *   policies: { identity: [] },
 *   explain: true,
 * });
 * console.log(describeDecision(decision).split('\n')[0]);
 * ```
 */
export function describeDecision(d: Decision): string {
  const head = `${d.decision} (decided by ${d.decidedBy}${d.reason ? `, ${formatReason(d)}` : ''})`;
  const e = d.explanation;
  if (!e) return head;
  const lines = [head, e.summary];
  const layers = e.layers.filter((l) => l.verdict !== 'absent' && l.verdict !== 'not-applicable');
  if (layers.length > 0)
    lines.push(`layers: ${layers.map((l) => `${l.layer}${l.level ? `@${l.level}` : ''}=${l.verdict}`).join(', ')}`);
  for (const m of e.matched.slice(0, 10)) lines.push(`applied: ${ref(m)} [${m.effect}]`);
  for (const m of e.unmatched.slice(0, 10)) lines.push(`not applied: ${miss(m)}`);
  if (e.missingContextKeys.length > 0)
    lines.push(`context keys the policies use but the request lacks: ${e.missingContextKeys.join(', ')}`);
  return lines.join('\n');
}
