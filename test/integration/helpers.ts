/** Shared helpers for the in-host suite: the extension's API, fixture reset, settings, the UI bridge. */
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import { FIXTURE_FILES } from './fixture';
import { ENV_RUNTIME, ENV_UI_BRIDGE_DIR, type UiResponse, type UiStep } from './uiProtocol';

export const EXTENSION_ID = 'orchestra-refactor.orchestra-refactor';
export const TEST_KEY = 'sk-ant-test-integration-0123456789';

export async function activateExtension(): Promise<OrchestraApi> {
  const ext = vscode.extensions.getExtension<OrchestraApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs the fixture workspace open');
  return folder.uri.fsPath;
}

export function readWorkspaceFile(file: string): string {
  return fs.readFileSync(path.join(workspaceRoot(), file), 'utf8');
}

export function writeWorkspaceFile(file: string, text: string): void {
  const target = path.join(workspaceRoot(), file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
}

/** Clears the notifications, puts the fixture back as the driver wrote it, closes editors and reloads the cached project. */
export async function resetFixture(): Promise<void> {
  // A notification of an earlier test must not answer this test's wait for one (the notification center
  // keeps every one until it is closed; see scripts/integration/uiSteps.ts).
  await vscode.commands.executeCommand('notifications.clearAll');
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const root = workspaceRoot();
  const wanted = new Set(Object.keys(FIXTURE_FILES).map((f) => path.normalize(f)));
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(root, path.join(entry.parentPath, entry.name));
    if (entry.isFile() && !wanted.has(rel)) fs.rmSync(path.join(root, rel));
  }
  // Folders a test's moves or created files left empty go too: a later test's Apply must find the tree as
  // the fixture has it (a folder that exists is not one Apply creates, so its revert would keep it).
  const dirs = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(e.parentPath, e.name))
    .filter(
      (d) =>
        !path
          .relative(root, d)
          .split(path.sep)
          .some((part) => part.startsWith('.')),
    )
    .sort((a, b) => b.split(path.sep).length - a.split(path.sep).length);
  for (const dir of dirs) if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  // Overwrite in place (no delete + create) so open documents reload instead of becoming orphaned.
  for (const [file, text] of Object.entries(FIXTURE_FILES)) {
    const target = path.join(root, file);
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) writeWorkspaceFile(file, text);
  }
  for (const [file, text] of Object.entries(FIXTURE_FILES)) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path.join(root, file));
    if (doc)
      await waitFor(`${file} reloaded`, () => (doc.getText() === text && !doc.isDirty) || undefined, 30_000);
  }
  await vscode.commands.executeCommand('orchestra.reloadWorkspace');
}

const TOUCHED = new Set<string>();

export async function setSetting(key: string, value: unknown): Promise<void> {
  TOUCHED.add(key);
  await vscode.workspace.getConfiguration('orchestra').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function resetSettings(): Promise<void> {
  for (const key of TOUCHED) {
    await vscode.workspace
      .getConfiguration('orchestra')
      .update(key, undefined, vscode.ConfigurationTarget.Global);
  }
  TOUCHED.clear();
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Prints a line under the running test's result (a measured value): the host's console goes to the browser,
 * so the runner (index.ts) carries these in the result file. Kept on the host's global, like the UI counter.
 */
export function note(line: string): void {
  const host = globalThis as { orchestraNotes?: string[] };
  (host.orchestraNotes ??= []).push(line);
}

/** The lines `note()` collected since the last call (the runner takes them as each test ends). */
export function takeNotes(): string[] | undefined {
  const host = globalThis as { orchestraNotes?: string[] };
  const lines = host.orchestraNotes;
  host.orchestraNotes = undefined;
  return lines?.length ? lines : undefined;
}

/** How many background parse-ahead runs the log shows so far. */
export function parseAheadRuns(api: OrchestraApi): number {
  return api.logLines().filter((l) => l.includes('Parsed ahead')).length;
}

/** Waits until the log shows more parse-ahead runs than `before`. */
export function waitForParseAhead(api: OrchestraApi, before: number): Promise<true> {
  return waitFor('a parse-ahead of the reloaded workspace', () => parseAheadRuns(api) > before || undefined);
}

/** True on the current VS Code (1.139), false on the minimum supported one (the driver says which). */
export function onCurrentVsCode(): boolean {
  return process.env[ENV_RUNTIME] === 'current';
}

/** True when a browser driver is attached (code-server route); UI tests skip otherwise. */
export function hasUiDriver(): boolean {
  return Boolean(process.env[ENV_UI_BRIDGE_DIR]);
}

/**
 * Each test file is its own bundle with its own copy of this module, so the request counter lives on the
 * host's global object: two files numbering from 1 would each read the other's old response.
 */
const uiState = globalThis as { orchestraUiSeq?: number };

/** Asks the driver to perform UI steps in the workbench and waits until it did. */
export async function ui(steps: UiStep[], timeoutMs = 60_000): Promise<void> {
  const dir = process.env[ENV_UI_BRIDGE_DIR];
  if (!dir) throw new Error(`${ENV_UI_BRIDGE_DIR} is not set: no UI driver`);
  uiState.orchestraUiSeq = (uiState.orchestraUiSeq ?? 0) + 1;
  const name = `${String(uiState.orchestraUiSeq).padStart(4, '0')}`;
  const request = path.join(dir, `${name}.request.json`);
  fs.writeFileSync(`${request}.tmp`, JSON.stringify({ steps }));
  fs.renameSync(`${request}.tmp`, request);
  const responseFile = path.join(dir, `${name}.response.json`);
  const text = await waitFor(
    `the UI driver (${steps.map((s) => s.op).join(', ')})`,
    () => (fs.existsSync(responseFile) ? fs.readFileSync(responseFile, 'utf8') : undefined),
    timeoutMs,
  );
  fs.rmSync(responseFile);
  const response = JSON.parse(text) as UiResponse;
  if (!response.ok) throw new Error(response.error ?? 'UI step failed');
}

/**
 * Writes the workspace's own `.vscode/settings.json` (what a cloned repository brings) and waits until
 * VS Code has read it: `orchestra.timeoutSeconds`, a setting every scope may set, is the marker.
 */
export async function writeWorkspaceSettings(settings: Record<string, unknown>): Promise<void> {
  const marker = 61 + ++settingsSeq;
  writeWorkspaceFile(
    '.vscode/settings.json',
    `// written by the test, as a repository would\n${JSON.stringify({ ...settings, 'orchestra.timeoutSeconds': marker }, null, 2)}\n`,
  );
  await waitFor('VS Code to read .vscode/settings.json', () =>
    vscode.workspace.getConfiguration('orchestra').inspect('timeoutSeconds')?.workspaceValue === marker
      ? true
      : undefined,
  );
}

/** Removes `.vscode/settings.json` and waits until VS Code no longer applies it. */
export async function clearWorkspaceSettings(): Promise<void> {
  fs.rmSync(path.join(workspaceRoot(), '.vscode'), { recursive: true, force: true });
  await waitFor('VS Code to drop the workspace settings', () =>
    vscode.workspace.getConfiguration('orchestra').inspect('timeoutSeconds')?.workspaceValue === undefined
      ? true
      : undefined,
  );
}

let settingsSeq = 0;
