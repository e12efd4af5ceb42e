/**
 * The engine worker's state and its answers to the host's requests: the cached workspace (loaded,
 * updated incrementally, parsed ahead), planned runs kept by id, the model clients of the latest specs
 * (one per role, shared by a plan and its execute), and each request's AbortController (a `cancel` message
 * aborts it). Transport-free — `post` sends a message to the host — so engineWorker.ts
 * only wires it to `parentPort`. Never imports `vscode`.
 */
import { OrchestraError, cancelledError, toOrchestraError } from '../../core/errors';
import { prewarmWorkspace } from '../../core/facts/prewarm';
import type { ModelClient, ModelRequest, ModelResponse } from '../../core/llm/modelClient';
import { readJournalFile } from '../../core/journal/journalFile';
import { executeRun, planRun, replanRun, type PlannedRun, type RunDeps } from '../../core/pipeline';
import { openWorkspace } from '../../core/workspace/openWorkspace';
import { WorkspaceCache, type WorkspaceOpener } from '../refactor/workspaceCache';
import { ClientCache } from './clientFactory';
import { ParseAheadPasses } from './parseAheadPasses';
import type { EngineOp, EngineOps, FromWorker, Globs, LogLevel, ToWorker } from './protocol';
import type { ClientsSpec, PlannedRunView } from './protocol';
import { openJournal } from './runJournal';
import { ProxiedModelClient } from './proxiedClient';
import { fromWireError, toWireError } from './wireError';
import type { RunConfig } from '../../core/config';

type Request = Extract<ToWorker, { kind: 'request' }>;
type Result = EngineOps[EngineOp]['result'];

interface ModelCall {
  resolve: (value: ModelResponse | number) => void;
  reject: (error: Error) => void;
}

export class WorkerSession {
  private readonly workspaces: WorkspaceCache;
  private readonly passes: ParseAheadPasses;
  private readonly planned = new Map<string, PlannedRun>();
  private readonly running = new Map<number, AbortController>();
  private readonly modelCalls = new Map<number, ModelCall>();
  private readonly clients = new ClientCache();
  private nextCall = 1;
  private nextPlanned = 1;

  constructor(
    private readonly post: (message: FromWorker) => void,
    open: WorkspaceOpener = openWorkspace,
  ) {
    this.workspaces = new WorkspaceCache(open, {
      onRefreshed: (how, detail) => this.post({ kind: 'refreshed', how, detail }),
    });
    this.passes = new ParseAheadPasses(this.workspaces, this.log);
  }

  handle(message: ToWorker): void {
    switch (message.kind) {
      case 'cancel':
        this.running.get(message.id)?.abort();
        return;
      case 'model-answer': {
        const call = this.modelCalls.get(message.call);
        this.modelCalls.delete(message.call);
        if (message.ok) call?.resolve(message.value);
        else call?.reject(fromWireError(message.error));
        return;
      }
      case 'request':
        void this.serve(message);
        return;
    }
  }

  private readonly log = (level: LogLevel, message: string): void =>
    this.post({ kind: 'log', level, message });

  private async serve(request: Request): Promise<void> {
    const controller = new AbortController();
    this.running.set(request.id, controller);
    try {
      const value = await this.answer(request, controller.signal);
      // A value that cannot be cloned throws here and is answered as an error below, never lost.
      this.post({ kind: 'response', id: request.id, ok: true, value });
    } catch (error) {
      // A client can stay broken after a failure (the Vertex SDK keeps a credential lookup that failed once):
      // the next request builds its clients again. A cancel breaks nothing.
      if (usesClients(request) && toOrchestraError(error).reason !== 'cancelled') this.clients.clear();
      this.post({ kind: 'response', id: request.id, ok: false, error: toWireError(error) });
    } finally {
      this.running.delete(request.id);
    }
  }

  private async answer(request: Request, signal: AbortSignal): Promise<Result> {
    switch (request.op) {
      case 'load': {
        const workspace = await this.workspaces.get(request.params.root, request.params.globs);
        return { ...prewarmWorkspace(workspace), root: request.params.root };
      }
      case 'changed':
        for (const file of request.params.files) this.workspaces.markChanged(file);
        return true;
      case 'clear':
        this.workspaces.clear();
        return true;
      case 'parseAhead':
        return this.passes.run(request.params.megabytes, request.params.resume);
      case 'plan': {
        const { params } = request;
        return this.keep(await planRun(await this.deps(request.id, params, signal), params.request));
      }
      case 'replan': {
        const { params } = request;
        const read = readJournalFile(params.file);
        if (!read.ok)
          throw new OrchestraError(
            'bad-input',
            `The run journal ${params.file} cannot be used: ${read.error}`,
          );
        const { header } = read.value;
        const runRequest = { instruction: header.instruction, ...(header.seed ? { seed: header.seed } : {}) };
        const deps = await this.deps(request.id, params, signal);
        return this.keep(await replanRun(deps, runRequest, header.plan, header.spent));
      }
      case 'execute': {
        const { params } = request;
        const planned = this.planned.get(params.planned);
        if (!planned)
          throw new OrchestraError(
            'internal',
            'The planned run is no longer in the engine (it restarted since planning): run the refactor again.',
          );
        this.planned.delete(params.planned);
        const deps = await this.deps(request.id, params, signal);
        const warn = (message: string): void => this.log('warn', message);
        const opened = params.journal && openJournal(params.journal, planned, params.root, warn);
        const result = await executeRun(deps, planned, params.edited, { journal: opened?.journal });
        opened?.end(result);
        return opened?.resumed ? { ...result, resumed: opened.resumed() } : result;
      }
      case 'release':
        return this.planned.delete(request.params.planned);
    }
  }

  /** Keeps a planned run in the worker (its ledger and counted requests) and gives the host its view. */
  private keep(planned: PlannedRun): PlannedRunView {
    const id = `p${this.nextPlanned++}`;
    this.planned.set(id, planned);
    const { workerRequests: _requests, state: _state, ...view } = planned;
    return { ...view, id };
  }

  private async deps(
    id: number,
    params: { root: string; globs: Globs; config: RunConfig; clients: ClientsSpec },
    signal: AbortSignal,
  ): Promise<RunDeps> {
    const workspace = await this.workspaces.get(params.root, params.globs);
    const client = this.clients.get(params.clients, { log: this.log, lm: () => this.proxy(id) });
    return {
      workspace,
      client,
      config: params.config,
      signal,
      onEvent: (event) => this.post({ kind: 'event', id, event }),
    };
  }

  /** The `vscode-lm` client of request `id`: each call goes to the host, which owns the vscode API. */
  private proxy(id: number): ModelClient {
    return new ProxiedModelClient((method: 'call' | 'countTokens', request: ModelRequest, signal) => {
      const call = this.nextCall++;
      return new Promise<ModelResponse | number>((resolve, reject) => {
        const onAbort = (): void => {
          this.modelCalls.delete(call);
          this.post({ kind: 'model-cancel', call });
          reject(cancelledError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = (): void => signal?.removeEventListener('abort', onAbort);
        this.modelCalls.set(call, {
          resolve: (value) => (done(), resolve(value)),
          reject: (error) => (done(), reject(error)),
        });
        this.post({ kind: 'model-call', call, id, method, request });
      });
    });
  }
}

function usesClients(request: Request): boolean {
  return request.op === 'plan' || request.op === 'replan' || request.op === 'execute';
}
