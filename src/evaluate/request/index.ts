/**
 * The one request pipeline (issue #10): every entry point reads the time, derives the principal's
 * keys, checks the request's shape and layers the context here, so that a rule is written once.
 */
export { requestTime } from './time.js';
export { principalKeys, type AccountOrg } from './principal-keys.js';
export { EMPTY_CONTEXT, isWorldOwnedKey, RequestKeys } from './keys.js';
export { own, prepareRequest, readMembers, requestAction, requestProblem, shapeProblem } from './prepare.js';
export type { RequestAction } from './prepare.js';
export { RequestFrame } from './frame.js';
