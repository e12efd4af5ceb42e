import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  parseAheadRuns,
  resetSettings,
  setSetting,
  TEST_KEY,
  waitForParseAhead,
} from './helpers';

describe('commands', () => {
  before(async () => {
    await activateExtension();
  });
  afterEach(resetSettings);

  it('orchestra.reloadWorkspace loads the fixture project, reports its file count and parses it ahead', async () => {
    const api = await activateExtension();
    const before = parseAheadRuns(api);
    const count = await vscode.commands.executeCommand<number>('orchestra.reloadWorkspace');
    assert.equal(count, 3);
    await waitForParseAhead(api, before);
  });

  it('orchestra.showLastRun without a run returns nothing and opens nothing', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const api = await activateExtension();
    if (api.lastRun() !== undefined) return; // a flow test already ran; covered there
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      'orchestra.showLastRun',
    );
    assert.equal(doc, undefined);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });

  it('orchestra.applyPreview / discardPreview / cancelRun do nothing when there is nothing to act on', async () => {
    assert.equal(await vscode.commands.executeCommand('orchestra.applyPreview'), undefined);
    assert.equal(await vscode.commands.executeCommand('orchestra.discardPreview'), undefined);
    assert.equal(await vscode.commands.executeCommand('orchestra.cancelRun'), false);
  });

  it('orchestra.setApiKey stores the key, never logs it, and orchestra.clearApiKey removes it', async () => {
    const api = await activateExtension();
    assert.equal(await vscode.commands.executeCommand('orchestra.setApiKey', TEST_KEY), true);
    // The key is used: a refactor no longer stops at "missing key" (it fails later, on the settings).
    await vscode.workspace
      .getConfiguration('orchestra')
      .update('maxWorkers', 0, vscode.ConfigurationTarget.Global);
    const outcome = await vscode.commands.executeCommand<{ status: string }>('orchestra.refactor', {
      instruction: 'x',
    });
    await vscode.workspace
      .getConfiguration('orchestra')
      .update('maxWorkers', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(outcome.status, 'bad-settings');
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    const after = await vscode.commands.executeCommand<{ status: string }>('orchestra.refactor', {
      instruction: 'x',
    });
    assert.equal(after.status, 'missing-key');
    assert.ok(!api.logLines().join('\n').includes(TEST_KEY), 'the key never reaches the log');
  });

  it('orchestra.refactorSymbol (editor context menu) runs the same checked flow', async () => {
    await vscode.commands.executeCommand('orchestra.setApiKey', TEST_KEY);
    await setSetting('maxWorkers', 0);
    const outcome = await vscode.commands.executeCommand<{ status: string; setting: string }>(
      'orchestra.refactorSymbol',
    );
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    assert.deepEqual([outcome.status, outcome.setting], ['bad-settings', 'orchestra.maxWorkers']);
  });

  it('orchestra.showLog opens the Orchestra output channel', async () => {
    await vscode.commands.executeCommand('orchestra.showLog');
  });
});
