/**
 * At start-up (the extension activates on `onStartupFinished` for this): when the window's folder has an
 * unfinished run journal (a refactor interrupted by a crash, a reload or a closed window), a notification offers
 * "Orchestra: Resume Interrupted Refactoring" or to discard it. Light on purpose: node's fs and the journal's
 * first and last lines only, no engine; reading the journal properly is the heavy half's
 * (src/vscode/refactor/resumeFlow.ts). An untrusted folder is offered it once it is trusted (a resume needs trust).
 */
import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from './services';

export type { ResumeOffer } from './resumeOfferTypes';

/** What the offer reads of the engine loader (its type would close an import cycle through heavyCommands). */
interface EngineState {
  readonly loaded: boolean;
}

/** The folder's journal directory in the extension's global storage (never the workspace). */
export function journalDirOf(globalStorage: string, root: string): string {
  let real = path.resolve(root);
  try {
    real = realpathSync(root);
  } catch {
    // A folder that cannot be resolved keeps its spelling.
  }
  return path.join(globalStorage, 'journals', createHash('sha256').update(real).digest('hex').slice(0, 32));
}

/** The newest unfinished journal of `dir` (as the resume chooses it): its file and instruction; else undefined. */
export async function unfinishedJournal(
  dir: string,
): Promise<{ file: string; instruction: string } | undefined> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .reverse()) {
    const file = path.join(dir, name);
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0 || lines[lines.length - 1]?.includes('"kind":"finished"')) continue;
    return { file, instruction: instructionOf(lines[0] ?? '') };
  }
  return undefined;
}

function instructionOf(headerLine: string): string {
  try {
    const header = JSON.parse(headerLine) as { instruction?: unknown };
    return typeof header.instruction === 'string' ? header.instruction : '';
  } catch {
    return ''; // A damaged header is reported by the resume itself.
  }
}

export function offerResume(services: Services, loader: EngineState): vscode.Disposable {
  if (!vscode.workspace.isTrusted) {
    return vscode.workspace.onDidGrantWorkspaceTrust(() => void checkAndOffer(services, loader));
  }
  void checkAndOffer(services, loader);
  return { dispose: () => undefined };
}

async function checkAndOffer(services: Services, loader: EngineState): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const dir = journalDirOf(services.context.globalStorageUri.fsPath, folder.uri.fsPath);
  const found = await unfinishedJournal(dir);
  if (!found) return;
  services.resumeOffer = { ...found, engineLoaded: loader.loaded, commandsRun: services.commandsRun };
  const what = found.instruction ? ` ("${found.instruction.slice(0, 80)}")` : '';
  services.log.info(`An interrupted refactor${what} can be resumed: ${found.file}`);
  const choice = await vscode.window.showInformationMessage(
    `Orchestra: a refactoring in this folder was interrupted${what}. Resume it? Finished files are not paid for again.`,
    'Resume',
    'Discard',
  );
  if (choice === 'Resume') await vscode.commands.executeCommand('orchestra.resume');
  if (choice === 'Discard') {
    await fs.rm(found.file, { force: true });
    services.log.info(`Discarded the interrupted refactor's journal: ${found.file}`);
  }
}
