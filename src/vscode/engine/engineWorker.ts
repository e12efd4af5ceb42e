/**
 * Entry of the engine worker thread (esbuild bundles it as dist/engineWorker.js): wires a WorkerSession to
 * `parentPort`. Everything heavy — loading, facts, planning, dispatch, merge, type-check — runs here, so
 * the extension host thread stays responsive. Never imports `vscode`.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './protocol';
import { WorkerSession } from './workerSession';

const port = parentPort;
if (!port) throw new Error('engineWorker.js runs as a worker thread of the extension host.');
const session = new WorkerSession((message: FromWorker) => port.postMessage(message));
port.on('message', (message: ToWorker) => session.handle(message));
