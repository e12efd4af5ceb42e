/**
 * The `vscode-lm` provider through the engine worker: the worker cannot reach the vscode API, so its model
 * calls come back to the host (`model-call`), which serves them with its own client; a cancelled run
 * aborts the host's call too (`model-cancel`). The host's client here forwards to the real SDK over real
 * HTTP to the loopback mock, so the requests it served are counted there.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RunConfigSchema, type RunConfig } from '../../../../src/core/config';
import { createAnthropicClient } from '../../../../src/core/llm/anthropicClient';
import type { ModelClient, ModelRole } from '../../../../src/core/llm/modelClient';
import type { EngineHost } from '../../../../src/vscode/engine/engineHost';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { API_KEY } from '../../../support/cli';
import { ProxiedModelClient } from '../../../../src/vscode/engine/proxiedClient';
import { engine } from '../../../support/engineWorker';
import { FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../../support/fetchProject';
import { isEditCall, isPlan, workerFile } from '../../../support/mockRequests';
import { TEST_MODELS } from '../../../support/mockRun';
import { writeTree } from '../../../support/tempTree';

const INSTRUCTION = 'make `fetchJson` take an options object';

function config(): RunConfig {
  return RunConfigSchema.parse({ timeoutMs: 5_000, maxRetries: 0, models: TEST_MODELS });
}

function scriptFetch(mock: MockAnthropic): void {
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  mock.on(isEditCall, (req) => {
    const edits = FETCH_EDITS[workerFile(req) ?? ''];
    assert.ok(edits, `unexpected worker for ${workerFile(req)}`);
    return toolUseReply(edits)(req);
  });
}

describe('vscode-lm through the engine worker (real Worker)', () => {
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
    host.dispose();
    await mock.close();
  });

  it('vscode-lm: the worker sends its model calls to the host, which serves them with its own client', async () => {
    scriptFetch(mock);
    const served: Array<{ method: string; role: ModelRole }> = [];
    const real = createAnthropicClient({
      apiKey: API_KEY,
      baseURL: mock.url,
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    const lm: ModelClient = {
      provider: 'vscode-lm',
      call: (request, options) => (
        served.push({ method: 'call', role: request.role }),
        real.call(request, options)
      ),
      countTokens: (request) => (
        served.push({ method: 'countTokens', role: request.role }),
        Promise.resolve(321)
      ),
    };
    const root = writeTree(FETCH_PROJECT);
    const common = {
      root,
      globs: {},
      config: config(),
      clients: { orchestrator: { provider: 'vscode-lm' as const } },
    };
    const planned = await host.request('plan', { ...common, request: { instruction: INSTRUCTION } }, { lm });
    assert.equal(planned.estimate.workerInputTokens, 3 * 321, "the host's counts reached the estimate");
    const result = await host.request('execute', { ...common, planned: planned.id }, { lm });
    assert.equal(result.verdict.kind, 'done', result.verdict.message);
    assert.deepEqual(served.map((s) => `${s.method}:${s.role}`).sort(), [
      'call:orchestrator',
      'call:worker',
      'call:worker',
      'call:worker',
      'countTokens:worker',
      'countTokens:worker',
      'countTokens:worker',
    ]);
    assert.equal(mock.requests.length, 4, 'the host client made every call');
    assert.equal(mock.countTokensRequests.length, 0);
  });

  it('cancel: the run abort reaches the host in-flight calls, and the run answers as cancelled', async () => {
    mock.on(isPlan, toolUseReply(FETCH_PLAN));
    let started = 0;
    const aborted: string[] = [];
    const real = createAnthropicClient({
      apiKey: API_KEY,
      baseURL: mock.url,
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    // The workers' calls never answer: only an abort of the host's own signal ends them.
    const lm: ModelClient = {
      provider: 'vscode-lm',
      call: (request, options) => {
        if (request.role === 'orchestrator') return real.call(request, options);
        started++;
        return new Promise((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () => {
            aborted.push(request.label ?? '');
            reject(new Error('aborted by the host signal'));
          }),
        );
      },
      countTokens: () => Promise.resolve(100),
    };
    const common = {
      root: writeTree(FETCH_PROJECT),
      globs: {},
      config: config(),
      clients: { orchestrator: { provider: 'vscode-lm' as const } },
    };
    const planned = await host.request('plan', { ...common, request: { instruction: INSTRUCTION } }, { lm });
    const controller = new AbortController();
    const running = host.request(
      'execute',
      { ...common, planned: planned.id },
      { lm, signal: controller.signal },
    );
    while (started < 3) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.deepEqual(
      result.outcomes.map((o) => o.status),
      ['cancelled', 'cancelled', 'cancelled'],
    );
    while (aborted.length < 3) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(aborted.sort(), ['src/http.ts', 'src/orders.ts', 'src/users.ts']);
  });
});

describe('the worker-side vscode-lm client', () => {
  it('counts as local, as LmChatClient does: a chat model no price names costs $0 in the worker too', () => {
    const client = new ProxiedModelClient(() => Promise.reject(new Error('not called')));
    assert.equal(client.local, true);
  });
});
