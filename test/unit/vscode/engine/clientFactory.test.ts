/**
 * The engine worker's client cache: equal specs get the very same client (however the spec object was
 * built), a changed key, setting or provider a new one, each role its own, and `vscode-lm` is always the
 * caller's. Building a client makes no call, so identity is what this asserts; the session test
 * (workerSession.test.ts) shows what it buys over HTTP (one Google token exchange per Vertex client).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientForRole, type ModelClient } from '../../../../src/core/llm/modelClient';
import { ClientCache, type ClientFactoryDeps } from '../../../../src/vscode/engine/clientFactory';
import type { ClientSpec } from '../../../../src/vscode/engine/protocol';

const anthropic = (apiKey: string, timeoutMs = 5_000): ClientSpec => ({
  provider: 'anthropic',
  apiKey,
  baseURL: 'http://127.0.0.1:9/',
  timeoutMs,
  maxRetries: 0,
});

function deps(): ClientFactoryDeps & { lmBuilt: ModelClient[]; logs: string[] } {
  const lmBuilt: ModelClient[] = [];
  const logs: string[] = [];
  return {
    lmBuilt,
    logs,
    log: (_level, message) => logs.push(message),
    lm: () => {
      const client: ModelClient = {
        provider: 'vscode-lm',
        call: () => Promise.reject(new Error('not called')),
      };
      lmBuilt.push(client);
      return client;
    },
  };
}

test('equal specs get the same client; a new key, a changed setting or another provider a new one', () => {
  const cache = new ClientCache();
  const d = deps();
  const first = cache.get({ orchestrator: anthropic('sk-a') }, d);
  assert.equal(first.provider, 'anthropic');
  // Built again by the host for the next request, in another field order and with an undefined field.
  const again = cache.get(
    {
      orchestrator: {
        maxRetries: 0,
        timeoutMs: 5_000,
        baseURL: 'http://127.0.0.1:9/',
        apiKey: 'sk-a',
        provider: 'anthropic',
      },
      worker: undefined,
    },
    d,
  );
  assert.equal(again, first);
  const rekeyed = cache.get({ orchestrator: anthropic('sk-b') }, d);
  assert.notEqual(rekeyed, first);
  // The old key's client was dropped when no role used it any more.
  assert.equal(cache.size, 1);
  assert.notEqual(cache.get({ orchestrator: anthropic('sk-a') }, d), first);
  const slower = cache.get({ orchestrator: anthropic('sk-a', 9_000) }, d);
  assert.notEqual(slower, cache.get({ orchestrator: anthropic('sk-a') }, d));
  const openai = cache.get(
    {
      orchestrator: {
        provider: 'openai-compatible',
        apiKey: 'sk-a',
        baseURL: 'http://127.0.0.1:9/v1',
        timeoutMs: 5_000,
        maxRetries: 0,
      },
    },
    d,
  );
  assert.equal(openai.provider, 'openai-compatible');
  assert.deepEqual(d.logs, []);
});

test('per role: each role keeps its client, equal role specs share one, vscode-lm is the caller’s each time', () => {
  const cache = new ClientCache();
  const d = deps();
  const spec = { orchestrator: anthropic('sk-a'), worker: { provider: 'vscode-lm' as const } };
  const one = cache.get(spec, d);
  const two = cache.get(spec, d);
  assert.equal(one.provider, 'anthropic+vscode-lm');
  assert.equal(clientForRole(two, 'orchestrator'), clientForRole(one, 'orchestrator'));
  assert.deepEqual(
    [clientForRole(one, 'worker'), clientForRole(two, 'worker')],
    [d.lmBuilt[0], d.lmBuilt[1]],
  );
  assert.equal(d.lmBuilt.length, 2);
  assert.equal(cache.size, 1);

  const shared = cache.get({ orchestrator: anthropic('sk-a'), worker: anthropic('sk-a') }, d);
  assert.equal(shared, clientForRole(one, 'orchestrator'), 'both roles on the kept client');
  const split = cache.get({ orchestrator: anthropic('sk-a'), worker: anthropic('sk-w') }, d);
  assert.equal(clientForRole(split, 'orchestrator'), shared);
  assert.notEqual(clientForRole(split, 'worker'), shared);
  assert.equal(cache.size, 2);

  cache.clear();
  assert.equal(cache.size, 0);
  assert.notEqual(cache.get({ orchestrator: anthropic('sk-a') }, d), shared);
});
