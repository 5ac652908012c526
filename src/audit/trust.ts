/**
 * Trust policies, decided by the engine: for each role, adversarial requests for sts:AssumeRole
 * (and AssumeRoleWithWebIdentity / AssumeRoleWithSAML) are decided in the probe world, and a
 * finding is reported only when the engine admits the probe. The trust policy's JSON is read
 * only to choose which accounts, services and providers to probe with — never to decide.
 */
import { formatReason } from '../evaluate/reasons.js';
import type { Decision } from '../evaluate/decision.js';
import type { Authorizer, AuthorizationRequest } from '../model/authorizer.js';
import type { World } from '../model/world.js';
import { assumeRoleWithSAML, assumeRoleWithWebIdentity } from '../sts/federation.js';
import { accountOfArn } from './attachments.js';
import { CHECKS } from './checks.js';
import { finding, recordPath, type AuditSeverity, type DecidedRequest, type Finding } from './finding.js';
import { principalAccount, probeRoleArn, trustedPrincipals } from './probe-world.js';

/**
 * Services that send `aws:SourceArn` / `aws:SourceAccount` when they assume a role on a
 * customer's behalf, so that a trust without a source condition is open to the confused deputy.
 * EC2 and Lambda execution roles get no source keys and are not probed (a condition on them would
 * break the service). The action catalog will supply this list later.
 */
export const SERVICES_SENDING_SOURCE_KEYS: ReadonlySet<string> = new Set([
  'backup', 'bedrock', 'cloudtrail', 'codebuild', 'config', 'datasync', 'delivery.logs', 'ecs-tasks', 'events', 'firehose',
  'glue', 'logs', 'sagemaker', 'scheduler', 'sns', 'states', 'transfer',
]);

const BUILT_IN_OIDC = new Set(['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com']);

/** A probe value no trust policy can anticipate: derived from the role ARN (reproducible). */
export function probeValue(roleArn: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < roleArn.length; i++) h = Math.imul(h ^ roleArn.charCodeAt(i), 0x01000193) >>> 0;
  return `probe-${h.toString(16).padStart(8, '0')}`;
}

/** Options of {@link checkTrust}. */
export interface TrustOptions {
  readonly time: number;
  readonly unrelatedAccount: string;
  /** The probe world (for the federated calls, which compile it). */
  readonly probeWorld: unknown;
}

/** Whether the trust policy (the resource layer) admitted the request, whatever the caller's side said. */
function trustAdmits(d: Decision): boolean {
  if (d.decision === 'Allow') return true;
  return d.explanation?.layers.some((l) => l.layer === 'resource' && l.verdict === 'allow') === true && d.decidedBy !== 'resource';
}

function decided(request: AuthorizationRequest, d: Decision, probe: string): DecidedRequest {
  return {
    request,
    decision: d.decision,
    decidedBy: d.decidedBy,
    ...(d.reason !== undefined ? { reason: formatReason(d) } : {}),
    ...(d.explanation ? { summary: d.explanation.summary, explanation: d.explanation } : {}),
    probe,
  };
}

