/**
 * Policy checks that need to know AWS: with the service authorization catalog, a parsed policy is
 * checked for unknown services and actions (with did-you-mean), actions whose resource types none
 * of the statement's resources can match, actions that only take `*` given specific resources,
 * ARNs that fit no resource type, unknown service condition keys, operators of the wrong type for
 * their key, and the common security warnings. Findings use IAM Access Analyzer's four severities.
 */
import { arnPatternsIntersect, compileArnPattern } from '../catalog/arn-format.js';
import { resourceTypePattern, type CatalogAction, type ServiceCatalog } from '../catalog/catalog.js';
import { didYouMean } from '../catalog/did-you-mean.js';
import type { Policy, Statement } from '../policy/ast.js';
import { joinPath, type Issue } from '../policy/issues.js';
import type { PolicyAttachment } from '../policy/attachments.js';
import type { IssueCode } from '../json/issue-codes.js';

/** IAM Access Analyzer's finding severities. */
export type FindingSeverity = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** A lint finding: an {@link Issue} (`error` for ERROR, `warning` otherwise) with its Access Analyzer severity. */
export interface LintFinding extends Issue {
  readonly finding: FindingSeverity;
  /** The date of the catalog the finding is based on. */
  readonly catalogDate: string;
}

/** Options of {@link lintPolicy}. */
export interface LintOptions {
  /**
   * How the policy is attached. AWS writes AWS managed policies and IAM accepts any action name, so
   * for `aws-managed` an action the catalog lacks is a WARNING, not an ERROR.
   */
  readonly attachment?: PolicyAttachment;
}

const PASS_ROLE = compileArnPattern('iam:passrole', true);

/** Operator families and the catalog key types each compares. */
function operatorFits(base: string, type: string): boolean {
  const t = type.replace(/^ArrayOf/, '');
  if (base === 'Null') return true;
  if (base.startsWith('String')) return t === 'String' || t === 'ARN';
  if (base.startsWith('Numeric')) return t === 'Numeric';
  if (base.startsWith('Date')) return t === 'Date';
  if (base === 'Bool') return t === 'Bool';
  if (base === 'IpAddress' || base === 'NotIpAddress') return t === 'IPAddress';
  // AWS compares Arn… operators on any string key (an encryption context holding an ARN).
  if (base.startsWith('Arn')) return t === 'ARN' || t === 'String';
  return true; // BinaryEquals and anything the catalog does not type
}

/** The operators that suit a key type, for the message. */
function operatorsFor(type: string): string {
  const t = type.replace(/^ArrayOf/, '');
  return (
    (
      {
        String: 'String…',
        ARN: 'Arn… (or String…)',
        Numeric: 'Numeric…',
        Date: 'Date…',
        Bool: 'Bool',
        IPAddress: 'IpAddress/NotIpAddress',
      } as Record<string, string>
    )[t] ?? 'another operator'
  );
}

function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** Checks a parsed policy against the service catalog. Never throws. */
export function lintPolicy(policy: Policy, catalog: ServiceCatalog, options: LintOptions = {}): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (finding: FindingSeverity, code: IssueCode, path: string, message: string) => {
    if (out.length < 500)
      out.push({
        severity: finding === 'ERROR' ? 'error' : 'warning',
        finding,
        code,
        path,
        message,
        catalogDate: catalog.date,
      });
  };
  try {
    policy.statements.forEach((s) =>
      lintStatement(s, policy.statementIsArray ? joinPath('Statement', s.index) : 'Statement', catalog, options, add),
    );
  } catch (e) {
    add('WARNING', 'lint-failed', '', `the catalog checks could not finish: ${String(e)}`);
  }
  return out;
}

type Add = (finding: FindingSeverity, code: IssueCode, path: string, message: string) => void;

