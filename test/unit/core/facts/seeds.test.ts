import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { memberNamesInInstruction, namesInInstruction } from '../../../../src/core/facts/prefilter';
import { buildOrchestratorRequest } from '../../../../src/core/plan/orchestratorPrompt';
import { planTool } from '../../../../src/core/plan/planRefactor';
import type { WorkspaceFacts } from '../../../../src/core/facts/types';
import { candidateLines, makeWorkspace } from '../../../support/workspace';

/** A class with a member named `from` (and `as`), used in several files: seeding it floods the plan. */
const QUERY = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, jsx: 'react-jsx' }, include: ['src'] }),
  'src/query.ts': `export class Query {
  from(table: string): Query {
    return this;
  }
  as(alias: string): Query {
    return this;
  }
  where(condition: string): Query {
    return this;
  }
}
`,
  'src/users.ts': `import { Query } from './query';

export const users = new Query().from('users').as('u');
`,
  'src/orders.ts': `import { Query } from './query';

export const orders = new Query().from('orders');
`,
  'src/Button.tsx': `export function Button(props: { label: string }) {
  return <button>{props.label}</button>;
}
`,
};

const QUOTED = "replace `import * as React from 'react'` with `import React from 'react'`";

function promptSystem(facts: WorkspaceFacts): string {
  const request = buildOrchestratorRequest({
    instruction: QUOTED,
    facts,
    files: [],
    slices: [],
    maxWorkers: 8,
    model: 'claude-sonnet-4-6',
    maxTokens: 1000,
    tool: planTool,
  });
  return request.system.map((b) => b.text).join('\n');
}

test('keywords quoted in code are never names: import, from, as, default, type, export', () => {
  assert.deepEqual(namesInInstruction(QUOTED), { backticked: ['React'], words: [] });
  assert.deepEqual(
    namesInInstruction('`export default type` and `import type { User } from "./user"` as Default'),
    { backticked: ['User'], words: ['Default'] },
  );
  assert.deepEqual(memberNamesInInstruction('call `Query.from()` and `q.as(x)`, not `from`'), []);
  assert.deepEqual(memberNamesInInstruction('rename `UserService.getUser()` to `fetchUser`'), ['getUser']);
});

test('an instruction quoting `import * as React from` seeds nothing from those words, though a class has a member `from`', async () => {
  const ws = await makeWorkspace(QUERY);
  const facts = await gatherFacts(ws, { instruction: QUOTED, importDepth: 1 });
  assert.deepEqual(facts.seeds, []);
  assert.deepEqual(facts.symbols, []);
  assert.deepEqual(candidateLines(facts), []);
  assert.match(promptSystem(facts), /^Seeds \(the declarations these facts are about\): none$/m);
});

test('the declaration the instruction is about is the seed; a word that is only some member is not', async () => {
  const ws = await makeWorkspace(QUERY);
  const facts = await gatherFacts(ws, {
    instruction: `in \`Button\`, ${QUOTED}; keep the label as it is`,
    importDepth: 1,
  });
  assert.deepEqual(facts.seeds, [{ name: 'Button' }]);
  assert.deepEqual(candidateLines(facts), ['src/Button.tsx [definition] 0 @']);
  assert.match(promptSystem(facts), /^Seeds \(the declarations these facts are about\): Button$/m);
});

test('a member is a seed when the instruction writes it as one, or when nothing module-level matches', async () => {
  const ws = await makeWorkspace(QUERY);
  const qualified = await gatherFacts(ws, {
    instruction: 'make `Query.where()` take a predicate, and `Button` too',
    importDepth: 1,
  });
  assert.deepEqual(
    qualified.seeds.map((s) => s.name),
    ['Query', 'where', 'Button'],
  );
  const alone = await gatherFacts(ws, {
    instruction: 'rename the `where` method to `filter`',
    importDepth: 1,
  });
  assert.deepEqual(
    alone.seeds.map((s) => s.name),
    ['where'],
  );
  // Beside a module-level subject, a word that is only a member's name is not taken.
  const beside = await gatherFacts(ws, {
    instruction: 'in `Button`, use `where` as the label',
    importDepth: 1,
  });
  assert.deepEqual(
    beside.seeds.map((s) => s.name),
    ['Button'],
  );
});
