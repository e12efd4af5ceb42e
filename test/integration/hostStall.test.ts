/**
 * The extension host never blocks: during a 20-file run (facts, plan, 20 workers, merge, type-check), a 10 ms
 * interval timer inside the extension host is never more than 50 ms late (issue #15's target). The engine's
 * heavy work runs in its worker thread; a stage that ran on the host thread instead shows here as a late tick.
 * What follows the run on the host (the preview's documents and Apply, vscode API work) is measured and
 * printed apart, with an idle baseline; the values go into the test's title and the console.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { toolUseReply, type MockReply } from '../mock-anthropic/server';
import { isPlan, workerFile } from '../support/mockRequests';
import { readWorkspaceFile, setSetting, waitFor, writeWorkspaceFile } from './helpers';
import { mockSuite } from './hooks';
import { scriptArea, workerRequests } from './mockScripts';

const MODULES = Array.from({ length: 20 }, (_, i) => `src/stall/mod${String(i).padStart(2, '0')}.ts`);
const TICK_MS = 10;
const MAX_STALL_MS = 50;

const original = (i: number): string =>
  `import { base } from './base';\n\nexport const v${i}: number = base + 0;\n`;
const changed = (i: number): string =>
  `import { base } from './base';\n\nexport const v${i}: number = base + 1;\n`;

interface Stall {
  maxMs: number;
  ticks: number;
  over: number;
  /** The longest late ticks, each with the last Orchestra log line before it (what the host was doing). */
  worst: Array<{ lateMs: number; after: string }>;
}

type Phase = 'run' | 'preview';

/**
 * How late a `TICK_MS` interval fires; the longest lateness is the longest stall. Each tick is counted in
 * the phase `phaseOf` names when it fires: the run (until the refactor's run ends: facts, plan, workers,
 * merge, type-check) or what follows it (the preview and Apply, work on the vscode API).
 */
function stallMeter(lastLogLine: () => string, phaseOf: () => Phase): { stop(): Record<Phase, Stall> } {
  let last = performance.now();
  const stats: Record<Phase, Stall> = {
    run: { maxMs: 0, ticks: 0, over: 0, worst: [] },
    preview: { maxMs: 0, ticks: 0, over: 0, worst: [] },
  };
  const timer = setInterval(() => {
    const now = performance.now();
    const lateMs = now - last - TICK_MS;
    last = now;
    const s = stats[phaseOf()];
    s.ticks++;
    s.maxMs = Math.max(s.maxMs, Math.round(lateMs));
    if (lateMs > MAX_STALL_MS) {
      s.over++;
      s.worst.push({ lateMs: Math.round(lateMs), after: lastLogLine() });
    }
  }, TICK_MS);
  return {
    stop: () => {
      clearInterval(timer);
      for (const s of Object.values(stats)) s.worst = s.worst.sort((a, b) => b.lateMs - a.lateMs).slice(0, 5);
      return stats;
    },
  };
}

const describeStall = (s: Stall): string =>
  `longest stall ${s.maxMs} ms over ${s.ticks} ticks of ${TICK_MS} ms, ${s.over} over ${MAX_STALL_MS} ms`;

describe('the extension host never blocks (stall measured inside the host)', () => {
  const suite = mockSuite({ resetFixtureAfter: true });

  it('a 20-file run: the longest extension-host stall is at most 50 ms', async function () {
    const { mock, api } = suite;
    this.timeout(180_000);
    // The loopback mock answers the 20 workers on this same thread, and its garbage is collected here too: in
    // a full suite one tick in a run was seen 60–95 ms late (13–42 ms alone). A stall of the engine's own
    // would be there on every try; a retry (from a reset fixture) tells the two apart.
    this.retries(2);
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

    const lastLine = (): string => api.logLines().at(-1) ?? '';
    // The same timer with nothing running: on a loaded machine the host is late without any work of ours.
    const idleMeter = stallMeter(lastLine, () => 'run');
    await new Promise((r) => setTimeout(r, 3_000));
    const idle = idleMeter.stop().run;
    // The run has ended once the extension says it is running and then no longer is.
    let started = false;
    const meter = stallMeter(lastLine, () => {
      if (api.isRunning()) started = true;
      return started && !api.isRunning() ? 'preview' : 'run';
    });
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: 'make every module add one to `base`',
      review: 'accept',
      preview: 'apply',
    });
    const { run, preview } = meter.stop();
    const measured =
      `run: ${describeStall(run)}; then preview + Apply: ${describeStall(preview)}; ` +
      `idle before it: ${describeStall(idle)}`;
    // The runner prints titles: the measured values are printed with the test, passing or not.
    this.test!.title += ` (${measured})`;
    console.log(`[hostStall] ${measured}`);
    for (const [phase, s] of Object.entries({ run, preview }))
      for (const w of s.worst) console.log(`[hostStall] ${phase}: ${w.lateMs} ms late, after: ${w.after}`);

    assert.deepEqual(outcome, { status: 'applied', files: MODULES });
    assert.equal(mock.requests.filter(isPlan).length, 1);
    assert.deepEqual(workerRequests(mock).map(workerFile).sort(), MODULES);
    for (const [i, file] of MODULES.entries())
      await waitFor(`${file} on disk`, () => readWorkspaceFile(file) === changed(i) || undefined);
    assert.ok(run.ticks > 0 && preview.ticks > 0, 'the timer ticked during the run and after it');
    assert.ok(
      run.maxMs <= MAX_STALL_MS,
      `the extension host stalled during the run: ${measured}; worst: ${JSON.stringify(run.worst)}`,
    );
  });
});
