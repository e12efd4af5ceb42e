import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { RunConfigSchema } from '../../../../src/core/config';
import { createAnthropicClient } from '../../../../src/core/llm/anthropicClient';
import type { ModelClient } from '../../../../src/core/llm/modelClient';
import { runRefactor } from '../../../../src/core/pipeline';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { API_KEY } from '../../../support/cli';
import { isPlan, isWorker, workerFile } from '../../../support/mockRequests';
import { writeTree } from '../../../support/tempTree';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start({ latencyMs: 150 });
});
after(() => mock.close());
beforeEach(() => mock.reset());

const USERS = ['src/u0.ts', 'src/u1.ts', 'src/u2.ts', 'src/u3.ts'];

/** A shared definition of ~1,500 tokens: the workers' prefix clears Sonnet's 1,024-token cache minimum. */
function project(): string {
  const fields = Array.from({ length: 60 }, (_, i) => `  field${i}: string; // what field ${i} means`).join(
    '\n',
  );
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
    'src/model.ts': `export interface Account {\n${fields}\n}\n`,
  };
  for (const [i, file] of USERS.entries())
    files[file] = `import type { Account } from './model';\nexport const u${i}: Partial<Account> = {};\n`;
  return writeTree(files);
}

async function workerStarts(cachesPrompts: boolean): Promise<number[]> {
  const dir = project();
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Comment every use of Account.',
      subtasks: USERS.map((file) => ({ file, handler: 'llm', instructions: 'Add a comment.', priority: 5 })),
    }),
  );
  mock.on(isWorker(), (r) => {
    const file = workerFile(r) ?? '';
    return toolUseReply({
      file,
      edits: [{ search: 'export const', replace: '// uses Account\nexport const' }],
    })(r);
  });
  const config = RunConfigSchema.parse({ maxConcurrency: 4, models: { worker: 'claude-sonnet-4-6' } });
  const anthropic = createAnthropicClient({
    apiKey: API_KEY,
    baseURL: mock.url,
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  // The same HTTP client, presented as a provider that does not cache prompts (as VS Code LM does not).
  const client: ModelClient = cachesPrompts ? anthropic : { ...anthropic, cachesPrompts: false };
  const result = await runRefactor(
    { workspace: await openWorkspace(dir), client, config },
    { instruction: 'add a comment above every use of `Account`' },
  );
  assert.deepEqual(
    result.outcomes.map((o) => o.status),
    USERS.map(() => 'done'),
  );
  return mock.requests
    .filter(isWorker())
    .map((r) => r.receivedAtMs)
    .sort((a, b) => a - b);
}

test('with a caching provider one worker goes first and writes the cache the others then read', async () => {
  const [first, ...rest] = await workerStarts(true);
  assert.ok(
    rest.every((at) => at - first! >= 140),
    `the others waited for the first reply: ${[first, ...rest].join(', ')} ms`,
  );
});

test('with a provider that does not cache prompts all workers start together: no warm-up latency', async () => {
  const starts = await workerStarts(false);
  assert.equal(starts.length, USERS.length);
  assert.ok(starts[starts.length - 1]! - starts[0]! < 100, `started at ${starts.join(', ')} ms`);
});

test('a rename runs before the workers, with no model call; a worker edits the baseline and both merge', async () => {
  const dir = writeTree({
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, lib: ['ES2022'] }, include: ['src'] }),
    'src/users.ts': `export function loadUser(id: string): string {
  return \`user \${id}\`;
}
`,
    'src/page.ts': `import { loadUser } from './users';

export function page(id: string): string {
  return loadUser(id);
}
`,
  });
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Rename loadUser and document page.',
      subtasks: [
        { file: 'src/page.ts', handler: 'llm', instructions: 'Document page().', priority: 5 },
        {
          file: 'src/users.ts',
          handler: 'rename',
          instructions: 'Rename loadUser to fetchUser.',
          priority: 10,
          rename: { from: 'loadUser', to: 'fetchUser' },
        },
      ],
    }),
  );
  mock.on(
    (r) => r.toolName === 'submit_edits',
    toolUseReply({
      file: 'src/page.ts',
      edits: [
        { search: 'export function page', replace: '/** The page of one user. */\nexport function page' },
      ],
    }),
  );
  const anthropic = createAnthropicClient({
    apiKey: API_KEY,
    baseURL: mock.url,
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  const result = await runRefactor(
    { workspace: await openWorkspace(dir), client: anthropic, config: RunConfigSchema.parse({}) },
    { instruction: 'rename loadUser to fetchUser and document page' },
  );
  assert.deepEqual(
    result.outcomes.map((o) => [o.file, o.handler, o.status, o.attempts]),
    [
      ['src/users.ts', 'rename', 'done', 0],
      ['src/page.ts', 'llm', 'done', 1],
    ],
  );
  assert.deepEqual(Object.fromEntries(result.changes.map((c) => [c.file, c.after])), {
    'src/page.ts': `import { fetchUser } from './users';

/** The page of one user. */
export function page(id: string): string {
  return fetchUser(id);
}
`,
    'src/users.ts': `export function fetchUser(id: string): string {
  return \`user \${id}\`;
}
`,
  });
  assert.deepEqual(result.conflicts, []);
  assert.deepEqual(result.diagnostics.introduced, []);
  assert.deepEqual(
    mock.requests.filter((r) => r.toolName !== undefined).map((r) => r.toolName),
    ['submit_plan', 'submit_edits'],
  );
});
