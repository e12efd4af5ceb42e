/**
 * The host's side of the engine worker: starts it on first use (with `resourceLimits`), pairs requests
 * with answers by id, streams each request's events to its listener, turns an AbortSignal into a `cancel`
 * message and serves the worker's `vscode-lm` calls with the host's client. A worker that crashes (out of
 * memory, an uncaught error) fails every pending request with a clear error; the next request starts a
 * new one. No `vscode` import: unit tests drive it with a real Worker.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { OrchestraError } from '../../core/errors';
import { estimateRequestTokens } from '../../core/llm/budget';
import type { ModelClient } from '../../core/llm/modelClient';
import type { PipelineEvent } from '../../core/runTypes';
import type { EngineOp, EngineOps, FromWorker, LogLevel, ToWorker } from './protocol';
import { fromWireError, toWireError } from './wireError';

/** The worker's old-generation heap unless the host says otherwise: a huge change fails, not the window. */
export const DEFAULT_ENGINE_HEAP_MB = 4096;

export interface EngineHostOptions {
  /** The worker's entry: a file path, or (tests) code to evaluate. */
  script: string;
  eval?: boolean;
  /** Read at each start, so a changed limit applies to the next worker. */
  resourceLimits?: () => ResourceLimits;
  log: (level: LogLevel, message: string) => void;
  /** The cached workspace was updated or reloaded after file changes. */
  onRefreshed?: (how: 'updated' | 'reloaded', detail: string) => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  onEvent?: (event: PipelineEvent) => void;
  /** Serves the worker's `vscode-lm` calls for this request. */
  lm?: ModelClient;
}

interface Pending {
  op: EngineOp;
  resolve: (value: EngineOps[EngineOp]['result']) => void;
  reject: (error: OrchestraError) => void;
  options: RequestOptions;
}

export class EngineHost {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly modelCalls = new Map<number, AbortController>();
  private nextId = 1;
  private disposed = false;
  /** Workers started so far (a restart after a crash makes it 2). */
  started = 0;

  constructor(private readonly options: EngineHostOptions) {}

  request<K extends EngineOp>(
    op: K,
    params: EngineOps[K]['params'],
    options: RequestOptions = {},
  ): Promise<EngineOps[K]['result']> {
    if (this.disposed) return Promise.reject(new OrchestraError('cancelled', 'The engine was shut down.'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<EngineOps[K]['result']>((resolve, reject) => {
      const onAbort = (): void => this.send({ kind: 'cancel', id });
      const settle = (): void => {
        options.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker?.unref();
      };
      this.pending.set(id, {
        op,
        // The worker answers request `id` with the result of its op: the pairing is the protocol's.
        resolve: (value) => (settle(), resolve(value as EngineOps[K]['result'])),
        reject: (error) => (settle(), reject(error)),
        options,
      });
      // Keeps the process alive while an answer is awaited; an idle worker never does.
      worker.ref();
      const message = { kind: 'request', id, op, params } as ToWorker;
      try {
        worker.postMessage(message);
      } catch (error) {
        // Parameters that cannot be cloned: the request never left.
        this.pending.get(id)?.reject(fromWireError(toWireError(error)));
        return;
      }
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Whether a worker is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new OrchestraError('cancelled', 'The engine was shut down.'));
    void worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.script, {
      eval: this.options.eval ?? false,
      resourceLimits: this.options.resourceLimits?.() ?? { maxOldGenerationSizeMb: DEFAULT_ENGINE_HEAP_MB },
    });
    this.started++;
    this.worker = worker;
    worker.unref();
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error: Error) => this.crashed(worker, describeCrash(error, this.options)));
    worker.on('exit', (code) =>
      this.crashed(
        worker,
        `The engine worker stopped (exit code ${code}); the next command starts a new one. Nothing was changed.`,
      ),
    );
    return worker;
  }

  private crashed(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const controller of this.modelCalls.values()) controller.abort();
    this.modelCalls.clear();
    if (this.disposed) return;
    this.options.log('error', message);
    this.failAll(new OrchestraError('internal', message));
  }

  private failAll(error: OrchestraError): void {
    for (const pending of [...this.pending.values()]) pending.reject(error);
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private receive(message: FromWorker): void {
    switch (message.kind) {
      case 'response': {
        const pending = this.pending.get(message.id);
        if (message.ok) pending?.resolve(message.value);
        else pending?.reject(fromWireError(message.error));
        return;
      }
      case 'event':
        try {
          this.pending.get(message.id)?.options.onEvent?.(message.event);
        } catch {
          // A listener's failure (a progress UI that went away) must not break the run.
        }
        return;
      case 'log':
        this.options.log(message.level, message.message);
        return;
      case 'refreshed':
        this.options.onRefreshed?.(message.how, message.detail);
        return;
      case 'model-call':
        void this.serveModelCall(message);
        return;
      case 'model-cancel':
        this.modelCalls.get(message.call)?.abort();
        this.modelCalls.delete(message.call);
        return;
    }
  }

  private async serveModelCall(message: Extract<FromWorker, { kind: 'model-call' }>): Promise<void> {
    const { call, id, method, request } = message;
    const lm = this.pending.get(id)?.options.lm;
    const controller = new AbortController();
    this.modelCalls.set(call, controller);
    try {
      if (!lm) throw new OrchestraError('internal', `No vscode-lm client serves request ${id}.`);
      const options = { signal: controller.signal };
      const value =
        method === 'call'
          ? await lm.call(request, options)
          : await (lm.countTokens?.(request, options) ?? estimateRequestTokens(request));
      this.send({ kind: 'model-answer', call, ok: true, value });
    } catch (error) {
      this.send({ kind: 'model-answer', call, ok: false, error: toWireError(error) });
    } finally {
      this.modelCalls.delete(call);
    }
  }
}

function describeCrash(error: Error, options: EngineHostOptions): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const limit = options.resourceLimits?.().maxOldGenerationSizeMb ?? DEFAULT_ENGINE_HEAP_MB;
    return (
      `The engine ran out of memory (its heap limit is ${limit} MB) and stopped; the window is unharmed and ` +
      'nothing was changed. Narrow the change (fewer files, orchestra.exclude) or run it from the CLI; the next ' +
      'command starts a new engine.'
    );
  }
  return `The engine worker failed (${error.message}); the next command starts a new one. Nothing was changed.`;
}
