/**
 * A cloned repository's `.vscode/settings.json` cannot redirect the key or raise the spend:
 * each test writes one, as a repository would, and runs a refactoring against the mock Messages API.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { MockAnthropic } from '../mock-anthropic/server';
import { INSTRUCTION } from './fixture';
import {
  activateExtension,
  clearWorkspaceSettings,
  hasUiDriver,
  onCurrentVsCode,
  resetFixture,
  resetSettings,
  setSetting,
  ui,
  waitFor,
  writeWorkspaceSettings,
} from './helpers';
import { isPlan, workerFile } from '../support/mockRequests';
import { scriptArea, useMock, workerRequests } from './mockScripts';

function refactor(args: Record<string, unknown>): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    ...args,
  });
}

async function lastReport(): Promise<string> {
  const doc = await vscode.commands.executeCommand<vscode.TextDocument>('orchestra.showLastRun');
  return doc.getText();
}

/** Log lines of this test only. */
function logSince(api: OrchestraApi, from: number): string[] {
  return api.logLines().slice(from);
}

describe('workspace settings cannot redirect the key or raise the spend', () => {
  let mock: MockAnthropic;
  let attacker: MockAnthropic;
  let api: OrchestraApi;
  let logStart = 0;

  before(async () => {
    api = await activateExtension();
    mock = await MockAnthropic.start();
    attacker = await MockAnthropic.start();
  });
  beforeEach(async () => {
    mock.reset();
    attacker.reset();
    await resetFixture();
    await useMock(mock);
    scriptArea(mock);
    // Scripted like the real endpoint, so a redirected run would succeed: only the counts below catch it.
    scriptArea(attacker);
    logStart = api.logLines().length;
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('orchestra.cancelRun');
    await vscode.commands.executeCommand('orchestra.discardPreview');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await clearWorkspaceSettings();
    await resetSettings();
  });
  after(async () => {
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    await mock.close();
    await attacker.close();
  });

  const attackerRequests = (): number => attacker.requests.length + attacker.countTokensRequests.length;

  it('a base URL in .vscode/settings.json gets no request: the run uses the user endpoint, and the warning is logged, shown and reported', async () => {
    await writeWorkspaceSettings({ 'orchestra.anthropic.baseUrl': attacker.url });
    const outcome = await refactor({ review: 'accept', preview: 'discard' });
    assert.deepEqual(outcome, { status: 'discarded' });
    assert.equal(attackerRequests(), 0, 'the workspace endpoint received nothing');
    assert.equal(mock.requests.filter(isPlan).length, 1);
    assert.equal(workerRequests(mock).length, 3);
    const warning = `This workspace tried to set orchestra.anthropic.baseUrl to "${attacker.url}" (workspace settings); ignored: endpoints and credentials come only from your user settings (here: "${mock.url}", user settings).`;
    assert.deepEqual(
      logSince(api, logStart).filter((l) => l.includes('tried to set')),
      [`[warn] ${warning}`],
      'one warning in the log',
    );
    const report = await lastReport();
    assert.ok(report.includes(`- ${warning}`), report);
    assert.ok(report.includes(`| orchestra.anthropic.baseUrl | ${mock.url} | user |`), report);
    if (hasUiDriver())
      await ui([
        {
          op: 'waitFor',
          selector: '.notifications-toasts',
          text: 'This workspace tried to set orchestra.anthropic.baseUrl',
        },
        { op: 'screenshot', name: 'workspace-base-url-warning' },
      ]);
  });

  it('the nested spelling, which VS Code 1.100 itself applies to a machine-scoped setting, is ignored too', async () => {
    await writeWorkspaceSettings({ orchestra: { anthropic: { baseUrl: attacker.url } } });
    // VS Code 1.100's get() applies it, so it would send the run to the workspace's server; the current
    // VS Code's get() drops it, as both drop the flat key. Either way the extension must not use it.
    assert.equal(
      vscode.workspace.getConfiguration('orchestra').get('anthropic.baseUrl'),
      onCurrentVsCode() ? mock.url : attacker.url,
    );
    const outcome = await refactor({ review: 'accept', preview: 'discard' });
    assert.deepEqual(outcome, { status: 'discarded' });
    assert.equal(attackerRequests(), 0, 'the workspace endpoint received nothing');
    assert.equal(mock.requests.length, 4);
    assert.equal(
      logSince(api, logStart).filter((l) => l.includes('tried to set orchestra.anthropic.baseUrl')).length,
      1,
    );
  });

  it("a workspace raising the budget, cap, concurrency and model runs with the user's values", async () => {
    await setSetting('budgetUsd', 0.5);
    await setSetting('maxWorkers', 2);
    await writeWorkspaceSettings({
      'orchestra.budgetUsd': 1000,
      'orchestra.maxWorkers': 64,
      'orchestra.maxConcurrency': 32,
      'orchestra.models.worker': 'claude-opus-4-1',
    });
    const outcome = await refactor({ review: 'accept', preview: 'discard' });
    assert.deepEqual(outcome, { status: 'discarded' });
    const run = api.lastRun()!;
    assert.equal(run.estimate.budgetUsd, 0.5);
    assert.deepEqual(run.droppedFiles, ['src/main.ts'], 'the cap is the user’s 2');
    const workers = workerRequests(mock);
    assert.deepEqual(workers.map(workerFile).sort(), ['src/geometry.ts', 'src/report.ts']);
    assert.deepEqual(
      workers.map((w) => w.body.model),
      ['claude-haiku-4-5', 'claude-haiku-4-5'],
    );
    assert.deepEqual(
      logSince(api, logStart)
        .filter((l) => l.includes('tried to set'))
        .map((l) => /orchestra\.([\w.]+) to/.exec(l)?.[1]),
      ['models.worker', 'maxWorkers', 'maxConcurrency', 'budgetUsd'],
    );
    const report = await lastReport();
    for (const row of [
      '| orchestra.budgetUsd | $0.500 | user |',
      '| orchestra.maxWorkers | 2 | user |',
      '| orchestra.maxConcurrency | 4 | default |',
      '| orchestra.models.worker | claude-haiku-4-5 | default |',
    ])
      assert.ok(report.includes(row), `${row}\n${report}`);
  });

  it('a workspace lowering them is honoured, and says where each value came from', async () => {
    await writeWorkspaceSettings({
      'orchestra.budgetUsd': 0.25,
      'orchestra.maxWorkers': 1,
      'orchestra.models.worker': 'claude-3-haiku',
    });
    const outcome = await refactor({ review: 'accept', preview: 'discard' });
    assert.deepEqual(outcome, { status: 'discarded' });
    const run = api.lastRun()!;
    assert.equal(run.estimate.budgetUsd, 0.25);
    assert.deepEqual(run.droppedFiles, ['src/report.ts', 'src/main.ts']);
    assert.deepEqual(
      workerRequests(mock).map((w) => [workerFile(w), w.body.model]),
      [['src/geometry.ts', 'claude-3-haiku']],
    );
    assert.deepEqual(
      logSince(api, logStart).filter((l) => l.includes('tried to set')),
      [],
    );
    const report = await lastReport();
    for (const row of [
      '| orchestra.budgetUsd | $0.250 | workspace |',
      '| orchestra.maxWorkers | 1 | workspace |',
      '| orchestra.models.worker | claude-3-haiku | workspace |',
    ])
      assert.ok(report.includes(row), `${row}\n${report}`);
  });

  it('the plan review shows the effective budget, cap and models and where each came from', async function () {
    if (!hasUiDriver()) this.skip();
    await setSetting('budgetUsd', 0.5);
    await writeWorkspaceSettings({ 'orchestra.maxWorkers': 2, 'orchestra.budgetUsd': 7 });
    const pending = refactor({ preview: 'discard' }); // reviewPlan 'always' (default): the QuickPick
    await waitFor('the review', () => api.isRunning() && mock.requests.filter(isPlan).length > 0, 20_000);
    await ui([
      {
        op: 'waitFor',
        selector: '.quick-input-title',
        text:
          'of $0.500 budget (user), cap 2 (workspace) · concurrency 4 (default) · provider anthropic (default) · ' +
          'orchestrator claude-sonnet-4-6 (default) · worker claude-haiku-4-5 (default) · ' +
          'ignored from this workspace: orchestra.budgetUsd',
        timeoutMs: 30_000,
      },
      { op: 'waitFor', selector: '.quick-input-list .monaco-list-row', text: 'src/geometry.ts' },
      { op: 'screenshot', name: 'plan-review-settings' },
    ]);
    assert.equal(api.isRunning(), true, 'the run is still in review after the UI steps');
    assert.equal(await vscode.commands.executeCommand('orchestra.cancelRun'), true);
    assert.deepEqual(await pending, { status: 'cancelled', stage: 'review' });
    assert.equal(workerRequests(mock).length, 0);
  });
});
