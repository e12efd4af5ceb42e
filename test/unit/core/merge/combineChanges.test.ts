import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineChanges, type Proposal } from '../../../../src/core/merge/combineChanges';

const base = `import { loadUser } from "./a";

export function f() {
  return loadUser(1);
}
export const x = 1;
`;

/** The deterministic rename of `loadUser` to `fetchUser` over `base`. */
const renamed = `import { fetchUser } from "./a";

export function f() {
  return fetchUser(1);
}
export const x = 1;
`;

/** A proposal's text: `text` with the one occurrence of `from` replaced (what that proposal changes). */
function edit(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `exactly one ${JSON.stringify(from)} to edit`);
  return text.replace(from, to);
}

function doTest(
  proposals: Proposal[],
  expected: { merged: Record<string, string>; conflicts: unknown[] },
): void {
  const r = combineChanges(new Map([['src/m.ts', base]]), proposals);
  assert.deepEqual({ merged: Object.fromEntries(r.merged), conflicts: r.conflicts }, expected);
}

test('a single proposal per file passes through (new files included)', () => {
  doTest(
    [
      { subtask: 'src/m.ts', file: 'src/m.ts', after: 'changed\n' },
      { subtask: 'src/n.ts', file: 'src/n.ts', after: 'export {};\n' },
    ],
    { merged: { 'src/m.ts': 'changed\n', 'src/n.ts': 'export {};\n' }, conflicts: [] },
  );
});

test('a rename and a worker edit on disjoint (even adjacent) lines are merged', () => {
  const worker = edit(base, 'export const x = 1;\n', 'export const x = 2;\nexport const y = 3;\n');
  doTest(
    [
      { subtask: 'rename', file: 'src/m.ts', after: renamed },
      { subtask: 'src/m.ts', file: 'src/m.ts', after: worker },
    ],
    {
      merged: {
        'src/m.ts': `import { fetchUser } from "./a";

export function f() {
  return fetchUser(1);
}
export const x = 2;
export const y = 3;
`,
      },
      conflicts: [],
    },
  );
  // Adjacent: line 4 and line 5 changed by different proposals.
  const line4 = edit(base, 'loadUser(1)', 'loadUser(2)');
  const line5 = edit(base, '}\nexport const', '} // end\nexport const');
  doTest(
    [
      { subtask: 'a', file: 'src/m.ts', after: line4 },
      { subtask: 'b', file: 'src/m.ts', after: line5 },
    ],
    {
      merged: {
        'src/m.ts': `import { loadUser } from "./a";

export function f() {
  return loadUser(2);
} // end
export const x = 1;
`,
      },
      conflicts: [],
    },
  );
});

test('identical changes from two proposals agree instead of conflicting', () => {
  // The worker's text already holds the rename, plus its own edit.
  const worker = edit(renamed, 'x = 1', 'x = 9');
  doTest(
    [
      { subtask: 'rename', file: 'src/m.ts', after: renamed },
      { subtask: 'src/m.ts', file: 'src/m.ts', after: worker },
    ],
    {
      merged: {
        'src/m.ts': `import { fetchUser } from "./a";

export function f() {
  return fetchUser(1);
}
export const x = 9;
`,
      },
      conflicts: [],
    },
  );
});

test('overlapping line ranges keep the first proposal and report an exact conflict', () => {
  const worker = edit(base, 'f() {\n  return loadUser(1);', 'f(id: number) {\n  return loadUser(id);');
  doTest(
    [
      { subtask: 'rename', file: 'src/m.ts', after: renamed },
      { subtask: 'src/m.ts', file: 'src/m.ts', after: worker },
    ],
    {
      merged: {
        'src/m.ts': `import { fetchUser } from "./a";

export function f() {
  return fetchUser(1);
}
export const x = 1;
`,
      },
      conflicts: [
        {
          file: 'src/m.ts',
          subtasks: ['rename', 'src/m.ts'],
          message:
            "src/m.ts: lines 3-4 (src/m.ts) clash with line 4 (rename); kept rename's version and dropped src/m.ts's edits to this file",
        },
      ],
    },
  );
});

test('two insertions at the same point conflict; a third disjoint proposal still merges', () => {
  const insertA = `${base}export const a = 1;\n`;
  const insertB = `${base}export const b = 1;\n`;
  const third = edit(base, '"./a"', '"./a.js"');
  doTest(
    [
      { subtask: 'A', file: 'src/m.ts', after: insertA },
      { subtask: 'B', file: 'src/m.ts', after: insertB },
      { subtask: 'C', file: 'src/m.ts', after: third },
    ],
    {
      merged: {
        'src/m.ts': `import { loadUser } from "./a.js";

export function f() {
  return loadUser(1);
}
export const x = 1;
export const a = 1;
`,
      },
      conflicts: [
        {
          file: 'src/m.ts',
          subtasks: ['A', 'B'],
          message:
            "src/m.ts: insertion at line 7 (B) clash with insertion at line 7 (A); kept A's version and dropped B's edits to this file",
        },
      ],
    },
  );
});
