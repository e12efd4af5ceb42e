import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import type { ResumeOutcome } from '../../src/vscode/refactor/resumeFlow';
import { AREA_AFTER, FIXTURE_FILES, INSTRUCTION } from './fixture';
import { readWorkspaceFile, waitFor } from './helpers';
import { mockSuite } from './hooks';
import { isPlan, workerFile } from '../support/mockRequests';
import { scriptArea, workerRequests } from './mockScripts';

const FILES = ['src/geometry.ts', 'src/main.ts', 'src/report.ts'];

describe('Orchestra: Resume Interrupted Refactoring (mock Messages API)', () => {
  const suite = mockSuite();

  it('a cancelled run resumes from its journal: only the unfinished file gets a worker, then the usual apply', async () => {
    const { mock, api } = suite;
    scriptArea(mock, { worker: (file) => (file === 'src/report.ts' ? { hang: true } : undefined) });
    const pending = vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: INSTRUCTION,
      review: 'accept',
      preview: 'apply',
    });
    // Two workers answered, the third hangs: cancel then.
    await waitFor(
      'two workers answered',
      () => (workerRequests(mock).length === 3 && mock.inFlight === 1) || undefined,
      20_000,
    );
    assert.equal(await vscode.commands.executeCommand('orchestra.cancelRun'), true);
    assert.deepEqual(await pending, { status: 'cancelled', stage: 'run' });
    for (const file of FILES) assert.equal(readWorkspaceFile(file), FIXTURE_FILES[file]);

    mock.reset();
    scriptArea(mock);
    const outcome = await vscode.commands.executeCommand<ResumeOutcome>('orchestra.resume', {
      preview: 'apply',
    });
    assert.deepEqual(outcome, {
      status: 'applied',
      files: FILES,
      resumed: {
        reused: ['s1', 's3'],
        rerun: ['s2'],
        stale: [],
        fixes: { reused: [], rerun: [], stale: [] },
      },
    });
    assert.equal(mock.requests.filter(isPlan).length, 0, 'the orchestrator is not asked again');
    assert.deepEqual(workerRequests(mock).map(workerFile), ['src/report.ts']);
    for (const file of FILES) {
      await waitFor(`${file} on disk`, () => readWorkspaceFile(file) === AREA_AFTER[file] || undefined);
    }
    assert.equal(api.isRunning(), false);

    // The journal is finished now: nothing is left to resume.
    const again = await vscode.commands.executeCommand<ResumeOutcome>('orchestra.resume', {
      preview: 'apply',
    });
    assert.deepEqual(again, { status: 'nothing-to-resume' });
  });
});
