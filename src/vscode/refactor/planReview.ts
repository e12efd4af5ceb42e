/**
 * Plan review before any worker runs, as a multi-select QuickPick: one row per file (intent, handler,
 * priority; marked when the analysis did not find the file), a file group as one row for all its members
 * (planPickItems.ts); in the title the estimate vs the budget, the
 * cap, the other limits and models, each with where it came from (user / workspace / folder / default),
 * and the workspace settings that were ignored. Untick to skip a file, the pencil button edits a file's instruction, the refresh button
 * re-plans, Enter runs the ticked files.
 */
import * as vscode from 'vscode';
import type { PlannedRunData } from '../engine/protocol';
import { formatFollowUpAllowance, freeModelsNote, overTokenBudgetNote, usd } from '../../core/report';
import { filesNotFoundByAnalysis } from './analysisCheck';
import type { ReviewChoices } from './planEdits';
import { editRow, excludedKeys, isRowTicked, pickRows, type PickRow } from './planPickItems';
import type { ExtensionSettings } from './settingsSchema';
import { ignoredLine, originOf, settingsLine } from './settingsSummary';

export type ReviewDecision =
  | { action: 'run'; choices: ReviewChoices }
  | { action: 'replan'; instruction: string }
  | { action: 'cancel' };

interface FileItem extends vscode.QuickPickItem {
  /** Its row: the review keys it ticks (one subtask's, or every member's of a group; planEdits' `reviewKeys`). */
  row: PickRow;
}

const EDIT_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('edit'),
  tooltip: "Edit this file's instruction",
};
const REPLAN_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('refresh'),
  tooltip: 'Re-plan with a changed instruction',
};

/** `signal` (the run's cancel) closes whatever review UI is open and resolves as cancelled. */
export async function reviewPlan(
  planned: PlannedRunData,
  settings: ExtensionSettings,
  signal: AbortSignal,
): Promise<ReviewDecision> {
  const excluded = new Set<string>();
  const instructions: Record<string, string> = {};
  const cts = new vscode.CancellationTokenSource();
  const onAbort = (): void => cts.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await reviewLoop(planned, settings, excluded, instructions, signal, cts.token);
  } finally {
    signal.removeEventListener('abort', onAbort);
    cts.dispose();
  }
}

async function reviewLoop(
  planned: PlannedRunData,
  settings: ExtensionSettings,
  excluded: Set<string>,
  instructions: Record<string, string>,
  signal: AbortSignal,
  token: vscode.CancellationToken,
): Promise<ReviewDecision> {
  for (;;) {
    if (signal.aborted) return { action: 'cancel' };
    const step = await showReview(planned, settings, excluded, instructions, signal);
    if (step.kind === 'edit') {
      const value = await vscode.window.showInputBox(
        {
          title: `Orchestra: instruction for ${step.row.editTitle}`,
          value: step.row.instruction,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'The instruction cannot be empty.'),
        },
        token,
      );
      if (value !== undefined) editRow(instructions, step.row, value.trim());
      continue;
    }
    if (step.kind === 'replan') {
      const instruction = await vscode.window.showInputBox(
        {
          title: 'Orchestra: re-plan',
          prompt: 'Change the instruction; the orchestrator plans again from scratch.',
          value: planned.request.instruction,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'The instruction cannot be empty.'),
        },
        token,
      );
      if (instruction === undefined) continue;
      return { action: 'replan', instruction: instruction.trim() };
    }
    if (step.kind === 'cancel') return { action: 'cancel' };
    return { action: 'run', choices: { excluded: [...excluded], instructions } };
  }
}

type Step = { kind: 'run' } | { kind: 'cancel' } | { kind: 'replan' } | { kind: 'edit'; row: PickRow };

function showReview(
  planned: PlannedRunData,
  settings: ExtensionSettings,
  excluded: Set<string>,
  instructions: Record<string, string>,
  signal: AbortSignal,
): Promise<Step> {
  const { plan, estimate } = planned;
  const qp = vscode.window.createQuickPick<FileItem>();
  qp.canSelectMany = true;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  const budgetFrom = originOf(settings, 'budgetUsd');
  const tokensOver = overTokenBudgetNote(estimate);
  const budget =
    (estimate.totalUsd <= estimate.budgetUsd
      ? `of ${usd(estimate.budgetUsd)} budget (${budgetFrom})`
      : `OVER the ${usd(estimate.budgetUsd)} budget (${budgetFrom})`) +
    (tokensOver === undefined ? '' : `, ${tokensOver}`);
  // The title wraps; a QuickPick separator would hide the first file behind a long label.
  const ignored = ignoredLine(settings);
  qp.title =
    `Orchestra: review plan — ${plan.subtasks.length} file(s), est. ${usd(estimate.totalUsd)} ${budget}, ` +
    `cap ${settings.run.maxWorkers} (${originOf(settings, 'maxWorkers')}) · ` +
    settingsLine(settings, ['budgetUsd', 'maxWorkers', 'anthropic.baseUrl']) +
    (ignored ? ` · ${ignored}` : '') +
    (freeModelsNote(estimate) === undefined ? '' : ` · ${freeModelsNote(estimate)}`);
  const notes: string[] = [plan.summary];
  if (planned.droppedFiles.length) notes.push(`dropped by the cap: ${planned.droppedFiles.join(', ')}`);
  if (planned.rejected.length) notes.push(`rejected: ${planned.rejected.map((r) => r.file).join(', ')}`);
  // The estimate leaves out what the type-check may add; the review says how much.
  notes.push(formatFollowUpAllowance(estimate));
  qp.placeholder = `${notes.join(' · ')} — untick to skip, ✎ to edit, Enter to run`;
  qp.buttons = [REPLAN_BUTTON];
  const rows = pickRows({ planned, instructions, unfound: filesNotFoundByAnalysis(planned) });
  const items: FileItem[] = rows.map((row) => ({
    row,
    label: row.label,
    description: row.description,
    detail: row.detail,
    buttons: [EDIT_BUTTON],
  }));
  qp.items = items;
  qp.selectedItems = items.filter((i) => isRowTicked(i.row, excluded));

  return new Promise<Step>((resolve) => {
    let step: Step = { kind: 'cancel' };
    const syncExcluded = (): void => {
      const ticked = new Set(qp.selectedItems.map((i) => i.row));
      excluded.clear();
      for (const key of excludedKeys(rows, ticked)) excluded.add(key);
    };
    const finish = (next: Step): void => {
      syncExcluded();
      step = next;
      qp.hide();
    };
    qp.onDidTriggerItemButton((e) => finish({ kind: 'edit', row: e.item.row }));
    qp.onDidTriggerButton(() => finish({ kind: 'replan' }));
    qp.onDidAccept(() => finish({ kind: 'run' }));
    const onAbort = (): void => finish({ kind: 'cancel' });
    signal.addEventListener('abort', onAbort, { once: true });
    qp.onDidHide(() => {
      signal.removeEventListener('abort', onAbort);
      qp.dispose();
      resolve(step);
    });
    qp.show();
  });
}
