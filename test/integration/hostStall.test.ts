/**
 * The extension host never blocks: during a 20-file run (facts, plan, 20 workers, merge, type-check and the
 * preview), a 10 ms interval timer inside the extension host is never more than 50 ms late (issue #15's
 * target). The engine's heavy work runs in its worker thread; a stage that ran on the host thread instead
 * would show here as a late tick. The measured values go into the test's title and the console.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { MockAnthropic, toolUseReply, type MockReply } from '../mock-anthropic/server';
import { isPlan, workerFile } from '../support/mockRequests';
import {
  activateExtension,
  readWorkspaceFile,
  resetFixture,
  resetSettings,
  setSetting,
  waitFor,
  writeWorkspaceFile,
} from './helpers';
import { scriptArea, useMock, workerRequests } from './mockScripts';

const MODULES = Array.from({ length: 20 }, (_, i) => `src/stall/mod${String(i).padStart(2, '0')}.ts`);
const TICK_MS = 10;
const MAX_STALL_MS = 50;

const original = (i: number): string =>
  `import { base } from './base';\n\nexport const v${i}: number = base + 0;\n`;
const changed = (i: number): string =>
  `import { base } from './base';\n\nexport const v${i}: number = base + 1;\n`;

/** How late a `TICK_MS` interval fires, measured while the run goes on; the longest lateness is the stall. */
function stallMeter(): { stop(): { maxMs: number; ticks: number; over: number } } {
  let last = performance.now();
  let maxMs = 0;
  let ticks = 0;
  let over = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK_MS;
    last = now;
    ticks++;
    if (late > maxMs) maxMs = late;
    if (late > MAX_STALL_MS) over++;
  }, TICK_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return { maxMs: Math.round(maxMs), ticks, over };
    },
  };
}

describe('the extension host never blocks (stall measured inside the host)', () => {
  let mock: MockAnthropic;

  before(async () => {
    await activateExtension();
    mock = await MockAnthropic.start();
  });
  beforeEach(async () => {
    mock.reset();
    await resetFixture();
    await useMock(mock);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('orchestra.discardPreview');
    await resetSettings();
  });
  after(async () => {
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    await resetFixture();
    await mock?.close();
  });

  it('a 20-file run: the longest extension-host stall is at most 50 ms', async function () {
    this.timeout(180_000);
    writeWorkspaceFile('src/stall/base.ts', 'export const base = 1;\n');
    for (const [i, file] of MODULES.entries()) writeWorkspaceFile(file, original(i));
    assert.equal(await vscode.commands.executeCommand<number>('orchestra.reloadWorkspace'), 24);
    await setSetting('maxWorkers', 20);
    await setSetting('budgetUsd', 100);
    scriptArea(mock, {
      plan: {
        summary: 'Every module adds one to the base.',
        subtasks: MODULES.map((file, i) => ({
          file,
          handler: 'llm',
          instructions: `Make v${i} add 1 to base instead of 0.`,
          priority: 5,
        })),
      },
      worker: (file, req) =>
        toolUseReply({ file, edits: [{ search: 'base + 0;', replace: 'base + 1;' }] })(req) as MockReply,
    });

    const meter = stallMeter();
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: 'make every module add one to `base`',
      review: 'accept',
      preview: 'apply',
    });
    const stall = meter.stop();
    const measured = `longest stall ${stall.maxMs} ms over ${stall.ticks} ticks of ${TICK_MS} ms, ${stall.over} over ${MAX_STALL_MS} ms`;
    // The runner prints titles: the measured value is printed with the test, passing or not.
    this.test!.title += ` (${measured})`;
    console.log(`[hostStall] ${measured}`);

    assert.deepEqual(outcome, { status: 'applied', files: MODULES });
    assert.equal(mock.requests.filter(isPlan).length, 1);
    assert.deepEqual(workerRequests(mock).map(workerFile).sort(), MODULES);
    for (const [i, file] of MODULES.entries())
      await waitFor(`${file} on disk`, () => readWorkspaceFile(file) === changed(i) || undefined);
    assert.ok(stall.ticks > 0, 'the timer ticked during the run');
    assert.ok(stall.maxMs <= MAX_STALL_MS, `the extension host stalled: ${measured}`);
  });
});
