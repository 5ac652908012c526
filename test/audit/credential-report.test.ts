import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCredentialReport, readCsv } from '../../src/audit/credential-report.js';
import { fixtureText } from './helpers.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active';

describe('the credential report reader', () => {
  it('reads every row of a real-shaped report, with its line', () => {
    const r = parseCredentialReport(fixtureText('credential-report.csv'));
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.rows.map((x) => [x.user, x.line])).toEqual([
      ['<root_account>', 2],
      ['alice', 3],
      ['bob', 4],
      ['carol', 5],
      ['dave', 6],
      ['erin', 7],
      ['frank', 8],
      ['grace', 9],
      ['heidi', 10],
    ]);
    const root = r.rows[0];
    expect(root?.isRoot).toBe(true);
    // 'not_supported' is not a value: the root row has no password_enabled.
    expect(root?.passwordEnabled).toBeUndefined();
    expect(root?.keys).toEqual([
      {
        index: 1,
        active: true,
        lastRotated: Date.parse('2019-01-01T10:00:00Z'),
        lastUsed: Date.parse('2025-05-30T10:00:00Z'),
        lastUsedRegion: 'us-east-1',
        lastUsedService: 's3',
      },
    ]);
    const heidi = r.rows.find((x) => x.user === 'heidi');
    // 'no_information' is not a date.
    expect(heidi?.passwordLastUsed).toBeUndefined();
    expect(heidi?.passwordEnabled).toBe(true);
    // An inactive key that was once rotated is kept (with active: false); a never-created one is not.
    expect(r.rows.find((x) => x.user === 'grace')?.keys.map((k) => [k.index, k.active])).toEqual([[1, false]]);
  });

  it('reads RFC 4180 quoting: commas, doubled quotes and newlines inside fields', () => {
    const { records, issues } = readCsv('a,b,c\r\n"x,1","say ""hi""","two\nlines"\nlast,,\n');
    expect(issues).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x,1', 'say "hi"', 'two\nlines'] },
      { line: 4, fields: ['last', '', ''] },
    ]);
  });

  it('reports problems as data with their line numbers, and keeps the good rows', () => {
    const text = [
      HEADER,
      'ok,arn:aws:iam::111111111111:user/ok,2025-01-01T00:00:00+00:00,true,N/A,true,false,N/A,N/A,false',
      'short,arn:aws:iam::111111111111:user/short',
      'baddate,arn:aws:iam::111111111111:user/baddate,yesterday,maybe,N/A,true,false,N/A,N/A,false',
      ',,,,,,,,,',
    ].join('\n');
    const r = parseCredentialReport(text);
    expect(r.ok).toBe(false);
    expect(r.rows.map((x) => x.user)).toEqual(['ok', 'baddate']);
    expect(r.issues).toEqual([
      { line: 3, message: 'the row has 2 fields, the header 10; skipped' },
      { line: 4, message: 'user_creation_time is "yesterday", not an ISO 8601 date-time; ignored' },
      { line: 4, message: 'password_enabled is "maybe", not true or false; read as false' },
      { line: 5, message: 'the row has no user or arn; skipped' },
    ]);
  });

  it('says what is missing from a file that is not a credential report', () => {
    expect(parseCredentialReport('')).toEqual({
      ok: false,
      rows: [],
      issues: [{ line: 1, message: 'the credential report is empty' }],
    });
    const r = parseCredentialReport('name,email\nalice,a@example.com\n');
    expect(r.ok).toBe(false);
    expect(r.issues[0]?.message).toMatch(
      /^the header lacks columns user, arn, password_enabled, mfa_active, access_key_1_active, access_key_2_active: is this the output of aws iam get-credential-report/,
    );
    expect(parseCredentialReport(42 as unknown as string).issues[0]?.message).toBe('the credential report is not text');
    expect(readCsv('a,"open').issues).toEqual([
      { line: 1, message: 'a quoted field is not closed before the end of the file' },
    ]);
  });

  it('reads back what an RFC 4180 writer wrote (round trip), with the line each record starts on', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', 'é') });
    const record = fc.array(cell, { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
        const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
        const { records, issues } = readCsv(text);
        expect(issues).toEqual([]);
        expect(records.map((r) => r.fields)).toEqual(rows);
        let line = 1;
        records.forEach((r, i) => {
          expect(r.line).toBe(line);
          // Each line break inside a field (\r\n, \n or a lone \r) counts once.
          line += 1 + (rows[i] ?? []).reduce((n, f) => n + f.split(/\r\n|\n|\r/).length - 1, 0);
        });
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', 'N/A', 'true', '2025-01-01T00:00:00Z', ' ') }),
        (body) => {
          const r = parseCredentialReport(`${HEADER}\n${body}`);
          const lines = 1 + body.split(/\r\n|\r|\n/).length;
          // Every row read has a user and an ARN and a line inside the text; so has every issue.
          for (const row of r.rows) {
            expect(row.user.length * row.arn.length).toBeGreaterThan(0);
            expect(row.line).toBeGreaterThanOrEqual(2);
            expect(row.line).toBeLessThanOrEqual(lines);
          }
          for (const i of r.issues) {
            expect(i.line).toBeGreaterThanOrEqual(1);
            expect(i.line).toBeLessThanOrEqual(lines);
          }
          expect(r.ok).toBe(r.issues.length === 0);
        },
      ),
    );
  });
});