/** Runs the trust probes on every role of `world` (service-linked roles excepted). */
export function checkTrust(world: World, authorizer: Authorizer, options: TrustOptions): Finding[] {
  const out: Finding[] = [];
  const org = world.organization;
  const inOrg = (account: string): boolean => {
    const a = world.accounts[account];
    return org !== undefined && a !== undefined && (a.org === org.id || (a.org === undefined && a.parents.length > 0));
  };
  for (const [roleArn, role] of Object.entries(world.roles)) {
    if (role.serviceLinked) continue;
    const where = { worldPath: recordPath('roles', roleArn) };
    const account = accountOfArn(roleArn) ?? '';
    const trusted = trustedPrincipals(role.trustPolicy);
    const externalId = probeValue(roleArn);
    const ask = (principal: string, probe: string, extra: Partial<AuthorizationRequest> = {}): DecidedRequest & { admitted: boolean } => {
      const request: AuthorizationRequest = { principal, action: 'sts:AssumeRole', resource: roleArn, time: options.time, ...extra };
      const d = authorizer.authorize(request, { explain: true, allowOverrides: true });
      return { ...decided(request, d, probe), admitted: trustAdmits(d) };
    };
    const withExternalId = { sts: { RoleSessionName: 'iam-verdict-probe', ExternalId: externalId } };
    const strip = ({ admitted: _a, ...r }: DecidedRequest & { admitted: boolean }): DecidedRequest => r;

    // 1. Anyone: a role of an unrelated account, and an anonymous caller.
    const stranger = probeRoleArn(options.unrelatedAccount);
    const plain = ask(stranger, `a role of the unrelated account ${options.unrelatedAccount}, no ExternalId, MFA or organization`);
    const anonymous = ask('anonymous', 'an anonymous caller');
    if (plain.admitted || anonymous.admitted) {
      out.push(finding(CHECKS.trustAnyPrincipal, roleArn, `the engine lets ${plain.admitted ? `a role of the unrelated account ${options.unrelatedAccount}` : 'an anonymous caller'} assume the role`, { source: 'world', requests: [strip(plain), strip(anonymous)] }, where));
    } else {
      const withId = ask(stranger, `a role of the unrelated account ${options.unrelatedAccount}, with the random ExternalId ${externalId}`, withExternalId);
      if (withId.admitted) {
        out.push(finding(CHECKS.trustExternalIdIneffective, roleArn, `the engine lets a role of any account assume the role with the random ExternalId ${externalId}`, { source: 'world', requests: [strip(plain), strip(withId)] }, { ...where, severity: 'critical' }));
      }
    }

    // 2. The external accounts and principals the trust names.
    const seen = new Set<string>();
    for (const p of trusted.aws) {
      const ext = principalAccount(p);
      if (!ext || ext === account) continue;
      const member = inOrg(ext) && inOrg(account);
      const orgNote = member ? ` (account ${ext} is a member of ${org?.id}, like the role's account)` : ` (account ${ext} is outside the role's organization)`;
      const named = /^arn:[\w-]+:iam::\d{12}:(role|user)\//.test(p);
      const probes: { principal: string; what: string; anyOfAccount: boolean }[] = [{ principal: probeRoleArn(ext), what: `a new role of account ${ext}`, anyOfAccount: true }];
      if (named) probes.push({ principal: p, what: `the named principal ${p}`, anyOfAccount: false });
      for (const probe of probes) {
        if (seen.has(probe.principal)) continue;
        seen.add(probe.principal);
        const d1 = ask(probe.principal, `${probe.what}, no ExternalId, MFA or organization condition`);
        if (d1.admitted) {
          // Any principal of an account outside the organization: high; a named one: medium; inside the organization: low / not reported.
          const severity: AuditSeverity | undefined = probe.anyOfAccount ? (member ? 'low' : 'high') : member ? undefined : 'medium';
          if (severity !== undefined) {
            out.push(finding(CHECKS.trustExternalNoCondition, roleArn, `the engine lets ${probe.what} assume the role without ExternalId, MFA or aws:PrincipalOrgID${orgNote}`, { source: 'world', requests: [strip(d1)] }, { ...where, severity }));
          }
          continue;
        }
        const d2 = ask(probe.principal, `${probe.what}, with the random ExternalId ${externalId}`, withExternalId);
        if (d2.admitted) {
          out.push(finding(CHECKS.trustExternalIdIneffective, roleArn, `the engine lets ${probe.what} assume the role with the random ExternalId ${externalId}${orgNote}`, { source: 'world', requests: [strip(d1), strip(d2)] }, { ...where, severity: member ? 'medium' : 'high' }));
        }
      }
    }

    // 3. Services that send source keys, with a foreign source.
    for (const service of trusted.services) {
      const name = service.replace(/\.amazonaws\.com(\.cn)?$/, '');
      if (!SERVICES_SENDING_SOURCE_KEYS.has(name)) continue;
      const foreign = options.unrelatedAccount;
      const context = {
        'aws:SourceAccount': foreign,
        'aws:SourceArn': `arn:aws:${name}:us-east-1:${foreign}:iam-verdict-probe`,
        'aws:SourceOrgID': 'o-iamverdictprobe',
        'aws:SourceOrgPaths': ['o-iamverdictprobe/r-probe/ou-probe/'],
      };
      const d = ask(service, `${service} acting for the foreign account ${foreign}`, { context });
      if (d.admitted) {
        out.push(finding(CHECKS.trustConfusedDeputy, roleArn, `the engine lets ${service} assume the role on behalf of the foreign account ${foreign} (no aws:SourceAccount, aws:SourceArn or aws:SourceOrgID limit)`, { source: 'world', requests: [strip(d)] }, where));
      }
    }

    // 4. Federated providers: a token or assertion with arbitrary audience and subject.
    for (const provider of trusted.federated) {
      const now = new Date(options.time).toISOString();
      if (provider.includes(':oidc-provider/') || BUILT_IN_OIDC.has(provider)) {
        // STS itself refuses tokens whose aud is not a client id of the provider, so an attacker's
        // token carries a registered audience and its own subject: probe with each audience the
        // world registers (default sts.amazonaws.com, GitHub's), and with an arbitrary one.
        const registered = world.identityProviders[provider]?.audiences ?? ['sts.amazonaws.com'];
        for (const aud of [...registered, `iam-verdict-${externalId}`]) {
          const claims = { sub: `iam-verdict:${externalId}`, aud };
          const result = assumeRoleWithWebIdentity(options.probeWorld, { provider, roleArn, sessionName: 'iam-verdict-probe', claims, now });
          if (!result.ok) continue;
          const request: AuthorizationRequest = { principal: provider, action: 'sts:AssumeRoleWithWebIdentity', resource: roleArn, context: claims, time: options.time };
          const what = aud.startsWith('iam-verdict-') ? `an arbitrary aud "${aud}"` : `the registered aud "${aud}"`;
          out.push(finding(CHECKS.trustOidc, roleArn, `the engine lets a token of ${provider} with ${what} and the arbitrary sub "${claims.sub}" assume the role`, { source: 'world', requests: [{ request, decision: 'Allow', decidedBy: 'resource', probe: 'a web identity token with an arbitrary subject' }] }, where));
          break;
        }
      } else if (provider.includes(':saml-provider/')) {
        const assertion = { sub: `iam-verdict-${externalId}`, sessionName: 'iam-verdict-probe', aud: 'https://iam-verdict-probe.invalid/saml' };
        const result = assumeRoleWithSAML(options.probeWorld, { provider, roleArn, assertion, now });
        if (result.ok) {
          const request: AuthorizationRequest = { principal: provider, action: 'sts:AssumeRoleWithSAML', resource: roleArn, context: { 'saml:aud': assertion.aud, 'saml:sub': assertion.sub }, time: options.time };
          out.push(finding(CHECKS.trustSaml, roleArn, `the engine lets a SAML assertion of ${provider} with the foreign audience ${assertion.aud} assume the role`, { source: 'world', requests: [{ request, decision: 'Allow', decidedBy: 'resource', probe: 'a SAML assertion with an arbitrary audience' }] }, where));
        }
      }
    }
  }
  return out;
}
