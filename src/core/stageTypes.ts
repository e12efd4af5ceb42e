/**
 * What the stages of a run exchange — changes, outcomes, diagnostics, the estimate, events — with no reference to
 * the plan schema. The schema is derived from the handler registry, so the handlers (and the worker and checks they
 * use) import these from here: that keeps every import, type-only ones included, free of cycles. `runTypes.ts`
 * re-exports them beside the types that carry the plan.
 */
import type { RunConfig } from './config';
import type { ErrorReason } from './errors';
import type { SymbolSeed } from './facts/types';
import type { Budget } from './llm/budget';
import type { UsageLedger } from './llm/ledger';
import type { ModelClient, TokenUsage } from './llm/modelClient';
import type { Workspace } from './workspace/workspace';

export interface FileChange {
  /** Workspace-relative path, forward slashes. */
  file: string;
  /** Text when the run read it ('' for a new file). */
  before: string;
  after: string;
  /** sha256 of `before` as read (undefined for a new file); apply refuses the file if disk differs. */
  beforeHash: string | undefined;
  isNew: boolean;
}

export type SubtaskStatus =
  'done' | 'unchanged' | 'failed' | 'skipped-budget' | 'dropped-cap' | 'cancelled' | 'conflict';

/** How one subtask went, as its handler reports it; the runner adds the file and the handler (`SubtaskOutcome`). */
export interface HandlerOutcome {
  status: SubtaskStatus;
  /**
   * Why it failed / was skipped, in words a user can act on. A message despite its name: it is the `--json`
   * field users script against, so it keeps it; its code is `errorReason`.
   */
  reason?: string;
  /** Model calls made for this subtask (including retries). */
  attempts: number;
  costUsd: number;
  notes?: string;
  /** Why it failed, as a code, when that is not the model's output: the API, the budget, cancellation, a refused
   * deterministic step (`bad-input`) or a crash (`internal`). */
  errorReason?: ErrorReason;
}

export interface Diagnostic {
  file: string;
  line: number;
  code: number;
  message: string;
}

export interface Conflict {
  file: string;
  subtasks: string[];
  message: string;
}

export interface CostEstimate {
  /** Upper-bound estimate in USD (prompt tokens counted + output allowance). */
  totalUsd: number;
  planUsd: number;
  workersUsd: number;
  /** Prompt tokens counted/estimated for the workers. */
  workerInputTokens: number;
  budgetUsd: number;
  fitsBudget: boolean;
}

/** Something the plan promised that the result does not keep, by file and line where it has one. */
export interface RemainingObligation {
  /** The file of the subtask that stated it. */
  subtask: string;
  /** 'old-name': a reference to a renamed symbol's old name is left; 'unchanged': a planned file did not change. */
  kind: 'old-name' | 'unchanged';
  file: string;
  /** 1-based line in the result (old-name only). */
  line?: number;
  message: string;
}

/** A worker hunk that touches nothing its subtask is about (see core/merge/scope.ts). */
export interface OutOfScopeHunk {
  subtask: string;
  file: string;
  /** 1-based line of the file as read where the hunk starts (an insertion goes before it). */
  line: number;
  /** The lines it replaces and the lines it writes, without line ends. */
  removed: string[];
  added: string[];
  /** True when `strictScope` dropped it before the merge; false when it is part of `changes`. */
  dropped: boolean;
}

/** What the run amounts to, as one word adapters map to an exit code or a message. */
export type VerdictKind =
  /** every subtask did what the plan said, no new type errors, nothing out of scope kept */
  | 'done'
  /** some subtask failed, was skipped or left its file unchanged, an obligation is unmet, or out-of-scope hunks were kept */
  | 'partial'
  /** the result has new type errors */
  | 'type-errors'
  /** a deterministic handler refused (a rename whose new name is taken or invalid) */
  | 'refused'
  /** nothing changed because every subtask failed; `reason` says on what */
  | 'failed'
  | 'cancelled';

export interface RunVerdict {
  kind: VerdictKind;
  /** With 'failed': the shared cause (budget, API, invalid model output). */
  reason?: ErrorReason;
  /** One line: "Done: …" only when kind is 'done'. */
  message: string;
  /** Each problem in words, in the order the summary lists them. */
  problems: string[];
}

export type Stage = 'facts' | 'plan' | 'estimate' | 'dispatch' | 'merge' | 'typecheck' | 'repair' | 'done';

export type PipelineEvent =
  | { type: 'stage'; stage: Stage; message: string }
  | { type: 'subtask'; file: string; status: 'started' | 'retry' | SubtaskStatus; detail?: string }
  | { type: 'usage'; calls: number; costUsd: number; usage: TokenUsage }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string };

export type EventSink = (event: PipelineEvent) => void;

export interface RunRequest {
  instruction: string;
  /** Optional seed: a symbol name (and optionally its position). */
  seed?: SymbolSeed;
}

export interface RunDeps {
  workspace: Workspace;
  client: ModelClient;
  config: RunConfig;
  signal?: AbortSignal;
  onEvent?: EventSink;
}

export interface RunState {
  ledger: UsageLedger;
  budget: Budget;
}
