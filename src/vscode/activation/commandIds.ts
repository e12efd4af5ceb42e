/** Every command the extension contributes; package.json `contributes.commands` must list exactly these. */
export const COMMAND_IDS = [
  'orchestra.refactor',
  /** The editor context menu's entry: the same flow, seeded with the symbol under the cursor. */
  'orchestra.refactorSymbol',
  'orchestra.applyPreview',
  'orchestra.discardPreview',
  /** Puts back the files of the last applied run from its stored record (also after a reload). */
  'orchestra.revertLastRefactor',
  /** Finishes the folder's last interrupted run from its journal (global storage), then the usual preview. */
  'orchestra.resume',
  'orchestra.cancelRun',
  'orchestra.showLastRun',
  'orchestra.setApiKey',
  'orchestra.clearApiKey',
  /** The openai-compatible provider's key, under its own secret id. */
  'orchestra.setOpenAIApiKey',
  'orchestra.clearOpenAIApiKey',
  'orchestra.reloadWorkspace',
  'orchestra.showLog',
  /** The Orchestra Plan view: Run / Re-plan / Cancel (view title), Edit Instruction (a subtask row). */
  'orchestra.planRun',
  'orchestra.planReplan',
  'orchestra.planCancel',
  'orchestra.planEditInstruction',
  /** The Orchestra Changes view: a hunk row opens its diff; the title opens the multi-file diff again. */
  'orchestra.openHunk',
  'orchestra.showPreviewDiff',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Context keys for `when` clauses. */
export const CONTEXT_PREVIEW_ACTIVE = 'orchestra.previewActive';
export const CONTEXT_RUNNING = 'orchestra.running';
/** Set while a plan waits for review in the Orchestra Plan view. */
export const CONTEXT_PLAN_READY = 'orchestra.planReady';
