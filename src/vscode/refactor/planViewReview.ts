/**
 * Plan review in the "Orchestra Plan" view, for plans larger than the QuickPick's comfortable size
 * (PLAN_VIEW_MIN_SUBTASKS): tick/untick, edit an instruction (an input box prefilled with it: one line of
 * text needs no webview, and the input box is keyboard-first and themed), then Run, Re-plan or Cancel from
 * the view's title. The decision is the QuickPick's (`ReviewDecision`), so the flow after it is shared.
 */
import * as vscode from 'vscode';
import type { PlannedRunData } from '../engine/protocol';
import type { ReviewDecision } from './planReview';
import { PlanReviewModel } from './planReviewModel';
import { CONTEXT_PLAN_READY, PLAN_VIEW_ID, PlanTree, type PlanNode } from './planView';
import type { ExtensionSettings } from './settingsSchema';

/** Plans with at least this many subtasks are reviewed in the view; smaller ones in the QuickPick. */
export const PLAN_VIEW_MIN_SUBTASKS = 10;

export type PlanViewAction = 'run' | 'replan' | 'cancel' | 'edit';

export class PlanViewReview implements vscode.Disposable {
  private readonly tree = new PlanTree();
  private readonly view: vscode.TreeView<PlanNode>;
  private pending: ((d: ReviewDecision) => void) | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.view = vscode.window.createTreeView(PLAN_VIEW_ID, {
      treeDataProvider: this.tree,
      showCollapseAll: true,
      manageCheckboxStateManually: true,
    });
    this.subscriptions.push(
      this.view,
      this.view.onDidChangeCheckboxState((e) => {
        const model = this.tree.current?.model;
        if (!model) return;
        for (const [node, state] of e.items) {
          if (node.kind === 'subtask')
            model.setTicked(node.subtask.file, state === vscode.TreeItemCheckboxState.Checked);
        }
        this.tree.refresh();
      }),
    );
  }

  /** Shows the plan and resolves with the user's decision; `signal` (the run's cancel) resolves it as cancelled. */
  async review(
    planned: PlannedRunData,
    settings: ExtensionSettings,
    signal: AbortSignal,
  ): Promise<ReviewDecision> {
    const model = new PlanReviewModel(planned);
    this.tree.show(model, settings);
    this.view.title = 'Plan';
    this.view.message = `Review the plan: untick subtasks, edit instructions, then Run (${planned.plan.subtasks.length} subtasks).`;
    await vscode.commands.executeCommand('setContext', CONTEXT_PLAN_READY, true);
    await vscode.commands.executeCommand(`${PLAN_VIEW_ID}.focus`);
    const decision = await new Promise<ReviewDecision>((resolve) => {
      this.pending = resolve;
      signal.addEventListener('abort', () => resolve({ action: 'cancel' }), { once: true });
    });
    this.pending = undefined;
    this.tree.show(undefined);
    this.view.message = undefined;
    await vscode.commands.executeCommand('setContext', CONTEXT_PLAN_READY, false);
    return decision;
  }

  /** The view's commands. `arg` is the row (inline action) or, from tests, `{ file, instruction }`. */
  async act(action: PlanViewAction, arg?: unknown): Promise<boolean> {
    const current = this.tree.current;
    const resolve = this.pending;
    if (!current || !resolve) return false;
    const { model } = current;
    if (action === 'run') resolve({ action: 'run', choices: model.choices() });
    else if (action === 'cancel') resolve({ action: 'cancel' });
    else if (action === 'replan') {
      const instruction = await vscode.window.showInputBox({
        title: 'Orchestra: re-plan',
        prompt: 'Change the instruction; the orchestrator plans again from scratch.',
        value: model.planned.request.instruction,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'The instruction cannot be empty.'),
      });
      if (instruction === undefined) return false;
      resolve({ action: 'replan', instruction: instruction.trim() });
    } else {
      const target = editTarget(arg);
      if (!target || !model.planned.plan.subtasks.some((s) => s.file === target.file)) return false;
      const value =
        target.instruction ??
        (await vscode.window.showInputBox({
          title: `Orchestra: instruction for ${target.file}`,
          value: model.instructionOf(target.file),
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'The instruction cannot be empty.'),
        }));
      if (value === undefined || !value.trim()) return false;
      model.setInstruction(target.file, value);
      this.tree.refresh();
    }
    return true;
  }

  dispose(): void {
    this.pending?.({ action: 'cancel' });
    for (const d of this.subscriptions) d.dispose();
    this.tree.dispose();
  }
}

function editTarget(arg: unknown): { file: string; instruction?: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<PlanNode> & { file?: unknown; instruction?: unknown };
  if (node.kind === 'subtask' && node.subtask) return { file: node.subtask.file };
  if (typeof node.file === 'string')
    return {
      file: node.file,
      instruction: typeof node.instruction === 'string' ? node.instruction : undefined,
    };
  return undefined;
}
