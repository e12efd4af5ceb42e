/**
 * The follow-up figure of the estimate: at most two rounds over the files outside the plan that import what the
 * run changes (the second round also their importers), each capped by the slots maxWorkers leaves. Exact figures
 * on a small inline workspace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan, Subtask } from '../../../../src/core/plan/planSchema';
import { followUpCallBound, followUpReach } from '../../../../src/core/run/followUpBound';
import { makeWorkspace } from '../../../support/workspace';

/** http.ts ← users.ts, orders.ts, carts.ts; users.ts ← page.ts; an unrelated leaf. */
const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
  'src/http.ts':
    'export function fetchJson(url: string, method: string): string {\n  return url + method;\n}\n',
  'src/users.ts':
    "import { fetchJson } from './http';\nexport const loadUser = () => fetchJson('/u', 'GET');\n",
  'src/orders.ts':
    "import { fetchJson } from './http';\nexport const orders = () => fetchJson('/o', 'GET');\n",
  'src/carts.ts': "import { fetchJson } from './http';\nexport const carts = () => fetchJson('/c', 'PUT');\n",
  'src/page.ts': "import { loadUser } from './users';\nexport const page = loadUser();\n",
  'src/leaf.ts': 'export const leaf = 1;\n',
};

const llm = (file: string): Subtask => ({ file, handler: 'llm', instructions: 'take options', priority: 5 });
const plan = (...subtasks: Subtask[]): Plan => ({ summary: 's', subtasks });

test('the declaration alone: round one reaches its 3 importers, round two also the importer of one of them', async () => {
  const ws = await makeWorkspace(FILES);
  const only = plan(llm('src/http.ts'));
  assert.deepEqual(followUpReach(ws, only), {
    firstRound: ['src/carts.ts', 'src/orders.ts', 'src/users.ts'],
    secondRound: ['src/carts.ts', 'src/orders.ts', 'src/page.ts', 'src/users.ts'],
  });
  assert.equal(followUpCallBound(ws, only, { maxWorkers: 8, followUps: true }), 3 + 4);
  // The cap leaves 2 slots: 2 per round.
  assert.equal(followUpCallBound(ws, only, { maxWorkers: 3, followUps: true }), 2 + 2);
  // No slot left, or follow-ups turned off: none.
  assert.equal(followUpCallBound(ws, only, { maxWorkers: 1, followUps: true }), 0);
  assert.equal(followUpCallBound(ws, only, { maxWorkers: 8, followUps: false }), 0);
});

test('a huge cap no longer inflates the figure: maxWorkers 5,000 and 3 leaf importers is at most 6 calls', async () => {
  const ws = await makeWorkspace(FILES);
  const calls = followUpCallBound(ws, plan(llm('src/http.ts'), llm('src/users.ts')), {
    maxWorkers: 5000,
    followUps: true,
  });
  // users.ts is planned, so page.ts (its importer) can be reached in round one; carts/orders are leaves.
  assert.equal(calls, 3 + 3);
  assert.ok(calls <= 6);
});

test('every importer planned, or a file nobody imports: no follow-up can be added', async () => {
  const ws = await makeWorkspace(FILES);
  const all = plan(
    ...['src/http.ts', 'src/users.ts', 'src/orders.ts', 'src/carts.ts', 'src/page.ts'].map(llm),
  );
  assert.equal(followUpCallBound(ws, all, { maxWorkers: 5000, followUps: true }), 0);
  assert.equal(followUpCallBound(ws, plan(llm('src/leaf.ts')), { maxWorkers: 5000, followUps: true }), 0);
});

test('a deterministic step also rewrites its importers: their importers are reachable too', async () => {
  const ws = await makeWorkspace(FILES);
  const rename: Subtask = {
    file: 'src/http.ts',
    handler: 'rename',
    instructions: 'rename',
    priority: 9,
    rename: { from: 'fetchJson', to: 'getJson' },
  };
  assert.deepEqual(followUpReach(ws, plan(rename)), {
    firstRound: ['src/carts.ts', 'src/orders.ts', 'src/page.ts', 'src/users.ts'],
    secondRound: ['src/carts.ts', 'src/orders.ts', 'src/page.ts', 'src/users.ts'],
  });
  assert.equal(followUpCallBound(ws, plan(rename), { maxWorkers: 5000, followUps: true }), 8);
});
