/**
 * The IAM credential report (`aws iam get-credential-report`, the decoded CSV): one row per user
 * plus the `<root_account>` row. Read by a small CSV reader (RFC 4180 quoting) that never throws:
 * problems come back as data with their line numbers. Missing values (`N/A`, `no_information`,
 * `not_supported`, empty) become `undefined`.
 */

/** One problem in the report. */
export interface ReportIssue {
  readonly line: number;
  readonly message: string;
}

/** An access key column group (`access_key_1_…`). */
export interface ReportKey {
  readonly index: 1 | 2;
  readonly active: boolean;
  readonly lastRotated?: number;
  readonly lastUsed?: number;
  readonly lastUsedRegion?: string;
  readonly lastUsedService?: string;
}

/** A signing certificate column group (`cert_1_…`). */
export interface ReportCertificate {
  readonly index: 1 | 2;
  readonly active: boolean;
  readonly lastRotated?: number;
}

/** One row of the report. */
export interface ReportRow {
  /** 1-based line number in the CSV text. */
  readonly line: number;
  readonly user: string;
  readonly arn: string;
  readonly isRoot: boolean;
  readonly created?: number;
  /** `undefined` for the root row (`not_supported`). */
  readonly passwordEnabled?: boolean;
  readonly passwordLastUsed?: number;
  readonly passwordLastChanged?: number;
  readonly mfaActive: boolean;
  readonly keys: readonly ReportKey[];
  readonly certificates: readonly ReportCertificate[];
}

/** The parsed report. */
export interface CredentialReport {
  readonly ok: boolean;
  readonly rows: readonly ReportRow[];
  /** Rows or cells that could not be read (the rest of the report is still used). */
  readonly issues: readonly ReportIssue[];
}

/** The columns a report must have. */
export const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'password_enabled',
  'mfa_active',
  'access_key_1_active',
  'access_key_2_active',
] as const;

const MISSING = new Set(['', 'n/a', 'no_information', 'not_supported']);
/** Rows beyond this are ignored (bounded memory); IAM allows 5,000 users per account. */
const MAX_ROWS = 1_000_000;

/** Splits CSV text into records of fields, with the line each record starts on. Linear time. */
export function readCsv(text: string): { records: { line: number; fields: string[] }[]; issues: ReportIssue[] } {
  const records: { line: number; fields: string[] }[] = [];
  const issues: ReportIssue[] = [];
  let fields: string[] = [];
  let line = 1;
  let start = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const endRecord = () => {
    if (!(fields.length === 1 && fields[0] === '') && records.length <= MAX_ROWS) records.push({ line: start, fields });
    fields = [];
  };
  while (i <= n) {
    if (i === n) {
      // End of text: a last record without a line break.
      if (fields.length > 0) endRecord();
      break;
    }
    let field: string;
    if (text.charCodeAt(i) === 0x22 /* " */) {
      // A quoted field: segments between doubled quotes; newlines inside count as lines.
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          issues.push({ line: start, message: 'a quoted field is not closed before the end of the file' });
          value += text.slice(j);
          j = n;
          break;
        }
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 0x22) {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      // Line breaks inside the field (\r\n, \n or a lone \r, as between records) move the line on.
      for (let k = 0; k < value.length; k++) {
        const c = value.charCodeAt(k);
        if (c === 0x0a || (c === 0x0d && value.charCodeAt(k + 1) !== 0x0a)) line++;
      }
      // Anything between the closing quote and the next separator is kept, as most readers do.
      let e = j;
      while (e < n && text[e] !== ',' && text[e] !== '\n' && text[e] !== '\r') e++;
      field = value + text.slice(j, e);
      i = e;
    } else {
      let e = i;
      while (e < n && text[e] !== ',' && text[e] !== '\n' && text[e] !== '\r') e++;
      field = text.slice(i, e);
      i = e;
    }
    fields.push(field);
    if (i >= n) continue;
    const ch = text[i];
    if (ch === ',') {
      i++;
      if (i === n) fields.push('');
      continue;
    }
    // A line break: \r\n, \n or \r.
    i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    endRecord();
    line++;
    start = line;
  }
  return { records, issues };
}

