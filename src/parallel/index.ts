/**
 * iam-verdict/analysis/parallel (Node only): the full privilege graph and the escalation paths of a
 * world over worker threads, with the same answer as the single-threaded analysis. See
 * docs/analysis.md, "Worker threads".
 */
export { privilegeGraph } from './graph.js';
export type { PrivilegeGraphOptions, PrivilegeGraphResult } from './graph.js';
export type { ParallelAnalysisOptions } from './slice.js';
