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
import { setGroupTicked } from './planViewGroups';
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
          const ticked = state === vscode.TreeItemCheckboxState.Checked;
          if (node.kind === 'subtask') model.setTicked(node.key, ticked);
          // Unticking a group drops all its members (ticking it brings them back).
          else if (node.kind === 'group') setGroupTicked(model, node.group, ticked);
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

  /**
   * The view's commands. `arg` is the row (inline action) or, from tests, `{ key | file, instruction }` (a file
   * names its first subtask).
   */
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
      const key = target && ('key' in target ? target.key : model.keyOfFile(target.file));
      const subtask = key === undefined ? undefined : model.subtask(key);
      if (!target || key === undefined || !subtask) return false;
      const value =
        target.instruction ??
        (await vscode.window.showInputBox({
          title: `Orchestra: instruction for ${subtask.file}`,
          value: model.instructionOf(key),
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'The instruction cannot be empty.'),
        }));
      if (value === undefined || !value.trim()) return false;
      model.setInstruction(key, value);
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

type EditTarget = ({ key: string } | { file: string }) & { instruction?: string };

function editTarget(arg: unknown): EditTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as { kind?: unknown; key?: unknown; file?: unknown; instruction?: unknown };
  if (node.kind === 'subtask' && typeof node.key === 'string') return { key: node.key };
  const instruction = typeof node.instruction === 'string' ? node.instruction : undefined;
  if (typeof node.key === 'string') return { key: node.key, instruction };
  if (typeof node.file === 'string') return { file: node.file, instruction };
  return undefined;
}
