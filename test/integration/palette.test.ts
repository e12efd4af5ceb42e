/**
 * UI-level flows through the real workbench: the driver (scripts/integration/run.ts) types and clicks in
 * the browser while these tests assert on the outcome. Skipped where no driver is attached.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import { MockAnthropic } from '../mock-anthropic/server';
import { AREA_AFTER, FIXTURE_FILES, INSTRUCTION } from './fixture';
import {
  activateExtension,
  hasUiDriver,
  readWorkspaceFile,
  resetFixture,
  resetSettings,
  setSetting,
  TEST_KEY,
  ui,
  waitFor,
  workspaceRoot,
} from './helpers';
import { isPlan, workerFile } from '../support/mockRequests';
import { scriptArea, workerRequests } from './mockScripts';

describe('command palette (UI)', function () {
  // Real clicks in a headless browser can lose a race with the workbench's own rendering; a UI test is
  // retried (from a reset fixture) before it counts as failed. The non-UI suites are never retried.
  this.retries(2);
  let mock: MockAnthropic;
  let api: OrchestraApi;

  before(async function () {
    if (!hasUiDriver()) this.skip();
    api = await activateExtension();
    mock = await MockAnthropic.start();
  });
  beforeEach(async () => {
    mock.reset();
    await resetFixture();
  });
  afterEach(async () => {
    // A failed UI step must not leave a review open for the next test.
    await vscode.commands.executeCommand('orchestra.cancelRun');
    await vscode.commands.executeCommand('orchestra.discardPreview');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });
  after(async () => {
    await resetSettings();
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    await mock?.close();
  });

  it('Set API Key → Refactor… → plan review → preview → Apply, all by keyboard and mouse', async () => {
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    await setSetting('anthropic.baseUrl', mock.url);
    await setSetting('reviewPlan', 'always');
    scriptArea(mock);

    await ui([
      { op: 'palette', title: 'Orchestra: Set API Key' },
      { op: 'waitFor', selector: '.quick-input-widget', text: 'Anthropic API key' },
      { op: 'type', text: TEST_KEY },
      { op: 'press', key: 'Enter' },
      { op: 'waitFor', selector: '.notifications-toasts', text: 'API key saved' },
    ]);

    await ui([
      { op: 'palette', title: 'Orchestra: Refactor…' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'Orchestra: Refactor' },
      { op: 'type', text: INSTRUCTION },
      { op: 'press', key: 'Enter' },
      // The review lists every planned file before any worker runs.
      { op: 'waitFor', selector: '.quick-input-title', text: 'review plan', timeoutMs: 30_000 },
      { op: 'waitFor', selector: '.quick-input-list .monaco-list-row', text: 'src/main.ts' },
      { op: 'screenshot', name: 'plan-review' },
    ]);
    assert.equal(mock.requests.filter(isPlan).length, 1);
    assert.equal(workerRequests(mock).length, 0, 'no worker runs before the review is accepted');
    assert.equal(mock.requests[0]?.apiKey, TEST_KEY, 'the key typed in the palette is used');

    await ui([
      { op: 'press', key: 'Enter' },
      { op: 'waitFor', selector: '.notifications-toasts', text: 'file(s) changed', timeoutMs: 30_000 },
      { op: 'screenshot', name: 'diff-preview' },
    ]);
    assert.equal(workerRequests(mock).length, 3);
    assert.equal(api.hasPreview(), true);
    assert.ok(
      vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'orchestra-preview'),
      'the multi-file diff is open',
    );

    await ui([{ op: 'clickButton', text: 'Apply', within: '.notifications-toasts' }]);
    for (const [file, text] of Object.entries(AREA_AFTER)) {
      await waitFor(`${file} applied`, () => readWorkspaceFile(file) === text || undefined);
    }
    await waitFor('the preview to close', () => !api.hasPreview() || undefined);
  });

  it("plan review: re-plan with a new instruction, edit one file's instruction, untick another, run", async () => {
    await vscode.commands.executeCommand('orchestra.setApiKey', TEST_KEY);
    await setSetting('anthropic.baseUrl', mock.url);
    await setSetting('reviewPlan', 'always');
    scriptArea(mock);
    await ui([
      { op: 'palette', title: 'Orchestra: Refactor…' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'Orchestra: Refactor' },
      { op: 'type', text: 'first instruction' },
      { op: 'press', key: 'Enter' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'review plan', timeoutMs: 30_000 },
      { op: 'click', selector: '.quick-input-titlebar .action-label' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'Orchestra: re-plan' },
      { op: 'press', key: 'Control+A' },
      { op: 'type', text: INSTRUCTION },
      { op: 'press', key: 'Enter' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'review plan', timeoutMs: 30_000 },
    ]);
    const plans = mock.requests.filter(isPlan);
    assert.equal(plans.length, 2, 're-planned once');
    assert.match(plans[0]!.userText, /first instruction/);
    assert.match(plans[1]!.userText, /area take a \{ width, height \} object/);

    await ui([
      { op: 'clickInRow', row: 'src/main.ts', selector: '.codicon-edit' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'instruction for src/main.ts' },
      { op: 'press', key: 'Control+A' },
      { op: 'type', text: 'EDITED: pass an object literal' },
      { op: 'press', key: 'Enter' },
      {
        op: 'waitFor',
        selector: '.quick-input-list .monaco-list-row',
        text: 'EDITED: pass an object literal',
      },
      { op: 'clickInRow', row: 'src/report.ts', selector: '.monaco-checkbox' },
      { op: 'waitFor', selector: '.quick-input-widget', text: '2 Selected' },
      // Enter would toggle the focused checkbox back; OK runs the ticked files.
      { op: 'clickButton', text: 'OK', within: '.quick-input-widget' },
      { op: 'waitFor', selector: '.notifications-toasts', text: 'file(s) changed', timeoutMs: 30_000 },
      { op: 'clickButton', text: 'Discard', within: '.notifications-toasts' },
    ]);
    const workers = workerRequests(mock);
    assert.deepEqual(workers.map(workerFile).sort(), ['src/geometry.ts', 'src/main.ts']);
    assert.match(
      workers.find((w) => workerFile(w) === 'src/main.ts')!.userText,
      /EDITED: pass an object literal/,
    );
    await waitFor('the preview to close', () => !api.hasPreview() || undefined);
    assert.equal(
      readWorkspaceFile('src/main.ts'),
      FIXTURE_FILES['src/main.ts'],
      'discarded: nothing written',
    );
  });

  it('an empty instruction is refused in the box with a message, and nothing is sent', async () => {
    await vscode.commands.executeCommand('orchestra.setApiKey', TEST_KEY);
    await setSetting('anthropic.baseUrl', mock.url);
    await ui([
      { op: 'palette', title: 'Orchestra: Refactor…' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'Orchestra: Refactor' },
      { op: 'type', text: '   ' },
      { op: 'press', key: 'Enter' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'the instruction is empty' },
      { op: 'press', key: 'Escape' },
    ]);
    assert.equal(mock.requests.length, 0);
  });

  it('the editor context menu offers Refactor… seeded with the symbol under the cursor', async () => {
    await vscode.commands.executeCommand('orchestra.setApiKey', TEST_KEY);
    await setSetting('anthropic.baseUrl', mock.url);
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspaceRoot(), 'src/geometry.ts')));
    await ui([
      // Right-clicking a word puts the cursor on it; the command takes that word as the seed.
      { op: 'rightClick', selector: '.monaco-editor .view-line span span', text: 'area', exact: true },
      { op: 'clickMenuItem', text: 'Refactor with Orchestra…' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'Orchestra: Refactor — symbol area' },
      { op: 'press', key: 'Escape' },
    ]);
    assert.equal(mock.requests.length, 0, 'nothing is sent when the instruction prompt is dismissed');
  });
});
