import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config';
import { priceOf } from '../../../../src/core/llm/pricing';
import { pricesFor } from '../../../../src/core/run/providers';
import { LmChatClient } from '../../../../src/vscode/lm/lmChat';
import { fakeApi } from '../../../support/fakeLm';
import { makeWorkspace } from '../../../support/workspace';

test('a VS Code chat model no price names costs $0 (tokens still counted), not the most expensive price', async () => {
  const client = new LmChatClient(fakeApi([]));
  assert.equal(client.local, true);
  const base = defaultConfig();
  const config = { ...base, models: { ...base.models, orchestrator: 'scripted-1', worker: 'gpt-4o' } };
  const prices = pricesFor({ client, config, workspace: await makeWorkspace({ 'a.ts': 'export {};\n' }) });
  const price = priceOf('scripted-1', prices);
  assert.deepEqual(
    {
      local: price.local,
      input: price.inputPerMTok,
      output: price.outputPerMTok,
      cacheRead: price.cacheReadPerMTok,
      cacheWrite: price.cacheWritePerMTok,
    },
    { local: true, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  );
  // A model the table names keeps its price: the budget still bounds what it would cost.
  const named = priceOf('gpt-4o', prices);
  assert.deepEqual([named.local, named.inputPerMTok, named.outputPerMTok], [undefined, 2.5, 10]);
});
