/**
 * The openai-compatible provider inside a real VS Code: settings point it at the loopback mock-openai (reached
 * by the real `openai` SDK), the key comes from SecretStorage through Set OpenAI-Compatible API Key; one
 * refactoring applied with exact texts, then the orchestrator on the Anthropic mock and the workers here.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { MockAnthropic } from '../mock-anthropic/server';
import { MockOpenAI, toolUseReply } from '../mock-openai/server';
import { AREA_AFTER, AREA_EDITS, AREA_PLAN, INSTRUCTION } from './fixture';
import {
  activateExtension,
  readWorkspaceFile,
  resetFixture,
  resetSettings,
  setSetting,
  waitFor,
} from './helpers';
import { isEditCall, isPlan, isWorker, workerFile } from '../support/mockRequests';
import { scriptArea, useMock } from './mockScripts';

const FILES = ['src/geometry.ts', 'src/main.ts', 'src/report.ts'];
const OPENAI_TEST_KEY = 'sk-proj-integration-OPENAI-0123456789';

function scriptOpenAI(mock: MockOpenAI, plan: boolean): void {
  if (plan) {
    mock.on(isPlan, toolUseReply(AREA_PLAN, { usage: { prompt_tokens: 1500, completion_tokens: 200 } }));
  }
  mock.on(isEditCall, (req) =>
    toolUseReply(AREA_EDITS[workerFile(req) ?? '']!, {
      usage: { prompt_tokens: 600, completion_tokens: 90, cached_tokens: 100 },
    })(req),
  );
}

function refactor(): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    review: 'accept',
    preview: 'apply',
  });
}

async function waitForResult(): Promise<void> {
  for (const file of FILES) {
    await waitFor(`${file} on disk`, () => readWorkspaceFile(file) === AREA_AFTER[file] || undefined);
  }
}

describe('openai-compatible provider (mock Chat Completions API)', () => {
  let openai: MockOpenAI;
  let anthropic: MockAnthropic;
  let api: OrchestraApi;

  before(async () => {
    api = await activateExtension();
    openai = await MockOpenAI.start();
    anthropic = await MockAnthropic.start();
  });
  beforeEach(async () => {
    openai.reset();
    anthropic.reset();
    await resetFixture();
    await vscode.commands.executeCommand('orchestra.setOpenAIApiKey', OPENAI_TEST_KEY);
    await setSetting('openai.baseUrl', openai.url);
    await setSetting('maxRetries', 0);
    await setSetting('models.orchestrator', 'gpt-4.1');
    await setSetting('models.worker', 'gpt-4.1-mini');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('orchestra.discardPreview');
    await resetSettings();
  });
  after(async () => {
    await vscode.commands.executeCommand('orchestra.clearOpenAIApiKey');
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    await openai.close();
    await anthropic.close();
  });

  it('a refactoring on openai-compatible settings: applied exactly, the key from SecretStorage, never logged', async () => {
    await setSetting('provider', 'openai-compatible');
    scriptOpenAI(openai, true);
    const outcome = await refactor();
    assert.deepEqual(outcome, { status: 'applied', files: FILES });
    await waitForResult();
    assert.equal(openai.requests.filter(isPlan).length, 1);
    assert.deepEqual(openai.requests.filter(isWorker()).map(workerFile).sort(), FILES);
    assert.equal(openai.requests.length, 4);
    assert.ok(openai.requests.every((r) => r.apiKey === OPENAI_TEST_KEY && r.keyHeader === 'authorization'));
    assert.equal(anthropic.requests.length, 0);
    const run = api.lastRun();
    assert.ok(run);
    assert.deepEqual(run.roles, {
      orchestrator: { provider: 'openai-compatible', model: 'gpt-4.1' },
      worker: { provider: 'openai-compatible', model: 'gpt-4.1-mini' },
    });
    assert.equal(run.usage.calls, 4);
    assert.equal(run.usage.usage.cacheReadInputTokens, 300);
    // 1500×2 + 200×8 = 0.0046; 3 × (500×0.4 + 100×0.1 + 90×1.6) = 3 × 0.000354
    assert.equal(run.usage.costUsd, 0.005662);
    assert.ok(!api.logLines().join('\n').includes(OPENAI_TEST_KEY), 'the key never reaches the log');
  });

  it('orchestrator on the Anthropic mock, workers on the OpenAI mock: requests and cost split per provider', async () => {
    await useMock(anthropic);
    await setSetting('models.orchestrator', 'claude-sonnet-4-6');
    await setSetting('providers.worker', 'openai-compatible');
    scriptArea(anthropic); // its plan (1500 in, 200 out); its edit rule must stay unused
    scriptOpenAI(openai, false);
    const outcome = await refactor();
    assert.deepEqual(outcome, { status: 'applied', files: FILES });
    await waitForResult();
    assert.equal(anthropic.requests.length, 1);
    assert.equal(anthropic.requests.filter(isPlan).length, 1);
    assert.equal(openai.requests.length, 3);
    const run = api.lastRun();
    assert.ok(run?.usage.byProvider);
    // Sonnet: 1500×3 + 200×15 = 0.0075
    assert.equal(run.usage.byProvider['anthropic']?.costUsd, 0.0075);
    assert.equal(run.usage.byProvider['openai-compatible']?.calls, 3);
    assert.equal(run.usage.byProvider['openai-compatible']?.costUsd, 0.001062);
    assert.deepEqual(run.roles?.worker, { provider: 'openai-compatible', model: 'gpt-4.1-mini' });
  });
});