/** Parses the text of a credential report. Never throws. */
export function parseCredentialReport(text: unknown): CredentialReport {
  if (typeof text !== 'string')
    return { ok: false, rows: [], issues: [{ line: 0, message: 'the credential report is not text' }] };
  const { records, issues } = readCsv(text);
  const header = records[0];
  if (!header)
    return { ok: false, rows: [], issues: [...issues, { line: 1, message: 'the credential report is empty' }] };
  const columns = new Map(header.fields.map((name, i) => [name.trim().toLowerCase(), i]));
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    issues.push({
      line: header.line,
      message: `the header lacks column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: is this the output of aws iam get-credential-report (base64-decoded)?`,
    });
    return { ok: false, rows: [], issues };
  }
  if (records.length > MAX_ROWS) issues.push({ line: 0, message: `only the first ${MAX_ROWS} rows were read` });
  const rows: ReportRow[] = [];
  for (const record of records.slice(1, MAX_ROWS + 1)) {
    const row = readRow(record, columns, issues);
    if (row) rows.push(row);
  }
  return { ok: issues.length === 0, rows, issues };
}

function readRow(
  record: { line: number; fields: string[] },
  columns: Map<string, number>,
  issues: ReportIssue[],
): ReportRow | undefined {
  const { line, fields } = record;
  const cell = (name: string): string | undefined => {
    const i = columns.get(name);
    const v = i === undefined ? undefined : fields[i]?.trim();
    return v === undefined || MISSING.has(v.toLowerCase()) ? undefined : v;
  };
  const bool = (name: string): boolean | undefined => {
    const v = cell(name)?.toLowerCase();
    if (v === undefined) return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    issues.push({ line, message: `${name} is ${JSON.stringify(v)}, not true or false; read as false` });
    return false;
  };
  const date = (name: string): number | undefined => {
    const v = cell(name);
    if (v === undefined) return undefined;
    const ms = /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
    if (Number.isNaN(ms)) {
      issues.push({ line, message: `${name} is ${JSON.stringify(v)}, not an ISO 8601 date-time; ignored` });
      return undefined;
    }
    return ms;
  };
  if (fields.length !== columns.size) {
    issues.push({ line, message: `the row has ${fields.length} fields, the header ${columns.size}; skipped` });
    return undefined;
  }
  const user = cell('user');
  const arn = cell('arn');
  if (user === undefined || arn === undefined) {
    issues.push({ line, message: 'the row has no user or arn; skipped' });
    return undefined;
  }
  const keys: ReportKey[] = [];
  const certificates: ReportCertificate[] = [];
  for (const index of [1, 2] as const) {
    const k = `access_key_${index}_`;
    const lastRotated = date(`${k}last_rotated`);
    const lastUsed = date(`${k}last_used_date`);
    const region = cell(`${k}last_used_region`);
    const service = cell(`${k}last_used_service`);
    const active = bool(`${k}active`) ?? false;
    if (active || lastRotated !== undefined) {
      keys.push({
        index,
        active,
        ...(lastRotated !== undefined ? { lastRotated } : {}),
        ...(lastUsed !== undefined ? { lastUsed } : {}),
        ...(region !== undefined ? { lastUsedRegion: region } : {}),
        ...(service !== undefined ? { lastUsedService: service } : {}),
      });
    }
    const c = `cert_${index}_`;
    const certActive = bool(`${c}active`) ?? false;
    const certRotated = date(`${c}last_rotated`);
    if (certActive || certRotated !== undefined)
      certificates.push({
        index,
        active: certActive,
        ...(certRotated !== undefined ? { lastRotated: certRotated } : {}),
      });
  }
  const created = date('user_creation_time');
  const passwordEnabled = bool('password_enabled');
  const passwordLastUsed = date('password_last_used');
  const passwordLastChanged = date('password_last_changed');
  return {
    line,
    user,
    arn,
    isRoot: user === '<root_account>',
    ...(created !== undefined ? { created } : {}),
    ...(passwordEnabled !== undefined ? { passwordEnabled } : {}),
    ...(passwordLastUsed !== undefined ? { passwordLastUsed } : {}),
    ...(passwordLastChanged !== undefined ? { passwordLastChanged } : {}),
    mfaActive: bool('mfa_active') ?? false,
    keys,
    certificates,
  };
}
