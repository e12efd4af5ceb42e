/**
 * The Orchestra Changes view's rows in the real workbench, clicked by the browser driver: a hunk row opens the
 * diff with the cursor and the view at that hunk; a moved file's row says where it came from and a deleted
 * file is a whole-file row with no hunks to tick.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { type MockAnthropic, toolUseReply, type MockReply } from '../mock-anthropic/server';
import { INSTRUCTION } from './fixture';
import { ui, waitFor, writeWorkspaceFile } from './helpers';
import { scriptArea } from './mockScripts';
import { mockSuite } from './hooks';

const SIDEBAR = '.part.sidebar';
const ROW = `${SIDEBAR} .monaco-list-row`;

function refactor(args: Record<string, unknown>): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    ...args,
  });
}

describe('the Changes view rows (UI): a hunk opens its diff, moves and deletes', function () {
  this.timeout(120_000);
  const suite = mockSuite({ ui: true, resetFixtureAfter: true });
  let mock: MockAnthropic;
  before(() => {
    mock = suite.mock;
  });

  it('a hunk row opens the diff with the cursor and the view at that hunk', async () => {
    const lines = Array.from({ length: 200 }, (_, n) => `export const line${n} = ${n};\n`);
    writeWorkspaceFile('src/long.ts', lines.join(''));
    await vscode.commands.executeCommand('orchestra.reloadWorkspace');
    const plan = {
      summary: 'Line 150 changes.',
      subtasks: [{ file: 'src/long.ts', handler: 'llm', instructions: 'Set line150 to 1500.', priority: 5 }],
    };
    scriptArea(mock, {
      plan,
      worker: (file, req) =>
        toolUseReply({
          file,
          edits: [{ search: 'export const line150 = 150;', replace: 'export const line150 = 1500;' }],
        })(req) as MockReply,
    });
    const outcome = await refactor({ review: 'accept', preview: 'keep' });
    assert.deepEqual(outcome, { status: 'previewed', files: ['src/long.ts'] });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await ui([
      { op: 'waitFor', selector: ROW, text: 'export const line150 = 1500;', timeoutMs: 30_000 },
      { op: 'present', selector: ROW, texts: ['export const line150 = 1500;', '+1 −1 · line 151'] },
      { op: 'click', selector: ROW, text: 'export const line150 = 1500;' },
    ]);
    const editor = await waitFor(
      'the diff at the hunk',
      () => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.scheme === 'orchestra-preview' && e.document.uri.query.endsWith(':after')
          ? e
          : undefined;
      },
      20_000,
    );
    assert.equal(editor.document.uri.path, '/src/long.ts');
    assert.equal(editor.selection.active.line, 150, 'the cursor is on the hunk');
    await waitFor(
      'the hunk in view',
      () => editor.visibleRanges.some((r) => r.start.line <= 150 && r.end.line >= 150) || undefined,
    );
    assert.ok(
      !editor.visibleRanges.some((r) => r.start.line === 0),
      'scrolled to the hunk, not left at the top',
    );
  });

  it('the Changes view: a moved file says where from, a deleted one is a whole-file row without hunks', async () => {
    scriptArea(mock, {
      plan: {
        summary: 'geometry moves to src/shapes; the unused entry point goes.',
        subtasks: [
          {
            file: 'src/geometry.ts',
            handler: 'move',
            to: 'src/shapes/geometry.ts',
            instructions: 'Move geometry into shapes.',
            priority: 10,
          },
          { file: 'src/main.ts', handler: 'delete', instructions: 'Nothing imports it.', priority: 5 },
        ],
      },
    });
    const outcome = await refactor({ review: 'accept', preview: 'keep' });
    assert.deepEqual(outcome, {
      status: 'previewed',
      files: ['src/main.ts', 'src/report.ts', 'src/shapes/geometry.ts'],
    });
    // Expandable rows carry aria-expanded: only report.ts has hunks to tick.
    const expandable = `${SIDEBAR} .monaco-list-row[aria-expanded]`;
    await ui([
      { op: 'waitFor', selector: ROW, text: "import { area } from './shapes/geometry';", timeoutMs: 30_000 },
      { op: 'present', selector: ROW, texts: ['src/shapes/geometry.ts', 'moved from src/geometry.ts'] },
      { op: 'present', selector: ROW, texts: ['src/main.ts', 'deleted', '+0 −4'] },
      { op: 'present', selector: expandable, texts: ['src/report.ts'] },
      { op: 'absent', selector: expandable, texts: ['src/main.ts'] },
      { op: 'absent', selector: expandable, texts: ['src/shapes/geometry.ts'] },
      // main.ts's lines are not offered as hunks (its first line would be the row's title).
      { op: 'absent', selector: ROW, texts: ["from './geometry';"] },
      { op: 'screenshot', name: 'change-view-move-delete' },
    ]);
  });
});
