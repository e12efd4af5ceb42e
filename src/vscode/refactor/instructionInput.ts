/**
 * Asking for the refactor instruction: a QuickPick that accepts free text and offers recent instructions
 * (kept in globalState), and the seed symbol under the cursor when invoked from the editor context menu.
 */
import * as vscode from 'vscode';
import type { SymbolSeed } from '../../core/facts/types';

const RECENT_KEY = 'orchestra.recentInstructions';
const KEEP_RECENT = 10;
export const EMPTY_INSTRUCTION = 'the instruction is empty: describe the refactoring first (Escape cancels)';

export function recentInstructions(state: vscode.Memento): string[] {
  const value = state.get<unknown>(RECENT_KEY);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export async function rememberInstruction(state: vscode.Memento, instruction: string): Promise<void> {
  const rest = recentInstructions(state).filter((r) => r !== instruction);
  await state.update(RECENT_KEY, [instruction, ...rest].slice(0, KEEP_RECENT));
}

export async function askInstruction(
  state: vscode.Memento,
  seed: SymbolSeed | undefined,
): Promise<string | undefined> {
  const recent = recentInstructions(state);
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  const title = seed ? `Orchestra: Refactor — symbol ${seed.name}` : 'Orchestra: Refactor';
  qp.title = title;
  qp.placeholder = seed
    ? `What should change around ${seed.name}? e.g. "rename ${seed.name} to …" (Enter to plan)`
    : 'Describe the refactoring, e.g. "rename UserId to AccountId" (Enter to plan)';
  qp.ignoreFocusOut = true;
  const recentItems: vscode.QuickPickItem[] = recent.map((r) => ({ label: r, description: 'recent' }));
  const refresh = (): void => {
    const typed = qp.value.trim();
    // Only blanks typed: nothing to pick, so Enter reports the empty instruction instead of taking a recent one.
    qp.items = typed
      ? [{ label: typed, description: 'new instruction', alwaysShow: true }, ...recentItems]
      : qp.value.length > 0
        ? []
        : recentItems;
  };
  refresh();
  return new Promise<string | undefined>((resolve) => {
    let chosen: string | undefined;
    qp.onDidChangeValue(refresh);
    qp.onDidAccept(() => {
      chosen = (qp.selectedItems[0]?.label ?? qp.activeItems[0]?.label ?? qp.value).trim() || undefined;
      if (chosen === undefined) {
        // An empty instruction is an error to fix, not a silent cancel: say so and keep the box open.
        qp.title = `${title} — ${EMPTY_INSTRUCTION}`;
        return;
      }
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(chosen);
    });
    qp.show();
  });
}

/** The identifier under the cursor of the active editor, as a seed for the orchestrator. */
export function seedFromEditor(root: vscode.Uri): SymbolSeed | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { document, selection } = editor;
  const range = selection.isEmpty
    ? document.getWordRangeAtPosition(selection.active, /[A-Za-z_$][\w$]*/)
    : new vscode.Range(selection.start, selection.end);
  const name = range ? document.getText(range).trim() : '';
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || !range) return undefined;
  const rel = vscode.workspace.asRelativePath(document.uri, false).replace(/\\/g, '/');
  const inside = document.uri.fsPath.startsWith(root.fsPath);
  return inside
    ? { name, file: rel, line: range.start.line + 1, column: range.start.character + 1 }
    : { name };
}
