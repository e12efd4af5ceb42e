import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOnFirstCommand } from '../../../../src/vscode/activation/firstUse';

test('the background work starts with the first command of any handler, once; every command is counted', async () => {
  const counter = { commandsRun: 0 };
  const log: string[] = [];
  const wrap = startOnFirstCommand(counter, () => log.push('start'));
  const a = wrap((...args) => log.push(`a ${args.join(' ')}`));
  const b = wrap(async () => {
    log.push('b');
    return 42;
  });
  assert.deepEqual(log, [], 'wrapping starts nothing: activation stays light');
  assert.equal(counter.commandsRun, 0);
  a(1, 2);
  assert.equal(await b(), 42);
  a();
  assert.deepEqual(log, ['start', 'a 1 2', 'b', 'a ']);
  assert.equal(counter.commandsRun, 3);
});
