/**
 * API Gateway resource policies may name the API's own methods as `execute-api:/stage/METHOD/path`;
 * API Gateway replaces the `execute-api:/` prefix with the API's ARN when it stores the policy
 * (SAM and the AWS examples for private APIs write `execute-api:/*`). The importer does the same
 * before checking the document, which otherwise rejects the text as "not an ARN".
 */
import { isObject } from './input.js';

const PREFIX = 'execute-api:/';

/**
 * The document with each `execute-api:/…` Resource or NotResource written as
 * `<api ARN without "/*">/…`. A document given as JSON text is parsed; anything else is returned
 * unchanged.
 */
export function expandExecuteApiShorthand(document: unknown, apiArn: string): unknown {
  const base = apiArn.endsWith('/*') ? apiArn.slice(0, -2) : apiArn;
  let value = document;
  if (typeof document === 'string') {
    if (!document.includes(PREFIX)) return document;
    try {
      value = JSON.parse(document) as unknown;
    } catch {
      return document;
    }
  }
  if (!isObject(value)) return document;
  const expand = (r: unknown): unknown =>
    typeof r === 'string' && r.startsWith(PREFIX)
      ? `${base}/${r.slice(PREFIX.length)}`
      : Array.isArray(r)
        ? r.map(expand)
        : r;
  const statement = (s: unknown): unknown => {
    if (!isObject(s)) return s;
    const out: Record<string, unknown> = { ...s };
    if (s.Resource !== undefined) out.Resource = expand(s.Resource);
    if (s.NotResource !== undefined) out.NotResource = expand(s.NotResource);
    return out;
  };
  const list = value.Statement;
  return { ...value, Statement: Array.isArray(list) ? list.map(statement) : statement(list) };
}
