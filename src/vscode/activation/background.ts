/**
 * Work that happens after activation, off the activation path: pre-warming the workspace (loads the
 * engine and the project a moment later) and telling the cached workspace which files changed (it updates
 * them one by one, or loads again after a config change or a burst: src/vscode/refactor/workspaceCache.ts).
 */
import * as vscode from 'vscode';
import type { EngineLoader } from './engineLoader';
import type { Services } from './services';

const PREWARM_DELAY_MS = 1_500;

export function startBackgroundWork(services: Services, loader: EngineLoader): vscode.Disposable[] {
  const disposables: vscode.Disposable[] = [];
  const invalidate = (uri: vscode.Uri): void => services.sessionState?.workspaces.markChanged(uri.fsPath);
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,json}');
  disposables.push(
    watcher,
    watcher.onDidChange(invalidate),
    watcher.onDidCreate(invalidate),
    watcher.onDidDelete(invalidate),
  );
  disposables.push(
    vscode.workspace.onDidChangeWorkspaceFolders(() => services.sessionState?.workspaces.clear()),
  );

  if (vscode.workspace.workspaceFolders?.length) {
    services.warmed = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        loader
          .load()
          .then((engine) => engine.prewarm(services))
          .then(resolve, (error: unknown) => {
            services.log.warn(`Background load failed (it is retried on the next command): ${String(error)}`);
            resolve(false);
          });
      }, PREWARM_DELAY_MS);
      disposables.push({ dispose: () => (clearTimeout(timer), resolve(false)) });
    });
  }
  return disposables;
}
