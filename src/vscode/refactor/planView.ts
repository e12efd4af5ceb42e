/**
 * "Orchestra Plan": the plan under review as a tree (view container "Orchestra" in the activity bar). Rows: the
 * summary, the estimate against the budget with its parts, the cap and what it dropped, then one row per
 * subtask with a checkbox (expand it for the whole instruction). Rows are built lazily, one small function per
 * row kind, so a 200-subtask plan costs nothing per row until it is shown; a new subtask field (dependencies,
 * tier) is one more line in `subtaskRow`. A file group is one row (its query, instruction and member count)
 * that expands to its members' rows (`planViewGroups.ts`).
 */
import * as vscode from 'vscode';
import { overTokenBudgetNote, usd } from '../../core/report';
import type { PlanGroup } from '../../core/plan/groupSchema';
import type { Subtask } from '../../core/plan/planSchema';
import type { CostEstimate, WorkerEstimateParts } from '../../core/runTypes';
import { filesNotFoundByAnalysis, NOT_FOUND_BY_ANALYSIS } from './analysisCheck';
import { wrapText, type PlanReviewModel } from './planReviewModel';
import { groupDescription, groupIndex, memberSubtasks, planRows, tickedMembers } from './planViewGroups';
import type { ExtensionSettings } from './settingsSchema';
import { originOf } from './settingsSummary';

export const PLAN_VIEW_ID = 'orchestra.plan';
export { CONTEXT_PLAN_READY } from '../activation/commandIds';

export type PlanNode =
  | { kind: 'summary' }
  | { kind: 'text'; id: string; text: string }
  | { kind: 'estimate' }
  | { kind: 'estimatePart'; label: string; value: number; detail: string }
  | { kind: 'cap' }
  | { kind: 'dropped'; file: string; why: string }
  /** `key`: the subtask's review key (planEdits' `reviewKeys`): ticks and edits are per subtask, not per file. */
  | { kind: 'subtask'; subtask: Subtask; key: string }
  | { kind: 'group'; group: PlanGroup };

export interface PlanContext {
  model: PlanReviewModel;
  settings: ExtensionSettings;
  unfound: Set<string>;
  /** Member subtask id → its group. */
  groups: Map<string, PlanGroup>;
}

export class PlanTree implements vscode.TreeDataProvider<PlanNode> {
  private readonly changed = new vscode.EventEmitter<PlanNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private context: PlanContext | undefined;

  show(model: PlanReviewModel | undefined, settings?: ExtensionSettings): void {
    this.context =
      model && settings
        ? {
            model,
            settings,
            unfound: filesNotFoundByAnalysis(model.planned),
            groups: groupIndex(model.planned.groups),
          }
        : undefined;
    this.changed.fire(undefined);
  }

  get current(): PlanContext | undefined {
    return this.context;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: PlanNode): PlanNode[] {
    const c = this.context;
    if (!c) return [];
    if (!node) {
      const rows: PlanNode[] = [{ kind: 'summary' }, { kind: 'estimate' }, { kind: 'cap' }];
      return [...rows, ...planRows(c.model.planned.plan.subtasks, c.model.keys, c.groups)];
    }
    if (node.kind === 'group')
      return memberSubtasks(c.model.planned.plan.subtasks, node.group).map((subtask) => ({
        kind: 'subtask' as const,
        subtask,
        key: subtask.id ?? subtask.file,
      }));
    if (node.kind === 'summary') return textRows('summary', c.model.planned.plan.summary);
    if (node.kind === 'estimate') return estimateParts(c.model.planned.estimate);
    if (node.kind === 'cap') return droppedRows(c);
    if (node.kind === 'subtask') return textRows(`i:${node.key}`, c.model.instructionOf(node.key));
    return [];
  }

