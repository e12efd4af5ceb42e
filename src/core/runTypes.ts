/** What a run produces: the contract between the pipeline and its adapters (CLI, VS Code, report). */
import type { RunConfig } from './config';
import type { ErrorReason } from './errors';
import type { SymbolSeed, WorkspaceFacts } from './facts/types';
import type { Budget } from './llm/budget';
import type { UsageLedger } from './llm/ledger';
import type { ModelClient, ModelRequest, ModelRole, TokenUsage } from './llm/modelClient';
import type { Plan, Subtask } from './plan/planSchema';
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

export interface SubtaskOutcome {
  file: string;
  handler: Subtask['handler'];
  status: SubtaskStatus;
  /** Why it failed / was skipped, in words a user can act on. */
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

export interface RoleUsage {
  calls: number;
  usage: TokenUsage;
  costUsd: number;
}

export interface UsageSummary {
  calls: number;
  usage: TokenUsage;
  costUsd: number;
  byRole: Partial<Record<ModelRole, RoleUsage>>;
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

export interface RefactorResult {
  instruction: string;
  plan: Plan;
  facts: WorkspaceFacts;
  /** Files the orchestrator proposed beyond the cap, dropped in code. */
  droppedFiles: string[];
  changes: FileChange[];
  outcomes: SubtaskOutcome[];
  conflicts: Conflict[];
  diagnostics: {
    before: Diagnostic[];
    after: Diagnostic[];
    introduced: Diagnostic[];
    /** After-diagnostics the environment explains (packages not installed, …): not new, not repaired. */
    environmental?: Diagnostic[];
    /** One line on what `environmental` left unchecked ("not checked: …"). */
    environmentSummary?: string;
  };
  estimate: CostEstimate;
  usage: UsageSummary;
  /** Set when actual cost exceeded estimate × costAlertFactor. */
  costAlert?: string;
  /** True when the run was cancelled; `changes` is then empty. */
  cancelled: boolean;
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

/** The plan as reviewed by the user before any worker runs. */
export interface PlannedRun {
  request: RunRequest;
  facts: WorkspaceFacts;
  plan: Plan;
  /** Files the orchestrator proposed beyond `maxWorkers`, dropped in code (lowest priority first). */
  droppedFiles: string[];
  /** Subtasks removed as invalid (outside the workspace, unknown file), with why. */
  rejected: Array<{ file: string; reason: string }>;
  estimate: CostEstimate;
  /** The workers' requests the estimate was counted on; executeRun sends these when the plan is unchanged. */
  readonly workerRequests: Map<string, ModelRequest>;
  /** Run state (ledger, budget) carried into execute so planning spend counts against the budget. */
  readonly state: RunState;
}

export interface RunState {
  ledger: UsageLedger;
  budget: Budget;
}
