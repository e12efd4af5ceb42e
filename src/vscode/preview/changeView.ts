/**
 * "Orchestra Changes": the previewed result as a tree. Each changed, created, moved or deleted file with a
 * checkbox and its outcome (done / unchanged / failed, with the reason; new type errors), its hunks as children
 * with checkboxes (first changed line, `+a −b`, provenance in the tooltip), each opening the diff at that hunk.
 * A delete is a whole-file choice (no hunks). Row texts and the lazy hunks live in changeTree.ts (pure); this
 * file maps them onto tree items. Apply writes exactly what is ticked (previewFlow.ts).
 */
import * as vscode from 'vscode';
import { textHunks, type TextHunk } from '../../core/diff/textHunks';
import type { FileChange } from '../../core/runTypes';
import { previewUri } from './preview';
import { ChangeTreeModel } from './changeTree';
import type { PreviewSession } from './previewSession';

export const CHANGE_VIEW_ID = 'orchestra.changes';
export const OPEN_HUNK_COMMAND = 'orchestra.openHunk';

export type ChangeNode =
  { kind: 'file'; change: FileChange } | { kind: 'hunk'; change: FileChange; hunk: TextHunk };

const EXPAND = {
  expanded: vscode.TreeItemCollapsibleState.Expanded,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  none: vscode.TreeItemCollapsibleState.None,
} as const;

export class ChangeView implements vscode.TreeDataProvider<ChangeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ChangeNode | ChangeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ChangeNode>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private model: ChangeTreeModel | undefined;
  /**
   * One node object per file and hunk for the shown session: the tree finds an element by identity, so a tick
   * can refresh just the rows it changed instead of all 1,000.
   */
  private fileNodes = new Map<FileChange, Extract<ChangeNode, { kind: 'file' }>>();
  private hunkNodes = new Map<FileChange, ChangeNode[]>();

  constructor() {
    this.view = vscode.window.createTreeView(CHANGE_VIEW_ID, {
      treeDataProvider: this,
      manageCheckboxStateManually: true,
    });
    this.subscriptions.push(
      this.view,
      this.view.onDidChangeCheckboxState((e) => {
        const files = new Set<FileChange>();
        for (const [node, state] of e.items) {
          this.tick(node, state === vscode.TreeItemCheckboxState.Checked);
          files.add(node.change);
        }
        // A file's row says how many of its hunks are ticked, so its row and its hunks are what changed.
        this.changed.fire([...files].map((change) => this.fileNode(change)));
      }),
    );
  }

  show(session: PreviewSession | undefined): void {
    this.model = session ? new ChangeTreeModel(session) : undefined;
    this.fileNodes = new Map();
    this.hunkNodes = new Map();
    this.view.message = session ? 'Untick files or hunks to leave them out, then Apply.' : undefined;
    this.changed.fire(undefined);
  }

  get current(): PreviewSession | undefined {
    return this.model?.session;
  }

  /** Ticks or unticks a file (all of it) or one hunk; ticking a hunk ticks its file. */
  tick(node: ChangeNode, ticked: boolean): void {
    this.model?.tick(node.change, node.kind === 'hunk' ? node.hunk : undefined, ticked);
  }

  getChildren(node?: ChangeNode): ChangeNode[] {
    const model = this.model;
    if (!model) return [];
    if (!node) return model.files().map((change) => this.fileNode(change));
    if (node.kind !== 'file') return [];
    let hunks = this.hunkNodes.get(node.change);
    if (!hunks) {
      hunks = model.hunksOf(node.change).map((hunk) => ({ kind: 'hunk', change: node.change, hunk }));
      this.hunkNodes.set(node.change, hunks);
    }
    return hunks;
  }

  private fileNode(change: FileChange): Extract<ChangeNode, { kind: 'file' }> {
    let node = this.fileNodes.get(change);
    if (!node) {
      node = { kind: 'file', change };
      this.fileNodes.set(change, node);
    }
    return node;
  }

  getTreeItem(node: ChangeNode): vscode.TreeItem {
    const model = this.model;
    if (!model) return new vscode.TreeItem('');
    return node.kind === 'file' ? fileRow(model, node.change) : hunkRow(model, node);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}

function checkbox(ticked: boolean): vscode.TreeItemCheckboxState {
  return ticked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
}

/** A file: its kind (created, moved from …, deleted), outcome, line counts and new type errors. */
function fileRow(model: ChangeTreeModel, change: FileChange): vscode.TreeItem {
  const row = model.fileRow(change);
  const item = new vscode.TreeItem(row.label, EXPAND[row.expand]);
  item.id = `${model.session.id}:${change.file}`;
  item.resourceUri = vscode.Uri.file(`/${change.file}`);
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.checkboxState = checkbox(row.ticked);
  item.iconPath = row.errors
    ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
    : undefined;
  item.contextValue = change.deleted ? 'changeFileDeleted' : 'changeFile';
  // A row without hunks opens the file's diff itself (a delete against empty, a move against its old path).
  if (row.expand === 'none') {
    item.command = {
      command: OPEN_HUNK_COMMAND,
      title: "Open this file's diff",
      arguments: [{ file: change.file, index: 0 }],
    };
  }
  return item;
}

/** One hunk: its first changed line, `+a −b`, and who wrote it; opens the diff at it. */
function hunkRow(model: ChangeTreeModel, node: Extract<ChangeNode, { kind: 'hunk' }>): vscode.TreeItem {
  const { change, hunk } = node;
  const row = model.hunkRow(change, hunk);
  const item = new vscode.TreeItem(row.label);
  item.id = `${model.session.id}:${change.file}#${hunk.index}`;
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.checkboxState = checkbox(row.ticked);
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
