/**
 * Trust policies, decided by the engine: for each role, the analysis layer's who-can of
 * `sts:AssumeRole` on the role (in the probe world) gives every principal that can assume it with
 * its residual condition over request-time keys; a finding is reported only when that residual
 * holds for an attacker's choice of the keys. Web identity and SAML trust are decided by the
 * federation calls with adversarial tokens (see step 4). The trust policy's JSON is read only to
 * choose which answers to judge — never to decide.
 */
import { formatReason } from '../evaluate/reasons.js';
import type { Decision } from '../evaluate/decision.js';
import type { AuthorizationRequest } from '../model/authorizer.js';
import type { Analysis } from '../analysis/analysis.js';
import type { ConditionalDecision } from '../analysis/conditional.js';
import { AtomOracle } from '../analysis/residual.js';
import type { World } from '../model/world.js';
import { assumeRoleWithSAML, assumeRoleWithWebIdentity } from '../sts/federation.js';
import { accountOfArn } from './attachments.js';
import { CHECKS } from './checks.js';
import { finding, recordPath, type AuditSeverity, type DecidedRequest, type Finding } from './finding.js';
import { principalAccount, probeRoleArn, trustedPrincipals } from './probe-world.js';
import type { WorldInput } from '../model/world.js';

/**
 * Services that send `aws:SourceArn` / `aws:SourceAccount` when they assume a role on a
 * customer's behalf, so that a trust without a source condition is open to the confused deputy.
 * EC2 and Lambda execution roles get no source keys and are not probed (a condition on them would
 * break the service). The action catalog will supply this list later.
 */
export const SERVICES_SENDING_SOURCE_KEYS: ReadonlySet<string> = new Set([
  'backup',
  'bedrock',
  'cloudtrail',
  'codebuild',
  'config',
  'datasync',
  'delivery.logs',
  'ecs-tasks',
  'events',
  'firehose',
  'glue',
  'logs',
  'sagemaker',
  'scheduler',
  'sns',
  'states',
  'transfer',
]);

const BUILT_IN_OIDC = new Set([
  'cognito-identity.amazonaws.com',
  'www.amazon.com',
  'graph.facebook.com',
  'accounts.google.com',
]);

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
  readonly probeWorld: WorldInput;
}

/** The request of one concrete assignment of the residual's keys, decided by the engine: the finding's proof. */
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

/** The who-can answer as evidence text: `Allow`, or `Allow if <residual>`. */
function whoCanText(d: ConditionalDecision): string {
  return d.verdict === 'Allow' ? 'Allow (no condition)' : d.verdict === 'Deny' ? 'Deny' : `Allow if ${d.text}`;
}

/**
 * Decides the trust checks of every role (service-linked roles excepted) by asking the analysis
 * layer who (among the outside principals the checks judge) can `sts:AssumeRole` the role in
 * the probe world (whose probe principals allow everything, so that only the trust decides): each
 * principal comes back with a conditional
 * decision, `Allow if φ` with φ a residual over request-time keys (`sts:ExternalId`,
 * `aws:MultiFactorAuthPresent`, `aws:SourceArn`, …). A check holds when φ holds for an attacker's
 * choice of those keys (no ExternalId, MFA absent, a random ExternalId, a foreign source), the atoms
 * decided by the engine; the residual is the finding's evidence (`who_can`), next to the engine's
 * decision of the concrete request.
 */
