/**
 * The file handshake between in-host tests and the driver that owns the browser (scripts/integration/run.ts):
 * a test writes `<dir>/<n>.request.json` with UI steps, the driver performs them with Playwright and
 * writes `<dir>/<n>.response.json`. Only the code-server route has a driver; elsewhere UI tests skip.
 */
export type UiStep =
  /** Open the command palette, type the title, click the matching row. */
  | { op: 'palette'; title: string }
  | { op: 'type'; text: string }
  | { op: 'press'; key: string }
  /** Click the first quick-input row containing `text`. */
  | { op: 'clickRow'; text: string }
  /** Click a button (notification, dialog, quick input) whose label contains `text`. */
  | { op: 'clickButton'; text: string; within?: string }
  /** Wait until an element matching `selector` (and containing `text`) is visible. */
  | { op: 'waitFor'; selector: string; text?: string; timeoutMs?: number }
  /** Right-click the first element matching `selector` (and containing `text`), e.g. an editor line. */
  | { op: 'rightClick'; selector: string; text?: string; exact?: boolean }
  /** Click the first element matching `selector` (and containing `text`). */
  | { op: 'click'; selector: string; text?: string }
  /** Inside the quick-input row containing `row`, hover and click the element matching `selector`. */
  | { op: 'clickInRow'; row: string; selector: string }
  /** Inside the first list/tree row (any view) containing `row`, hover and click the element matching `selector`. */
  | { op: 'clickInListRow'; row: string; selector: string; within?: string }
  /** Hover the first element matching `selector` (and containing `text`), e.g. to show a tooltip. */
  | { op: 'hover'; selector: string; text?: string }
  /** Click a context-menu entry by its label. */
  | { op: 'clickMenuItem'; text: string }
  /** Fails unless some / no element matching `selector` contains every one of `texts`. */
  | { op: 'present'; selector: string; texts: string[] }
  | { op: 'absent'; selector: string; texts: string[] }
  | { op: 'sleep'; ms: number }
  /** Saves the workbench as .vscode-test/screenshots/<name>.png (for looking at what a user sees). */
  | { op: 'screenshot'; name: string };

export interface UiRequest {
  steps: UiStep[];
}

export interface UiResponse {
  ok: boolean;
  error?: string;
}

/** Written by the suite's run() when it finishes; the driver waits for it (the host's exit code is useless). */
export interface SuiteResult {
  vscodeVersion: string;
  passing: number;
  failing: number;
  pending: number;
  tests: Array<{
    title: string;
    state: 'passed' | 'failed' | 'pending';
    durationMs: number;
    error?: string;
    /** Lines a test printed with `note()` (helpers.ts): measured values, shown under its title. */
    notes?: string[];
  }>;
  /** Set when the suite could not run at all. */
  fatal?: string;
}

export const ENV_RESULT_FILE = 'ORCHESTRA_TEST_RESULT';
export const ENV_UI_BRIDGE_DIR = 'ORCHESTRA_UI_BRIDGE';
export const ENV_WORKSPACE = 'ORCHESTRA_TEST_WORKSPACE';

/** Which suite the host runs: `restricted*.test.js` only in 'restricted' (workspace trust on, folder untrusted). */
export const ENV_SUITE = 'ORCHESTRA_SUITE';
export type SuiteName = 'main' | 'restricted';
export const RESTRICTED_SUITE_PREFIX = 'restricted';

/** Which VS Code the suite runs on: `*.current.test.js` runs only on 'current' (APIs 1.100 lacks). */
export const ENV_RUNTIME = 'ORCHESTRA_SUITE_RUNTIME';
export type RuntimeLabel = 'minimum' | 'current';
export const CURRENT_ONLY_SUFFIX = '.current.test.js';
/** Comma-separated test file names (`flow.test.js`): when set, the host runs only these. */
export const ENV_SUITE_FILES = 'ORCHESTRA_SUITE_FILES';
