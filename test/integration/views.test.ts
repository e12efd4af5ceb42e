/**
 * The Orchestra Plan and Orchestra Changes views in the real workbench, clicked by the browser driver: a
 * 40-subtask plan reviewed in the plan view (two unticked, one instruction edited, Run) reaches the workers
 * exactly as edited; in the change view a file and a hunk are unticked and Apply writes exactly the rest;
 * a hunk the repair round rewrote says so in its tooltip. Screenshots of both views are saved.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { type MockAnthropic, toolUseReply, type MockReply } from '../mock-anthropic/server';
import { isRepair, isWorker, workerFile } from '../support/mockRequests';
import { AREA_AFTER, AREA_EDITS, FIXTURE_FILES, INSTRUCTION } from './fixture';
import { readWorkspaceFile, setSetting, ui, waitFor, writeWorkspaceFile } from './helpers';
import { scriptArea, workerRequests } from './mockScripts';
import { mockSuite } from './hooks';

const MODULES = Array.from({ length: 40 }, (_, i) => `src/mod${String(i).padStart(2, '0')}.ts`);
const EDITED = 'Set the constant to 2 and leave everything else exactly as it is.';
const SIDEBAR = '.part.sidebar';

function refactor(args: Record<string, unknown>): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    ...args,
  });
}

describe('the plan and change views (UI)', function () {
  this.timeout(180_000);
  const suite = mockSuite({ ui: true, closeUi: true, resetFixtureAfter: true });
  let mock: MockAnthropic;
  let api: OrchestraApi;
  before(() => {
    mock = suite.mock;
    api = suite.api;
  });

  it('a 40-subtask plan: untick two, edit one, Run — the workers receive exactly the edited plan', async () => {
    for (const [i, file] of MODULES.entries()) writeWorkspaceFile(file, `export const v${i} = 0;\n`);
    await vscode.commands.executeCommand('orchestra.reloadWorkspace');
    await setSetting('maxWorkers', 64);
    await setSetting('budgetUsd', 100);
    const plan = {
      summary: 'Every module constant becomes 1, so the counters start at one.',
      subtasks: MODULES.map((file, i) => ({
        file,
        handler: 'llm',
        instructions: `Set the constant v${i} to 1.`,
        priority: 5,
      })),
    };
    scriptArea(mock, {
      plan,
      worker: (file, req) =>
        toolUseReply({ file, edits: [{ search: '= 0;', replace: '= 1;' }] })(req) as MockReply,
    });
    const pending = refactor({ preview: 'keep' });
    const row = (file: string): string => file;
    await ui([
      { op: 'waitFor', selector: `${SIDEBAR} .monaco-list-row`, text: 'src/mod00.ts', timeoutMs: 60_000 },
      { op: 'present', selector: `${SIDEBAR} .monaco-list-row`, texts: ['Estimate', 'budget'] },
      {
        op: 'present',
        selector: `${SIDEBAR} .monaco-list-row`,
        texts: ['Cap 64 workers', '0 dropped by the cap'],
      },
      { op: 'screenshot', name: 'plan-view' },
      {
        op: 'clickInListRow',
        within: SIDEBAR,
        row: row('src/mod00.ts'),
        selector: '.custom-view-tree-node-item-checkbox',
      },
      {
        op: 'clickInListRow',
        within: SIDEBAR,
        row: row('src/mod01.ts'),
        selector: '.custom-view-tree-node-item-checkbox',
      },
      {
        op: 'clickInListRow',
        within: SIDEBAR,
        row: row('src/mod02.ts'),
        selector: '.action-label.codicon-edit',
      },
      { op: 'waitFor', selector: '.quick-input-widget', text: 'instruction for src/mod02.ts' },
      { op: 'press', key: 'Control+A' },
      { op: 'type', text: EDITED },
      { op: 'press', key: 'Enter' },
      { op: 'waitFor', selector: `${SIDEBAR} .monaco-list-row`, text: 'edited' },
      { op: 'present', selector: `${SIDEBAR} .monaco-list-row`, texts: ['38 of 40 subtasks ticked'] },
      { op: 'screenshot', name: 'plan-view-edited' },
      { op: 'click', selector: `${SIDEBAR} .action-label[aria-label^="Run the Plan"]` },
    ]);
    const outcome = await pending;
    assert.equal(outcome.status, 'previewed');
    const workers = workerRequests(mock);
    assert.equal(workers.length, 38, 'one worker request per ticked subtask');
    assert.deepEqual(workers.map(workerFile).sort(), MODULES.slice(2));
    const mod02 = workers.filter((r) => workerFile(r) === 'src/mod02.ts');
    assert.equal(mod02.length, 1);
    assert.ok(mod02[0]!.userText.includes(EDITED), 'the edited instruction reached its worker');
    assert.equal(workers.filter((r) => r.userText.includes(EDITED)).length, 1);
    assert.ok(!mod02[0]!.userText.includes('Set the constant v2 to 1.'), 'the old instruction did not');
    assert.deepEqual(
      api.lastRun()!.plan.subtasks.map((s) => [s.file, s.instructions]),
      MODULES.slice(2).map((f, i) => [f, f === 'src/mod02.ts' ? EDITED : `Set the constant v${i + 2} to 1.`]),
    );
  });

  it('the change view: untick a file and a hunk, Apply writes exactly the rest', async () => {
    const COMMENT = '// rooms are measured in metres';
    scriptArea(mock, {
      worker: (file, req) =>
        file === 'src/report.ts'
          ? (toolUseReply({
              file,
              edits: [
                ...AREA_EDITS['src/report.ts']!.edits,
                {
                  search: "import { area } from './geometry';",
                  replace: `import { area } from './geometry';\n${COMMENT}`,
                },
              ],
            })(req) as MockReply)
          : undefined,
    });
    const outcome = await refactor({ review: 'accept', preview: 'keep' });
    assert.deepEqual(outcome, {
      status: 'previewed',
      files: ['src/geometry.ts', 'src/main.ts', 'src/report.ts'],
    });
    await ui([
      { op: 'waitFor', selector: `${SIDEBAR} .monaco-list-row`, text: COMMENT, timeoutMs: 30_000 },
      { op: 'present', selector: `${SIDEBAR} .monaco-list-row`, texts: ['src/report.ts', 'done', '+2 −1'] },
      { op: 'present', selector: `${SIDEBAR} .monaco-list-row`, texts: [COMMENT, '+1 −0'] },
      {
        op: 'clickInListRow',
        within: SIDEBAR,
        row: 'src/main.ts',
        selector: '.custom-view-tree-node-item-checkbox',
      },
      {
        op: 'clickInListRow',
        within: SIDEBAR,
        row: COMMENT,
        selector: '.custom-view-tree-node-item-checkbox',
      },
      { op: 'hover', selector: `${SIDEBAR} .monaco-list-row`, text: COMMENT },
      { op: 'sleep', ms: 1200 },
      { op: 'screenshot', name: 'change-view' },
      { op: 'click', selector: `${SIDEBAR} .action-label[aria-label^="Apply Previewed Changes"]` },
    ]);
    await waitFor('the apply', () => !api.hasPreview() || undefined, 30_000);
    assert.equal(readWorkspaceFile('src/geometry.ts'), AREA_AFTER['src/geometry.ts']);
    assert.equal(
      readWorkspaceFile('src/report.ts'),
      AREA_AFTER['src/report.ts'],
      'the unticked hunk is left out',
    );
    assert.equal(
      readWorkspaceFile('src/main.ts'),
      FIXTURE_FILES['src/main.ts'],
      'the unticked file is untouched',
    );
  });

  it('a hunk the repair round rewrote says so in its tooltip and in the report', async () => {
    scriptArea(mock, {
      worker: (file, req) => {
        if (file !== 'src/geometry.ts') return undefined;
        const edits = isRepair(file)(req)
          ? [{ search: 'width * heigth', replace: 'width * height' }]
          : [
              {
                search: '  return width * height;',
                replace: '  const total = width * heigth;\n  return total;',
              },
            ];
        return toolUseReply({ file, edits })(req) as MockReply;
      },
    });
    const outcome = await refactor({
      review: 'accept',
      excludeFiles: ['src/main.ts', 'src/report.ts'],
      preview: 'keep',
    });
    assert.deepEqual(outcome, { status: 'previewed', files: ['src/geometry.ts'] });
    assert.equal(mock.requests.filter(isRepair('src/geometry.ts')).length, 1);
    assert.equal(mock.requests.filter(isWorker('src/geometry.ts')).length, 1);
    const hunk = api.lastRun()!.changes[0]!.hunks![0]!;
    assert.equal(hunk.origin.repair, true);
    assert.deepEqual(
      hunk.origin.subtasks.map((s) => [s.file, s.handler, s.attempts]),
      [['src/geometry.ts', 'llm', 1]],
    );
    await ui([
      {
        op: 'waitFor',
        selector: `${SIDEBAR} .monaco-list-row`,
        text: 'const total = width * height;',
        timeoutMs: 30_000,
      },
      { op: 'hover', selector: `${SIDEBAR} .monaco-list-row`, text: 'const total = width * height;' },
      { op: 'waitFor', selector: '.monaco-hover, .workbench-hover', text: 'repair round: rewrote this hunk' },
      {
        op: 'present',
        selector: '.monaco-hover, .workbench-hover',
        texts: ['subtask src/geometry.ts (llm): 1 attempt'],
      },
      { op: 'screenshot', name: 'change-view-repair-tooltip' },
    ]);
    const report = await vscode.commands.executeCommand<vscode.TextDocument>('orchestra.showLastRun');
    assert.match(
      report.getText(),
      /- line 2, \+2 −1: subtask src\/geometry\.ts \(llm\): 1 attempt, cost share \$[0-9.]+; repair round: rewrote this hunk, cost share \$[0-9.]+/,
    );
  });
});
