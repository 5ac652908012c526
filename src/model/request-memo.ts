/**
 * One-entry memos of an authorizer's per-call path (docs/performance.md, "One-entry memos"): what
 * a request's action text alone decides, and what its resource (with the resource policy it names
 * and the override switch) alone decides, remembered for the last request. Callers send runs of
 * requests on one action and one resource; reading the action, looking the resource up in the
 * directory and splitting its ARN were a fifth of a typical decision.
 *
 * Each memo holds one entry (texts within the request caps, checked before), belongs to one
 * authorizer, and never changes an answer: it keeps what the authorizer's immutable directories
 * answered for exactly these inputs.
 */
import { splitArn, type ArnSegments } from '../match/arn.js';
import { requestAction, type RequestAction } from '../evaluate/request/index.js';
import { isAssumeRoleAction, type GoverningResource, type ResourceDirectory } from './resources.js';

/** What a request's action text decides. */
export interface ActionFacts extends RequestAction {
  /** The action's resource policy is a role's trust policy ({@link isAssumeRoleAction}). */
  readonly assumeRole: boolean;
}

/** What a request's resource decides, with the resource policy it names and whether that one wins. */
export interface ResourceFacts {
  readonly resource: string;
  readonly assumeRole: boolean;
  readonly named: string | undefined;
  readonly namedWins: boolean;
  readonly governing: GoverningResource;
  readonly segments: ArnSegments;
  /** The account field of the resource ARN, when it has one. */
  readonly arnAccount: string | undefined;
}

/** The last action and the last resource an authorizer decided, and what they decide. */
export class RequestMemo {
  private lastAction: ActionFacts | undefined;
  private lastResource: ResourceFacts | undefined;

  constructor(private readonly resources: ResourceDirectory) {}

  /** The facts of an action text. */
  action(action: string): ActionFacts {
    const last = this.lastAction;
    if (last !== undefined && last.action === action) return last;
    const read = requestAction(action);
    const facts: ActionFacts = {
      action,
      actionLower: read.actionLower,
      service: read.service,
      assumeRole: isAssumeRoleAction(read.actionLower),
    };
    this.lastAction = facts;
    return facts;
  }

  /**
   * What governs a request on `resource` ({@link ResourceDirectory.governing}) and its ARN
   * segments; `undefined` when `named` is not a resource policy of the world.
   */
  resource(
    resource: string,
    assumeRole: boolean,
    named: string | undefined,
    namedWins: boolean,
  ): ResourceFacts | undefined {
    const last = this.lastResource;
    if (
      last !== undefined &&
      last.resource === resource &&
      last.named === named &&
      last.assumeRole === assumeRole &&
      last.namedWins === namedWins
    )
      return last;
    const governing = this.resources.governing(resource, assumeRole, named, namedWins);
    if (!governing) return undefined;
    const segments = splitArn(resource);
    const facts: ResourceFacts = {
      resource,
      assumeRole,
      named,
      namedWins,
      governing,
      segments,
      arnAccount: accountOf(segments),
    };
    this.lastResource = facts;
    return facts;
  }
}

/** The account segment of an ARN (as `arnAccount` reads it), or `undefined`. */
function accountOf(s: ArnSegments): string | undefined {
  return s.count >= 6 && s.ends[4] !== s.starts[4] ? s.text.slice(s.starts[4], s.ends[4]) : undefined;
}
