/**
 * The typed protocol between the extension host and the engine worker (engineWorker.ts). The worker owns
 * the cached workspace and runs the heavy stages; the host keeps everything that touches the vscode API.
 * Every message is structured-clone-able: a Workspace or a PlannedRun's ledger stay in the worker and are
 * referred to by root or by id. No `vscode` import here: the worker entry imports this file.
 */
import type { ErrorReason } from '../../core/errors';
import type { RunConfig } from '../../core/config';
import type { AnthropicPlatform } from '../../core/llm/platformSdk';
import type { ModelRequest, ModelResponse } from '../../core/llm/modelClient';
import type { FixResumeSummary, ResumeSummary } from '../../core/journal/journal';
import type { Plan } from '../../core/plan/planSchema';
import type { PipelineEvent, PlannedRun, RefactorResult, RunRequest } from '../../core/runTypes';
import type { ParseAheadReport } from '../../core/facts/parseAhead';
import type { PrewarmReport } from '../../core/facts/prewarm';

/** The extra globs a workspace is loaded with (settings `include` / `exclude`). */
export interface Globs {
  include?: string[];
  exclude?: string[];
}

/**
 * How the worker builds one role's model client. Keys are passed per request and never logged; `vscode-lm`
 * needs the vscode API, so its calls come back to the host as `model-call` messages.
 */
export type ClientSpec =
  | { provider: 'anthropic'; apiKey: string; baseURL?: string; timeoutMs: number; maxRetries: number }
  | { provider: 'platform'; platform: AnthropicPlatform; timeoutMs: number; maxRetries: number }
  | {
      provider: 'openai-compatible';
      apiKey?: string;
      baseURL: string;
      apiVersion?: string;
      timeoutMs: number;
      maxRetries: number;
    }
  | { provider: 'vscode-lm' };

/** One client for both roles, or one per role (`routeByRole`). */
export interface ClientsSpec {
  orchestrator: ClientSpec;
  /** Absent: the workers use the orchestrator's client. */
  worker?: ClientSpec;
}

/** What the plan's review reads of a PlannedRun: everything but the ledger and the counted requests. */
export type PlannedRunData = Omit<PlannedRun, 'workerRequests' | 'state'>;

/** A PlannedRun as the host sees it: its ledger and the counted requests stay in the worker, under `id`. */
export type PlannedRunView = PlannedRunData & { id: string };

/**
 * Where a run is journaled: a new journal in `dir` (the folder's journal directory in global storage; a new
 * run removes the older ones there) whose header keeps `config`, or the journal `file` a resume continues.
 */
export type JournalSpec =
  { kind: 'new'; dir: string; config: RunConfig } | { kind: 'continue'; file: string };

/** A run's result; a resumed run adds what it took from its journal (`fixes`: the type-check's repairs and follow-ups). */
export type ExecutedRun = RefactorResult & { resumed?: ResumedSummary };

export type ResumedSummary = ResumeSummary & { fixes?: FixResumeSummary };

/** What a load or reload of the workspace reports. */
export type LoadReport = PrewarmReport & { root: string };

/** Each operation's parameters and answer. */
export interface EngineOps {
  /** Loads (or reuses) the cached workspace of `root` and warms it. */
  load: { params: { root: string; globs: Globs }; result: LoadReport };
  /** Files changed on disk: applied to the cached workspace in batches (incrementally, or by a reload). */
  changed: { params: { files: string[] }; result: true };
  /** Drops the cached workspace. */
  clear: { params: Record<string, never>; result: true };
  /** Parses the cached workspace ahead within a heap budget; undefined when nothing was to do. */
  parseAhead: { params: { megabytes: number; resume: boolean }; result: ParseAheadReport | undefined };
  /** Facts + plan + estimate (`planRun`); the planned run stays in the worker under the answer's id. */
  plan: {
    params: { root: string; globs: Globs; config: RunConfig; clients: ClientsSpec; request: RunRequest };
    result: PlannedRunView;
  };
  /**
   * A journaled run's plan again, without the orchestrator (resume): `file` is the journal; the planned run
   * stays in the worker under the answer's id, as `plan`'s does.
   */
  replan: {
    params: { root: string; globs: Globs; config: RunConfig; clients: ClientsSpec; file: string };
    result: PlannedRunView;
  };
  /**
   * Runs a planned run (`executeRun`): dispatch, merge, type-check, repairs and follow-ups, journaled as
   * `journal` says (the worker writes the journal: it runs the subtasks).
   */
  execute: {
    params: {
      planned: string;
      root: string;
      globs: Globs;
      config: RunConfig;
      clients: ClientsSpec;
      edited?: Plan;
      journal?: JournalSpec;
    };
    result: ExecutedRun;
  };
  /** Forgets a planned run (its ledger and counted requests). */
  release: { params: { planned: string }; result: boolean };
}

export type EngineOp = keyof EngineOps;

/** An error as it crosses the thread: an OrchestraError's reason and message, never lost. */
export interface WireError {
  reason: ErrorReason;
  message: string;
  status?: number;
  requestId?: string;
  files?: string[];
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Host → worker. */
export type ToWorker =
  | { [K in EngineOp]: { kind: 'request'; id: number; op: K; params: EngineOps[K]['params'] } }[EngineOp]
  /** Aborts the AbortSignal of request `id`. */
  | { kind: 'cancel'; id: number }
  /** The host's answer to a proxied model call. */
  | { kind: 'model-answer'; call: number; ok: true; value: ModelResponse | number }
  | { kind: 'model-answer'; call: number; ok: false; error: WireError };

/** Worker → host. */
export type FromWorker =
  | { kind: 'response'; id: number; ok: true; value: EngineOps[EngineOp]['result'] }
  | { kind: 'response'; id: number; ok: false; error: WireError }
  /** Progress, usage, subtask and log events of request `id`, streamed as they happen. */
  | { kind: 'event'; id: number; event: PipelineEvent }
  /** A line for the Orchestra log (already redacted by the clients). */
  | { kind: 'log'; level: LogLevel; message: string }
  /** The cached workspace was updated or reloaded after file changes. */
  | { kind: 'refreshed'; how: 'updated' | 'reloaded'; detail: string }
  /** A `vscode-lm` call for request `id`, served by the host's client. */
  | { kind: 'model-call'; call: number; id: number; method: 'call' | 'countTokens'; request: ModelRequest }
  /** The worker aborted a proxied call (its run was cancelled). */
  | { kind: 'model-cancel'; call: number };
