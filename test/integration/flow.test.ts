import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PREVIEW_SCHEME, previewUri } from '../../src/vscode/preview/preview';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { toolUseReply, type MockReply } from '../mock-anthropic/server';
import { AREA_AFTER, FIXTURE_FILES, INSTRUCTION } from './fixture';
import {
  parseAheadRuns,
  readWorkspaceFile,
  TEST_KEY,
  waitFor,
  waitForParseAhead,
  workspaceRoot,
  writeWorkspaceFile,
} from './helpers';
import { mockSuite } from './hooks';
import { isPlan, workerFile } from '../support/mockRequests';
import { scriptArea, workerRequests } from './mockScripts';

const FILES = ['src/geometry.ts', 'src/main.ts', 'src/report.ts'];

function refactor(args: Record<string, unknown>): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    ...args,
  });
}

function waitForDisk(file: string, text: string): Promise<true> {
  return waitFor(`${file} on disk`, () => readWorkspaceFile(file) === text || undefined);
}

describe('refactor flow (mock Messages API)', () => {
  const suite = mockSuite();

  it('plan → run → preview → apply writes exactly the merged result with one WorkspaceEdit', async () => {
    const { mock, api } = suite;
    scriptArea(mock);
    const outcome = await refactor({ review: 'accept', preview: 'apply' });
    assert.deepEqual(outcome, { status: 'applied', files: FILES });
    for (const file of FILES) await waitForDisk(file, AREA_AFTER[file]!);
    assert.equal(mock.requests.filter(isPlan).length, 1);
    assert.deepEqual(workerRequests(mock).map(workerFile).sort(), FILES);
    assert.ok(
      mock.requests.every((r) => r.apiKey === TEST_KEY),
      'the stored key is sent',
    );
    const run = api.lastRun();
    assert.ok(run);
    assert.equal(run.usage.calls, 4);
    assert.equal(run.usage.usage.inputTokens, 1500 + 3 * 600);
    assert.equal(run.diagnostics.introduced.length, 0);
    assert.match(api.statusBarText(), /Orchestra \$\d/);
    assert.equal(api.hasPreview(), false);
    assert.ok(!api.logLines().join('\n').includes(TEST_KEY), 'the key never reaches the log');
  });

  it('review choices: an unticked file gets no worker, an edited instruction reaches its worker; undo reverts', async () => {
    const { mock } = suite;
    // A type-safe single-file change, so no repair round follows.
    scriptArea(mock, {
      worker: (file, req) =>
        toolUseReply({ file, edits: [{ search: 'room of', replace: 'a room of' }] })(req) as MockReply,
    });
    const reportAfter = `import { area } from './geometry';

export function describeRoom(width: number, height: number): string {
  return \`a room of \${area(width, height)} m2\`;
}
`;
    const outcome = await refactor({
      review: 'accept',
      excludeFiles: ['src/main.ts', 'src/geometry.ts'],
      instructions: { 'src/report.ts': 'EDITED: call area with one object' },
      preview: 'apply',
    });
    assert.deepEqual(outcome, { status: 'applied', files: ['src/report.ts'] });
    const workers = workerRequests(mock);
    assert.deepEqual(workers.map(workerFile), ['src/report.ts']);
    assert.match(workers[0]!.userText, /EDITED: call area with one object/);
    await waitForDisk('src/report.ts', reportAfter);
    assert.equal(readWorkspaceFile('src/main.ts'), FIXTURE_FILES['src/main.ts']);

    // The apply is one undo step in the edited document.
    const doc = await vscode.workspace.openTextDocument(
      vscode.Uri.joinPath(vscode.Uri.file(workspaceRoot()), 'src/report.ts'),
    );
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo', () => doc.getText() === FIXTURE_FILES['src/report.ts'] || undefined);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('preview shows before/after as virtual documents; discard leaves every file untouched', async () => {
    const { mock, api } = suite;
    scriptArea(mock);
    const kept = await refactor({ review: 'accept', preview: 'keep' });
    assert.deepEqual(kept, { status: 'previewed', files: FILES });
    assert.equal(api.hasPreview(), true);
    const previews = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === PREVIEW_SCHEME);
    assert.ok(previews.length >= 2, `the diff opened preview documents (${previews.length})`);
    const after = previews.find((d) => d.uri.path === '/src/geometry.ts' && d.uri.query.endsWith(':after'));
    assert.equal(after?.getText(), AREA_AFTER['src/geometry.ts']);
    const before = previews.find((d) => d.uri.path === '/src/geometry.ts' && d.uri.query.endsWith(':before'));
    assert.equal(before?.getText(), FIXTURE_FILES['src/geometry.ts']);

    const decision = await vscode.commands.executeCommand('orchestra.discardPreview');
    assert.deepEqual(decision, { status: 'discarded' });
    assert.equal(api.hasPreview(), false);
    for (const file of FILES) assert.equal(readWorkspaceFile(file), FIXTURE_FILES[file]);
  });

  it('orchestra.applyPreview applies a kept preview', async () => {
    const { mock } = suite;
    scriptArea(mock);
    await refactor({ review: 'accept', preview: 'keep' });
    const decision = await vscode.commands.executeCommand('orchestra.applyPreview');
    assert.deepEqual(decision, { status: 'applied', files: FILES });
    for (const file of FILES) await waitForDisk(file, AREA_AFTER[file]!);
  });

  it('refuses to apply when a file changed since planning, names it, and changes nothing', async () => {
    const { mock, api } = suite;
    scriptArea(mock);
    await refactor({ review: 'accept', preview: 'keep' });
    const edited = `${FIXTURE_FILES['src/report.ts']}// edited meanwhile\n`;
    writeWorkspaceFile('src/report.ts', edited);
    const decision = (await vscode.commands.executeCommand('orchestra.applyPreview')) as RefactorOutcome;
    assert.equal(decision.status, 'stale');
    assert.ok(decision.status === 'stale');
    assert.deepEqual(decision.files, ['src/report.ts']);
    assert.match(decision.message, /src\/report\.ts \(changed on disk since planning\)/);
    assert.equal(readWorkspaceFile('src/geometry.ts'), FIXTURE_FILES['src/geometry.ts']);
    assert.equal(readWorkspaceFile('src/main.ts'), FIXTURE_FILES['src/main.ts']);
    assert.equal(readWorkspaceFile('src/report.ts'), edited);
    assert.equal(api.hasPreview(), false);
  });

  it('refuses to apply over unsaved edits in an open editor', async () => {
    const { mock } = suite;
    scriptArea(mock);
    await refactor({ review: 'accept', preview: 'keep' });
    const uri = vscode.Uri.joinPath(vscode.Uri.file(workspaceRoot()), 'src/main.ts');
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// typing\n'));
    const decision = (await vscode.commands.executeCommand('orchestra.applyPreview')) as RefactorOutcome;
    assert.ok(decision.status === 'stale', JSON.stringify(decision));
    assert.deepEqual(decision.files, ['src/main.ts']);
    assert.match(decision.message, /has unsaved changes/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.equal(readWorkspaceFile('src/geometry.ts'), FIXTURE_FILES['src/geometry.ts']);
  });

  it('cancel aborts in-flight worker requests at once and changes nothing', async () => {
    const { mock, api } = suite;
    scriptArea(mock, { worker: () => ({ hang: true }) });
    const started = Date.now();
    const pending = refactor({ review: 'accept', preview: 'apply' });
    await waitFor('workers in flight', () => workerRequests(mock).length >= 1 && api.isRunning(), 20_000);
    const cancelAt = Date.now();
    assert.equal(await vscode.commands.executeCommand('orchestra.cancelRun'), true);
    const outcome = await pending;
    const cancelMs = Date.now() - cancelAt;
    assert.deepEqual(outcome, { status: 'cancelled', stage: 'run' });
    assert.ok(cancelMs < 2_000, `cancel took ${cancelMs} ms`);
    assert.ok(Date.now() - started < 30_000);
    await waitFor('sockets closed', () => mock.inFlight === 0 || undefined, 5_000);
    assert.equal(api.isRunning(), false);
    for (const file of FILES) assert.equal(readWorkspaceFile(file), FIXTURE_FILES[file]);
  });

  it('cancel while the plan is under review closes the review; no worker runs', async () => {
    const { mock, api } = suite;
    scriptArea(mock);
    const pending = refactor({ preview: 'apply' }); // review: the 'always' default, shown as UI
    await waitFor('the review', () => mock.requests.filter(isPlan).length === 1 && api.isRunning(), 20_000);
    await new Promise((r) => setTimeout(r, 300)); // let the QuickPick open
    assert.equal(await vscode.commands.executeCommand('orchestra.cancelRun'), true);
    assert.deepEqual(await pending, { status: 'cancelled', stage: 'review' });
    assert.equal(workerRequests(mock).length, 0);
    assert.equal(api.isRunning(), false);
  });

  it('a worker that cannot produce applicable edits fails alone; the report says why', async () => {
    const { mock, api } = suite;
    scriptArea(mock, {
      worker: (file, req) =>
        file === 'src/main.ts'
          ? {
              body: {
                id: 'msg_bad',
                type: 'message',
                role: 'assistant',
                model: req.body.model,
                content: [
                  {
                    type: 'tool_use',
                    id: 'toolu_bad',
                    name: req.toolName,
                    input: { file, edits: [{ search: 'this text is not in the file', replace: 'x' }] },
                  },
                ],
                stop_reason: 'tool_use',
                stop_sequence: null,
                usage: {
                  input_tokens: 600,
                  output_tokens: 90,
                  cache_creation_input_tokens: 0,
                  cache_read_input_tokens: 0,
                },
              },
            }
          : undefined,
    });
    const outcome = await refactor({ review: 'accept', preview: 'keep' });
    assert.equal(outcome.status, 'previewed');
    const run = api.lastRun()!;
    const main = run.outcomes.find((o) => o.file === 'src/main.ts');
    assert.equal(main?.status, 'failed');
    assert.ok(main?.reason, 'a failure has a reason');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('orchestra.showLastRun');
    assert.equal(doc.languageId, 'markdown');
    // A read-only virtual document shown rendered: closing it never asks to save.
    assert.equal(doc.uri.scheme, 'orchestra-report');
    assert.equal(doc.isUntitled, false);
    assert.equal(doc.isDirty, false);
    await waitFor('a Markdown preview tab of the report', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some((t) => t.input instanceof vscode.TabInputWebview && /markdown/i.test(t.input.viewType))
        ? true
        : undefined,
    );
    const report = doc.getText();
    assert.match(report, /\| src\/main\.ts \| llm \| failed \|/);
    assert.match(report, /\| src\/geometry\.ts \| llm \| done \|/);
    assert.match(report, /cache-read/);
    assert.match(report, /Estimate vs actual/);
    assert.match(report, /Diagnostics/);
    assert.match(report, /- `src\/report\.ts` \[llm, p8\]: Call area with an object\./);
    assert.match(report, new RegExp(INSTRUCTION.replace(/[{}]/g, '\\$&')));
  });

  it('warns when the actual cost exceeds the estimate × costAlertFactor', async () => {
    const { mock, api } = suite;
    scriptArea(mock, { workerOptions: { usage: { input_tokens: 400_000, output_tokens: 90 } } });
    const outcome = await refactor({
      review: 'accept',
      preview: 'discard',
      excludeFiles: ['src/main.ts', 'src/report.ts'],
    });
    assert.equal(outcome.status, 'discarded');
    const run = api.lastRun()!;
    assert.ok(
      run.costAlert,
      `costAlert set (actual ${run.usage.costUsd}, estimate ${run.estimate.totalUsd})`,
    );
    assert.ok(run.usage.costUsd > run.estimate.totalUsd * 2);
    assert.ok(api.logLines().some((l) => l.includes('Cost alert')));
  });

  it('the cached workspace follows edits made on disk between runs', async () => {
    const { mock, api } = suite;
    scriptArea(mock);
    await refactor({ review: 'accept', preview: 'discard' });
    const changed = `import { area } from './geometry';
import { describeRoom } from './report';

console.log(area(2, 3), describeRoom(4, 6));
`;
    writeWorkspaceFile('src/main.ts', changed);
    await new Promise((r) => setTimeout(r, 1500)); // file watcher delivery
    const before = parseAheadRuns(api);
    mock.reset();
    scriptArea(mock);
    const kept = await refactor({ review: 'accept', preview: 'keep' });
    assert.equal(kept.status, 'previewed');
    const run = api.lastRun()!;
    const main = run.changes.find((c) => c.file === 'src/main.ts');
    assert.equal(main?.before, changed);
    assert.ok(
      api
        .logLines()
        .some((l) => l.includes('Workspace updated after file changes (1 changed, 0 created, 0 deleted)')),
      'the edit was applied to the cached workspace, not by loading it again',
    );
    // The cached workspace was updated in place (that file alone); after the command it is parsed ahead again.
    await waitForParseAhead(api, before);
  });
});

describe('uri helper', () => {
  it('preview uris carry session, side and file', () => {
    const uri = previewUri('abc', 'after', 'src/x.ts');
    assert.equal(uri.scheme, PREVIEW_SCHEME);
    // Both sides share the path (so the diff shows one file, not a rename); the query names session and side.
    assert.equal(uri.path, '/src/x.ts');
    assert.equal(uri.query, 'abc:after');
  });
});
