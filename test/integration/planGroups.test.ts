/**
 * A file group in the Orchestra Plan view, clicked by the browser driver: the orchestrator answers with one
 * subtask and one group (a glob of 12 files); the view shows the group as one row with its query and member count,
 * expanding it lists the member files, and unticking it drops every member: only the other subtask's worker runs.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { type MockAnthropic, toolUseReply, type MockReply } from '../mock-anthropic/server';
import { workerFile } from '../support/mockRequests';
import { INSTRUCTION } from './fixture';
import { setSetting, ui, writeWorkspaceFile } from './helpers';
import { scriptArea, workerRequests } from './mockScripts';
import { mockSuite } from './hooks';

const MEMBERS = Array.from({ length: 12 }, (_, i) => `src/grp/g${String(i).padStart(2, '0')}.ts`);
const SIDEBAR = '.part.sidebar';

describe('a file group in the plan view (UI)', function () {
  this.timeout(180_000);
  const suite = mockSuite({ ui: true, closeUi: true, resetFixtureAfter: true });
  let mock: MockAnthropic;
  before(() => {
    mock = suite.mock;
  });

  it('one row with its query and member count; expanding lists the files; unticking drops every member', async () => {
    for (const [i, file] of MEMBERS.entries()) writeWorkspaceFile(file, `export const g${i} = 0;\n`);
    writeWorkspaceFile('src/solo.ts', 'export const solo = 0;\n');
    await vscode.commands.executeCommand('orchestra.reloadWorkspace');
    await setSetting('budgetUsd', 100);
    await setSetting('maxWorkers', 64);
    const plan = {
      summary: 'Every group constant becomes 1.',
      subtasks: [
        { file: 'src/solo.ts', handler: 'llm', instructions: 'Set solo to 1.', priority: 9 },
        {
          file: 'the grp modules',
          handler: 'llm',
          instructions: 'Set the constant to 1.',
          priority: 5,
          group: { glob: 'src/grp/*.ts' },
        },
      ],
    };
    scriptArea(mock, {
      plan,
      worker: (file, req) =>
        toolUseReply({ file, edits: [{ search: '= 0;', replace: '= 1;' }] })(req) as MockReply,
    });
    const pending = vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: INSTRUCTION,
      preview: 'keep',
    });
    await ui([
      { op: 'waitFor', selector: `${SIDEBAR} .monaco-list-row`, text: 'the grp modules', timeoutMs: 60_000 },
      {
        op: 'present',
        selector: `${SIDEBAR} .monaco-list-row`,
        texts: ['the grp modules', 'llm group · 12 files · files matching src/grp/*.ts'],
      },
      { op: 'present', selector: `${SIDEBAR} .monaco-list-row`, texts: ['13 of 13 subtasks ticked'] },
      { op: 'absent', selector: `${SIDEBAR} .monaco-list-row`, texts: ['src/grp/g05.ts'] },
      { op: 'screenshot', name: 'plan-view-group' },
      // Expanded with its twistie.
      { op: 'clickInListRow', within: SIDEBAR, row: 'the grp modules', selector: '.monaco-tl-twistie' },
      { op: 'waitFor', selector: `${SIDEBAR} .monaco-list-row`, text: 'src/grp/g05.ts' },
      { op: 'screenshot', name: 'plan-view-group-expanded' },
      {
        op: 'clickInListRow',
        within: SIDEBAR,
        row: 'the grp modules',
        selector: '.custom-view-tree-node-item-checkbox',
      },
      { op: 'waitFor', selector: `${SIDEBAR} .monaco-list-row`, text: '1 of 13 subtasks ticked' },
      { op: 'present', selector: `${SIDEBAR} .monaco-list-row`, texts: ['0 of 12 files ticked'] },
      { op: 'click', selector: `${SIDEBAR} .action-label[aria-label^="Run the Plan"]` },
    ]);
    const outcome = await pending;
    assert.equal(outcome.status, 'previewed');
    assert.deepEqual(workerRequests(mock).map(workerFile), ['src/solo.ts']);
  });
});
