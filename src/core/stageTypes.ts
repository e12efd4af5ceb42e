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
  /** Created from nothing (`before` is ''); a moved file is not new: it has `movedFrom`. */
  isNew: boolean;
  /**
   * Set when the run moves a workspace file here: its old path. `before`/`beforeHash` are that file's; apply
   * removes it and writes `after` at `file` (which must not exist). A move is a change even with the same text.
   */
  movedFrom?: string;
  /** Set when the run deletes `file`: `before` is its text, `after` is ''. */
  deleted?: true;
  /** Each line hunk of before → after (core/diff/textHunks' numbering) with where it came from (merge/provenance). */
  hunks?: ChangeHunk[];
}

/** One hunk of a change, as the change view, the report and `--json` show it. */
export interface ChangeHunk {
  /** textHunks' index of the hunk in its change. */
  index: number;
  /** 1-based line of `before` where it starts (an insertion goes before it). */
  line: number;
  /** How many lines of `before` it removes and how many it writes. */
  removed: number;
  added: number;
  origin: HunkOrigin;
}

/** Who wrote a hunk: the subtasks whose proposals hold it, and whether the repair round wrote or changed it. */
export interface HunkOrigin {
  subtasks: HunkSubtask[];
  /** True when the repair round's text is what this hunk writes (no subtask proposed it as it is). */
  repair: boolean;
  /** The file's repair call(s) cost, shared among its repaired hunks (0 without a repair). */
  repairCostShareUsd: number;
}

export interface HunkSubtask {
  /** The subtask's file. */
  file: string;
  /** The subtask's id, when the plan gives its subtasks ids. */
  id?: string;
  handler: string;
  /** Model calls the subtask made (retries included; 0 for a deterministic handler). */
  attempts: number;
  /** The subtask's cost divided evenly among the hunks it wrote. */
  costShareUsd: number;
}

/**
 * Every way a subtask can end, as a list for the code that needs them all at run time (the journal's schema,
 * the progress count). `skipped-dependency`: not started, a subtask it depends on did not finish (the reason
 * names it).
 */
export const SUBTASK_STATUSES = [
  'done',
  'unchanged',
  'failed',
  'skipped-budget',
  'dropped-cap',
  'cancelled',
  'conflict',
  'skipped-dependency',
] as const;

export type SubtaskStatus = (typeof SUBTASK_STATUSES)[number];

/** How one subtask went, as its handler reports it; the runner adds the file and the handler (`SubtaskOutcome`). */
export interface HandlerOutcome {
  /** The subtask's id in the plan (several subtasks may share a file). */
  id?: string;
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
  /** Who added the subtask: absent for the plan's; 'follow-up' for one the type-check added (a file outside the
   * plan with new errors the change caused), shown as "added by the type-check". */
  origin?: 'follow-up';
}

/** Where a diagnostic's related information points (e.g. the declaration an argument is missing from). */
export interface RelatedLocation {
  file: string;
  line: number;
  message: string;
}

export interface Diagnostic {
  file: string;
  line: number;
  code: number;
  message: string;
  /** The compiler's related locations inside the workspace, when it gives any. */
  related?: RelatedLocation[];
}

export interface Conflict {
  file: string;
  subtasks: string[];
  message: string;
}

/** One subtask's share of the estimate: $0 for a deterministic step, else its worker at its tier's model. */
export interface SubtaskEstimate {
  id: string;
  file: string;
  /** The subtask's handler (a registered handler's name). */
  handler: string;
  tier?: 'fast' | 'strong';
  /** The worker model (model subtasks only). */
  model?: string;
  usd: number;
}

export interface CostEstimate {
  /** Each subtask's share, in plan order (when the estimate was built for a plan). */
  subtasks?: SubtaskEstimate[];
  /** Upper-bound estimate in USD (prompt tokens counted + output allowance). */
  totalUsd: number;
  planUsd: number;
  workersUsd: number;
  /** Prompt tokens counted/estimated for the workers. */
  workerInputTokens: number;
  budgetUsd: number;
  fitsBudget: boolean;
  /** At most this many follow-up calls the type-check may add (per round, the files outside the plan that
   * import what it changes, within the worker slots the plan leaves free); not in `totalUsd`. Repairs add at
   * most one call per file with new errors per round. */
  followUpCalls?: number;
  /** `workersUsd` by kind of token (each priced alone, so the parts may differ from it by rounding), and per file. */
  breakdown?: Omit<WorkerEstimateParts, 'file'> & { perFile: WorkerEstimateParts[] };
  /**
   * Models priced at $0 because a local endpoint serves them and no price names them: their tokens are counted,
   * and their calls are limited by the token budget (`budgetTokens`) instead of the dollar one.
   */
  freeModels?: string[];
  /** With `freeModels`: the tokens their calls may use in the run. */
  budgetTokens?: number;
  /**
   * With `freeModels`: the tokens of their calls, used by planning and estimated for the workers (prompt + output
   * allowance), which must fit `budgetTokens` as the dollars must fit `budgetUsd` (`fitsBudget` needs both).
   */
  freeTokens?: { plan: number; workers: number };
  /** With `freeModels`: whether `freeTokens` fit `budgetTokens`. */
  fitsTokens?: boolean;
  /** Of `freeModels`, those VS Code's chat API serves (no price to set: the user's chat plan pays for them). */
  chatModels?: string[];
}

/** One worker's (or all workers') estimated cost by kind of token. */
export interface WorkerEstimateParts {
  /** The worker request's label: its file. */
  file: string;
  /** Uncached prompt tokens. */
  inputUsd: number;
  /** The output allowance. */
  outputUsd: number;
  cacheWriteUsd: number;
  cacheReadUsd: number;
}

/** Which provider and model served a role. */
export interface RoleModel {
  provider: string;
  model: string;
}

/** The provider and model of each role, as the review and the report show them. */
export interface RunRoles {
  orchestrator: RoleModel;
  /** Workers and repairs. */
  worker: RoleModel;
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

export type Stage =
  'facts' | 'plan' | 'estimate' | 'dispatch' | 'merge' | 'typecheck' | 'repair' | 'follow-up' | 'done';

export type PipelineEvent =
  | { type: 'stage'; stage: Stage; message: string }
  | {
      type: 'subtask';
      file: string;
      id?: string;
      status: 'started' | 'retry' | SubtaskStatus;
      detail?: string;
    }
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
