import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MockAnthropic } from '../mock-anthropic/server';
import { activateExtension, resetSettings, setSetting } from './helpers';

describe('missing API key', () => {
  let mock: MockAnthropic;
  before(async () => {
    await activateExtension();
    mock = await MockAnthropic.start();
  });
  after(async () => {
    await resetSettings();
    await mock.close();
  });

  it('stops before asking for an instruction or calling the API, with a message offering "Set API Key"', async () => {
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    await setSetting('anthropic.baseUrl', mock.url);
    const outcome = await vscode.commands.executeCommand<{ status: string; message: string }>(
      'orchestra.refactor',
      {
        instruction: 'rename area to computeArea',
      },
    );
    assert.equal(outcome?.status, 'missing-key');
    assert.match(outcome.message, /API key/);
    assert.equal(mock.requests.length, 0, 'nothing was sent');
  });

  it('the vscode-lm provider needs no key and says clearly when no chat model is available', async () => {
    await setSetting('provider', 'vscode-lm');
    await vscode.commands.executeCommand('orchestra.reloadWorkspace');
    const outcome = await vscode.commands.executeCommand<{
      status: string;
      reason?: string;
      message?: string;
    }>('orchestra.refactor', {
      instruction: 'rename area to computeArea',
      review: 'accept',
      preview: 'discard',
    });
    assert.equal(outcome?.status, 'error', JSON.stringify(outcome));
    assert.match(outcome.message ?? '', /language model/);
  });
});
