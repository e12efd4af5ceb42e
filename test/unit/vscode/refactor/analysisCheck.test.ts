import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkspaceFacts } from '../../../../src/core/facts/types';
import type { Subtask } from '../../../../src/core/plan/planSchema';
import { filesNotFoundByAnalysis } from '../../../../src/vscode/refactor/analysisCheck';

function facts(candidates: string[], symbolFiles: string[] = []): WorkspaceFacts {
  return {
    root: '/ws',
    source: 'tsconfig.json',
    fileCount: 10,
    seeds: [],
    symbols: symbolFiles.map((file) => ({
      name: 'area',
      kind: 'function',
      file,
      line: 1,
      exported: true,
      signature: 'export function area()',
    })),
    candidates: candidates.map((file) => ({ file, reasons: ['reference'], references: 1, lines: [1] })),
    importEdges: [],
    skipped: [],
    timings: {},
  };
}

const llm = (file: string): Subtask => ({ file, handler: 'llm', instructions: 'x', priority: 5 });

test('a planned file neither found by the facts nor named by the instruction is marked', () => {
  const unfound = filesNotFoundByAnalysis({
    request: { instruction: 'make area take an object and add src/size.ts; also fix util.ts' },
    facts: facts(['src/report.ts'], ['src/geometry.ts']),
    plan: {
      summary: 's',
      subtasks: [
        llm('src/geometry.ts'), // the symbol's declaration
        llm('src/report.ts'), // a candidate
        { ...llm('src/size.ts'), handler: 'create' }, // named by path
        llm('lib/util.ts'), // named by file name
        llm('package.json'), // nothing points at it
        llm('.vscode/tasks.json'),
      ],
    },
  });
  assert.deepEqual([...unfound], ['package.json', '.vscode/tasks.json']);
});
