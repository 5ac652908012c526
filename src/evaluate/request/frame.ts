/**
 * The objects one decision of an authorizer works in, kept for the next one (issue #16: ≤ 0.5 KB
 * allocated per decision). A decision used to build five: the request's members, the caller's
 * context, the request's keys (and step budget), the prepared request and the collector; they hold
 * nothing once the decision is made, so an authorizer keeps one set and renews it.
 *
 * Re-entrancy: a caller's getter (a request member, a context value) runs while a request is read
 * or decided, and may ask the same authorizer another question. The frame is marked in use for a
 * whole decision: a decision that starts meanwhile takes fresh objects instead. Nothing of a frame
 * reaches a result: a decision without explanation is a shared frozen outcome or a fresh failure,
 * and an explained decision (whose trace records as it goes) never uses the frame's keys.
 */
import { CallerContext } from '../../condition/context.js';
import { EMPTY_CONTEXT, RequestKeys } from './keys.js';
import { PreparedRequest, ReadMembers } from './prepare.js';

export class RequestFrame {
  /** `true` while a decision uses this frame. */
  busy = false;
  readonly members = new ReadMembers();
  readonly caller = new CallerContext(NO_ENTRIES, undefined);
  readonly keys = new RequestKeys(EMPTY_CONTEXT, NO_SOURCES, EMPTY_CONTEXT, 0, undefined, false);
  readonly request = new PreparedRequest();

  /** This frame, marked in use, when no decision uses it; else `undefined` (take fresh objects). */
  acquire(): RequestFrame | undefined {
    if (this.busy) return undefined;
    this.busy = true;
    return this;
  }

  /**
   * Ends the decision: the frame is free again, and keeps none of the caller's objects (a request's
   * context, STS parameters or policy stay collectable once the decision is made; the texts it
   * keeps until the next decision are the ones the authorizer's memos keep anyway).
   */
  release(): void {
    const m = this.members;
    m.context = m.sts = m.requestPolicy = undefined;
    this.caller.renew(NO_ENTRIES, undefined);
    this.busy = false;
  }
}

const NO_ENTRIES: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_SOURCES: readonly [] = Object.freeze([]) as readonly [];
