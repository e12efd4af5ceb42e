/**
 * A worker model's context window (orchestra.contextWindows): a file that does not fit is sent as a smaller
 * slice, and a request that still does not fit is refused before any worker call, naming the file.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { planRun } from '../../../../src/core/pipeline';
import { OrchestraError } from '../../../../src/core/errors';
import { estimateRequestTokens } from '../../../../src/core/llm/budget';
import { messageText } from '../../../../src/core/llm/modelClient';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { mockDeps } from '../../../support/mockRun';
import { isPlan, isWorker } from '../../../support/mockRequests';
import { STRICT_TSCONFIG } from '../../../support/fetchProject';

const filler = Array.from(
  { length: 400 },
  (_, i) => `export const filler${i} = 'line ${i} of a long module';`,
);
const FILES = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/big.ts': [
    "import { total } from './total';",
    ...filler.slice(0, 200),
    'export const sum = total([1, 2]);',
    ...filler.slice(200),
    '',
  ].join('\n'),
  'src/total.ts':
    'export function total(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0);\n}\n',
};
const PLAN = {
  summary: 'total takes a rest parameter.',
  subtasks: [
    { file: 'src/big.ts', handler: 'llm', instructions: 'Call `total` with spread arguments.', priority: 5 },
  ],
};
const INSTRUCTION = 'make `total` take a rest parameter';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => {
  mock.reset();
  mock.on(isPlan, toolUseReply(PLAN));
});

test('a smaller window gets a smaller slice of the file (an excerpt instead of the whole), no refusal', async () => {
  const whole = await planRun(await mockDeps(mock, FILES), { instruction: INSTRUCTION });
  const wholeRequest = whole.workerRequests.get('src/big.ts');
  assert.ok(wholeRequest);
  assert.match(wholeRequest.messages.map(messageText).join('\n'), /filler350/);
  const tokens = estimateRequestTokens(wholeRequest);
  const window = tokens + wholeRequest.maxTokens - 1500;
  const deps = await mockDeps(mock, FILES, { contextWindows: { 'claude-haiku-4-5': window } });
  const sliced = await planRun(deps, { instruction: INSTRUCTION });
  const request = sliced.workerRequests.get('src/big.ts');
  assert.ok(request);
  const text = request.messages.map(messageText).join('\n');
  assert.match(text, /export const sum = total\(\[1, 2\]\);/);
  assert.doesNotMatch(text, /filler350/);
  assert.ok(estimateRequestTokens(request) + request.maxTokens <= window);
  assert.equal(mock.requests.filter(isWorker()).length, 0);
});

test('a window too small for any request is refused before any worker call, naming the file', async () => {
  const deps = await mockDeps(mock, FILES, { contextWindows: { 'claude-haiku-4-5': 4096 } });
  await assert.rejects(planRun(deps, { instruction: INSTRUCTION }), (e: unknown) => {
    assert.ok(e instanceof OrchestraError);
    assert.equal(e.reason, 'bad-input');
    assert.match(
      e.message,
      /^src\/big\.ts: the worker's request needs about \d+ tokens \(prompt \+ 8192 output\) but claude-haiku-4-5's context window is 4096: lower orchestra\.workerFileTokens/,
    );
    assert.match(e.message, /No worker was called\./);
    return true;
  });
  assert.equal(mock.requests.filter(isPlan).length, 1);
  assert.equal(mock.requests.filter(isWorker()).length, 0);
});
