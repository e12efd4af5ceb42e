/**
 * The `vscode` side of settingsScope.ts: every `orchestra.*` setting's layers from `inspect()` (never
 * `get()`, which would apply workspace values, nested ones included, to any setting), the workspace's own
 * settings files (to tell the user what VS Code already dropped), and whether the workspace is trusted.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { SETTING_KEYS } from './settingsPolicy';
import { mergeScopedSettings, type ScopedSettings, type WorkspaceOrigin } from './settingsScope';
import { readSettingsFile } from './workspaceSettingsFiles';

export function readScopedSettings(): ScopedSettings {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const multiRoot = vscode.workspace.workspaceFile !== undefined;
  const config = vscode.workspace.getConfiguration('orchestra', folder);
  const trusted = vscode.workspace.isTrusted;
  return mergeScopedSettings({
    trusted,
    layers: (key) => {
      const i = config.inspect(key);
      if (!i) return undefined;
      // With one folder open, its .vscode/settings.json IS the workspace's settings: one layer, not two.
      return { ...i, workspaceFolderValue: multiRoot ? i.workspaceFolderValue : undefined };
    },
    // Restricted Mode reads no workspace setting, not even to report one.
    files: trusted ? settingsFiles(folder, multiRoot) : undefined,
  });
}

function settingsFiles(
  folder: vscode.Uri | undefined,
  multiRoot: boolean,
): Partial<Record<WorkspaceOrigin, Record<string, unknown>>> {
  const files: Partial<Record<WorkspaceOrigin, Record<string, unknown>>> = {};
  const folderFile =
    folder?.scheme === 'file' ? path.join(folder.fsPath, '.vscode', 'settings.json') : undefined;
  const workspaceFile = vscode.workspace.workspaceFile;
  if (multiRoot) {
    if (workspaceFile?.scheme === 'file')
      files.workspace = readSettingsFile(workspaceFile.fsPath, SETTING_KEYS, 'settings');
    if (folderFile) files.folder = readSettingsFile(folderFile, SETTING_KEYS);
  } else if (folderFile) {
    files.workspace = readSettingsFile(folderFile, SETTING_KEYS);
  }
  return files;
}
