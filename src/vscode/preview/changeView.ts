/**
 * "Orchestra Changes": the previewed result as a tree. Each changed or created file with a checkbox and its
 * outcome (done / unchanged / failed, with the reason; new type errors), its hunks as children with
 * checkboxes (first changed line, `+a −b`, provenance in the tooltip), each opening the diff at that hunk.
 * Apply writes exactly what is ticked (previewFlow.ts). One small function per row kind: a moved or deleted
 * file (a later change kind) is one more case in `fileRow`.
 */
import * as vscode from 'vscode';
import { hunkTitle, textHunks, type TextHunk } from '../../core/diff/textHunks';
import type { FileChange } from '../../core/runTypes';
import { previewUri } from './preview';
import { fileOutcome, lineCounts, newTypeErrors, provenanceText } from './changeRows';
import type { PreviewSession } from './previewSession';

export const CHANGE_VIEW_ID = 'orchestra.changes';
export const OPEN_HUNK_COMMAND = 'orchestra.openHunk';

export type ChangeNode =
  { kind: 'file'; change: FileChange } | { kind: 'hunk'; change: FileChange; hunk: TextHunk };

export class ChangeView implements vscode.TreeDataProvider<ChangeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ChangeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ChangeNode>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private session: PreviewSession | undefined;
  /** textHunks per file, computed once per session. */
  private readonly hunks = new Map<string, TextHunk[]>();

  constructor() {
    this.view = vscode.window.createTreeView(CHANGE_VIEW_ID, {
      treeDataProvider: this,
      manageCheckboxStateManually: true,
    });
    this.subscriptions.push(
      this.view,
      this.view.onDidChangeCheckboxState((e) => {
        for (const [node, state] of e.items) this.tick(node, state === vscode.TreeItemCheckboxState.Checked);
        this.changed.fire(undefined);
      }),
    );
  }

  show(session: PreviewSession | undefined): void {
    this.session = session;
    this.hunks.clear();
    this.view.message = session ? 'Untick files or hunks to leave them out, then Apply.' : undefined;
    this.changed.fire(undefined);
  }

  get current(): PreviewSession | undefined {
    return this.session;
  }

  /** Ticks or unticks a file (all of it) or one hunk; ticking a hunk ticks its file. */
  tick(node: ChangeNode, ticked: boolean): void {
    const selection = this.session?.selection;
    if (!selection) return;
    const file = node.change.file;
    if (node.kind === 'file') {
      if (ticked) selection.files.add(file);
      else selection.files.delete(file);
      return;
    }
    const all = this.hunksOf(node.change).map((h) => h.index);
    const kept = selection.hunks.get(file) ?? new Set(all);
    if (ticked) {
      kept.add(node.hunk.index);
      selection.files.add(file);
    } else kept.delete(node.hunk.index);
    if (kept.size === all.length) selection.hunks.delete(file);
    else selection.hunks.set(file, kept);
  }

  getChildren(node?: ChangeNode): ChangeNode[] {
    if (!this.session) return [];
    if (!node) return this.session.changes.map((change) => ({ kind: 'file', change }));
    if (node.kind === 'file')
      return this.hunksOf(node.change).map((hunk) => ({ kind: 'hunk', change: node.change, hunk }));
    return [];
  }

  getTreeItem(node: ChangeNode): vscode.TreeItem {
    const session = this.session;
    if (!session) return new vscode.TreeItem('');
    return node.kind === 'file'
      ? fileRow(session, node.change, this.hunksOf(node.change))
      : hunkRow(session, node);
  }

  private hunksOf(change: FileChange): TextHunk[] {
    let list = this.hunks.get(change.file);
    if (!list) {
      list = textHunks(change.before, change.after);
      this.hunks.set(change.file, list);
    }
    return list;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}

function checkbox(ticked: boolean): vscode.TreeItemCheckboxState {
  return ticked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
}

/** A changed or created file: its outcome, line counts and new type errors. */
function fileRow(session: PreviewSession, change: FileChange, hunks: TextHunk[]): vscode.TreeItem {
  const item = new vscode.TreeItem(change.file, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `${session.id}:${change.file}`;
  item.resourceUri = vscode.Uri.file(`/${change.file}`);
  const added = hunks.reduce((n, h) => n + h.added.length, 0);
  const removed = hunks.reduce((n, h) => n + h.removed.length, 0);
  const outcome = fileOutcome(session.result, change);
  const errors = newTypeErrors(session.result, change.file);
  const parts = [change.isNew ? 'created' : undefined, outcome, lineCounts(added, removed)];
  if (errors) parts.push(`${errors} new type error${errors === 1 ? '' : 's'}`);
  item.description = parts.filter(Boolean).join(' · ');
  item.tooltip = `${change.file}\n${item.description}`;
  item.checkboxState = checkbox(session.selection.files.has(change.file));
  item.iconPath = errors
    ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
    : undefined;
  item.contextValue = 'changeFile';
  return item;
}

/** One hunk: its first changed line, `+a −b`, and who wrote it; opens the diff at it. */
function hunkRow(session: PreviewSession, node: Extract<ChangeNode, { kind: 'hunk' }>): vscode.TreeItem {
  const { change, hunk } = node;
  const item = new vscode.TreeItem(hunkTitle(hunk));
  item.id = `${session.id}:${change.file}#${hunk.index}`;
  item.description = `${lineCounts(hunk.added.length, hunk.removed.length)} · line ${hunk.start + 1}`;
  const origin = change.hunks?.find((h) => h.index === hunk.index);
  item.tooltip = origin ? provenanceText(origin) : 'no provenance recorded';
  const kept = session.selection.hunks.get(change.file);
  item.checkboxState = checkbox(kept ? kept.has(hunk.index) : true);
  item.contextValue = 'changeHunk';
  item.command = {
    command: OPEN_HUNK_COMMAND,
    title: 'Open the diff at this hunk',
    arguments: [{ file: change.file, index: hunk.index }],
  };
  return item;
}

/** Opens the file's diff (the preview's virtual documents) with the cursor on the hunk's first line. */
export async function openHunk(session: PreviewSession, file: string, index: number): Promise<boolean> {
  const change = session.changes.find((c) => c.file === file);
  if (!change) return false;
  const hunk = textHunks(change.before, change.after)[index];
  const line = hunk ? hunk.afterStart : 0;
  const range = new vscode.Range(line, 0, line, 0);
  await vscode.commands.executeCommand(
    'vscode.diff',
    previewUri(session.id, 'before', file),
    previewUri(session.id, 'after', file),
    `${file} (Orchestra preview)`,
    { selection: range, preview: true },
  );
  return true;
}