  getTreeItem(node: PlanNode): vscode.TreeItem {
    const c = this.context;
    if (!c) return new vscode.TreeItem('');
    switch (node.kind) {
      case 'summary':
        return summaryRow(c);
      case 'text':
        return textRow(node);
      case 'estimate':
        return estimateRow(c);
      case 'estimatePart':
        return estimatePartRow(node);
      case 'cap':
        return capRow(c);
      case 'dropped':
        return droppedRow(node);
      case 'subtask':
        return subtaskRow(c, node.subtask, node.key);
      case 'group':
        return groupRow(c, node.group);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function summaryRow(c: PlanContext): vscode.TreeItem {
  const { plan } = c.model.planned;
  const item = new vscode.TreeItem(plan.summary, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = 'summary';
  item.description = `${c.model.tickedCount()} of ${plan.subtasks.length} subtasks ticked`;
  item.tooltip = plan.summary;
  item.iconPath = new vscode.ThemeIcon('note');
  return item;
}

function textRows(id: string, text: string): PlanNode[] {
  return wrapText(text).map((line, i) => ({ kind: 'text', id: `${id}:${i}`, text: line }));
}

function textRow(node: Extract<PlanNode, { kind: 'text' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text);
  item.id = node.id;
  item.tooltip = node.text;
  return item;
}

function estimateRow(c: PlanContext): vscode.TreeItem {
  const e = c.model.planned.estimate;
  const budget = `${usd(e.budgetUsd)} budget (${originOf(c.settings, 'budgetUsd')})`;
  const item = new vscode.TreeItem(
    `Estimate ${usd(e.totalUsd)} ${e.totalUsd <= e.budgetUsd ? 'of the' : 'OVER the'} ${budget}` +
      (overTokenBudgetNote(e) === undefined ? '' : ` · ${overTokenBudgetNote(e)}`),
    vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = 'estimate';
  item.description = `orchestrator ${usd(e.planUsd)} + workers ${usd(e.workersUsd)}`;
  item.tooltip =
    'Upper bound for the plan as planned: prompt tokens counted, an output allowance per worker.';
  item.iconPath = new vscode.ThemeIcon(
    e.fitsBudget ? 'credit-card' : 'warning',
    e.fitsBudget ? undefined : new vscode.ThemeColor('problemsWarningIcon.foreground'),
  );
  return item;
}

function estimateParts(e: CostEstimate): PlanNode[] {
  const b = e.breakdown;
  const rows: PlanNode[] = [
    { kind: 'estimatePart', label: 'orchestrator', value: e.planUsd, detail: 'planning, spent already' },
  ];
  if (!b) return [...rows, { kind: 'estimatePart', label: 'workers', value: e.workersUsd, detail: '' }];
  return [
    ...rows,
    { kind: 'estimatePart', label: 'workers: input', value: b.inputUsd, detail: 'uncached prompt tokens' },
    { kind: 'estimatePart', label: 'workers: output', value: b.outputUsd, detail: 'output allowance' },
    { kind: 'estimatePart', label: 'cache write', value: b.cacheWriteUsd, detail: 'the shared prefix, once' },
    {
      kind: 'estimatePart',
      label: 'cache reads',
      value: b.cacheReadUsd,
      detail: 'the shared prefix, per worker',
    },
  ];
}

function estimatePartRow(node: Extract<PlanNode, { kind: 'estimatePart' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(`${node.label}: ${usd(node.value)}`);
  item.id = `estimate:${node.label}`;
  item.description = node.detail;
  return item;
}

function capRow(c: PlanContext): vscode.TreeItem {
  const { droppedFiles, rejected } = c.model.planned;
  const dropped = droppedFiles.length + rejected.length;
  const cap = `Cap ${c.settings.run.maxWorkers} workers (${originOf(c.settings, 'maxWorkers')})`;
  const item = new vscode.TreeItem(
    cap,
    dropped ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = 'cap';
  item.description =
    `${droppedFiles.length} dropped by the cap` + (rejected.length ? ` · ${rejected.length} rejected` : '');
  item.iconPath = new vscode.ThemeIcon('dashboard');
  return item;
}

function droppedRows(c: PlanContext): PlanNode[] {
  const { droppedFiles, rejected } = c.model.planned;
  return [
    ...droppedFiles.map((file) => ({ kind: 'dropped' as const, file, why: 'dropped by the cap' })),
    ...rejected.map((r) => ({ kind: 'dropped' as const, file: r.file, why: `rejected: ${r.reason}` })),
  ];
}

function droppedRow(node: Extract<PlanNode, { kind: 'dropped' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.file);
  item.id = `dropped:${node.file}`;
  item.description = node.why;
  item.tooltip = `${node.file}: ${node.why}`;
  item.iconPath = new vscode.ThemeIcon('circle-slash');
  return item;
}

/** One subtask: file, handler, priority and instruction; the tooltip adds its estimate by kind of token. */
function subtaskRow(c: PlanContext, s: Subtask, key: string): vscode.TreeItem {
  const instruction = c.model.instructionOf(key);
  const item = new vscode.TreeItem(s.file, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `subtask:${key}`;
  item.resourceUri = vscode.Uri.file(`/${s.file}`);
  const rename = s.rename ? ` ${s.rename.from} → ${s.rename.to}` : '';
  const marks =
    (c.model.isEdited(key) ? ' · edited' : '') +
    (c.unfound.has(s.file) ? ` · ⚠ ${NOT_FOUND_BY_ANALYSIS}` : '');
  item.description = `${s.handler}${rename} · p${s.priority}${marks} · ${instruction}`;
  item.checkboxState = c.model.isTicked(key)
    ? vscode.TreeItemCheckboxState.Checked
    : vscode.TreeItemCheckboxState.Unchecked;
  item.contextValue = 'subtask';
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**${s.file}** — ${s.handler}${rename}, priority ${s.priority}\n\n`);
  tip.appendText(instruction);
  const part = c.model.planned.estimate.breakdown?.perFile.find((p) => p.file === s.file);
  tip.appendMarkdown(`\n\n${part ? fileEstimate(part) : 'no model call: $0'}`);
  item.tooltip = tip;
  return item;
}

/** A file group: its label, query, instruction and member count; ticked while every member is. */
function groupRow(c: PlanContext, g: PlanGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `group:${g.id}`;
  item.description = groupDescription(c.model, g);
  item.checkboxState =
    tickedMembers(c.model, g) === g.members.length
      ? vscode.TreeItemCheckboxState.Checked
      : vscode.TreeItemCheckboxState.Unchecked;
  item.contextValue = 'group';
  item.iconPath = new vscode.ThemeIcon('files');
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**${g.label}** — a group of ${g.members.length} files, ${g.handler}\n\n`);
  tip.appendText(`${g.query}\n\n${g.instructions}`);
  item.tooltip = tip;
  return item;
}

function fileEstimate(p: WorkerEstimateParts): string {
  const total = p.inputUsd + p.outputUsd + p.cacheWriteUsd + p.cacheReadUsd;
  return (
    `Estimate ${usd(total)}: input ${usd(p.inputUsd)}, output ${usd(p.outputUsd)}, ` +
    `cache write ${usd(p.cacheWriteUsd)}, cache reads ${usd(p.cacheReadUsd)}`
  );
}
