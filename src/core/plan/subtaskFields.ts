/**
 * The fields every subtask and plan has, whatever the handlers. The full `Subtask` and `Plan` (`planSchema.ts`)
 * are derived from the handler registry, so the modules the registry imports — the handlers, the worker and the
 * checks they run — take these shapes instead; a parsed `Subtask`/`Plan` is assignable to them.
 */
export interface SubtaskFields {
  /** Workspace-relative path with forward slashes. */
  readonly file: string;
  /** A registered handler's name. */
  readonly handler: string;
  readonly instructions: string;
  readonly priority: number;
  /** Its id in the plan (assigned when the model gives none), and the ids it waits for. */
  readonly id?: string;
  readonly dependsOn?: readonly string[];
  /** The worker tier of a model step. */
  readonly tier?: 'fast' | 'strong';
  /** A move's new workspace-relative path. */
  readonly to?: string;
}

export interface PlanFields {
  readonly summary: string;
  readonly subtasks: readonly SubtaskFields[];
}