export function checkTrust(world: World, analysis: Analysis, options: TrustOptions): Finding[] {
  const out: Finding[] = [];
  const authorizer = analysis.authorizer;
  const oracle = new AtomOracle();
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
    // Who can assume the role, in one step, among the principals the checks judge: the probe
    // roles of the unrelated account and of each external account the trust names, the named
    // external principals, the trusted services (`service:<name>`, as who-can names them) and
    // anonymous. Each is the conditional decision `Analysis.whoCan` gives that principal (a test
    // compares them); `whoCan` itself is not called because it decides every principal of the
    // world for each role — the big world's 12,000 users and roles for each of its 2,000 roles,
    // 108 s of CPU on the bench against about 11 s for the candidates alone.
    const candidates = new Set<string>([
      probeRoleArn(options.unrelatedAccount),
      'anonymous',
      ...trusted.services.map((x) => `service:${x}`),
    ]);
    for (const p of trusted.aws) {
      const ext = principalAccount(p);
      if (!ext || ext === account) continue;
      candidates.add(probeRoleArn(ext));
      if (/^arn:[\w-]+:iam::\d{12}:(role|user)\//.test(p)) candidates.add(p);
    }
    const who = new Map<string, ConditionalDecision>();
    for (const principal of candidates) {
      const d = analysis.decide({ principal, action: 'sts:AssumeRole', resource: roleArn });
      if (d.verdict !== 'Deny') who.set(principal, d);
    }
    /** Whether `principal` is admitted when the request carries `assignment` (other request-time keys absent), and the engine's decision of that request. */
    const ask = (
      principal: string,
      probe: string,
      assignment: Record<string, string | undefined>,
      extra: Partial<AuthorizationRequest> = {},
    ): DecidedRequest & { admitted: boolean; whoCan: string } => {
      const d = who.get(principal);
      const request: AuthorizationRequest = {
        principal,
        action: 'sts:AssumeRole',
        resource: roleArn,
        time: options.time,
        ...extra,
      };
      const admitted =
        d !== undefined && d.verdict !== 'Deny' && (d.verdict === 'Allow' || oracle.evaluate(d.condition, assignment));
      // The proof: the engine's decision of the concrete request (explained), replayed once per finding candidate.
      const decision = authorizer.authorize(request, { explain: true, allowOverrides: true });
      return { ...decided(request, decision, probe), admitted, whoCan: d ? whoCanText(d) : 'Deny' };
    };
    const withExternalId = { sts: { RoleSessionName: 'iam-verdict-probe', ExternalId: externalId } };
    const none = {};
    const randomId = { 'sts:ExternalId': externalId };
    const strip = ({
      admitted: _a,
      whoCan: _w,
      ...r
    }: DecidedRequest & { admitted: boolean; whoCan: string }): DecidedRequest => r;

    // 1. Anyone: a role of an unrelated account, and an anonymous caller.
    const stranger = probeRoleArn(options.unrelatedAccount);
    const openTo = who.get(stranger) ?? who.get('anonymous');
    if (openTo) {
      const plain = ask(
        stranger,
        `a role of the unrelated account ${options.unrelatedAccount}, no ExternalId, MFA or organization`,
        none,
      );
      const anonymous = ask('anonymous', 'an anonymous caller', none);
      const facts = { who_can: `${options.unrelatedAccount}: ${plain.whoCan}; anonymous: ${anonymous.whoCan}` };
      if (plain.admitted || anonymous.admitted) {
        out.push(
          finding(
            CHECKS.trustAnyPrincipal,
            roleArn,
            `the engine lets ${plain.admitted ? `a role of the unrelated account ${options.unrelatedAccount}` : 'an anonymous caller'} assume the role (who can: ${plain.admitted ? plain.whoCan : anonymous.whoCan})`,
            { source: 'world', facts, requests: [strip(plain), strip(anonymous)] },
            where,
          ),
        );
      } else {
        const withId = ask(
          stranger,
          `a role of the unrelated account ${options.unrelatedAccount}, with the random ExternalId ${externalId}`,
          randomId,
          withExternalId,
        );
        if (withId.admitted) {
          out.push(
            finding(
              CHECKS.trustExternalIdIneffective,
              roleArn,
              `the engine lets a role of any account assume the role with the random ExternalId ${externalId} (who can: ${withId.whoCan})`,
              { source: 'world', facts, requests: [strip(plain), strip(withId)] },
              { ...where, severity: 'critical' },
            ),
          );
        }
      }
    }

    // 2. The external accounts and principals the trust names.
    const seen = new Set<string>();
    for (const p of trusted.aws) {
      const ext = principalAccount(p);
      if (!ext || ext === account) continue;
      const member = inOrg(ext) && inOrg(account);
      const orgNote = member
        ? ` (account ${ext} is a member of ${org?.id}, like the role's account)`
        : ` (account ${ext} is outside the role's organization)`;
      const named = /^arn:[\w-]+:iam::\d{12}:(role|user)\//.test(p);
      const probes: { principal: string; what: string; anyOfAccount: boolean }[] = [
        { principal: probeRoleArn(ext), what: `a new role of account ${ext}`, anyOfAccount: true },
      ];
      if (named) probes.push({ principal: p, what: `the named principal ${p}`, anyOfAccount: false });
      for (const probe of probes) {
        if (seen.has(probe.principal)) continue;
        seen.add(probe.principal);
        if (!who.has(probe.principal)) continue;
        const d1 = ask(probe.principal, `${probe.what}, no ExternalId, MFA or organization condition`, none);
        const facts = { who_can: d1.whoCan };
        if (d1.admitted) {
          // Any principal of an account outside the organization: high; a named one: medium; inside the organization: low / not reported.
          const severity: AuditSeverity | undefined = probe.anyOfAccount
            ? member
              ? 'low'
              : 'high'
            : member
              ? undefined
              : 'medium';
          if (severity !== undefined) {
            out.push(
              finding(
                CHECKS.trustExternalNoCondition,
                roleArn,
                `the engine lets ${probe.what} assume the role without ExternalId, MFA or aws:PrincipalOrgID${orgNote}`,
                { source: 'world', facts, requests: [strip(d1)] },
                { ...where, severity },
              ),
            );
          }
          continue;
        }
        const d2 = ask(
          probe.principal,
          `${probe.what}, with the random ExternalId ${externalId}`,
          randomId,
          withExternalId,
        );
        if (d2.admitted) {
          out.push(
            finding(
              CHECKS.trustExternalIdIneffective,
              roleArn,
              `the engine lets ${probe.what} assume the role with the random ExternalId ${externalId} (who can: ${d2.whoCan})${orgNote}`,
              { source: 'world', facts, requests: [strip(d1), strip(d2)] },
              { ...where, severity: member ? 'medium' : 'high' },
            ),
          );
        }
      }
    }

    // 3. Services that send source keys, with a foreign source. Who-can names a service
    // principal `service:<name>`; the concrete request (the proof) uses the service's name.
    for (const service of trusted.services) {
      const name = service.replace(/\.amazonaws\.com(\.cn)?$/, '');
      if (!SERVICES_SENDING_SOURCE_KEYS.has(name)) continue;
      const d = who.get(`service:${service}`);
      if (!d) continue;
      const foreign = options.unrelatedAccount;
      const context = {
        'aws:SourceAccount': foreign,
        'aws:SourceArn': `arn:aws:${name}:us-east-1:${foreign}:iam-verdict-probe`,
        'aws:SourceOrgID': 'o-iamverdictprobe',
        'aws:SourceOrgPaths': ['o-iamverdictprobe/r-probe/ou-probe/'],
      };
      const { 'aws:SourceOrgPaths': _paths, ...assignment } = context;
      if (d.verdict !== 'Allow' && !oracle.evaluate(d.condition, assignment)) continue;
      const request: AuthorizationRequest = {
        principal: service,
        action: 'sts:AssumeRole',
        resource: roleArn,
        time: options.time,
        context,
      };
      const proof = decided(
        request,
        authorizer.authorize(request, { explain: true, allowOverrides: true }),
        `${service} acting for the foreign account ${foreign}`,
      );
      out.push(
        finding(
          CHECKS.trustConfusedDeputy,
          roleArn,
          `the engine lets ${service} assume the role on behalf of the foreign account ${foreign} (who can: ${whoCanText(d)}; no aws:SourceAccount, aws:SourceArn or aws:SourceOrgID limit)`,
          { source: 'world', facts: { who_can: whoCanText(d) }, requests: [proof] },
          where,
        ),
      );
    }

    // 4. Federated providers: a token or assertion with arbitrary audience and subject. Still a
    // probe, not who-can: a provider is not a principal of who-can (the engine refuses a request
    // whose principal is a provider ARN at authentication — the federation path, with its token
    // validation and registered audiences, is `assumeRoleWithWebIdentity`/`assumeRoleWithSAML`),
    // and the token's claim keys (`<provider>:sub`, `saml:aud`) are not request-time keys of the
    // analysis.
    for (const provider of trusted.federated) {
      const now = new Date(options.time).toISOString();
      if (provider.includes(':oidc-provider/') || BUILT_IN_OIDC.has(provider)) {
        // STS itself refuses tokens whose aud is not a client id of the provider, so an attacker's
        // token carries a registered audience and its own subject: probe with each audience the
        // world registers (default sts.amazonaws.com, GitHub's), and with an arbitrary one.
        const registered = world.identityProviders[provider]?.audiences ?? ['sts.amazonaws.com'];
        for (const aud of [...registered, `iam-verdict-${externalId}`]) {
          const claims = { sub: `iam-verdict:${externalId}`, aud };
          const result = assumeRoleWithWebIdentity(options.probeWorld, {
            provider,
            roleArn,
            sessionName: 'iam-verdict-probe',
            claims,
            now,
          });
          if (!result.ok) continue;
          const request: AuthorizationRequest = {
            principal: provider,
            action: 'sts:AssumeRoleWithWebIdentity',
            resource: roleArn,
            context: claims,
            time: options.time,
          };
          const what = aud.startsWith('iam-verdict-') ? `an arbitrary aud "${aud}"` : `the registered aud "${aud}"`;
          out.push(
            finding(
              CHECKS.trustOidc,
              roleArn,
              `the engine lets a token of ${provider} with ${what} and the arbitrary sub "${claims.sub}" assume the role`,
              {
                source: 'world',
                requests: [
                  {
                    request,
                    decision: 'Allow',
                    decidedBy: 'resource',
                    probe: 'a web identity token with an arbitrary subject',
                  },
                ],
              },
              where,
            ),
          );
          break;
        }
      } else if (provider.includes(':saml-provider/')) {
        const assertion = {
          sub: `iam-verdict-${externalId}`,
          sessionName: 'iam-verdict-probe',
          aud: 'https://iam-verdict-probe.invalid/saml',
        };
        const result = assumeRoleWithSAML(options.probeWorld, { provider, roleArn, assertion, now });
        if (result.ok) {
          const request: AuthorizationRequest = {
            principal: provider,
            action: 'sts:AssumeRoleWithSAML',
            resource: roleArn,
            context: { 'saml:aud': assertion.aud, 'saml:sub': assertion.sub },
            time: options.time,
          };
          out.push(
            finding(
              CHECKS.trustSaml,
              roleArn,
              `the engine lets a SAML assertion of ${provider} with the foreign audience ${assertion.aud} assume the role`,
              {
                source: 'world',
                requests: [
                  {
                    request,
                    decision: 'Allow',
                    decidedBy: 'resource',
                    probe: 'a SAML assertion with an arbitrary audience',
                  },
                ],
              },
              where,
            ),
          );
        }
      }
    }
  }
  return out;
}
