/**
 * iam-verdict/analysis: questions over a whole estate, every answer made of engine decisions —
 * who can do an action, what a principal can do, who can become whom, and every path to admin.
 * See docs/analysis.md.
 */
export { createAnalysis, Analysis, ADMIN_ACTIONS } from './analysis.js';
export type {
  AnalysisOptions,
  Edge,
  WhoCanEntry,
  WhoCanResult,
  WhatCanAction,
  WhatCanResult,
  Reachable,
  ReachResult,
  PathsResult,
} from './analysis.js';
export { decideConditional, satisfiable } from './conditional.js';
export type { ConditionalDecision, Proof, PartialContext, KeyDomains } from './conditional.js';
export { AtomOracle, renderResidual, renderAtom } from './residual.js';
export type { Residual, Atom, Assignment } from './residual.js';
export { REQUEST_TIME_KEYS, REQUEST_TIME_PREFIXES, unknownKeys } from './keys.js';
export { TECHNIQUES, NEW_RESOURCE } from './techniques.js';
export type { Technique, Step, Binding, Effect, Grant, RunningKind } from './techniques.js';
export { SENSITIVE_ACTIONS, accessLevelOf } from './actions.js';
export type { AccessLevel } from './actions.js';
export type { PrincipalNode, RunningResource } from './world-view.js';
export { toDot, toMermaid, renderPathsText, renderReachText } from './render.js';
