import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { audit, formatAuditText, toJUnit, toSarif, ALL_CHECKS, type Finding } from '../../src/audit/index.js';
import { fixture, fixtureText, NOW } from './helpers.js';

function allFindings(): Finding[] {
  const r = audit(fixture('estate-posture.world.json'), {
    time: NOW,
    credentialReport: fixtureText('credential-report.csv'),
    passwordPolicy: fixture('password-policy-weak.json'),
  });
  const t = audit(fixture('trust.world.json'), { time: NOW });
  if (!r.ok || !t.ok) throw new Error('audit failed');
  return [...r.findings, ...t.findings];
}
const findings = allFindings();

describe('SARIF 2.1.0', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // uri, uri-reference and date-time are checked too, not ignored.
  addFormats(ajv);
  const validate = ajv.compile(fixture('sarif-schema-2.1.0.json') as object);

  it('validates against the OASIS SARIF 2.1.0 schema, with and without physical locations', () => {
    const located = toSarif(findings, {
      toolVersion: '0.1.0',
      locate: (f) =>
        f.worldPath ? { uri: 'worlds/estate.world.json', line: 12, column: 5 } : { uri: 'report.csv', line: 3 },
    });
    expect(validate(located), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate(toSarif(findings)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate(toSarif([])), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('the schema check can fail: a result without a message, or a bad URI, is refused', () => {
    const log = toSarif(findings.slice(0, 1)) as { runs: { results: Record<string, unknown>[] }[] };
    delete log.runs[0]?.results[0]?.message;
    expect(validate(log)).toBe(false);
    expect(validate(toSarif(findings.slice(0, 1), { locate: () => ({ uri: 'a b\\c:%%' }) }))).toBe(false);
  });

  it('has one rule per check with help text, and results that name their rule and the ARN', () => {
    const log = toSarif(findings) as {
      runs: {
        tool: { driver: { rules: { id: string; help: { text: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
        }[];
      }[];
    };
    const run = log.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(ALL_CHECKS.map((c) => c.id));
    for (const r of run?.tool.driver.rules ?? []) expect(r.help.text).toContain('Remediation:');
    expect(run?.results.length).toBe(findings.length);
    run?.results.forEach((res, i) => {
      const f = findings[i] as Finding;
      expect(res.ruleId).toBe(f.checkId);
      expect(run.tool.driver.rules[res.ruleIndex]?.id).toBe(f.checkId);
      expect(res.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe(f.arn);
      expect(res.level).toBe(
        { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }[f.severity],
      );
    });
  });
});

describe('JUnit XML', () => {
  const xml = toJUnit(findings);

  it('has one suite per check, a failing case per finding and a passing case per clean check', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="iam-verdict audit"')).toBe(true);
    expect(xml.match(/<testsuite /g)?.length).toBe(ALL_CHECKS.length);
    expect(xml.match(/<failure /g)?.length).toBe(findings.length);
    const clean = ALL_CHECKS.filter((c) => !findings.some((f) => f.checkId === c.id)).length;
    expect(xml.match(/<testcase [^>]*\/>/g)?.length ?? 0).toBe(clean);
    expect(xml).toContain(`failures="${findings.length}"`);
  });

  it('escapes XML in names and messages', () => {
    const f = {
      ...(findings[0] as Finding),
      arn: 'arn:aws:iam::111111111111:user/a&b<c>"d"',
      message: "it's <bad> & \u0001wrong",
    };
    const x = toJUnit([f]);
    expect(x).toContain('name="arn:aws:iam::111111111111:user/a&amp;b&lt;c&gt;&quot;d&quot;"');
    expect(x).toContain('message="it&apos;s &lt;bad&gt; &amp; wrong"');
  });
});

describe('the readable report', () => {
  it('groups by severity, most severe first, with evidence, fix and references', () => {
    const text = formatAuditText(findings, { time: '2025-06-01T12:00:00.000Z' });
    const headings = [...text.matchAll(/^(CRITICAL|HIGH|MEDIUM|LOW|INFO) \(\d+\)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
    expect(text).toMatch(
      /^iam-verdict audit as of 2025-06-01T12:00:00.000Z: \d+ findings \(\d+ critical, \d+ high, \d+ medium, \d+ low, 0 info\)\n/,
    );
    expect(text).toContain('  IAM.ROOT_ACCESS_KEYS  arn:aws:iam::111111111111:root\n');
    expect(text).toContain('      credential report line 2\n');
    expect(text).toContain(
      '    see: CIS v3.0 1.4 · CIS v5.0 1.3 · CIS v7.0 2.4 · Security Hub IAM.4 · Prowler iam_no_root_access_key\n',
    );
    expect(text).toMatch(
      / {6}Allow {8}arn:aws:iam::999988887777:role\/iam-verdict-probe → sts:AssumeRole on arn:aws:iam::111111111111:role\/OpenToAll \[decided by /,
    );
  });

  it('says so when there is nothing to report', () => {
    expect(formatAuditText([])).toBe('iam-verdict audit: 0 findings (0 critical, 0 high, 0 medium, 0 low, 0 info)\n');
  });
});
