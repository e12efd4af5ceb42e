/**
 * The contract every subtask kind implements. The registry lists the handlers; the plan schema's `handler`
 * enum and argument fields, the orchestrator prompt's handler section, plan validation and dispatch are all
 * derived from that list, so a new kind is one file implementing this plus its registration.
 */
import type { z } from 'zod';
import type { WorkspaceFacts } from '../facts/types';
import type { ModelRequest } from '../llm/modelClient';
import type { SubtaskFields } from '../plan/subtaskFields';
import type { RunContext } from '../run/runContext';
import type { HandlerOutcome } from '../stageTypes';
import type { Workspace } from '../workspace/workspace';
import { toOrchestraError } from '../errors';

/** A handler's arguments: sent in the subtask under a field named after the handler (`rename: { from, to }`). */
export interface HandlerArgs<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  /** The field's description in the JSON schema the orchestrator sees. */
  readonly description: string;
}

/**
 * The subtask as a handler sees it: the common fields and its own argument field (`rename: { from, to }`), typed
 * from its schema. (Not the plan schema's `Subtask`: that is derived from the registry, which imports the handlers.)
 */
export type SubtaskFor<
  Name extends string = string,
  Args extends HandlerArgs | undefined = HandlerArgs | undefined,
> = SubtaskFields & { readonly [K in Name]?: Args extends HandlerArgs ? z.infer<Args['schema']> : never };

/** What a handler's checks may ask of the workspace; paths are already normalised and inside it. */
export interface HandlerHost {
  exists(file: string): boolean;
  /** Whether the workspace holds JavaScript (a jsconfig, `allowJs`, or a folder of plain JS). */
  holdsJavaScript?(): boolean;
  /**
   * The workspace, when the checker has it: a handler whose check needs the code (does TypeScript offer
   * this refactor at that declaration?) checks there. Without it only the arguments are checked, and the
   * run refuses what cannot be done.
   */
  readonly workspace?: Workspace;
}

export interface HandlerInput<S extends SubtaskFields = SubtaskFor> {
  readonly ctx: RunContext;
  /** Checked by the plan checker: its path is normalised and inside the workspace. */
  readonly subtask: S;
  /**
   * Texts as the deterministic subtasks before this one left them (file → text); a file not listed is at
   * its baseline. Two renames declared in one file run in sequence, the second on the first's result.
   */
  readonly current: ReadonlyMap<string, string>;
  /** The request built (and counted for the estimate) for this subtask; set for handlers that use a model. */
  readonly request: ModelRequest | undefined;
  /**
   * Workspace files the deterministic subtasks before this one moved away or deleted: gone for this step
   * (a file an earlier step moved is in `current` under its new path).
   */
  readonly gone?: ReadonlySet<string>;
}

/** One subtask of the checked plan as a plan-wide check sees it. */
export interface PlannedStep {
  readonly subtask: SubtaskFields;
  /** Whether its handler calls a model (a worker that may rewrite its file, imports included). */
  readonly usesModel: boolean;
  /** The ids of the steps it waits for, directly or through others. */
  readonly waitsFor?: ReadonlySet<string>;
}

export interface FileProposal {
  /** Workspace-relative path. */
  file: string;
  /** The whole proposed text; only files whose text changes are proposed ('' for a deleted file). */
  after: string;
  /** The file moves here from this workspace path (its text before is that file's); proposed even unchanged. */
  movedFrom?: string;
  /** The step deletes `file`. */
  deleted?: true;
}

export interface HandlerRun {
  /** Proposed texts, never written here: the pipeline merges, type-checks and shows them first. */
  proposals: FileProposal[];
  /** How the subtask went; the runner adds the file and the handler's name. */
  outcome: HandlerOutcome;
}

export interface Handler<
  Name extends string = string,
  Args extends HandlerArgs | undefined = HandlerArgs | undefined,
> {
  readonly name: Name;
  /** One phrase for the plan schema's `handler` field ("'rename' = …"). */
  readonly summary: string;
  /** Its entry in the orchestrator prompt's handler section: when to use it and what to give it. */
  readonly description: string;
  /** Its arguments' schema, or undefined when the subtask's common fields are all it needs. */
  readonly args: Args;
  /** Whether it calls a model (then it runs through capped dispatch and is priced in the estimate). */
  readonly usesModel: boolean;
  /**
   * Set when several subtasks of this handler may target one file: they must differ in `key` (rename: the
   * symbol), one `per` thing. Deterministic handlers that set it may also share a file with each other's
   * subtasks (they run in sequence, each on the texts the one before left). Unset: one subtask per file,
   * and no other subtask may share it.
   */
  readonly sameFile?: { key(subtask: SubtaskFor<Name, Args>): string; readonly per: string };
  /**
   * For a handler that can run only where TypeScript offers it: the declarations among those the facts
   * name where it applies, as the orchestrator should address them ("`fetchJson` in src/net.ts"). An
   * empty list keeps it out of the orchestrator's prompt; undefined (no symbol named, nothing to judge)
   * offers it as usual. Unset: always offered.
   */
  availableFor?(ws: Workspace, facts: WorkspaceFacts): readonly string[] | undefined;
  /** Set when the subtask names a target path in its top-level `to` (a move); no other handler may set `to`. */
  readonly takesTarget?: boolean;
  /**
   * Set when its subtasks may name their files by a group (`group`: a symbol's references, a file's importers, a
   * glob, a list) with one shared instruction; the plan check expands a group into one subtask per file.
   */
  readonly takesGroup?: boolean;
  /** A problem with the subtask against the workspace (worth re-asking the model about), or undefined. */
  validate(subtask: SubtaskFor<Name, Args>, host: HandlerHost): string | undefined;
  /**
   * A problem with the subtask given the rest of the checked plan (two moves to one target, a deleted file
   * still imported by files no step rewrites), or undefined. `index` is its place in `steps`.
   */
  validateInPlan?(steps: readonly PlannedStep[], index: number, host: HandlerHost): string | undefined;
  /** Runs one checked subtask. Returns proposals (file → new text) and its outcome; never writes. */
  run(input: HandlerInput<SubtaskFor<Name, Args>>): Promise<HandlerRun>;
}

/** A deterministic step that threw: failed, with the thrown error's message and reason (never a model's fault). */
export function crashedRun(e: unknown): HandlerRun {
  const error = toOrchestraError(e);
  return {
    proposals: [],
    outcome: { costUsd: 0, attempts: 0, status: 'failed', reason: error.message, errorReason: error.reason },
  };
}