function lintStatement(s: Statement, path: string, catalog: ServiceCatalog, options: LintOptions, add: Add): void {
  const unknownSeverity: FindingSeverity = options.attachment === 'aws-managed' ? 'WARNING' : 'ERROR';
  const actionElement = s.action.not ? 'NotAction' : 'Action';
  const at = (element: string, wasArray: boolean, i: number) =>
    wasArray ? joinPath(joinPath(path, element), i) : joinPath(path, element);
  const explicit: { action: CatalogAction; path: string }[] = [];

  // Actions: do they exist?
  s.action.values.forEach((value, i) => {
    const p = at(actionElement, s.action.wasArray, i);
    if (value === '*') return;
    const colon = value.indexOf(':');
    if (colon <= 0) return; // the grammar checks reported it
    const prefix = value.slice(0, colon);
    if (hasWildcard(prefix)) return;
    const service = catalog.service(prefix);
    if (!service) {
      const near = didYouMean(prefix, catalog.services);
      add(
        unknownSeverity,
        'unknown-service',
        p,
        `AWS has no service "${prefix}"${near ? ` (did you mean "${near}"?)` : ''}, so ${value} matches no action`,
      );
      return;
    }
    const name = value.slice(colon + 1);
    if (hasWildcard(name)) {
      const pattern = compileArnPattern(name.toLowerCase());
      if (!service.actions.some((a) => arnPatternsIntersect(pattern, compileArnPattern(a.name.toLowerCase(), true)))) {
        add('WARNING', 'action-pattern-matches-nothing', p, `${value} matches no action of ${service.name}`);
      }
      return;
    }
    const action = service.action(name);
    if (!action) {
      const near = didYouMean(
        name,
        service.actions.map((a) => a.name),
      );
      add(
        unknownSeverity,
        'unknown-action',
        p,
        `${service.name} has no action ${value}${near ? ` (did you mean "${service.prefix}:${near}"?)` : ''}`,
      );
      return;
    }
    if (!s.action.not) explicit.push({ action, path: p });
  });

  // Resources: the right ARNs for the actions?
  const resources = s.resource && !s.resource.not ? s.resource.values : undefined;
  if (resources && !resources.includes('*')) {
    resources.forEach((r, i) => {
      const p = at('Resource', s.resource?.wasArray ?? false, i);
      if (!r.startsWith('arn:')) return;
      let colons = 0;
      for (const c of r) if (c === ':') colons++;
      // A wildcard could stand for the missing colons, unless the last field already holds a
      // resource path (`arn:aws:s3::my-bucket/*`: the account field cannot hold a `/`).
      const last = r.slice(r.lastIndexOf(':') + 1);
      if (colons < 5 && (!hasWildcard(r) || last.split(/[*?]/)[0]?.includes('/')))
        add(
          'ERROR',
          'malformed-arn',
          p,
          `${r} is not an ARN: an ARN has six parts, arn:partition:service:region:account:resource (an S3 bucket is arn:aws:s3:::bucket-name)`,
        );
    });
    for (const { action, path: p } of explicit) {
      if (action.resourceTypes.length === 0) {
        add(
          'WARNING',
          'action-takes-only-star',
          p,
          `${action.fullName} does not act on specific resources: it needs "Resource": "*" (in its own statement), so this statement never allows or denies it`,
        );
        continue;
      }
      if (!resources.some((r) => catalog.patternFits(action, r))) {
        const types = action.resourceTypes.map((t) => `${t.name} (${t.arn})`).join(', ');
        add(
          'WARNING',
          'resource-type-mismatch',
          p,
          `none of the statement's resources is a resource of ${action.fullName}, which acts on ${types}; the statement never applies to it`,
        );
      }
    }
    // Resources that fit no resource type of their service, when the statement names its actions.
    if (explicit.length > 0) {
      resources.forEach((r, i) => {
        const p = at('Resource', s.resource?.wasArray ?? false, i);
        const service = r.startsWith('arn:') ? r.split(':')[2] : undefined;
        if (service === undefined || hasWildcard(service)) return;
        const own = explicit.filter((e) => e.action.service.toLowerCase() === service.toLowerCase());
        if (own.length === 0) return;
        const svc = catalog.service(service);
        if (!svc || svc.resourceTypes.length === 0) return;
        const pattern = compileArnPattern(r);
        if (
          !svc.resourceTypes.some((t) => {
            const format = resourceTypePattern(t);
            return format !== undefined && arnPatternsIntersect(format, pattern);
          })
        ) {
          add(
            'WARNING',
            'arn-fits-no-resource-type',
            p,
            `${r} fits no resource type of ${svc.name} (e.g. ${svc.resourceTypes
              .slice(0, 2)
              .map((t) => t.arn)
              .join(', ')})`,
          );
        }
      });
    }
  }

  // Condition keys of known services: do they exist, and does the operator suit their type?
  for (const c of s.conditions) {
    const p = joinPath(joinPath(joinPath(path, 'Condition'), c.operator), c.key);
    const colon = c.key.indexOf(':');
    if (colon <= 0) continue;
    const prefix = c.key.slice(0, colon).toLowerCase();
    if (prefix === 'aws') continue; // global keys are checked by the policy grammar
    const svc = catalog.service(prefix);
    if (!svc) continue;
    const key = svc.conditionKey(c.key);
    if (!key) {
      const near = didYouMean(
        c.key,
        svc.conditionKeys.map((k) => k.key),
      );
      add(
        'WARNING',
        'unknown-condition-key',
        p,
        `${svc.name} has no condition key ${c.key}${near ? ` (did you mean "${near}"?)` : ''}; the condition never matches a request`,
      );
      continue;
    }
    if (!operatorFits(c.base, key.type)) {
      add(
        'WARNING',
        'operator-type-mismatch',
        p,
        `${c.key} holds ${key.type} values, but ${c.base} compares ${c.base.replace(/(Not)?(Equals|Like|LessThan|GreaterThan).*$/, '').toLowerCase() || 'other'} values; use ${operatorsFor(key.type)}`,
      );
    }
  }

  // Security warnings.
  if (s.effect === 'Allow') {
    if (s.action.not)
      add(
        'SECURITY_WARNING',
        'allow-with-not-action',
        joinPath(path, 'NotAction'),
        'Allow with NotAction allows every action not listed, including those AWS adds later; list the allowed actions instead',
      );
    if (s.resource?.not)
      add(
        'SECURITY_WARNING',
        'allow-with-not-resource',
        joinPath(path, 'NotResource'),
        'Allow with NotResource allows the actions on every resource not listed, including new ones; list the allowed resources instead',
      );
    const starResource = s.resource !== undefined && !s.resource.not && s.resource.values.includes('*');
    if (starResource && !s.action.not) {
      const i = s.action.values.findIndex((v) => arnPatternsIntersect(compileArnPattern(v.toLowerCase()), PASS_ROLE));
      if (i >= 0) {
        add(
          'SECURITY_WARNING',
          'pass-role-with-star-in-resource',
          at(actionElement, s.action.wasArray, i),
          `${s.action.values[i]} allows iam:PassRole on every role ("Resource": "*"): the principal can hand any role, including admin roles, to a service; name the roles it may pass and add an iam:PassedToService condition`,
        );
      }
    }
  }
}
