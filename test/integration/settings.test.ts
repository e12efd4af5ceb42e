import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, resetSettings, setSetting, TEST_KEY } from './helpers';

interface Outcome {
  status: string;
  setting?: string;
  message?: string;
}

async function refactorWith(key: string, value: unknown): Promise<Outcome> {
  await setSetting(key, value);
  return (await vscode.commands.executeCommand<Outcome>('orchestra.refactor', {
    instruction: 'rename area',
  }))!;
}

describe('settings validation', () => {
  before(async () => {
    await activateExtension();
    await vscode.commands.executeCommand('orchestra.setApiKey', TEST_KEY);
  });
  afterEach(resetSettings);
  after(() => vscode.commands.executeCommand('orchestra.clearApiKey'));

  const cases: Array<[string, unknown, RegExp]> = [
    ['maxWorkers', 0, /orchestra\.maxWorkers/],
    ['maxWorkers', 2.5, /orchestra\.maxWorkers/],
    ['maxConcurrency', 100, /orchestra\.maxConcurrency/],
    ['budgetUsd', -1, /orchestra\.budgetUsd/],
    ['models.worker', '', /orchestra\.models\.worker/],
    ['provider', 'openai', /orchestra\.provider/],
    ['timeoutSeconds', 0, /orchestra\.timeoutSeconds/],
    ['maxRetries', 11, /orchestra\.maxRetries/],
    ['costAlertFactor', 0.5, /orchestra\.costAlertFactor/],
    ['include', 'src/**', /orchestra\.include/],
    ['reviewPlan', 'sometimes', /orchestra\.reviewPlan/],
    ['anthropic.baseUrl', 'not a url', /orchestra\.anthropic\.baseUrl/],
  ];
  for (const [key, value, pattern] of cases) {
    it(`rejects orchestra.${key} = ${JSON.stringify(value)} with a message naming the setting`, async () => {
      const outcome = await refactorWith(key, value);
      assert.equal(outcome.status, 'bad-settings', JSON.stringify(outcome));
      assert.equal(outcome.setting, `orchestra.${key}`);
      assert.match(outcome.message ?? '', pattern);
    });
  }

  it('settings validation happens before anything is asked or sent (no instruction prompt, no request)', async () => {
    const outcome = await (async () => {
      await setSetting('budgetUsd', 0);
      return vscode.commands.executeCommand<Outcome>('orchestra.refactor');
    })();
    assert.equal(outcome?.status, 'bad-settings');
  });
});
