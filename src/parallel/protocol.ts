/**
 * The messages between the main thread and the workers of the parallel analysis (all plain data,
 * sent by structured clone).
 */
import type { Issue } from '../json/issues.js';
import type { ParallelAnalysisOptions, SourceResult } from './slice.js';

/** What a worker is started with. */
export interface WorkerInput {
  readonly world: unknown;
  readonly options: ParallelAnalysisOptions;
  /** The managed policies a catalog resolves, as data (a catalog function cannot be sent). */
  readonly managedPolicies?: Readonly<Record<string, unknown>>;
  readonly to: string;
  readonly graph: boolean;
}

/** Main thread → worker: answer `sources[start..end)` (the main thread ends the worker when all are answered). */
export interface ToWorker {
  readonly type: 'slice';
  readonly start: number;
  readonly end: number;
}

/** Worker → main thread. */
export type ToMain =
  | { readonly type: 'ready'; readonly sources: readonly string[] }
  | { readonly type: 'invalid'; readonly errors: readonly Issue[] }
  | { readonly type: 'done'; readonly start: number; readonly results: readonly SourceResult[] }
  | { readonly type: 'failed'; readonly message: string };
