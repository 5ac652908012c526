/**
 * VPC endpoints of a world (spec §4.15): each endpoint's policy, compiled once, and the keys a
 * request that travels through it carries (`aws:SourceVpce`, `aws:SourceVpc`, `aws:VpceAccount`,
 * and `aws:VpceOrgID` / `aws:VpceOrgPaths` when the organization knows the account).
 */
import { ContextMap, type ContextLookup, type ContextValue } from '../condition/context.js';
import type { CompiledPolicy } from '../evaluate/compile.js';
import { joinPath } from '../policy/issues.js';
import type { AccountOrg } from '../evaluate/request/index.js';
import type { PolicyCompiler } from './load.js';
import type { World } from './world.js';

/** The default endpoint policy: full access (spec §4.15). */
export const DEFAULT_ENDPOINT_POLICY = Object.freeze({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

/** One endpoint, ready for requests. */
export interface CompiledEndpoint {
  /** The endpoint policy as the `endpoint` layer of the decision (spec §4.1). */
  readonly policies: readonly CompiledPolicy[];
  /** The keys a request through this endpoint carries. */
  readonly keys: ContextMap;
}

/** The endpoints of a world. */
export class VpcEndpointDirectory {
  /** Made with the first endpoint (most worlds have none). */
  private endpoints: Map<string, CompiledEndpoint> | undefined = undefined;

  constructor(world: World, compiler: PolicyCompiler, orgOf: (account: string) => AccountOrg | undefined) {
    // By keys, not entries: a world without endpoints (most) allocates no pair array here.
    const ids = Object.keys(world.vpcEndpoints);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      const e = world.vpcEndpoints[id] as World['vpcEndpoints'][string];
      const path = joinPath(joinPath('vpcEndpoints', id), 'policy');
      const policy = compiler.document(
        e.policy ?? DEFAULT_ENDPOINT_POLICY,
        'endpoint',
        e.policy ? `vpce/${id}` : `vpce/${id}:default`,
        path,
      );
      if (!policy) continue;
      const keys = new ContextMap()
        .set('aws:SourceVpce', id)
        .set('aws:SourceVpc', e.vpc)
        .set('aws:VpceAccount', e.account);
      const org = orgOf(e.account);
      if (org) keys.set('aws:VpceOrgID', org.orgId).set('aws:VpceOrgPaths', Object.freeze([org.path]));
      (this.endpoints ??= new Map()).set(id, { policies: [policy], keys });
    }
  }

  /** The endpoint with this id, or `undefined`. */
  get(id: string): CompiledEndpoint | undefined {
    return this.endpoints?.get(id);
  }
}

/** A request's keys without `aws:SourceIp`: through an endpoint there is no public source address. */
export function withoutSourceIp(keys: ContextLookup): ContextLookup {
  return {
    get: (k: string): ContextValue | undefined => (k === 'aws:sourceip' ? undefined : keys.get(k)),
    budget: keys.budget,
  };
}
