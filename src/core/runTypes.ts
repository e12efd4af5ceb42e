/** What a run produces: the contract between the pipeline and its adapters (CLI, VS Code, report). */
import type { WorkspaceFacts } from './facts/types';
import type { ModelRequest } from './llm/modelClient';
import type { Plan, Subtask } from './plan/planSchema';
import type { PlanGroup } from './plan/groupSchema';
import type {
  Conflict,
  CostEstimate,
  Diagnostic,
  FileChange,
  HandlerOutcome,
  OutOfScopeHunk,
  RemainingObligation,
  RunRequest,
  RunRoles,
  RunState,
  RunVerdict,
} from './stageTypes';
import type { UsageSummary } from './llm/ledger';

// The stages' shared types live in stageTypes.ts (no plan schema there, so the handlers can use them); adapters
// keep importing the whole contract from here.
export type * from './stageTypes';
export type { RoleUsage, UsageSummary } from './llm/ledger';

export interface SubtaskOutcome extends HandlerOutcome {
  file: string;
  handler: Subtask['handler'];
}

export interface RefactorResult {
  instruction: string;
  plan: Plan;
  facts: WorkspaceFacts;
  /** Files the orchestrator proposed beyond the cap, dropped in code. */
  droppedFiles: string[];
  /** Plan steps the plan check rejected (outside the workspace, unknown file, …), with why: they never ran. */
  rejected?: Array<{ file: string; reason: string }>;
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
  /** The provider and model each role used. */
  roles?: RunRoles;
  /** Set when actual cost exceeded estimate × costAlertFactor. */
  costAlert?: string;
  /** True when the run was cancelled; `changes` is then empty. */
  cancelled: boolean;
  /** What the plan promised and the result does not keep (old names left, planned files unchanged). */
  obligations: RemainingObligation[];
  /** Worker hunks outside their subtask's scope: kept in `changes`, or dropped with `strictScope`. */
  outOfScope: OutOfScopeHunk[];
  verdict: RunVerdict;
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
  /** The plan's file groups, already expanded into `plan.subtasks` (the review shows each as one row). */
  groups?: readonly PlanGroup[];
  estimate: CostEstimate;
  /** The provider and model each role uses. */
  roles?: RunRoles;
  /** The workers' requests the estimate was counted on; executeRun sends these when the plan is unchanged. */
  readonly workerRequests: Map<string, ModelRequest>;
  /** Run state (ledger, budget) carried into execute so planning spend counts against the budget. */
  readonly state: RunState;
  /** The figures the orchestrator was re-asked with because its first plan was over the budget, if it was. */
  budgetReask?: string;
}
