/**
 * Runs only in the Restricted Mode suite (scripts/integration/run.ts starts a second code-server with
 * workspace trust on and this folder untrusted): no model call, no write, and the user is told why with
 * VS Code's button to manage trust.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { RESTRICTED_MODE_MESSAGE } from '../../src/vscode/refactor/trustGate';
import { MockAnthropic } from '../mock-anthropic/server';
import { FIXTURE_FILES, INSTRUCTION } from './fixture';
import {
  activateExtension,
  EXTENSION_ID,
  hasUiDriver,
  readWorkspaceFile,
  resetSettings,
  ui,
  workspaceRoot,
} from './helpers';
import { scriptArea, useMock } from './mockScripts';

/** Every file under the workspace, relative. */
function filesOnDisk(): string[] {
  const root = workspaceRoot();
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

describe('Restricted Mode (workspace trust on, folder not trusted)', () => {
  let mock: MockAnthropic;
  const requests = (): number => mock.requests.length + mock.countTokensRequests.length;

  before(async () => {
    await activateExtension();
    mock = await MockAnthropic.start();
    scriptArea(mock);
    await useMock(mock);
  });
  after(async () => {
    await resetSettings();
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    await mock.close();
  });

  it('the folder is untrusted, and the extension still activates (untrustedWorkspaces: limited)', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('Refactor… makes no model call and writes nothing, and says why with "Manage Workspace Trust"', async () => {
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: INSTRUCTION,
      review: 'accept',
      preview: 'apply',
    });
    assert.deepEqual(outcome, { status: 'untrusted', message: RESTRICTED_MODE_MESSAGE });
    assert.match(RESTRICTED_MODE_MESSAGE, /Restricted Mode: this folder is not trusted/);
    assert.equal(requests(), 0, 'nothing reached the API');
    assert.deepEqual(filesOnDisk(), Object.keys(FIXTURE_FILES).sort());
    for (const [file, text] of Object.entries(FIXTURE_FILES)) assert.equal(readWorkspaceFile(file), text);
    if (hasUiDriver()) {
      await ui([
        { op: 'waitFor', selector: '.notifications-toasts', text: 'does not refactor in Restricted Mode' },
        { op: 'screenshot', name: 'restricted-mode' },
        { op: 'clickButton', text: 'Manage Workspace Trust', within: '.notifications-toasts' },
        { op: 'waitFor', selector: '.workspace-trust-editor', text: 'Restricted Mode' },
      ]);
      assert.equal(vscode.workspace.isTrusted, false, 'opening the trust editor trusts nothing');
    }
  });

  it('the editor context menu entry is refused the same way', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspaceRoot(), 'src/geometry.ts')));
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactorSymbol');
    assert.deepEqual(outcome, { status: 'untrusted', message: RESTRICTED_MODE_MESSAGE });
    assert.equal(requests(), 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
