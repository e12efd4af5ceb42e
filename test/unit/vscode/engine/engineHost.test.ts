/**
 * The engine worker protocol with a real `Worker` running the real worker entry (engineWorker.ts through
 * tsx): a request/answer round trip, the event stream of a whole plan → run against the loopback mock over
 * the real SDK, cancel, errors carried with their reason, and a crash
 * (out of memory under `resourceLimits`) reported clearly with a new worker for the next request.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RunConfigSchema, type RunConfig } from '../../../../src/core/config';
import { OrchestraError } from '../../../../src/core/errors';
import type { PipelineEvent } from '../../../../src/core/runTypes';
import type { EngineHost } from '../../../../src/vscode/engine/engineHost';
import type { ClientsSpec } from '../../../../src/vscode/engine/protocol';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { API_KEY } from '../../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../../support/fetchProject';
import { isEditCall, isPlan, isWorker, workerFile } from '../../../support/mockRequests';
import { TEST_MODELS } from '../../../support/mockRun';
import { engine, type Logged } from '../../../support/engineWorker';
import { writeTree } from '../../../support/tempTree';

const FILES = ['src/http.ts', 'src/orders.ts', 'src/users.ts'];
const INSTRUCTION = 'make `fetchJson` take an options object';

function config(): RunConfig {
  return RunConfigSchema.parse({ timeoutMs: 5_000, maxRetries: 0, models: TEST_MODELS });
}

function anthropicSpec(mock: MockAnthropic, apiKey = API_KEY): ClientsSpec {
  return {
    orchestrator: { provider: 'anthropic', apiKey, baseURL: mock.url, timeoutMs: 5_000, maxRetries: 0 },
  };
}

function scriptFetch(mock: MockAnthropic, workerDelayMs?: number): void {
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  mock.on(isEditCall, (req) => {
    const edits = FETCH_EDITS[workerFile(req) ?? ''];
    assert.ok(edits, `unexpected worker for ${workerFile(req)}`);
    return toolUseReply(edits, { delayMs: workerDelayMs })(req);
  });
}

async function rejection(promise: Promise<unknown>): Promise<OrchestraError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OrchestraError, `an OrchestraError, not ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('engine worker protocol (real Worker)', () => {
  let mock: MockAnthropic;
  let host: EngineHost;

  before(async () => {
    mock = await MockAnthropic.start();
    host = engine();
  });
  beforeEach(() => {
    mock.reset();
  });
  after(async () => {
    host?.dispose();
    await mock.close();
  });

  it('a request/answer round trip: the worker loads and warms the workspace and answers with its counts', async () => {
    const root = writeTree(FETCH_PROJECT);
    const report = await host.request('load', { root, globs: {} });
    assert.deepEqual(report, { files: 3, importEdges: 2, programFiles: 1, root });
    assert.equal(host.started, 1);
    // The cached workspace is reused: a second load starts no second worker and answers the same.
    assert.deepEqual(await host.request('load', { root, globs: {} }), report);
    assert.equal(host.started, 1);
  });

  it('plan then execute in the worker: events streamed back, the exact merged texts, the requests at the mock', async () => {
    scriptFetch(mock);
    const root = writeTree(FETCH_PROJECT);
    const events: PipelineEvent[] = [];
    const common = { root, globs: {}, config: config(), clients: anthropicSpec(mock) };
    const planned = await host.request(
      'plan',
      { ...common, request: { instruction: INSTRUCTION } },
      { onEvent: (e) => events.push(e) },
    );
    assert.equal(planned.id, 'p1');
    assert.deepEqual(
      planned.plan.subtasks.map((s) => s.file),
      ['src/http.ts', 'src/users.ts', 'src/orders.ts'],
    );
    assert.ok(!('workerRequests' in planned) && !('state' in planned), 'the ledger stays in the worker');
    assert.deepEqual(
      events.filter((e) => e.type === 'stage').map((e) => e.type === 'stage' && e.stage),
      ['facts', 'plan', 'estimate'],
    );
    assert.equal(mock.countTokensRequests.length, 3, 'one count per worker request');
    events.length = 0;
    const result = await host.request(
      'execute',
      { ...common, planned: planned.id },
      { onEvent: (e) => events.push(e) },
    );
    assert.equal(result.verdict.kind, 'done', result.verdict.message);
    assert.deepEqual(
      Object.fromEntries(result.changes.map((c) => [c.file, c.after])),
      Object.fromEntries(FILES.map((f) => [f, FETCH_AFTER[f]])),
    );
    assert.equal(mock.requests.filter(isPlan).length, 1);
    assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile).sort(), FILES);
    assert.equal(mock.countTokensRequests.length, 3, 'an unchanged plan is not counted again');
    const subtaskEvents = events.filter((e) => e.type === 'subtask');
    assert.deepEqual(
      subtaskEvents
        .filter((e) => e.status === 'done')
        .map((e) => e.file)
        .sort(),
      FILES,
    );
    assert.ok(events.some((e) => e.type === 'usage' && e.calls === 4));
    assert.deepEqual(
      events.filter((e) => e.type === 'stage').map((e) => e.type === 'stage' && e.stage),
      ['dispatch', 'merge', 'typecheck', 'done'],
    );
    // Executed runs are forgotten: their id is gone.
    assert.equal(await host.request('release', { planned: planned.id }), false);
  });

  it('cancel: aborting the signal aborts the run in the worker, in-flight requests included', async () => {
    scriptFetch(mock, 4_000);
    const root = writeTree(FETCH_PROJECT);
    const common = { root, globs: {}, config: config(), clients: anthropicSpec(mock) };
    const planned = await host.request('plan', { ...common, request: { instruction: INSTRUCTION } });
    const controller = new AbortController();
    const running = host.request(
      'execute',
      { ...common, planned: planned.id },
      { signal: controller.signal },
    );
    await waitUntil(() => mock.requests.filter(isWorker()).length > 0, 'a worker request at the mock');
    controller.abort();
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.changes, []);
    assert.equal(result.verdict.kind, 'cancelled');
    // The workers' replies were scripted for 4 s later: outcomes of `cancelled` mean their calls were aborted.
    assert.deepEqual(
      result.outcomes.map((o) => [o.file, o.status]),
      [
        ['src/http.ts', 'cancelled'],
        ['src/users.ts', 'cancelled'],
        ['src/orders.ts', 'cancelled'],
      ],
    );
  });

  it('errors cross the thread with their reason and message', async () => {
    const root = writeTree(FETCH_PROJECT);
    const common = { root, globs: {}, config: config(), clients: anthropicSpec(mock) };
    const empty = await rejection(host.request('plan', { ...common, request: { instruction: '  ' } }));
    assert.equal(empty.reason, 'bad-input');
    assert.equal(
      empty.message,
      'The instruction is empty: describe the refactoring, e.g. "rename `UserId` to `AccountId`".',
    );
    mock.addRejectedKey('sk-ant-rejected');
    const auth = await rejection(
      host.request('plan', {
        ...common,
        clients: anthropicSpec(mock, 'sk-ant-rejected'),
        request: { instruction: INSTRUCTION },
      }),
    );
    assert.equal(auth.reason, 'auth');
    assert.equal(auth.details.status, 401);
    const gone = await rejection(host.request('execute', { ...common, planned: 'p999' }));
    assert.equal(gone.reason, 'internal');
    assert.equal(
      gone.message,
      'The planned run is no longer in the engine (it restarted since planning): run the refactor again.',
    );
  });

  it('a crash (out of memory under resourceLimits) fails the request clearly; the next request starts a new worker', async () => {
    let heapMb = 16;
    const logged: Logged = [];
    const host = engine({ resourceLimits: () => ({ maxOldGenerationSizeMb: heapMb }) }, logged);
    const root = writeTree(FETCH_PROJECT);
    const crash = await rejection(host.request('load', { root, globs: {} }));
    assert.equal(crash.reason, 'internal');
    assert.equal(
      crash.message,
      'The engine ran out of memory (its heap limit is 16 MB) and stopped; the window is unharmed and nothing was ' +
        'changed. Narrow the change (fewer files, orchestra.exclude) or run it from the CLI; the next command ' +
        'starts a new engine.',
    );
    assert.deepEqual(
      logged.filter((l) => l.level === 'error').map((l) => l.message),
      [crash.message],
    );
    assert.equal(host.running, false);
    heapMb = 4096;
    assert.deepEqual(await host.request('load', { root, globs: {} }), {
      files: 3,
      importEdges: 2,
      programFiles: 1,
      root,
    });
    assert.equal(host.started, 2);
    host.dispose();
  });
});

async function waitUntil(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
