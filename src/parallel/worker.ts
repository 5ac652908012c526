/**
 * A worker thread of the parallel analysis (built to `dist/analysis-worker.js`): compiles the
 * world it is given (a compiled authorizer holds functions and cannot be sent), builds its own
 * analysis, then answers the slices of sources it is handed until the main thread ends it. Every
 * failure is sent as data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAuthorizer } from '../index.js';
import { createAnalysis } from '../analysis/index.js';
import { sliceResults, sourcesOf, withCatalog } from './slice.js';
import type { ToMain, ToWorker, WorkerInput } from './protocol.js';

const port = parentPort;
if (port) {
  const send = (m: ToMain) => port.postMessage(m);
  try {
    const input = workerData as WorkerInput;
    const options = withCatalog(input.options, input.managedPolicies);
    const authorizer = createAuthorizer(input.world as never, options.authorizer ?? {});
    if (!authorizer.ok) send({ type: 'invalid', errors: authorizer.errors });
    else {
      const analysis = createAnalysis(authorizer, options);
      const sources = sourcesOf(analysis);
      port.on('message', (m: ToWorker) => {
        try {
          send({
            type: 'done',
            start: m.start,
            results: sliceResults(analysis, sources, m.start, m.end, input.to, input.graph),
          });
        } catch (e) {
          send({ type: 'failed', message: String(e instanceof Error ? e.message : e) });
        }
      });
      send({ type: 'ready', sources });
    }
  } catch (e) {
    send({ type: 'failed', message: String(e instanceof Error ? e.message : e) });
  }
}
